// The evidence the classifier (classifier.ts) counts and scores: the distinct tokens of one normalised
// comment (documentTokens), from its text (normalise.ts), each counted once per comment (binary counts,
// which work better than raw frequencies for short texts and spam):
//   - word unigrams, except function words  "money" (not "your")
//   - word bigrams and skip-bigrams (not    "my channel", "check * channel", "^ check", "channel $"
//     those made only of function words)
//     and the first / last word of the comment
//   - character 3–5-grams of the words      "~chan"   (catch variants and words never seen whole)
//   - binned feature tokens                 "__links:2", "__shortener", "__money", "__obfuscated:3+",
//                                           "__caps:high", "__domain:example.com", …
// Each token belongs to one group by its form (groupOf): word, bigram (with the skip-bigrams and the
// first / last word), char or feature; the classifier weighs the groups differently.
//
// Function words (FUNCTION_WORDS: articles, pronouns, prepositions, auxiliaries) are no evidence on
// their own: how often marketing e-mail says "your" or "our" is a matter of genre, and counted alone
// they made "Thank you for your work" spam. They still count inside pairs with a content word ("your
// account", "my channel") and in the character n-grams.
import type { Normalised, SpamFeatures } from './normalise.js';

export const GROUP_NAMES = ['word', 'bigram', 'char', 'feature'] as const;
export type GroupName = (typeof GROUP_NAMES)[number];
const WORD = 0;
const BIGRAM = 1;
const CHAR = 2;
export const FEATURE = 3;

/** The group of a token: 0 word, 1 bigram, 2 char n-gram, 3 feature (GROUP_NAMES). */
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

/** The binned feature tokens of a comment ("__links:2", "__money", …); `words`: its number of word tokens. */
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
