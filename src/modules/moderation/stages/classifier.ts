import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';

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

export const classifier: Stage<StageContext> = {
  name: 'classifier',
  async run(c) {
    const s = c.spam();
    const top = s.reasons.filter((r) => r.llr > 0).slice(0, 4).map((r) => r.token).join(', ');
    const weak = s.weakEvidence ? ' (capped: no strong sign of spam)' : '';
    const why = `spam probability ${s.spamProbability.toFixed(3)}${weak}${top ? `; strongest signs: ${top}` : ''}`;
    if (!c.settings.useClassifier) return { note: why };
    const { approved } = await c.history();
    const t = thresholdsFor(approved, c.settings.spamThreshold, c.settings.holdThreshold);
    // Spam is checked first: a hold threshold set above the spam threshold simply never holds.
    if (s.spamProbability >= t.spam) return { decision: { verdict: 'spam', stage: 'classifier', reason: why } };
    if (s.spamProbability >= t.hold) return { decision: { verdict: 'pending', stage: 'classifier', reason: why } };
    return { note: why };
  },
};
