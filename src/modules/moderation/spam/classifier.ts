// Naive Bayes comment spam classifier.
//
// Evidence: the distinct tokens of a normalised comment (tokens.ts): word unigrams (function words
// excepted), word bigrams and skip-bigrams, character 3–5-grams of the words and binned feature tokens.
// The first three groups are each a multinomial model with additive (Laplace, α) smoothing:
//   P(t | c) = (n_c(t) + α) / (N_c + α·V)   (N_c: total count of the group in class c, V: its vocabulary)
// and feature tokens are Bernoulli (share of comments with the feature, α-smoothed). The score is
//   logit = prior + Σ_groups w_g · Σ_t clamp(log P(t|spam) − log P(t|ham), ±L)
// where the prior is the smoothed log ratio of (weighted) document counts. Group weights w_g down-
// weight the many, strongly correlated bigrams and character n-grams; the clamp L stops one token
// from deciding alone. Tokens the model has never seen are ignored. Everything is deterministic:
// the same counts give the same scores, and JSON output is sorted.
//
// Evidence sufficiency: naive Bayes adds correlated weak evidence as if it were independent, so a
// short ordinary comment whose edge words and character n-grams each lean a little towards spam
// ("We pray for you") could score high with no sign of spam at all. A comment is therefore capped at
// WEAK_EVIDENCE_CAP (0.8, below any shipped threshold) unless at least one token pushes its log-odds
// by MIN_STRONG_EVIDENCE (1.0) or more; the score says so (`weakEvidence`), and a site with a lower
// hold threshold still gets such comments held. The bar is low: one clear signal suffices (a link,
// money, "subscribe"); a campaign written only in words no model has seen needs about three labelled
// examples before one of its words is a strong sign.
//
// Counts are weighted (the shipped model's weights: scripts/build-spam-model.ts), and α is in the same
// units, so a token must be seen in about one seed comment's worth of evidence before it moves a score much.
//
// Site learning: a classifier can sit on top of a base model (the shipped default). Its own counts
// (what this site's moderators trained) are added to the base counts multiplied by `siteWeight`
// (DEFAULT_SITE_WEIGHT = 10: one site comment weighs as much as ten e-mails or half a seed comment),
// so two or three labelled examples of a new campaign outweigh the default on the words they share,
// while words the site never labelled keep the default's opinion. Larger weights learn faster but also
// learn a site's accidents (topic words of one article). Only the site's own counts are trained,
// untrained and serialised.
//
// A site's second opinion (site-layer.ts): once a site classifier has learned a batch (trainOnError),
// its score also weighs how close the comment is to the site's learned spam and legitimate comments
// (character 4-gram centroids, TOPIC_WEIGHT) and, when the site chose so (`hamEvidenceLimit`, by its own
// cross-validation: site-variant.ts), counts only the strongest ham-ward tokens. Train-on-error still
// decides what to count from the word counts alone.
//
// Decision rule: spam when spamProbability ≥ the classifier's `threshold`: the calibrated threshold its
// model JSON carries (`spamThreshold`, computed by the model build), else its base model's, else
// FALLBACK_SPAM_THRESHOLD. The model is loaded by shipped-model.ts; site thresholds: calibrate.ts.
// Measured history of these choices: docs/spam-filter.md.
import { normalise, type Normalised } from './normalise.js';
import { Counts, DEFAULT_PARAMS, EffectiveCounts, type ModelJSON, type ModelParams } from './model-counts.js';
import { documentTokens, FEATURE, groupOf } from './tokens.js';
import { needsTraining, TRAIN_ON_ERROR_MARGIN, TRAIN_ON_ERROR_PASSES, type TrainOnErrorOptions } from './train-on-error.js';
import { strongestHamEvidence, TOPIC_WEIGHT, TopicCentroids } from './site-layer.js';

export type Label = 'spam' | 'ham';

/** Decision threshold of a model that carries no calibrated one (and of a classifier built from scratch). */
export const FALLBACK_SPAM_THRESHOLD = 0.9;

/** Whether a model file's `spamThreshold` is usable as a probability threshold. */
function isThreshold(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 && x <= 1;
}

/** Weight of a site's own counts over the base model's (see header). */
export const DEFAULT_SITE_WEIGHT = 10;

/**
 * Evidence sufficiency (see the header): a comment whose strongest spam-ward token contributes less
 * than this to the log-odds gets a spam probability of at most WEAK_EVIDENCE_CAP, however many weak
 * tokens add up.
 */
export const MIN_STRONG_EVIDENCE = 1;
/** Highest spam probability without one strong spam signal: below every threshold the model ships with. */
export const WEAK_EVIDENCE_CAP = 0.8;
const WEAK_EVIDENCE_LOGIT = Math.log(WEAK_EVIDENCE_CAP / (1 - WEAK_EVIDENCE_CAP));

export interface Reason {
  token: string;
  /** This token's weighted contribution to the log-odds (> 0 pushes towards spam). */
  llr: number;
}

export interface SpamScore {
  spamProbability: number;
  /** log(P(spam)/P(ham)) */
  logit: number;
  isSpam: boolean;
  /** Top tokens by absolute contribution, strongest first. */
  reasons: Reason[];
  normalised: Normalised;
  /** Set when the probability was capped at WEAK_EVIDENCE_CAP: many weak spam-ward tokens, no strong one. */
  weakEvidence?: true;
  /** With the site layer on: the log-odds added for closeness to the site's learned spam (> 0) or ham (< 0). */
  siteTopic?: number;
}

export interface ScoreOptions {
  /** false: the word counts alone, even where the site layer is on (train-on-error decides so). */
  layer?: boolean;
  /** With the site layer on: count only this many of the strongest ham-ward tokens (null or absent: all). */
  hamEvidenceLimit?: number | null;
}

export interface TrainOptions {
  /** Counts added per token (default 1). */
  weight?: number;
  /** Count the feature tokens too (default true; the default model counts them for comments only). */
  features?: boolean;
}

// ---------------------------------------------------------------------------------------------

export class SpamClassifier {
  readonly params: ModelParams;
  private readonly own = new Counts();
  private readonly base: SpamClassifier | undefined;
  /** The counts scores are computed from: this classifier's own, on top of its base's. */
  private readonly effective: EffectiveCounts;
  private about: unknown;
  /** The calibrated decision threshold stored with this model's counts (see ModelJSON.spamThreshold). */
  spamThreshold: number | undefined;
  /** Per-group smoothing constants, cleared whenever counts change. */
  private cache: { logDen: [number, number][]; prior: number } | undefined;
  /** A site classifier's learned comments, by label (site-layer.ts); none for a base model. */
  private readonly topic: TopicCentroids | undefined;
  /** Whether scores include the site layer: set by the first batch learned (trainOnError) of a site classifier. */
  private layer = false;

  constructor(options: { params?: Partial<ModelParams>; base?: SpamClassifier; siteWeight?: number } = {}) {
    this.base = options.base;
    this.params = { ...DEFAULT_PARAMS, ...(options.base?.params ?? {}), ...(options.params ?? {}) };
    const siteWeight = options.siteWeight ?? DEFAULT_SITE_WEIGHT;
    if (!(siteWeight > 0)) throw new Error('siteWeight must be positive');
    this.effective = new EffectiveCounts(this.own, options.base?.effective, siteWeight);
    this.topic = options.base ? new TopicCentroids() : undefined;
  }

  /** Whether this classifier's scores include the site layer (see the header and site-layer.ts). */
  get siteLayer(): boolean {
    return this.layer;
  }

  /**
   * Decision threshold (see the header): this model's calibrated `spamThreshold`, else its base
   * model's, else FALLBACK_SPAM_THRESHOLD.
   */
  get threshold(): number {
    return isThreshold(this.spamThreshold) ? this.spamThreshold : this.base?.threshold ?? FALLBACK_SPAM_THRESHOLD;
  }

  /** A classifier that learns on top of `base` (its counts weigh `siteWeight` times as much). */
  static onTopOf(base: SpamClassifier, siteWeight = DEFAULT_SITE_WEIGHT, site?: ModelJSON): SpamClassifier {
    const c = new SpamClassifier({ base, siteWeight });
    if (site) c.load(site);
    return c;
  }

  static fromJSON(json: ModelJSON | string, base?: SpamClassifier, siteWeight?: number): SpamClassifier {
    const j: ModelJSON = typeof json === 'string' ? JSON.parse(json) as ModelJSON : json;
    if (j.format !== 'gazette-spam-nb' || j.version !== 1) throw new Error('not a gazette-spam-nb v1 model');
    const c = new SpamClassifier({ params: j.params, base, siteWeight });
    c.load(j);
    return c;
  }

  private load(j: ModelJSON): void {
    this.about = j.about;
    this.spamThreshold = j.spamThreshold;
    this.own.load(j);
    this.cache = undefined;
  }

  /** This classifier's own counts (not the base's), sorted, counts rounded to 1/1000. */
  toJSON(about: unknown = this.about): ModelJSON {
    return this.own.toModelJSON(this.params, this.spamThreshold, about);
  }

  /**
   * A standalone classifier holding this one's effective counts (base + siteWeight × own) and its
   * decision threshold: the site's learning merged into a copy of the default model. Scores and
   * decisions are the same as this classifier's without its site layer (the copy has no base, so none).
   */
  flatten(): SpamClassifier {
    return SpamClassifier.fromJSON(this.effective.toModelJSON(this.params, this.threshold));
  }

  /** Number of distinct tokens in this classifier's own counts. */
  get size(): number {
    return this.own.tokens.size;
  }

  get documentCounts(): { spam: number; ham: number } {
    return { spam: this.own.docs[0], ham: this.own.docs[1] };
  }

  train(text: string | Normalised, label: Label, options: TrainOptions = {}): void {
    const n = typeof text === 'string' ? normalise(text) : text;
    this.update(n, label, options.weight ?? 1, options.features ?? true);
    this.topic?.add(n, label);
  }

  /**
   * Train-on-error ("thick threshold", as SpamBayes and CRM114 train): counts this example only
   * when the classifier currently gets it wrong or is unsure, i.e. gives its true class a probability
   * below `1 − margin` (default: a spam below 0.9, a ham above 0.1), or misclassifies it (a spam below
   * the decision threshold, this classifier's `threshold` by default). Returns whether it was counted.
   * Redundant easy examples (the 200th "check out my channel") then add nothing, so a big batch
   * cannot tilt the counts of the words it happens to repeat.
   */
  trainIfUseful(text: string | Normalised, label: Label, options: TrainOnErrorOptions = {}): boolean {
    const n = typeof text === 'string' ? normalise(text) : text;
    this.topic?.add(n, label);
    return this.countIfUseful(n, label, options);
  }

  /** trainIfUseful's decision and counting, judged by the word counts alone (without the site layer). */
  private countIfUseful(n: Normalised, label: Label, options: TrainOnErrorOptions): boolean {
    const rule = { threshold: options.threshold ?? this.threshold, margin: options.margin ?? TRAIN_ON_ERROR_MARGIN };
    if (!needsTraining(this.score(n, 0, { layer: false }).spamProbability, label, rule)) return false;
    this.update(n, label, options.weight ?? 1, options.features ?? true);
    return true;
  }

  /**
   * Learns a batch by train-on-error: up to `passes` passes (default 3) over the batch in order, each
   * counting (once, at most) the examples still wrong or unsure (see trainIfUseful); stops early when
   * a pass counts nothing. Returns, per row, whether it was counted (so it can be untrained later).
   * A site classifier (one with a base) remembers every row for its site layer and turns the layer on.
   */
  trainOnError(rows: readonly { text: string | Normalised; label: Label }[], options: TrainOnErrorOptions = {}): boolean[] {
    const counted = rows.map(() => false);
    const normalised = rows.map((r) => (typeof r.text === 'string' ? normalise(r.text) : r.text));
    if (this.topic) {
      rows.forEach((r, i) => this.topic!.add(normalised[i]!, r.label));
      this.layer = true;
    }
    const passes = options.passes ?? TRAIN_ON_ERROR_PASSES;
    for (let pass = 0; pass < passes; pass++) {
      let changed = false;
      rows.forEach((r, i) => {
        if (counted[i]) return;
        if (this.countIfUseful(normalised[i]!, r.label, options)) { counted[i] = true; changed = true; }
      });
      if (!changed) break;
    }
    return counted;
  }

  /** Removes a previous train() with the same arguments (a moderator's correction). */
  untrain(text: string | Normalised, label: Label, options: TrainOptions = {}): void {
    const n = typeof text === 'string' ? normalise(text) : text;
    this.update(n, label, -(options.weight ?? 1), options.features ?? true);
    this.topic?.add(n, label, -1);
  }

  private update(text: string | Normalised, label: Label, weight: number, withFeatures: boolean): void {
    if (label !== 'spam' && label !== 'ham') throw new Error(`label must be spam or ham (got ${String(label)})`);
    const n = typeof text === 'string' ? normalise(text) : text;
    this.own.add(documentTokens(n, withFeatures), label === 'spam' ? 0 : 1, weight, withFeatures);
    this.cache = undefined;
  }

  private constants() {
    if (!this.cache) {
      const a = this.params.alpha;
      const v = this.effective.vocab();
      const logDen: [number, number][] = [];
      for (let g = 0; g < 3; g++) {
        const t = this.effective.totals(g);
        logDen.push([Math.log(t[0] + a * v[g]!), Math.log(t[1] + a * v[g]!)]);
      }
      const fd = this.effective.featureDocs();
      logDen.push([Math.log(fd[0] + 2 * a), Math.log(fd[1] + 2 * a)]);
      const d = this.effective.docs();
      const prior = this.params.priorWeight * (Math.log(d[0] + a) - Math.log(d[1] + a));
      this.cache = { logDen, prior };
    }
    return this.cache;
  }

  /** Weighted log-likelihood ratio of one token (0 when unknown). */
  tokenLLR(token: string): number {
    const c = this.effective.counts(token);
    if (!c) return 0;
    const { logDen } = this.constants();
    const g = groupOf(token);
    const a = this.params.alpha;
    const den = logDen[g]!;
    let llr = Math.log(c[0] + a) - den[0] - Math.log(c[1] + a) + den[1];
    const L = this.params.llrClamp;
    if (llr > L) llr = L;
    else if (llr < -L) llr = -L;
    return llr * this.params.groupWeights[g]!;
  }

  /**
   * `options.layer: false` scores with the word counts alone, even where the site layer is on.
   * `options.hamEvidenceLimit` (with the site layer on only): count just that many of the strongest
   * ham-ward tokens (the site's choice, site-variant.ts).
   */
  score(text: string | Normalised, reasons = 8, options: ScoreOptions = {}): SpamScore {
    const n = typeof text === 'string' ? normalise(text) : text;
    const tokens = documentTokens(n, true);
    const { prior } = this.constants();
    const layer = this.layer && (options.layer ?? true) && this.topic!.ready;
    let logit = prior;
    const contrib: Reason[] = [];
    const limit = layer ? options.hamEvidenceLimit ?? undefined : undefined;
    const hamward: number[] = [];
    let strongest = 0;
    for (const t of tokens) {
      const l = this.tokenLLR(t);
      if (l === 0) continue;
      if (limit !== undefined && l < 0) hamward.push(l);
      else logit += l;
      if (l > strongest) strongest = l;
      if (reasons > 0) contrib.push({ token: t, llr: l });
    }
    let siteTopic: number | undefined;
    if (layer) {
      if (limit !== undefined) logit += strongestHamEvidence(hamward, limit);
      siteTopic = TOPIC_WEIGHT * this.topic!.similarity(n);
      logit += siteTopic;
      // closeness to the site's learned spam is a sign of its own
      if (siteTopic > strongest) strongest = siteTopic;
    }
    let top: Reason[] = [];
    if (reasons > 0) {
      contrib.sort((x, y) => Math.abs(y.llr) - Math.abs(x.llr) || (x.token < y.token ? -1 : 1));
      top = contrib.slice(0, reasons).map((r) => ({ token: r.token, llr: Math.round(r.llr * 1000) / 1000 }));
    }
    const capped = strongest < MIN_STRONG_EVIDENCE && logit > WEAK_EVIDENCE_LOGIT;
    if (capped) logit = WEAK_EVIDENCE_LOGIT;
    const p = 1 / (1 + Math.exp(-logit));
    return {
      spamProbability: p, logit, isSpam: p >= this.threshold, reasons: top, normalised: n,
      ...(capped ? { weakEvidence: true } : {}), ...(siteTopic !== undefined ? { siteTopic } : {}),
    };
  }

  /**
   * Drops all but the most informative tokens of this classifier's own counts (totals stay, so
   * probabilities of the kept tokens do not move). Per group, tokens with at least `minCount`
   * are ranked by |LLR| × log(1 + count) and the best `keep[g]` kept; feature tokens are all kept.
   */
  prune(keep: { word: number; bigram: number; char: number }, minCount = 2, protect?: (token: string) => boolean): void {
    const limits = [keep.word, keep.bigram, keep.char];
    this.own.vocabFloor = this.own.vocab();
    const byGroup: { t: string; s: number }[][] = [[], [], []];
    if (this.base) throw new Error('prune() is for base models');
    for (const [t, c] of this.own.tokens) {
      const g = groupOf(t);
      if (g === FEATURE) continue;
      const total = c[0] + c[1];
      const keepIt = protect?.(t) ?? false;
      if (total < minCount && !keepIt) { byGroup[g]!.push({ t, s: -1 }); continue; }
      const s = keepIt ? Infinity : Math.abs(this.rawLLR(t, c)) * Math.log1p(total);
      byGroup[g]!.push({ t, s });
    }
    for (let g = 0; g < 3; g++) {
      const arr = byGroup[g]!;
      arr.sort((x, y) => y.s - x.s || (x.t < y.t ? -1 : 1));
      for (let i = 0; i < arr.length; i++) if (i >= limits[g]! || arr[i]!.s < 0) this.own.tokens.delete(arr[i]!.t);
    }
    this.cache = undefined;
    this.own.invalidate();
  }

  private rawLLR(t: string, c: [number, number]): number {
    const { logDen } = this.constants();
    const a = this.params.alpha;
    const den = logDen[groupOf(t)]!;
    return Math.log(c[0] + a) - den[0] - Math.log(c[1] + a) + den[1];
  }
}
