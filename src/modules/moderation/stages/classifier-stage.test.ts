// The classifier stage on its own, with hand-built contexts: the spam and hold thresholds (the shipped model's
// by default, the site's when set), trust raising them for authors with approved comments, and scoring only.
import { describe, expect, it } from 'vitest';
import { classifier, classifierStops, classifierVerdict, thresholdsFor } from './classifier.js';
import { ctx as kitCtx, SHIPPED_THRESHOLD, SITE_DEFAULTS } from './stages.test-kit.js';
import { offersAWayToAct } from '../spam/reach-out.js';
import { normalise } from '../spam/normalise.js';
import type { Stage } from '../pipeline.js';
import type { StageContext } from './context.js';

// A comment that asks its reader to act (a contact), so the thresholds alone decide; comments that offer no
// way to act are tested below.
const ACTS = 'Work from home and earn more, message me for details.';
type Given = Parameters<typeof kitCtx>[0] & {};
const ctx = (g: Given = {}) => kitCtx({ text: ACTS, ...g });
const run = async (stage: Stage<StageContext>, g: Given = {}) => stage.run(ctx(g).c);
const verdictOf = async (stage: Stage<StageContext>, g: Given = {}) => (await run(stage, g))?.decision?.verdict;
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

  describe('a comment that offers no way to act', () => {
    const remark = 'A $900k condo is called affordable while nurses here take home $52k a year? Cheap talk from the council.';
    it('is held, never marked spam, from the spam threshold on, and published below it', async () => {
      const held = await run(classifier, { text: remark, spamProbability: 0.999 });
      expect(held?.decision?.verdict).toBe('pending');
      expect(held?.decision?.reason).toBe('spam probability 0.999 (offers no way to act: held, never marked spam); strongest signs: money, home');
      expect(await verdictOf(classifier, { text: remark, spamProbability: SITE_DEFAULTS.spamThreshold })).toBe('pending');
      expect(await verdictOf(classifier, { text: remark, spamProbability: SITE_DEFAULTS.spamThreshold - 0.001 })).toBeUndefined();
      expect(await verdictOf(classifier, { text: remark, spamProbability: 0.95, history: { approved: 5 } })).toBeUndefined();
    });

    it('the same words with a way to act are judged by the thresholds as ever', async () => {
      for (const tail of [' Details at https://homes.example/offer', ' Call me at 555 201 7788.', ' Text HOME to 80086 now', ' Contact @homedeals', ' DM me.']) {
        expect(await verdictOf(classifier, { text: remark + tail, spamProbability: 0.999 }), tail).toBe('spam');
      }
    });
  });
});

describe('the classifier stage\'s decision rule', () => {
  const t = { spam: 0.98, hold: 0.5 };
  it('holds or bins a comment that offers a way to act by the thresholds, and only holds one that offers none from the spam threshold', () => {
    expect(classifierVerdict(0.99, true, t)).toBe('spam');
    expect(classifierVerdict(0.6, true, t)).toBe('pending');
    expect(classifierVerdict(0.49, true, t)).toBe('published');
    expect(classifierVerdict(0.99, false, t)).toBe('pending');
    expect(classifierVerdict(0.97, false, t)).toBe('published');
    // a hold threshold above the spam threshold never holds
    expect(classifierVerdict(0.95, true, { spam: 0.9, hold: 0.97 })).toBe('spam');
  });
  it('says whether a comment is stopped at a site\'s settings, reading the way to act from its text', () => {
    const settings = { spamThreshold: 0.98, holdThreshold: 0.5 };
    expect(classifierStops('Subscribe to my channel for daily videos', 0.6, settings)).toBe(true);
    expect(classifierStops('The council should publish the budget before the vote', 0.6, settings)).toBe(false);
    expect(classifierStops('The council should publish the budget before the vote', 0.985, settings)).toBe(true);
  });
});

describe('offersAWayToAct', () => {
  const acts = (t: string) => offersAWayToAct(normalise(t));
  it('finds links, addresses, numbers, handles and calls to act', () => {
    for (const t of [
      'Great news www.deals-today.example', 'write to jo@mail.example', 'ring 0800 555 0199 today', 'ask @cashqueen', 'Whatsapp +44 7700 900123',
      'I earn $300 a day from home, message me for details', 'Text WIN to 80086 for a FREE entry', 'visit my page for more',
      'please subscribe to my channel', 'follow me on insta', 'check out my new song', 'like if you agree and share', 'Search for me on Google',
      'Get yours now while stocks last', 'Use code SAVE20 at checkout', 'Join us today, spots are limited', 'Contact our team',
      'Best signals this month, ask the admin t.me/signalsdesk', 'Airdrop tonight, drop your wallet below',
    ]) expect(acts(t), t).toBe(true);
  });
  it('finds none in remarks about money, prices and people', () => {
    for (const t of [
      'My premium went up to $612 a month and the deductible is $9,000. Thanks, Congress.', 'The outgoing mayor walks away with a 2.4M bonus.',
      'Cheap, loud and late: the new bus line in one sentence.', 'Say it to my face and call me a liar then.', 'Free money for everyone! Who pays for it?',
      'Is the columnist paid by the word?', 'Win or lose, the team played well.', 'The council should call a vote on the budget.',
    ]) expect(acts(t), t).toBe(false);
  });
});
