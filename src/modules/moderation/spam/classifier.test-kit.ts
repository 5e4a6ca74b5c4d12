// A small classifier for unit tests: trained on a few examples of each kind, each `times` times.
import { type Label, SpamClassifier } from './classifier.js';

export function trainedOn(examples: readonly (readonly [string, Label])[], times: number): SpamClassifier {
  const c = new SpamClassifier({ params: { alpha: 1 } });
  for (let i = 0; i < times; i++) for (const [text, label] of examples) c.train(text, label);
  return c;
}
