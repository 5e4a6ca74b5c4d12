import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';
import { normalise } from '../spam/normalise.js';
import { offersAWayToAct } from '../spam/reach-out.js';

/**
 * Approved comments earn benefit of the doubt: thresholds rise towards 1 with trust. By default the hold
 * threshold is the shipped model's calibrated one and the spam threshold the higher confident one
 * (settings.service.ts CONFIDENT_SPAM_THRESHOLD), so an uncertain comment is held for a moderator and
 * only confident spam is binned; with trust the spam bar rises faster than the hold bar, so a trusted
 * commenter's most spam-like comments are held for review instead of marked spam.
 */
export function thresholdsFor(approved: number, spamThreshold: number, holdThreshold: number) {
  const trust = Math.min(1, approved / 5); // five approved comments: full trust
  return {
    spam: spamThreshold + (1 - spamThreshold) * 0.9 * trust,
    hold: holdThreshold + (1 - holdThreshold) * 0.8 * trust,
  };
}

/**
 * What the classifier stage does with a comment's spam probability, given the (trust-adjusted) thresholds
 * and whether the comment offers a way to act: a comment that offers none is held from the spam threshold
 * and never binned; one that does is binned from the spam threshold and held from the hold threshold.
 */
export function classifierVerdict(p: number, waysToAct: boolean, t: { spam: number; hold: number }): 'spam' | 'pending' | 'published' {
  if (!waysToAct) return p >= t.spam ? 'pending' : 'published';
  // Spam is checked first: a hold threshold set above the spam threshold simply never holds.
  if (p >= t.spam) return 'spam';
  return p >= t.hold ? 'pending' : 'published';
}

/** Whether the classifier stage stops (holds or bins) this comment, from a first-time reader, at these settings. */
export function classifierStops(text: string, p: number, settings: { spamThreshold: number; holdThreshold: number }): boolean {
  return classifierVerdict(p, offersAWayToAct(normalise(text)), { spam: settings.spamThreshold, hold: settings.holdThreshold }) !== 'published';
}

/** What the classifier's reason says of a comment that offers no way to act (views/plain-reasons.ts words it). */
export const NO_WAY_TO_ACT = 'offers no way to act: held, never marked spam';

export const classifier: Stage<StageContext> = {
  name: 'classifier',
  async run(c) {
    const s = c.spam();
    const top = s.reasons.filter((r) => r.llr > 0).slice(0, 4).map((r) => r.token).join(', ');
    const weak = s.weakEvidence ? ' (capped: no strong sign of spam)' : '';
    // A comment that gives the reader no way to act (reach-out.ts) is of no use to a spammer: the filter
    // may hold it from the confident threshold on, for a moderator to look at, but never bins it and
    // publishes it below that (money and sales words in a reader's remark are not spam).
    const noWayToAct = !offersAWayToAct(c.normalised);
    const inert = noWayToAct ? ` (${NO_WAY_TO_ACT})` : '';
    const why = `spam probability ${s.spamProbability.toFixed(3)}${weak}${inert}${top ? `; strongest signs: ${top}` : ''}`;
    if (!c.settings.useClassifier) return { note: why };
    const { approved } = await c.history();
    const t = thresholdsFor(approved, c.settings.spamThreshold, c.settings.holdThreshold);
    const verdict = classifierVerdict(s.spamProbability, !noWayToAct, t);
    return verdict === 'published' ? { note: why } : { decision: { verdict, stage: 'classifier', reason: why } };
  },
};
