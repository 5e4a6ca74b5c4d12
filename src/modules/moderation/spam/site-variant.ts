// How a site's own classifier scores, chosen from the site's own learned batches (`spam train`), with
// its thresholds. One choice today: whether a comment's ham-ward evidence counts in full or only its
// strongest tokens (hamEvidenceLimit, site-layer.ts). On a YouTube-like site, where spam is long friendly
// self-promotion, counting only the strongest ham-ward tokens catches more of it; on a news site, whose
// long legitimate comments are kept legitimate by exactly that evidence, it flags many of them. Which
// is which is a question for the site's data, not for a constant.
//
// The rule: one k-fold cross-validation of the site's learned examples (calibrate.ts) scores every
// held-out example under each candidate; per candidate, the spam and hold thresholds are calibrated on
// those scores exactly as `spam train` saves them (≤ 1 % of the held-out legitimate comments stopped,
// as the classifier stage decides). A candidate is admissible when its thresholds do keep the held-out
// flagged share at or below the target (they did not run to their cap); among the admissible ones the
// site gets the one that stops the most held-out spam, ties going to the earlier (more cautious)
// candidate. No limit is the first candidate and the fallback.
import type { SpamClassifier } from './classifier.js';
import { CONFIDENT_THRESHOLD, crossValidatedScoresOf, holdThresholdFor, HOLD_THRESHOLD_FLOOR, SITE_THRESHOLD_MAX, thresholdForFpr, type CalibratedExample, type CalibrationOptions } from './calibrate.js';
import { normalise } from './normalise.js';
import { offersAWayToAct } from './reach-out.js';

/** The candidates, most cautious first: all ham-ward evidence, then the 150 or the 80 strongest tokens. */
export const HAM_EVIDENCE_LIMITS: readonly (number | null)[] = [null, 150, 80];

export interface SiteVariant {
  /** How many ham-ward tokens the site's classifier counts (null: all); a moderation setting. */
  hamEvidenceLimit: number | null;
  /** The calibrated spam threshold (lowest with ≤ target held-out false positives, from the base model's threshold). */
  threshold: number;
  /** The calibrated hold threshold, as the classifier stage decides. */
  holdThreshold: number;
}

export interface CandidateFigures extends SiteVariant {
  /** Held-out spam the classifier stage would stop at these thresholds. */
  recall: number;
  /** Held-out legitimate comments it would stop. */
  flagged: number;
  admissible: boolean;
}

export interface SiteVariantChoice extends SiteVariant {
  candidates: CandidateFigures[];
}

/**
 * The site's variant and thresholds (see the header), from its learned examples on top of `base`. With
 * fewer than 10 examples, or no ham among them: no limit and the base model's threshold.
 */
export function chooseSiteVariant(base: SpamClassifier, rows: readonly CalibratedExample[], options: CalibrationOptions & { candidates?: readonly (number | null)[] } = {}): SiteVariantChoice {
  const min = options.min ?? base.threshold;
  const max = options.max ?? Math.max(SITE_THRESHOLD_MAX, min);
  const target = options.targetFpr ?? 0.01;
  const candidates = options.candidates ?? HAM_EVIDENCE_LIMITS;
  if (rows.length < 10 || !rows.some((r) => r.label === 'ham')) {
    const t = Math.min(max, Math.max(min, base.threshold));
    return { hamEvidenceLimit: null, threshold: t, holdThreshold: t, candidates: [] };
  }
  const scores = crossValidatedScoresOf(base, rows, candidates.map((hamEvidenceLimit) => ({ hamEvidenceLimit })), options);
  const acts = rows.map((r) => offersAWayToAct(normalise(r.text)));
  const figures = candidates.map((hamEvidenceLimit, j): CandidateFigures => {
    const p = scores[j]!;
    const hamIdx = rows.flatMap((r, i) => (r.label === 'ham' ? [i] : []));
    const threshold = thresholdForFpr(hamIdx.map((i) => p[i]!), { min, max, targetFpr: target });
    const spamThreshold = Math.max(threshold, CONFIDENT_THRESHOLD);
    const hold = Math.min(spamThreshold, holdThresholdFor(hamIdx.map((i) => ({ p: p[i]!, acts: acts[i]! })), { min: HOLD_THRESHOLD_FLOOR, max: Math.max(SITE_THRESHOLD_MAX, base.threshold), targetFpr: target }));
    const stops = (i: number) => p[i]! >= (acts[i] ? hold : spamThreshold);
    const spamIdx = rows.flatMap((r, i) => (r.label === 'spam' ? [i] : []));
    const recall = spamIdx.length ? spamIdx.filter(stops).length / spamIdx.length : 0;
    const flagged = hamIdx.filter(stops).length / hamIdx.length;
    return { hamEvidenceLimit, threshold, holdThreshold: hold, recall, flagged, admissible: flagged <= target };
  });
  let best = figures[0]!;
  for (const f of figures) if (f.admissible && (!best.admissible || f.recall > best.recall)) best = f;
  return { hamEvidenceLimit: best.hamEvidenceLimit, threshold: best.threshold, holdThreshold: best.holdThreshold, candidates: figures };
}
