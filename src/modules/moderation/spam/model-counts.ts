// A model's counts and their file: the parameters that go with them (ModelParams, DEFAULT_PARAMS), the
// JSON form of model files and of a site's counts (ModelJSON), a classifier's own counts (Counts:
// trained, untrained, read from and written to that form) and the counts it scores with (EffectiveCounts:
// its own alone, or a base model's plus siteWeight × its own; see "Site learning" in classifier.ts).
import { FEATURE, groupOf } from './tokens.js';

export interface ModelParams {
  /** Additive smoothing, in the same (weighted) units as the counts. */
  alpha: number;
  /** Weights of the word, bigram, char n-gram and feature groups in the logit. */
  groupWeights: [number, number, number, number];
  /** Bound on one token's log-likelihood ratio. */
  llrClamp: number;
  /** Multiplier of the log prior (0 = classes equally likely a priori). */
  priorWeight: number;
}

export const DEFAULT_PARAMS: ModelParams = {
  alpha: 20,
  groupWeights: [1, 0.5, 0.15, 1],
  llrClamp: 4,
  priorWeight: 1,
};

export interface ModelJSON {
  format: 'gazette-spam-nb';
  version: 1;
  /**
   * The model's calibrated decision threshold (written by the model build). Optional, so version 1
   * files without it still load (threshold FALLBACK_SPAM_THRESHOLD). Site counts never carry one.
   */
  spamThreshold?: number;
  /** Free-form description of how the counts were made (ignored when loading). */
  about?: unknown;
  params: ModelParams;
  /** Weighted number of trained comments per class: [spam, ham]. */
  docs: [number, number];
  /** Weighted number of trained comments whose feature tokens were counted: [spam, ham]. */
  featureDocs: [number, number];
  /** Per multinomial group (word, bigram, char): total counts [spam, ham], before any pruning. */
  totals: [[number, number], [number, number], [number, number]];
  /**
   * Per multinomial group: distinct tokens before pruning, the V of the smoothing denominator
   * (smoothing uses the larger of this and the tokens present). Absent = the tokens present.
   */
  vocab?: [number, number, number];
  /** token → [spam count, ham count] */
  tokens: Record<string, [number, number]>;
}

/** A classifier's own counts: what it was trained on (not its base model's). */
export class Counts {
  readonly tokens = new Map<string, [number, number]>();
  readonly docs: [number, number] = [0, 0];
  readonly featureDocs: [number, number] = [0, 0];
  readonly totals: [number, number][] = [[0, 0], [0, 0], [0, 0]];
  /** Vocabulary sizes recorded before pruning (see ModelJSON.vocab). */
  vocabFloor: number[] = [0, 0, 0, 0];
  /** Distinct tokens per group (counted once, then kept up to date by add(); recounted after invalidate()). */
  private vocabCache: number[] | undefined;

  invalidate(): void {
    this.vocabCache = undefined;
  }

  /** Distinct tokens per group actually present. */
  present(): number[] {
    if (!this.vocabCache) {
      const v = [0, 0, 0, 0];
      for (const t of this.tokens.keys()) v[groupOf(t)]!++;
      this.vocabCache = v;
    }
    return this.vocabCache;
  }

  vocab(): number[] {
    return this.present().map((n, g) => Math.max(n, this.vocabFloor[g]!));
  }

  add(tokens: string[], cls: 0 | 1, weight: number, withFeatures: boolean): void {
    // the distinct-token counts follow each token added or removed (a recount of a large model after
    // every example made learning a batch on top of an unpruned model slow)
    const present = this.vocabCache;
    this.docs[cls] = Math.max(0, this.docs[cls] + weight);
    if (withFeatures) this.featureDocs[cls] = Math.max(0, this.featureDocs[cls] + weight);
    for (const t of tokens) {
      const g = groupOf(t);
      if (g === FEATURE && !withFeatures) continue;
      let c = this.tokens.get(t);
      if (!c) {
        if (weight < 0) continue; // untraining a token we never counted (e.g. pruned): nothing to do
        c = [0, 0];
        this.tokens.set(t, c);
        if (present) present[g]!++;
      }
      const before = c[cls];
      c[cls] = Math.max(0, c[cls] + weight);
      if (g !== FEATURE) this.totals[g]![cls] = Math.max(0, this.totals[g]![cls]! + (c[cls] - before));
      if (c[0] === 0 && c[1] === 0) {
        this.tokens.delete(t);
        if (present) present[g]!--;
      }
    }
  }

  /** Takes the counts of a model file (see SpamClassifier.fromJSON). */
  load(j: ModelJSON): void {
    this.docs[0] = j.docs[0];
    this.docs[1] = j.docs[1];
    this.featureDocs[0] = j.featureDocs[0];
    this.featureDocs[1] = j.featureDocs[1];
    for (let g = 0; g < 3; g++) {
      this.totals[g]![0] = j.totals[g]![0];
      this.totals[g]![1] = j.totals[g]![1];
    }
    for (const [t, c] of Object.entries(j.tokens)) this.tokens.set(t, [c[0], c[1]]);
    this.vocabFloor = j.vocab ? [j.vocab[0], j.vocab[1], j.vocab[2], 0] : [0, 0, 0, 0];
    this.invalidate();
  }

  /** These counts as a model file: tokens sorted, counts rounded to 1/1000 (see SpamClassifier.toJSON). */
  toModelJSON(params: ModelParams, spamThreshold: number | undefined, about: unknown): ModelJSON {
    const keys = [...this.tokens.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const tokens: Record<string, [number, number]> = {};
    for (const k of keys) {
      const c = this.tokens.get(k)!;
      tokens[k] = [round(c[0]), round(c[1])];
    }
    const json: ModelJSON = {
      format: 'gazette-spam-nb',
      version: 1,
      // right after version, where model files have always had it
      ...(spamThreshold !== undefined ? { spamThreshold } : {}),
      params,
      docs: [round(this.docs[0]), round(this.docs[1])],
      featureDocs: [round(this.featureDocs[0]), round(this.featureDocs[1])],
      totals: this.totals.map((t) => [round(t[0]), round(t[1])]) as ModelJSON['totals'],
      tokens,
    };
    if (this.vocabFloor.some((v) => v > 0)) {
      const v = this.vocab();
      json.vocab = [v[0]!, v[1]!, v[2]!];
    }
    if (about !== undefined) json.about = about;
    return json;
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The counts a classifier scores with: its own, or those of its base plus `siteWeight` × its own. */
export class EffectiveCounts {
  constructor(
    private readonly own: Counts,
    private readonly base: EffectiveCounts | undefined,
    private readonly siteWeight: number,
  ) {}

  counts(token: string): [number, number] | undefined {
    const o = this.own.tokens.get(token);
    if (!this.base) return o;
    const b = this.base.counts(token);
    if (!o) return b;
    const k = this.siteWeight;
    return b ? [b[0] + k * o[0], b[1] + k * o[1]] : [k * o[0], k * o[1]];
  }

  docs(): [number, number] {
    if (!this.base) return this.own.docs;
    const b = this.base.docs();
    const k = this.siteWeight;
    return [b[0] + k * this.own.docs[0], b[1] + k * this.own.docs[1]];
  }

  featureDocs(): [number, number] {
    if (!this.base) return this.own.featureDocs;
    const b = this.base.featureDocs();
    const k = this.siteWeight;
    return [b[0] + k * this.own.featureDocs[0], b[1] + k * this.own.featureDocs[1]];
  }

  totals(g: number): [number, number] {
    const o = this.own.totals[g]!;
    if (!this.base) return [o[0], o[1]];
    const b = this.base.totals(g);
    const k = this.siteWeight;
    return [b[0] + k * o[0], b[1] + k * o[1]];
  }

  vocab(): number[] {
    if (!this.base) return this.own.vocab();
    const v = [...this.base.vocab()];
    for (const t of this.own.tokens.keys()) if (!this.base.counts(t)) v[groupOf(t)]!++;
    return v;
  }

  /** All these counts as one standalone model file (see SpamClassifier.flatten). */
  toModelJSON(params: ModelParams, spamThreshold: number): ModelJSON {
    const keys = new Set<string>(this.own.tokens.keys());
    for (let b = this.base; b; b = b.base) for (const k of b.own.tokens.keys()) keys.add(k);
    const tokens: Record<string, [number, number]> = {};
    for (const k of [...keys].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))) {
      const c = this.counts(k);
      if (c) tokens[k] = [c[0], c[1]];
    }
    const v = this.vocab();
    return {
      format: 'gazette-spam-nb',
      version: 1,
      spamThreshold,
      params,
      docs: [...this.docs()],
      featureDocs: [...this.featureDocs()],
      totals: [this.totals(0), this.totals(1), this.totals(2)],
      vocab: [v[0]!, v[1]!, v[2]!],
      tokens,
    };
  }
}
