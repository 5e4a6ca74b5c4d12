// Train-on-error (train-on-error.ts, SpamClassifier.trainOnError) and the site-calibrated threshold (calibrate.ts).
import { describe, expect, it } from 'vitest';
import { FALLBACK_SPAM_THRESHOLD, SpamClassifier } from './classifier.js';
import { calibrateThreshold, crossValidatedScores, SITE_THRESHOLD_MAX, thresholdForFpr } from './calibrate.js';
import { loadShippedModel } from './shipped-model.js';
import { needsTraining } from './train-on-error.js';
import { trainedOn } from './classifier.test-kit.js';

const tiny = (): SpamClassifier => trainedOn([
  ['check out my channel and subscribe', 'spam'], ['earn money from home visit my profile', 'spam'],
  ['this song is amazing', 'ham'], ['great article thanks for the reporting', 'ham'],
], 5);

describe('train-on-error', () => {
  it('the band: wrong or unsure examples need training, confidently right ones do not', () => {
    const rule = { margin: 0.1, threshold: 0.9 };
    expect(needsTraining(0.95, 'spam', rule)).toBe(false);
    expect(needsTraining(0.5, 'spam', rule)).toBe(true);
    expect(needsTraining(0.05, 'spam', rule)).toBe(true);
    expect(needsTraining(0.05, 'ham', rule)).toBe(false);
    expect(needsTraining(0.5, 'ham', rule)).toBe(true);
    expect(needsTraining(0.95, 'ham', rule)).toBe(true);
  });

  it('always counts a misclassified example: a spam below the decision threshold', () => {
    expect(needsTraining(0.95, 'spam', { threshold: 0.97 })).toBe(true);
    expect(needsTraining(0.97, 'spam', { threshold: 0.97 })).toBe(false);
    // below 0.9 the margin decides (default 0.1)
    expect(needsTraining(0.888, 'spam', { threshold: 0.85 })).toBe(true);
    expect(needsTraining(0.9, 'spam', { threshold: 0.85 })).toBe(false);
    expect(needsTraining(0.05, 'ham', { threshold: 0.97 })).toBe(false);
    expect(needsTraining(0.95, 'ham', { threshold: 0.97 })).toBe(true);
  });

  it("uses the classifier's own threshold by default (a site classifier: its base model's)", () => {
    const base = tiny();
    const spam = 'channel';
    const p = base.score(spam).spamProbability;
    expect(p).toBeGreaterThan(0.99);
    expect(p).toBeLessThan(0.999);
    expect(SpamClassifier.onTopOf(base).trainIfUseful(spam, 'spam')).toBe(false);
    base.spamThreshold = 0.999; // the spam is now misclassified
    expect(SpamClassifier.onTopOf(base).trainIfUseful(spam, 'spam')).toBe(true);
    expect(SpamClassifier.onTopOf(base).trainIfUseful(spam, 'spam', { threshold: 0.9 })).toBe(false);
  });

  it('skips a confidently correct example and counts a wrong one', () => {
    const c = tiny();
    const before = c.toJSON();
    const easy = 'check out my channel and subscribe';
    expect(c.score(easy).spamProbability).toBeGreaterThan(0.9);
    expect(c.trainIfUseful(easy, 'spam')).toBe(false);
    expect(c.toJSON()).toEqual(before);
    // a ham the model thinks is spam: counted
    const wrong = 'subscribe to my channel for the song';
    expect(c.score(wrong).spamProbability).toBeGreaterThan(0.1);
    expect(c.trainIfUseful(wrong, 'ham')).toBe(true);
    expect(c.documentCounts.ham).toBe(before.docs[1] + 1);
  });

  it('learns a batch in passes, counting each example at most once, and reports which counted', () => {
    const site = SpamClassifier.onTopOf(tiny(), 10);
    const rows = [
      ...Array.from({ length: 20 }, () => ({ text: 'check out my channel and subscribe', label: 'spam' as const })),
      { text: 'subscribe to my channel for the song', label: 'ham' as const },
      { text: 'win a free phone now at my profile', label: 'spam' as const },
    ];
    const counted = site.trainOnError(rows);
    expect(counted).toHaveLength(rows.length);
    // the twenty identical easy spam comments add nothing
    expect(counted.slice(0, 20).every((x) => !x)).toBe(true);
    expect(counted[20]).toBe(true);
    expect(site.documentCounts.spam + site.documentCounts.ham).toBe(counted.filter(Boolean).length);
    // deterministic
    const again = SpamClassifier.onTopOf(tiny(), 10);
    expect(again.trainOnError(rows)).toEqual(counted);
  });
});

describe('site-calibrated threshold', () => {
  it('picks the lowest threshold in [min, max] whose false-positive rate is at most the target', () => {
    const ham = [...Array.from({ length: 196 }, (_, i) => i / 1000), 0.95, 0.93, 0.97, 0.999];
    const range = { min: 0.9, max: 0.99 };
    const t = thresholdForFpr(ham, range);
    const fpr = ham.filter((p) => p >= t).length / ham.length;
    expect(fpr).toBeLessThanOrEqual(0.01);
    expect(t).toBeCloseTo(0.951, 6); // 0.95 would flag 3 of 200 (1.5 %)
    expect(thresholdForFpr(ham.map(() => 0.995), range)).toBe(0.99); // bounded above
    expect(thresholdForFpr(ham.map(() => 0.01), range)).toBe(0.9); // bounded below
  });

  it('never goes below the shipped threshold by default (a site can only raise it)', () => {
    const { classifier: shipped, threshold } = loadShippedModel();
    const ham = [...Array.from({ length: 196 }, (_, i) => i / 1000), 0.95, 0.93, 0.97, 0.999];
    const max = Math.max(SITE_THRESHOLD_MAX, threshold);
    expect(thresholdForFpr(ham, { min: threshold })).toBe(Math.min(max, Math.max(threshold, 0.951)));
    expect(thresholdForFpr(ham.map(() => 0.01), { min: threshold })).toBe(threshold);
    expect(thresholdForFpr(ham.map(() => 0.9999), { min: threshold })).toBe(max);
    expect(thresholdForFpr([], { min: threshold })).toBe(threshold);
    // nothing to calibrate on (too few examples, or no ham): the shipped model's threshold
    const spam = Array.from({ length: 12 }, (_, i) => ({ text: `win cash now ${i}`, label: 'spam' as const }));
    expect(calibrateThreshold(shipped, [])).toBe(threshold);
    expect(calibrateThreshold(shipped, spam)).toBe(threshold);
    expect(calibrateThreshold(shipped, [...spam.slice(0, 8), { text: 'nice song', label: 'ham' }])).toBe(threshold);
  });

  it('calibrates by cross-validation on a synthetic site to a threshold with held-out FPR ≤ 1 %', () => {
    const base = tiny();
    const topics = ['song', 'video', 'dance', 'beat', 'voice', 'chorus', 'lyrics', 'singer'];
    const rows: { text: string; label: 'spam' | 'ham' }[] = [];
    for (let i = 0; i < 80; i++) {
      rows.push({ text: `i love the ${topics[i % 8]} so much ${topics[(i + 3) % 8]}`, label: 'ham' });
      rows.push({ text: `visit my channel for free ${topics[i % 8]} money ${i % 5}`, label: 'spam' });
    }
    // ham that looks like spam: the threshold must rise above where it lands
    rows.push({ text: 'my channel has the song for free', label: 'ham' });
    const range = { min: 0.9, max: 0.99 };
    const t = calibrateThreshold(base, rows, range);
    expect(t).toBeGreaterThanOrEqual(0.9);
    expect(t).toBeLessThanOrEqual(0.99);
    // the default range starts at the base model's threshold (here the fallback, 0.9): the same lowest
    // acceptable threshold, never below it
    expect(base.threshold).toBe(FALLBACK_SPAM_THRESHOLD);
    const d = calibrateThreshold(base, rows);
    expect(d).toBeGreaterThanOrEqual(base.threshold);
    if (t > range.min) expect(d).toBe(Math.max(t, base.threshold));
    else expect(d).toBeLessThanOrEqual(Math.max(t, base.threshold));
    const scores = crossValidatedScores(base, rows);
    const ham = scores.filter((_, i) => rows[i]!.label === 'ham');
    // the threshold is the held-out ham's: at most 1 % above it, unless even the top of the range cannot
    // do that (the site layer puts the spam-like ham above 0.99 here) and the range's top is returned
    expect(t).toBe(thresholdForFpr(ham, range));
    if (t < range.max) expect(ham.filter((p) => p >= t).length / ham.length).toBeLessThanOrEqual(0.01);
    expect(calibrateThreshold(base, rows, range)).toBe(t); // deterministic
  });
});
