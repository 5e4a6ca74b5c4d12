// The shipped default model (default-model.json, built by `npm run spam:model`) and its calibrated
// decision threshold. Read on first request, by the site's learner (learning.ts), never at import.
// The parsed model is kept for the life of the process: it is never trained (site classifiers learn
// on top of it), and every learner of the process starts from the same file.
import fs from 'node:fs';
import { SpamClassifier } from './classifier.js';

export const SHIPPED_MODEL_FILE = new URL('./default-model.json', import.meta.url);

export interface ShippedModel {
  /** The default counts: the base every site classifier learns on top of. */
  classifier: SpamClassifier;
  /** The model's calibrated spam threshold: every site's default spam and hold threshold. */
  threshold: number;
}

let shipped: ShippedModel | undefined;

/** The shipped model, read and parsed once (about 2.3 MB of JSON). */
export function loadShippedModel(): ShippedModel {
  if (!shipped) {
    const classifier = SpamClassifier.fromJSON(fs.readFileSync(SHIPPED_MODEL_FILE, 'utf8'));
    shipped = { classifier, threshold: classifier.threshold };
  }
  return shipped;
}
