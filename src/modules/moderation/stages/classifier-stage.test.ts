// The classifier stage on its own, with hand-built contexts: the spam and hold thresholds (the shipped model's
// by default, the site's when set), trust raising them for authors with approved comments, and scoring only.
import { describe, expect, it } from 'vitest';
import { classifier, thresholdsFor } from './classifier.js';
import { ctx, run, SHIPPED_THRESHOLD, SITE_DEFAULTS, verdictOf } from './stages.test-kit.js';
import { CONFIDENT_SPAM_THRESHOLD } from '../../settings/settings.service.js';

describe('classifier', () => {
  it('raises the thresholds towards 1 with trust (five approved comments: full trust)', () => {
    expect(thresholdsFor(0, 0.9, 0.7)).toEqual({ spam: 0.9, hold: 0.7 });
    const one = thresholdsFor(1, 0.9, 0.7);
    expect(one.spam).toBeCloseTo(0.918, 10);
    expect(one.hold).toBeCloseTo(0.748, 10);
    const full = thresholdsFor(5, 0.9, 0.7);
    expect(full.spam).toBeCloseTo(0.99, 10);
    expect(full.hold).toBeCloseTo(0.94, 10);
    expect(thresholdsFor(50, 0.9, 0.7)).toEqual(full);
  });

  const band = { spamThreshold: 0.9, holdThreshold: 0.7 };

  it('marks spam at the spam threshold, holds at the hold threshold, else leaves a note with the score', async () => {
    const spam = await run(classifier, { spamProbability: 0.9, settings: band });
    expect(spam?.decision).toEqual({ verdict: 'spam', stage: 'classifier', reason: 'spam probability 0.900; strongest signs: money, home' });
    expect((await run(classifier, { spamProbability: 0.75, settings: band }))?.decision?.verdict).toBe('pending');
    const note = await run(classifier, { spamProbability: 0.2, settings: band });
    expect(note).toEqual({ note: 'spam probability 0.200; strongest signs: money, home' });
  });

  it('says when the score was capped for lack of a strong sign (a site with a hold band holds it)', async () => {
    const held = await run(classifier, { spamProbability: 0.8, weakEvidence: true, settings: band });
    expect(held?.decision).toEqual({
      verdict: 'pending', stage: 'classifier',
      reason: 'spam probability 0.800 (capped: no strong sign of spam); strongest signs: money, home',
    });
    expect(await verdictOf(classifier, { spamProbability: 0.8, weakEvidence: true })).toBeUndefined();
  });

  it('by default holds from the shipped model\'s calibrated threshold and marks spam only from the confident one', async () => {
    expect(SITE_DEFAULTS.holdThreshold).toBe(SHIPPED_THRESHOLD);
    expect(SITE_DEFAULTS.spamThreshold).toBe(Math.max(SHIPPED_THRESHOLD, CONFIDENT_SPAM_THRESHOLD));
    expect(SITE_DEFAULTS.spamThreshold).toBeGreaterThan(SITE_DEFAULTS.holdThreshold);
    expect(await verdictOf(classifier, { spamProbability: SITE_DEFAULTS.spamThreshold })).toBe('spam');
    expect(await verdictOf(classifier, { spamProbability: SITE_DEFAULTS.spamThreshold - 0.001 })).toBe('pending');
    expect(await verdictOf(classifier, { spamProbability: SHIPPED_THRESHOLD })).toBe('pending');
    expect(await verdictOf(classifier, { spamProbability: SHIPPED_THRESHOLD - 0.001 })).toBeUndefined();
    expect(await verdictOf(classifier, { spamProbability: 0.75 })).toBeUndefined();
  });

  it('lets spam win when the hold threshold is set above the spam threshold', async () => {
    const odd = { spamThreshold: 0.8, holdThreshold: 0.9 };
    expect(await verdictOf(classifier, { spamProbability: 0.95, settings: odd })).toBe('spam');
    expect(await verdictOf(classifier, { spamProbability: 0.85, settings: odd })).toBe('spam');
    expect(await verdictOf(classifier, { spamProbability: 0.79, settings: odd })).toBeUndefined();
  });

  it('gives trusted authors the benefit of the doubt', async () => {
    expect(await verdictOf(classifier, { spamProbability: 0.95, history: { approved: 0 }, settings: band })).toBe('spam');
    expect(await verdictOf(classifier, { spamProbability: 0.95, history: { approved: 5 }, settings: band })).toBe('pending');
    expect(await verdictOf(classifier, { spamProbability: 0.93, history: { approved: 5 }, settings: band })).toBeUndefined();
    expect(await verdictOf(classifier, { spamProbability: 0.995, history: { approved: 5 }, settings: band })).toBe('spam');
  });

  it('only scores when the site does not let it decide', async () => {
    const { c, calls } = ctx({ spamProbability: 1, settings: { useClassifier: false } });
    expect(await classifier.run(c)).toEqual({ note: 'spam probability 1.000; strongest signs: money, home' });
    expect(calls.history).toBe(0);
  });

  it('follows the site\'s thresholds', async () => {
    expect(await verdictOf(classifier, { spamProbability: 0.6, settings: { spamThreshold: 0.6, holdThreshold: 0.5 } })).toBe('spam');
    expect(await verdictOf(classifier, { spamProbability: 0.55, settings: { spamThreshold: 0.6, holdThreshold: 0.5 } })).toBe('pending');
  });
});
