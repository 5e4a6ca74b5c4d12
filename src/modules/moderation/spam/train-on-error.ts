// When a site's classifier learns from a labelled example by train-on-error (SpamClassifier.trainIfUseful
// and trainOnError, used for imported batches by learning.ts and calibrate.ts): the margin, the number of
// passes over a batch and the rule itself (needsTraining).
import type { Label, TrainOptions } from './classifier.js';

/**
 * Train-on-error policy for a site's batches (see SpamClassifier.trainOnError): an example is counted
 * when its true class gets a probability below 1 − margin (0.1 = the 0.1–0.9 band of SpamBayes'
 * "train on error and unsure"), and always when it is misclassified: a spam below the decision
 * threshold (which may lie above 0.9) is counted too.
 */
export const TRAIN_ON_ERROR_MARGIN = 0.1;
/** Passes over a batch (later passes count examples that earlier learning did not fix). */
export const TRAIN_ON_ERROR_PASSES = 3;

export interface TrainOnErrorOptions extends TrainOptions {
  margin?: number;
  passes?: number;
  /** Decision threshold: a spam below it is wrong, so always counted (default: the classifier's `threshold`). */
  threshold?: number;
}

/**
 * Whether an example with this spam probability is wrong or unsure for its true label: a spam below
 * max(1 − margin, threshold), a ham above margin (a ham at or above any threshold ≥ margin is wrong).
 */
export function needsTraining(spamProbability: number, label: Label, rule: { threshold: number; margin?: number }): boolean {
  const margin = rule.margin ?? TRAIN_ON_ERROR_MARGIN;
  return label === 'spam' ? spamProbability < Math.max(1 - margin, rule.threshold) : spamProbability > margin;
}
