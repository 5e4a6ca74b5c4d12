// Train-on-error (classifier.ts) and the site-calibrated threshold (calibrate.ts).
import { describe, expect, it } from 'vitest';
import { needsTraining, SpamClassifier, SPAM_THRESHOLD } from './classifier.js';
import { calibrateThreshold, crossValidatedScores, SITE_THRESHOLD_MAX, thresholdForFpr } from './calibrate.js';

function tiny(): SpamClassifier {
  const c = new SpamClassifier({ params: { alpha: 1 } });
  for (let i = 0; i < 5; i++) {
    c.train('check out my channel and subscribe', 'spam');
    c.train('earn money from home visit my profile', 'spam');
    c.train('this song is amazing', 'ham');
    c.train('great article thanks for the reporting', 'ham');
  }
  return c;
}

describe('train-on-error', () => {
  it('the band: wrong or unsure examples need training, confidently right ones do not', () => {
    const m = 0.1;
    const t = 0.9;
    expect(needsTraining(0.95, 'spam', m, t)).toBe(false);
    expect(needsTraining(0.5, 'spam', m, t)).toBe(true);
    expect(needsTraining(0.05, 'spam', m, t)).toBe(true);
    expect(needsTraining(0.05, 'ham', m, t)).toBe(false);
    expect(needsTraining(0.5, 'ham', m, t)).toBe(true);
    expect(needsTraining(0.95, 'ham', m, t)).toBe(true);
  });

  it('always counts a misclassified example: a spam below the decision threshold (default SPAM_THRESHOLD)', () => {
    expect(needsTraining(0.95, 'spam', 0.1, 0.97)).toBe(true);
    expect(needsTraining(0.97, 'spam', 0.1, 0.97)).toBe(false);
    expect(needsTraining(SPAM_THRESHOLD - 0.001, 'spam')).toBe(true);
    expect(needsTraining(Math.max(SPAM_THRESHOLD, 0.9), 'spam')).toBe(false);
    expect(needsTraining(0.05, 'ham')).toBe(false);
    expect(needsTraining(0.95, 'ham')).toBe(true);
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

  it('never goes below the shipped default threshold by default (a site can only raise it)', () => {
    const ham = [...Array.from({ length: 196 }, (_, i) => i / 1000), 0.95, 0.93, 0.97, 0.999];
    const max = Math.max(SITE_THRESHOLD_MAX, SPAM_THRESHOLD);
    expect(thresholdForFpr(ham)).toBe(Math.min(max, Math.max(SPAM_THRESHOLD, 0.951)));
    expect(thresholdForFpr(ham.map(() => 0.01))).toBe(SPAM_THRESHOLD);
    expect(thresholdForFpr(ham.map(() => 0.9999))).toBe(max);
    expect(thresholdForFpr([])).toBe(SPAM_THRESHOLD);
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
    // the default range starts at SPAM_THRESHOLD: the same lowest acceptable threshold, never below it
    const d = calibrateThreshold(base, rows);
    expect(d).toBeGreaterThanOrEqual(SPAM_THRESHOLD);
    if (t > range.min) expect(d).toBe(Math.max(t, SPAM_THRESHOLD));
    else expect(d).toBeLessThanOrEqual(Math.max(t, SPAM_THRESHOLD));
    const scores = crossValidatedScores(base, rows);
    const ham = scores.filter((_, i) => rows[i]!.label === 'ham');
    expect(ham.filter((p) => p >= t).length / ham.length).toBeLessThanOrEqual(0.01);
    expect(calibrateThreshold(base, rows, range)).toBe(t); // deterministic
  });
});
