// Text normalisation for the comment spam filter.
//
// Spammers disguise their words so that naive filters miss them: "Earn $90 ev-ery hour wor-king
// from ho-me", "♥♥f♥r♥♥e♥e m♥o♥n♥e♥y", Cyrillic look-alikes ("сlісk hеrе"), zero-width characters
// inside words, fullwidth or 𝐦𝐚𝐭𝐡 letters, leetspeak ("fr33 c4sh"). `normalise` undoes these,
// so the classifier sees the words the reader sees, and it counts how many such edits it made:
// that count is itself one of the strongest spam signals (ordinary comments need almost none).
//
// Steps, in order:
//  1. invisible characters removed: zero-width / bidi / format characters (U+200B–U+200F,
//     U+202A–U+202E, U+2060–U+206F, U+FEFF, soft hyphen U+00AD, U+034F, variation selectors, tags,
//     Hangul fillers…); an edit is counted only when one sat between two letters or digits;
//  2. Unicode NFKC (fullwidth, mathematical alphanumerics, circled and letter-like symbols, super-
//     scripts → ASCII); each letter or digit that this turned into ASCII counts as an edit;
//  3. look-alike letters folded to ASCII with our own table (below): small capitals, negative
//     squared/circled letters and IPA look-alikes always; Cyrillic, Greek, Armenian and Cherokee
//     look-alikes only inside a word that also has Latin letters, or anywhere in a mostly-Latin
//     text (a Russian or Greek comment is left alone); diacritics stripped from Latin words (NFD),
//     which is not counted as an edit (ordinary in many languages) unless marks are stacked
//     ("zalgo");
//  4. pasted HTML reduced to text (a link keeps its address); URLs (scheme, www. or bare domains
//     with common TLDs; "(dot)"/"[.]" disguises undone), e-mail addresses and money amounts ("$90",
//     "500 dollars", "€1.5k") are extracted first and left intact;
//  5. every remaining whitespace-separated chunk is split into letter/digit runs and separators:
//     - symbols interleaved between single letters are removed ("♥♥q♥x♥♥t" → "qxt", "f.r.e.e" →
//       "free", "m-o-n-e-y" → "money");
//     - a hyphen, dot, underscore or odd symbol between longer fragments is removed when the joined
//       word is a common word and a fragment is not ("ev-ery" → "every", "wor-king" → "working",
//       "ho-me" → "home"), judged against a frequency-ranked lexicon (lexicon.ts); ordinary compounds
//       stay two words for the classifier and unchanged in the text ("well-known", "long-term");
//     - leetspeak inside words: 0→o 1→i/l 3→e 4→a 5→s 7→t, and $→s, @→a, €→e between letters,
//       choosing the variant found in the lexicon ("fr33" → "free", "c1ick" → "click"); units,
//       ordinals and model numbers are left alone ("4k", "3rd", "mp3"), as are money amounts;
//     - runs of 3+ repeated letters are shortened ("freeeee" → "free");
//     - single letters spaced out across 3+ chunks are joined ("f r e e" → "free");
//     - a run-together result is split into common words when it can be ("freemoney" → "free
//       money"; only for the interleaved and spaced-out cases);
//  6. lower case. Normal punctuation between words is kept in `text`.
//
// `tokens` are the words of the normalised text (money amounts become "$$", long numbers "#num",
// emoji stay as one-character tokens; URLs, e-mail addresses and @mentions are not words but are
// reported in `features`).
//
// Where the steps live: 1–3 in fold.ts, the patterns of step 4 in text-patterns.ts, step 5 in
// chunk-words.ts (one chunk) and word-joins.ts (fragments judged against the lexicon). This file runs
// them in order, joins spaced-out letters and measures the text (`features`).
import { type ChunkOut, processChunk } from './chunk-words.js';
import { compat, fold, removeInvisible } from './fold.js';
import { getLexicon, type Lexicon } from './lexicon.js';
import {
  BARE_AMBIGUOUS, DISGUISED_DOT, EMAIL_RE, hostOf, MONEY_RE, NON_ASCII, PHONE_RE, PICTO, registrableDomain,
  SHORTENER_DOMAINS, SPACED_DOT, stripTags, TRAILING_PUNCT, URL_RE,
} from './text-patterns.js';
import { collapseRepeats, segment, type WordContext } from './word-joins.js';

export interface ObfuscationEdits {
  /** Invisible characters removed from inside a word. */
  invisible: number;
  /** Fullwidth / mathematical / enclosed / letter-like characters turned into ASCII by NFKC. */
  compatibility: number;
  /** Look-alike letters from other scripts, small capitals and the like folded to ASCII. */
  confusable: number;
  /** Words with stacked combining marks ("zalgo"). */
  zalgo: number;
  /** Symbols removed from between single letters ("f.r.e.e"). */
  interleaved: number;
  /** Hyphens, dots or symbols removed to join word fragments ("wor-king"). */
  joined: number;
  /** Leetspeak characters replaced ("fr33"). */
  leet: number;
  /** Spaced-out letters joined ("f r e e"). */
  spacedLetters: number;
  /** "(dot)", "[.]" or " . " disguises in web addresses undone. */
  disguisedDots: number;
}

export interface SpamFeatures {
  /** Length of the input in code points. */
  length: number;
  /** Letters outside URLs and e-mail addresses (after NFKC). */
  letters: number;
  /** Share of capitals among those letters (0 when there are none). */
  capsRatio: number;
  linkCount: number;
  urls: string[];
  /** Registrable domains of the URLs, lower case, without duplicates ("bit.ly", "example.co.uk"). */
  domains: string[];
  /** The domains that are known URL shorteners. */
  shorteners: string[];
  emailCount: number;
  moneyCount: number;
  phoneCount: number;
  mentionCount: number;
  /** Runs of 4+ identical non-space characters ("!!!!", "soooo"). */
  repeatedRuns: number;
  exclamations: number;
  emojiCount: number;
  /** Sum of `edits`: how much de-obfuscation was needed. */
  obfuscationEdits: number;
  edits: ObfuscationEdits;
}

export interface Normalised {
  text: string;
  tokens: string[];
  features: SpamFeatures;
}

/** Inputs are cut to this many UTF-16 units (bounds the cost of scoring a huge paste). */
export const MAX_INPUT = 10_000;

/** Windows-1252 punctuation that arrived as C1 control characters. */
const C1: Record<string, string> = {
  '\u0085': '...', '\u0091': "'", '\u0092': "'", '\u0093': '"', '\u0094': '"', '\u0096': '-', '\u0097': '-', '\u0080': '€',
};

function emptyEdits(): ObfuscationEdits {
  return {
    invisible: 0, compatibility: 0, confusable: 0, zalgo: 0, interleaved: 0, joined: 0, leet: 0,
    spacedLetters: 0, disguisedDots: 0,
  };
}

/** Placeholders for the URLs, e-mail addresses and money amounts taken out in step 4 (private use: see fold.ts). */
const SENT_URL = '\ue000';
const SENT_EMAIL = '\ue001';
const SENT_MONEY = '\ue002';

// ---------------------------------------------------------------------------------------------

export function normalise(input: string, lexicon: Lexicon = getLexicon()): Normalised {
  let s = input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input;
  const edits = emptyEdits();
  let length = s.length;
  if (NON_ASCII.test(s)) {
    length = 0;
    for (const _ of s) length++;
    s = removeInvisible(s, edits);
    s = compat(s, edits);
    s = fold(s, edits);
  }
  // Windows-1252 punctuation that arrived as C1 control characters, then other controls.
  if (/[\u0080-\u009f]/.test(s)) s = s.replace(/[\u0080-\u009f]/g, (c) => C1[c] ?? ' ');
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
  if (s.includes('<')) s = stripTags(s);

  // Step 4: web addresses, e-mail addresses, money.
  if (/[([{]/.test(s)) s = s.replace(DISGUISED_DOT, () => { edits.disguisedDots++; return '.'; });
  if (/\s\./.test(s)) s = s.replace(SPACED_DOT, (_m, a: string) => { edits.disguisedDots++; return `${a}.`; });
  const emails: string[] = [];
  if (s.includes('@')) {
    s = s.replace(EMAIL_RE, (m) => { emails.push(m.toLowerCase()); return ` ${SENT_EMAIL} `; });
  }
  const urls: string[] = [];
  const urlTexts: string[] = [];
  if (s.includes('.')) {
    s = s.replace(URL_RE, (m) => {
      const trail = TRAILING_PUNCT.exec(m)?.[0] ?? '';
      let url = trail ? m.slice(0, -trail.length) : m;
      if (trail.startsWith(')') && url.includes('(')) url += ')';
      const rest = m.slice(url.length);
      if (!/^(?:[a-z]+:\/\/|www\.)/i.test(url)) {
        // bare domain: accept unless it looks like two ordinary words ("to.be", "this.one")
        const host = hostOf(url);
        const labels = host.split('.');
        const tld = labels[labels.length - 1]!.toLowerCase();
        const first = labels[0]!;
        if (!SHORTENER_DOMAINS.has(host) && !host.startsWith('youtu')) {
          if (BARE_AMBIGUOUS.has(tld) && !url.includes('/')) return m;
          if (first.length < 2 || /^\d+$/.test(first)) return m;
        }
      }
      urls.push(url);
      urlTexts.push(url.replace(/^([a-z]+:\/\/)?([^/?#]*)/i, (_x, p: string | undefined, h: string) => (p ?? '').toLowerCase() + h.toLowerCase()));
      return ` ${SENT_URL}${rest} `;
    });
  }
  // Surface statistics on the folded text without its addresses, before lower-casing.
  let letters = 0;
  let upper = 0;
  for (const ch of s) {
    if (ch >= 'a' && ch <= 'z') letters++;
    else if (ch >= 'A' && ch <= 'Z') { letters++; upper++; }
    else if (ch.charCodeAt(0) > 0x7f && /\p{L}/u.test(ch)) { letters++; if (/\p{Lu}/u.test(ch)) upper++; }
  }
  let repeatedRuns = 0;
  for (const _ of s.matchAll(/(\S)\1{3,}/gu)) repeatedRuns++;
  let exclamations = 0;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) === 33) exclamations++;
  let emojiCount = 0;
  if (NON_ASCII.test(s)) for (const _ of s.matchAll(PICTO)) emojiCount++;

  let phoneCount = 0;
  if (/\d{3}/.test(s) || /\d[ ().-]\d/.test(s)) {
    for (const m of s.matchAll(PHONE_RE)) {
      const digits = m[0].replace(/\D/g, '').length;
      if (digits >= 9 && digits <= 15) phoneCount++;
    }
  }
  const money: string[] = [];
  if (/\d/.test(s)) {
    s = s.replace(MONEY_RE, (m) => {
      if (!/\d/.test(m)) return m;
      money.push(m.toLowerCase());
      return ` ${SENT_MONEY} `;
    });
  }

  // Step 5: chunks.
  const ctx: WordContext = { lex: lexicon, edits };
  const outs: ChunkOut[] = [];
  let ui = 0;
  let ei = 0;
  let mi = 0;
  let mentionCount = 0;
  for (const chunk of s.split(/\s+/)) {
    if (!chunk) continue;
    const c0 = chunk[0];
    if (c0 === SENT_URL || c0 === SENT_EMAIL || c0 === SENT_MONEY) {
      // a sentinel, possibly followed by the punctuation that trailed the URL
      const text = c0 === SENT_URL ? urlTexts[ui++]! : c0 === SENT_EMAIL ? emails[ei++]! : money[mi++]!;
      outs.push({ text: text + chunk.slice(1), words: c0 === SENT_MONEY ? ['$$'] : [] });
      continue;
    }
    if (/^[@＠][\p{L}\p{N}_.]{2,}[:,!?.]*$/u.test(chunk)) {
      mentionCount++;
      outs.push({ text: chunk.toLowerCase(), words: [] });
      continue;
    }
    outs.push(processChunk(chunk, ctx));
  }

  // Spaced-out letters: "f r e e" → "free" (runs of 3+ lone letters, symbols between them dropped).
  const merged: ChunkOut[] = [];
  for (let k = 0; k < outs.length;) {
    if (outs[k]!.single) {
      const idx: number[] = [];
      let m = k;
      while (m < outs.length) {
        if (outs[m]!.single) { idx.push(m); m++; continue; }
        if (outs[m]!.symbols && idx.length && outs[m + 1]?.single) { m++; continue; }
        break;
      }
      const lettersRun = idx.map((x) => outs[x]!.text);
      if (idx.length >= 3 && !lettersRun.every((l) => l === 'a' || l === 'i')) {
        const w = collapseRepeats(lettersRun.join(''), lexicon);
        edits.spacedLetters += idx.length - 1;
        const pieces = segment(w, lexicon) ?? [w];
        merged.push({ text: pieces.join(' '), words: pieces });
        k = idx[idx.length - 1]! + 1;
        continue;
      }
    }
    merged.push(outs[k]!);
    k++;
  }

  const tokens: string[] = [];
  const texts: string[] = [];
  for (const o of merged) {
    for (const w of o.words) tokens.push(w);
    if (o.text) texts.push(o.text);
  }

  const domains: string[] = [];
  const shorteners: string[] = [];
  for (const u of urls) {
    const host = hostOf(u);
    const d = SHORTENER_DOMAINS.has(host) ? host : registrableDomain(host);
    if (!domains.includes(d)) domains.push(d);
    if ((SHORTENER_DOMAINS.has(host) || SHORTENER_DOMAINS.has(d)) && !shorteners.includes(d)) shorteners.push(d);
  }
  let obfuscationEdits = 0;
  for (const v of Object.values(edits)) obfuscationEdits += v;

  return {
    text: texts.join(' '),
    tokens,
    features: {
      length,
      letters,
      capsRatio: letters ? upper / letters : 0,
      linkCount: urls.length,
      urls,
      domains,
      shorteners,
      emailCount: emails.length,
      moneyCount: money.length,
      phoneCount,
      mentionCount,
      repeatedRuns,
      exclamations,
      emojiCount,
      obfuscationEdits,
      edits,
    },
  };
}
