// A site's own spam threshold. Naive Bayes probabilities are over-confident, and how much so depends
// on the site: after a site learns its own comments, some of its ham lands above the shipped
// threshold. From the site's own labelled examples (never from what it will be judged on), k-fold
// cross-validation estimates where the site's ham scores when the filter has not seen it: each fold
// is held out, a site classifier is trained on the other folds exactly as the learner trains
// (train-on-error for batches), and the held-out ham is scored. The threshold is the lowest one in
// [min, max] that keeps the held-out false-positive rate at or below the target (1 %). By default
// min is the base model's own threshold (a site's calibration can only raise the shipped one) and
// max is 0.99 (or min, if that is higher), so a few odd ham examples cannot switch the filter off.
//
// The hold threshold (calibrateHoldThreshold) is calibrated the way the classifier stage decides: a
// comment that offers no way to act (reach-out.ts) is stopped only from the confident threshold, so only
// the held-out ham that offers one can be flagged by a lower bar. That bar may go below the shipped
// threshold, down to HOLD_THRESHOLD_FLOOR (0.5: more likely spam than not), when the site's own ham
// allows it (measured on issue 12's goal (b): docs/spam-filter.md).
//
// thresholdForF1 is the rule the model build uses for the shipped threshold (scripts/build-spam-model.ts).
import { DEFAULT_SITE_WEIGHT, type Label, type ScoreOptions, SpamClassifier } from './classifier.js';
import { normalise } from './normalise.js';
import { offersAWayToAct } from './reach-out.js';
import type { TrainOnErrorOptions } from './train-on-error.js';

export interface CalibrationOptions extends TrainOnErrorOptions {
  folds?: number;
  /** Highest acceptable false-positive rate on held-out ham (default 0.01). */
  targetFpr?: number;
  /** Lowest threshold returned (default: the base model's `threshold`). */
  min?: number;
  /** Highest threshold returned (default: the larger of SITE_THRESHOLD_MAX and min). */
  max?: number;
  siteWeight?: number;
  /** Whether the examples are learned by train-on-error (default true, as batches are). */
  trainOnError?: boolean;
}

export interface CalibratedExample {
  text: string;
  label: Label;
}

/** Held-out spam probabilities of every example by k-fold cross-validation (fold = index mod k). */
export function crossValidatedScores(base: SpamClassifier, rows: readonly CalibratedExample[], options: CalibrationOptions & ScoreOptions = {}): number[] {
  return crossValidatedScoresOf(base, rows, [options], options)[0]!;
}

/**
 * The same cross-validation, each held-out example scored once per entry of `variants` (score options,
 * such as a ham-evidence limit) by the same fold classifier: one list of scores per variant.
 */
export function crossValidatedScoresOf(base: SpamClassifier, rows: readonly CalibratedExample[], variants: readonly ScoreOptions[], options: CalibrationOptions = {}): number[][] {
  const k = Math.max(2, Math.min(options.folds ?? 5, rows.length));
  const scores = variants.map(() => new Array<number>(rows.length).fill(0));
  const normalised = rows.map((r) => normalise(r.text));
  for (let f = 0; f < k; f++) {
    const site = SpamClassifier.onTopOf(base, options.siteWeight ?? DEFAULT_SITE_WEIGHT);
    const train = rows.flatMap((r, i) => (i % k !== f ? [{ text: normalised[i]!, label: r.label }] : []));
    if (options.trainOnError ?? true) site.trainOnError(train, options);
    else for (const r of train) site.train(r.text, r.label);
    rows.forEach((_, i) => {
      if (i % k !== f) return;
      variants.forEach((v, j) => { scores[j]![i] = site.score(normalised[i]!, 0, { hamEvidenceLimit: v.hamEvidenceLimit }).spamProbability; });
    });
  }
  return scores;
}

/** Default upper bound of a site's calibrated threshold (raised to the lower bound if that is higher). */
export const SITE_THRESHOLD_MAX = 0.99;

/**
 * The lowest threshold in [min, max] (steps of 0.001) whose false-positive rate on these ham scores
 * is ≤ targetFpr (default 0.01); `max` when none is; `min` when there is no ham. `max` defaults to
 * the larger of SITE_THRESHOLD_MAX and min.
 */
export function thresholdForFpr(hamScores: readonly number[], range: { min: number; max?: number; targetFpr?: number }): number {
  const { min } = range;
  const max = range.max ?? Math.max(SITE_THRESHOLD_MAX, min);
  const target = range.targetFpr ?? 0.01;
  if (hamScores.length === 0) return Math.min(max, min);
  for (let m = Math.round(min * 1000); m <= Math.round(max * 1000); m++) {
    const t = m / 1000;
    const fp = hamScores.reduce((n, p) => n + (p >= t ? 1 : 0), 0);
    if (fp / hamScores.length <= target) return t;
  }
  return max;
}

/**
 * The threshold in [min, max] (steps of 0.001) with the best F1 on held-out scores; ties go to the
 * higher threshold (fewer legitimate comments flagged). Used for the shipped model's default.
 */
export function thresholdForF1(spamScores: readonly number[], hamScores: readonly number[], range: { min: number; max: number }): number {
  let best = { t: range.min, f1: -1 };
  for (let m = Math.round(range.min * 1000); m <= Math.round(range.max * 1000); m++) {
    const t = m / 1000;
    const tp = spamScores.filter((p) => p >= t).length;
    const fp = hamScores.filter((p) => p >= t).length;
    const fn = spamScores.length - tp;
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    if (f1 >= best.f1) best = { t, f1 };
  }
  return best.t;
}

/**
 * The site's spam threshold, calibrated by k-fold cross-validation on its own labelled examples on
 * top of `base` (the shipped model). With fewer than 10 examples, or no ham among them, there is
 * nothing to calibrate on: the base model's threshold, within [min, max].
 */
export function calibrateThreshold(base: SpamClassifier, rows: readonly CalibratedExample[], options: CalibrationOptions = {}): number {
  const min = options.min ?? base.threshold;
  const max = options.max ?? Math.max(SITE_THRESHOLD_MAX, min);
  if (rows.length < 10 || !rows.some((r) => r.label === 'ham')) return Math.min(max, Math.max(min, base.threshold));
  const scores = crossValidatedScores(base, rows, options);
  return thresholdForFpr(scores.filter((_, i) => rows[i]!.label === 'ham'), { min, max, targetFpr: options.targetFpr });
}

/** Lowest hold threshold a site's calibration may choose for comments that offer a way to act. */
export const HOLD_THRESHOLD_FLOOR = 0.5;
/** The settings' CONFIDENT_SPAM_THRESHOLD: from it the classifier stage stops a comment that offers no way to act. */
export const CONFIDENT_THRESHOLD = 0.98;

export interface HoldCalibrationOptions extends CalibrationOptions {
  /** From this probability a comment that offers no way to act is stopped (default CONFIDENT_THRESHOLD). */
  confident?: number;
}

/**
 * The site's hold threshold, calibrated as the classifier stage decides (see the header): by k-fold
 * cross-validation on the site's labelled examples, the lowest threshold t in [min, max] (steps of
 * 0.001; min defaults to HOLD_THRESHOLD_FLOOR, max to the larger of SITE_THRESHOLD_MAX and the base
 * model's threshold) for which the held-out ham that is stopped (offering a way to act with a spam
 * probability ≥ t, or offering none with one ≥ max(t, confident)) is ≤ targetFpr (default 1 %). With
 * fewer than 10 examples or no ham: the base model's threshold.
 */
export function calibrateHoldThreshold(base: SpamClassifier, rows: readonly CalibratedExample[], options: HoldCalibrationOptions = {}): number {
  const min = options.min ?? HOLD_THRESHOLD_FLOOR;
  const max = options.max ?? Math.max(SITE_THRESHOLD_MAX, base.threshold);
  if (rows.length < 10 || !rows.some((r) => r.label === 'ham')) return Math.min(max, Math.max(min, base.threshold));
  const scores = crossValidatedScores(base, rows, options);
  const ham = rows.flatMap((r, i) => (r.label === 'ham' ? [{ p: scores[i]!, acts: offersAWayToAct(normalise(r.text)) }] : []));
  return holdThresholdFor(ham, { min, max, targetFpr: options.targetFpr, confident: options.confident });
}

/**
 * The lowest hold threshold t in [min, max] (steps of 0.001) at which the share of these held-out
 * legitimate comments the classifier stage stops (one that offers a way to act from t, one that offers
 * none from max(t, confident)) is ≤ targetFpr (default 1 %); `max` when none is.
 */
export function holdThresholdFor(ham: readonly { p: number; acts: boolean }[], range: { min: number; max: number; targetFpr?: number; confident?: number }): number {
  const confident = range.confident ?? CONFIDENT_THRESHOLD;
  const target = range.targetFpr ?? 0.01;
  if (!ham.length) return range.min;
  for (let m = Math.round(range.min * 1000); m <= Math.round(range.max * 1000); m++) {
    const t = m / 1000;
    const stopped = ham.filter((h) => h.p >= (h.acts ? t : Math.max(t, confident))).length;
    if (stopped / ham.length <= target) return t;
  }
  return range.max;
}
