// Naive Bayes comment spam classifier.
//
// Evidence, from the normalised text (normalise.ts), each counted once per comment (binary counts,
// which work better than raw frequencies for short texts and spam):
//   - word unigrams, except function words  "money" (not "your")
//   - word bigrams and skip-bigrams (not    "my channel", "check * channel", "^ check", "channel $"
//     those made only of function words)
//     and the first / last word of the comment
//   - character 3–5-grams of the words      "~chan"   (catch variants and words never seen whole)
//   - binned feature tokens                 "__links:2", "__shortener", "__money", "__obfuscated:3+",
//                                           "__caps:high", "__domain:example.com", …
// The first three groups are each a multinomial model with additive (Laplace, α) smoothing:
//   P(t | c) = (n_c(t) + α) / (N_c + α·V)   (N_c: total count of the group in class c, V: its vocabulary)
// and feature tokens are Bernoulli (share of comments with the feature, α-smoothed). The score is
//   logit = prior + Σ_groups w_g · Σ_t clamp(log P(t|spam) − log P(t|ham), ±L)
// where the prior is the smoothed log ratio of (weighted) document counts. Group weights w_g down-
// weight the many, strongly correlated bigrams and character n-grams; the clamp L stops one token
// from deciding alone. Tokens the model has never seen are ignored. Everything is deterministic:
// the same counts give the same scores, and JSON output is sorted.
//
// Function words (FUNCTION_WORDS: articles, pronouns, prepositions, auxiliaries) are no evidence on
// their own: how often marketing e-mail says "your" or "our" is a matter of genre, and counted alone
// they made "Thank you for your work" spam. They still count inside pairs with a content word ("your
// account", "my channel") and in the character n-grams.
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
// Decision rule: spam when spamProbability ≥ the classifier's `threshold`: the calibrated threshold its
// model JSON carries (`spamThreshold`, computed by the model build), else its base model's, else
// FALLBACK_SPAM_THRESHOLD. The model is loaded by shipped-model.ts; site thresholds: calibrate.ts.
// Measured history of these choices: docs/spam-filter.md.
import { normalise, type Normalised, type SpamFeatures } from './normalise.js';

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

export const GROUP_NAMES = ['word', 'bigram', 'char', 'feature'] as const;
export type GroupName = (typeof GROUP_NAMES)[number];
const WORD = 0;
const BIGRAM = 1;
const CHAR = 2;
const FEATURE = 3;

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
}

export interface TrainOptions {
  /** Counts added per token (default 1). */
  weight?: number;
  /** Count the feature tokens too (default true; the default model counts them for comments only). */
  features?: boolean;
}

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

export function groupOf(token: string): number {
  if (token.charCodeAt(0) === 95 && token.charCodeAt(1) === 95) return FEATURE; // "__"
  if (token.charCodeAt(0) === 126) return CHAR; // "~"
  return token.includes(' ') ? BIGRAM : WORD;
}

// ---------------------------------------------------------------------------------------------
// Tokens of one comment

/** Only this much of a very long comment is turned into n-grams (keeps scoring fast). */
const MAX_WORDS = 600;
const MAX_CHAR_SOURCE = 2000;

export function featureTokens(f: SpamFeatures, words = Infinity): string[] {
  const out: string[] = [];
  if (f.linkCount > 0) out.push('__link', f.linkCount >= 3 ? '__links:3+' : `__links:${f.linkCount}`);
  // a link with (almost) nothing to say around it
  if (f.linkCount > 0 && words <= 3) out.push('__link:bare');
  if (f.shorteners.length) out.push('__shortener');
  for (const d of f.domains.slice(0, 5)) out.push(`__domain:${d}`);
  if (f.emailCount) out.push('__email');
  if (f.moneyCount) out.push('__money');
  if (f.moneyCount >= 2) out.push('__money:2+');
  if (f.phoneCount) out.push('__phone');
  if (f.mentionCount) out.push('__mention');
  if (f.letters >= 8) {
    if (f.capsRatio >= 0.7) out.push('__caps:high');
    else if (f.capsRatio >= 0.35) out.push('__caps:mid');
  }
  if (f.repeatedRuns) out.push('__repeat');
  if (f.exclamations >= 3) out.push('__excl:3+');
  const e = f.obfuscationEdits;
  if (e > 0) out.push(e >= 3 ? '__obfuscated:3+' : `__obfuscated:${e}`);
  return out;
}

/**
 * English function words: not evidence on their own (see the header), so they make no unigram and
 * no word pair made only of them; pairs with one content word keep them ("my channel", "your account").
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set((
  'a an the and or but if of to in on at by for with from as is are was were be been am i me my mine ' +
  'you your yours we us our he him his she her it its they them their this that these those there here ' +
  'so not no do does did have has had will would can could should just all very too also what who how ' +
  'when where which than then'
).split(' '));

/** The distinct tokens of a normalised comment, in a fixed order. */
export function documentTokens(n: Normalised, withFeatures = true): string[] {
  const seen = new Set<string>();
  const words = n.tokens.length > MAX_WORDS ? n.tokens.slice(0, MAX_WORDS) : n.tokens;
  const fw = FUNCTION_WORDS;
  for (const w of words) if (!fw.has(w)) seen.add(w);
  for (let i = 1; i < words.length; i++) {
    if (!fw.has(words[i - 1]!) || !fw.has(words[i]!)) seen.add(`${words[i - 1]} ${words[i]}`);
  }
  if (words.length) {
    seen.add(`^ ${words[0]}`);
    seen.add(`${words[words.length - 1]} $`);
  }
  for (let i = 2; i < words.length; i++) {
    if (!fw.has(words[i - 2]!) || !fw.has(words[i]!)) seen.add(`${words[i - 2]} * ${words[i]}`);
  }
  let src = ` ${words.join(' ')} `;
  if (src.length > MAX_CHAR_SOURCE) src = src.slice(0, MAX_CHAR_SOURCE);
  for (let n2 = 3; n2 <= 5; n2++) {
    for (let i = 0; i + n2 <= src.length; i++) {
      const g = src.slice(i, i + n2);
      if (g.charCodeAt(0) === 32 && g.charCodeAt(1) === 32) continue;
      seen.add(`~${g}`);
    }
  }
  if (withFeatures) for (const t of featureTokens(n.features, n.tokens.length)) seen.add(t);
  return [...seen];
}

// ---------------------------------------------------------------------------------------------

class Counts {
  readonly tokens = new Map<string, [number, number]>();
  readonly docs: [number, number] = [0, 0];
  readonly featureDocs: [number, number] = [0, 0];
  readonly totals: [number, number][] = [[0, 0], [0, 0], [0, 0]];
  /** Vocabulary sizes recorded before pruning (see ModelJSON.vocab). */
  vocabFloor: number[] = [0, 0, 0, 0];
  /** Distinct tokens per group (recomputed when dirty). */
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
    this.vocabCache = undefined;
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
      }
      const before = c[cls];
      c[cls] = Math.max(0, c[cls] + weight);
      if (g !== FEATURE) this.totals[g]![cls] = Math.max(0, this.totals[g]![cls]! + (c[cls] - before));
      if (c[0] === 0 && c[1] === 0) this.tokens.delete(t);
    }
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export class SpamClassifier {
  readonly params: ModelParams;
  private readonly own = new Counts();
  private readonly base: SpamClassifier | undefined;
  private readonly siteWeight: number;
  private about: unknown;
  /** The calibrated decision threshold stored with this model's counts (see ModelJSON.spamThreshold). */
  spamThreshold: number | undefined;
  /** Per-group smoothing constants, cleared whenever counts change. */
  private cache: { logDen: [number, number][]; prior: number } | undefined;

  constructor(options: { params?: Partial<ModelParams>; base?: SpamClassifier; siteWeight?: number } = {}) {
    this.base = options.base;
    this.params = { ...DEFAULT_PARAMS, ...(options.base?.params ?? {}), ...(options.params ?? {}) };
    this.siteWeight = options.siteWeight ?? DEFAULT_SITE_WEIGHT;
    if (!(this.siteWeight > 0)) throw new Error('siteWeight must be positive');
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
    this.own.docs[0] = j.docs[0];
    this.own.docs[1] = j.docs[1];
    this.own.featureDocs[0] = j.featureDocs[0];
    this.own.featureDocs[1] = j.featureDocs[1];
    for (let g = 0; g < 3; g++) {
      this.own.totals[g]![0] = j.totals[g]![0];
      this.own.totals[g]![1] = j.totals[g]![1];
    }
    for (const [t, c] of Object.entries(j.tokens)) this.own.tokens.set(t, [c[0], c[1]]);
    this.own.vocabFloor = j.vocab ? [j.vocab[0], j.vocab[1], j.vocab[2], 0] : [0, 0, 0, 0];
    this.own.invalidate();
    this.cache = undefined;
  }

  /** This classifier's own counts (not the base's), sorted, counts rounded to 1/1000. */
  toJSON(about: unknown = this.about): ModelJSON {
    const keys = [...this.own.tokens.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const tokens: Record<string, [number, number]> = {};
    for (const k of keys) {
      const c = this.own.tokens.get(k)!;
      tokens[k] = [round(c[0]), round(c[1])];
    }
    const json: ModelJSON = {
      format: 'gazette-spam-nb',
      version: 1,
      // right after version, where model files have always had it
      ...(this.spamThreshold !== undefined ? { spamThreshold: this.spamThreshold } : {}),
      params: this.params,
      docs: [round(this.own.docs[0]), round(this.own.docs[1])],
      featureDocs: [round(this.own.featureDocs[0]), round(this.own.featureDocs[1])],
      totals: this.own.totals.map((t) => [round(t[0]), round(t[1])]) as ModelJSON['totals'],
      tokens,
    };
    if (this.own.vocabFloor.some((v) => v > 0)) {
      const v = this.own.vocab();
      json.vocab = [v[0]!, v[1]!, v[2]!];
    }
    if (about !== undefined) json.about = about;
    return json;
  }

  /**
   * A standalone classifier holding this one's effective counts (base + siteWeight × own) and its
   * decision threshold: the site's learning merged into a copy of the default model. Scores and
   * decisions are the same as this classifier's.
   */
  flatten(): SpamClassifier {
    const keys = new Set<string>(this.own.tokens.keys());
    for (let b = this.base; b; b = b.base) for (const k of b.own.tokens.keys()) keys.add(k);
    const tokens: Record<string, [number, number]> = {};
    for (const k of [...keys].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))) {
      const c = this.counts(k);
      if (c) tokens[k] = [c[0], c[1]];
    }
    const v = this.vocab();
    return SpamClassifier.fromJSON({
      format: 'gazette-spam-nb',
      version: 1,
      spamThreshold: this.threshold,
      params: this.params,
      docs: [...this.docs()],
      featureDocs: [...this.featureDocs()],
      totals: [this.totals(0), this.totals(1), this.totals(2)],
      vocab: [v[0]!, v[1]!, v[2]!],
      tokens,
    });
  }

  /** Number of distinct tokens in this classifier's own counts. */
  get size(): number {
    return this.own.tokens.size;
  }

  get documentCounts(): { spam: number; ham: number } {
    return { spam: this.own.docs[0], ham: this.own.docs[1] };
  }

  train(text: string | Normalised, label: Label, options: TrainOptions = {}): void {
    this.update(text, label, options.weight ?? 1, options.features ?? true);
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
    const rule = { threshold: options.threshold ?? this.threshold, margin: options.margin ?? TRAIN_ON_ERROR_MARGIN };
    if (!needsTraining(this.score(n, 0).spamProbability, label, rule)) return false;
    this.train(n, label, options);
    return true;
  }

  /**
   * Learns a batch by train-on-error: up to `passes` passes (default 3) over the batch in order, each
   * counting (once, at most) the examples still wrong or unsure (see trainIfUseful); stops early when
   * a pass counts nothing. Returns, per row, whether it was counted (so it can be untrained later).
   */
  trainOnError(rows: readonly { text: string | Normalised; label: Label }[], options: TrainOnErrorOptions = {}): boolean[] {
    const counted = rows.map(() => false);
    const normalised = rows.map((r) => (typeof r.text === 'string' ? normalise(r.text) : r.text));
    const passes = options.passes ?? TRAIN_ON_ERROR_PASSES;
    for (let pass = 0; pass < passes; pass++) {
      let changed = false;
      rows.forEach((r, i) => {
        if (counted[i]) return;
        if (this.trainIfUseful(normalised[i]!, r.label, options)) { counted[i] = true; changed = true; }
      });
      if (!changed) break;
    }
    return counted;
  }

  /** Removes a previous train() with the same arguments (a moderator's correction). */
  untrain(text: string | Normalised, label: Label, options: TrainOptions = {}): void {
    this.update(text, label, -(options.weight ?? 1), options.features ?? true);
  }

  private update(text: string | Normalised, label: Label, weight: number, withFeatures: boolean): void {
    if (label !== 'spam' && label !== 'ham') throw new Error(`label must be spam or ham (got ${String(label)})`);
    const n = typeof text === 'string' ? normalise(text) : text;
    this.own.add(documentTokens(n, withFeatures), label === 'spam' ? 0 : 1, weight, withFeatures);
    this.cache = undefined;
  }

  // --- effective counts (base + siteWeight × own) ----------------------------------------------

  private counts(token: string): [number, number] | undefined {
    const o = this.own.tokens.get(token);
    if (!this.base) return o;
    const b = this.base.counts(token);
    if (!o) return b;
    const k = this.siteWeight;
    return b ? [b[0] + k * o[0], b[1] + k * o[1]] : [k * o[0], k * o[1]];
  }

  private docs(): [number, number] {
    if (!this.base) return this.own.docs;
    const b = this.base.docs();
    const k = this.siteWeight;
    return [b[0] + k * this.own.docs[0], b[1] + k * this.own.docs[1]];
  }

  private featureDocs(): [number, number] {
    if (!this.base) return this.own.featureDocs;
    const b = this.base.featureDocs();
    const k = this.siteWeight;
    return [b[0] + k * this.own.featureDocs[0], b[1] + k * this.own.featureDocs[1]];
  }

  private totals(g: number): [number, number] {
    const o = this.own.totals[g]!;
    if (!this.base) return [o[0], o[1]];
    const b = this.base.totals(g);
    const k = this.siteWeight;
    return [b[0] + k * o[0], b[1] + k * o[1]];
  }

  private vocab(): number[] {
    if (!this.base) return this.own.vocab();
    const v = [...this.base.vocab()];
    for (const t of this.own.tokens.keys()) if (!this.base.counts(t)) v[groupOf(t)]!++;
    return v;
  }

  private constants() {
    if (!this.cache) {
      const a = this.params.alpha;
      const v = this.vocab();
      const logDen: [number, number][] = [];
      for (let g = 0; g < 3; g++) {
        const t = this.totals(g);
        logDen.push([Math.log(t[0] + a * v[g]!), Math.log(t[1] + a * v[g]!)]);
      }
      const fd = this.featureDocs();
      logDen.push([Math.log(fd[0] + 2 * a), Math.log(fd[1] + 2 * a)]);
      const d = this.docs();
      const prior = this.params.priorWeight * (Math.log(d[0] + a) - Math.log(d[1] + a));
      this.cache = { logDen, prior };
    }
    return this.cache;
  }

  /** Weighted log-likelihood ratio of one token (0 when unknown). */
  tokenLLR(token: string): number {
    const c = this.counts(token);
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

  score(text: string | Normalised, reasons = 8): SpamScore {
    const n = typeof text === 'string' ? normalise(text) : text;
    const tokens = documentTokens(n, true);
    const { prior } = this.constants();
    let logit = prior;
    const contrib: Reason[] = [];
    let strongest = 0;
    for (const t of tokens) {
      const l = this.tokenLLR(t);
      if (l === 0) continue;
      logit += l;
      if (l > strongest) strongest = l;
      if (reasons > 0) contrib.push({ token: t, llr: l });
    }
    let top: Reason[] = [];
    if (reasons > 0) {
      contrib.sort((x, y) => Math.abs(y.llr) - Math.abs(x.llr) || (x.token < y.token ? -1 : 1));
      top = contrib.slice(0, reasons).map((r) => ({ token: r.token, llr: Math.round(r.llr * 1000) / 1000 }));
    }
    const capped = strongest < MIN_STRONG_EVIDENCE && logit > WEAK_EVIDENCE_LOGIT;
    if (capped) logit = WEAK_EVIDENCE_LOGIT;
    const p = 1 / (1 + Math.exp(-logit));
    return { spamProbability: p, logit, isSpam: p >= this.threshold, reasons: top, normalised: n, ...(capped ? { weakEvidence: true } : {}) };
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
