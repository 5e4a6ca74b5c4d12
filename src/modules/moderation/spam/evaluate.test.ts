import { describe, expect, it } from 'vitest';
import { evaluate, metrics } from './evaluate.js';

/** A scorer that answers a fixed probability per text. */
const fixed = (p: Record<string, number>) => ({ score: (t: string) => ({ spamProbability: p[t]! }) });

describe('evaluate', () => {
  const rows = [
    { text: 's1', label: 'spam' as const },
    { text: 's2', label: 'spam' as const },
    { text: 's3', label: 'spam' as const },
    { text: 's4', label: 'spam' as const },
    { text: 'h1', label: 'ham' as const },
    { text: 'h2', label: 'ham' as const },
    { text: 'h3', label: 'ham' as const },
    { text: 'h4', label: 'ham' as const },
    { text: 'h5', label: 'ham' as const },
  ];
  const model = fixed({ s1: 0.99, s2: 0.95, s3: 0.9, s4: 0.2, h1: 0.1, h2: 0.0, h3: 0.92, h4: 0.5, h5: 0.3 });

  it('counts the confusion matrix and derives the rates', () => {
    const e = evaluate(model, rows, 0.9);
    expect(e.confusion).toEqual({ tp: 3, fp: 1, tn: 4, fn: 1 });
    expect(e.precision).toBeCloseTo(3 / 4);
    expect(e.recall).toBeCloseTo(3 / 4);
    expect(e.f1).toBeCloseTo(3 / 4);
    expect(e.falsePositiveRate).toBeCloseTo(1 / 5);
    expect(e.accuracy).toBeCloseTo(7 / 9);
    expect(e.threshold).toBe(0.9);
  });

  it('treats a probability equal to the threshold as spam and returns per-row verdicts', () => {
    const e = evaluate(model, rows, 0.9);
    expect(e.verdicts.find((v) => v.text === 's3')).toEqual({ text: 's3', label: 'spam', predicted: 'spam', spamProbability: 0.9, correct: true });
    expect(e.verdicts.filter((v) => !v.correct).map((v) => v.text)).toEqual(['s4', 'h3']);
  });

  it('moves with the threshold', () => {
    const e = evaluate(model, rows, 0.96);
    expect(e.confusion).toEqual({ tp: 1, fp: 0, tn: 5, fn: 3 });
    expect(e.precision).toBe(1);
    expect(e.recall).toBeCloseTo(0.25);
    expect(e.f1).toBeCloseTo(0.4);
    expect(e.falsePositiveRate).toBe(0);
  });

  it('decides with a rule of its own when given one (the threshold is then only reported)', () => {
    // flag only the rows a rule picks, whatever their probability
    const e = evaluate(model, rows, 0.9, (text, p) => text.startsWith('s') ? p >= 0.5 : p >= 0.99);
    expect(e.confusion).toEqual({ tp: 3, fp: 0, tn: 5, fn: 1 });
    expect(e.threshold).toBe(0.9);
    expect(e.verdicts.find((v) => v.text === 'h3')?.predicted).toBe('ham');
  });

  it('defines empty denominators as 0', () => {
    expect(metrics({ tp: 0, fp: 0, tn: 0, fn: 0 })).toEqual({ precision: 0, recall: 0, f1: 0, falsePositiveRate: 0, accuracy: 0 });
    expect(evaluate(model, [], 0.5).verdicts).toEqual([]);
  });
});
