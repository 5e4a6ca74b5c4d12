// Measures a spam classifier on labelled comments.
import type { SpamLabel } from './csv.js';

export interface Scorer {
  score(text: string): { spamProbability: number };
}

export interface Verdict {
  text: string;
  label: SpamLabel;
  predicted: SpamLabel;
  spamProbability: number;
  correct: boolean;
}

export interface Confusion {
  /** spam flagged as spam */
  tp: number;
  /** ham flagged as spam */
  fp: number;
  /** ham passed as ham */
  tn: number;
  /** spam passed as ham */
  fn: number;
}

export interface Evaluation {
  /** tp / (tp + fp); 0 when nothing was flagged. */
  precision: number;
  /** tp / (tp + fn); 0 when there is no spam. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
  /** fp / (fp + tn): share of ham wrongly flagged; 0 when there is no ham. */
  falsePositiveRate: number;
  accuracy: number;
  confusion: Confusion;
  threshold: number;
  verdicts: Verdict[];
}

/**
 * Scores every row; a row is predicted spam when its spam probability is ≥ `threshold`, or, when `flags`
 * is given, when it says so (a decision rule beyond one threshold, such as the classifier stage's).
 */
export function evaluate(model: Scorer, rows: readonly { text: string; label: SpamLabel }[], threshold: number, flags?: (text: string, spamProbability: number) => boolean): Evaluation {
  const confusion: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  const verdicts: Verdict[] = [];
  for (const row of rows) {
    const p = model.score(row.text).spamProbability;
    const predicted: SpamLabel = (flags ? flags(row.text, p) : p >= threshold) ? 'spam' : 'ham';
    if (row.label === 'spam') { if (predicted === 'spam') confusion.tp++; else confusion.fn++; }
    else if (predicted === 'spam') confusion.fp++; else confusion.tn++;
    verdicts.push({ text: row.text, label: row.label, predicted, spamProbability: p, correct: predicted === row.label });
  }
  return { ...metrics(confusion), confusion, threshold, verdicts };
}

export function metrics(c: Confusion): { precision: number; recall: number; f1: number; falsePositiveRate: number; accuracy: number } {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const falsePositiveRate = c.fp + c.tn ? c.fp / (c.fp + c.tn) : 0;
  const total = c.tp + c.fp + c.tn + c.fn;
  const accuracy = total ? (c.tp + c.tn) / total : 0;
  return { precision, recall, f1, falsePositiveRate, accuracy };
}
