// Word fragments judged against the lexicon (lexicon.ts), for step 5 of normalise(): leetspeak undone
// (unleet), repeated letters shortened (collapseRepeats), fragments joined across a separator when the
// joined word is the word (shouldJoin, and isDisguisedJoin: whether that undid a disguise), and a
// run-together string split into common words (segment).
import type { Lexicon } from './lexicon.js';
import type { ObfuscationEdits } from './normalise.js';

const UNIT_RE = /^\d+(?:st|nd|rd|th|s|k|m|b|x|am|pm|p|g|gb|mb|kb|tb|hz|khz|mhz|ghz|fps|d|hd|mm|cm|km|kg|lb|lbs|oz|ml|h|hr|hrs|min|mins|sec|secs|yo|yr|yrs|v|w|mp|ms|px|kw|kwh|mph|kph|t|bn|mil|ish|gen|fps)$/;
const SHORT_CODE_RE = /^[a-z]{1,3}\d{1,4}$|^\d{1,4}[a-z]{1,2}$/;
const LEET: Record<string, string> = { '0': 'o', '3': 'e', '4': 'a', '5': 's', '7': 't' };
/** Punctuation that separates words: never joined across. */
export const SPLIT_SEP = /[,;:/\\()?!"[\]{}<>&+=]/;
/** Ordinary punctuation inside a word (hyphens, dots, underscore, apostrophe): kept in the text when not joined. */
export const PLAIN_SEP = /^[-._'‐‑‒–—]+$/;
const JOIN_PREFIXES = new Set(['e', 'x', 't', 're', 'co', 'pre', 'non', 'anti', 'multi', 'semi', 'mid', 'sub', 'self', 'ex', 'un', 'de', 'pro', 'post', 'over', 'inter', 'cyber', 'micro', 'mega', 'super', 'ultra']);

/** What judging words needs: the lexicon, and the edit counts of the text being normalised. */
export interface WordContext {
  lex: Lexicon;
  edits: ObfuscationEdits;
}

/** Rank of a word the lexicon knows well enough to count as a word (short junk excluded). */
export function knownRank(lex: Lexicon, w: string): number | undefined {
  if (w.length === 1) return w === 'a' || w === 'i' ? (lex.rank(w) ?? 0) : undefined;
  const r = lex.rank(w);
  if (r === undefined) return undefined;
  if (w.length === 2 && r > 2500) return undefined;
  if (w.length === 3 && r > 12000) return undefined;
  return r;
}

export const hasDigit = (s: string) => /\d/.test(s);
const hasLetter = (s: string) => /\p{L}/u.test(s);

/** Leetspeak in one letter/digit run ("fr33" → "free"); returns the run unchanged when unsure. */
export function unleet(run: string, ctx: WordContext): string {
  if (!hasDigit(run) || !hasLetter(run)) return run;
  if (/[2689]/.test(run) || UNIT_RE.test(run)) return run;
  const ones: number[] = [];
  let base = '';
  let mapped = 0;
  let interior = false;
  for (let i = 0; i < run.length; i++) {
    const c = run[i]!;
    if (c >= '0' && c <= '9') {
      mapped++;
      if (i > 0 && i < run.length - 1 && /\p{L}/u.test(run[i - 1]!) && /\p{L}/u.test(run[i + 1]!)) interior = true;
      if (c === '1') { ones.push(i); base += 'i'; } else base += LEET[c]!;
    } else base += c;
  }
  const variants: string[] = [];
  if (ones.length === 0 || ones.length > 3) variants.push(base);
  else {
    for (let mask = 0; mask < 1 << ones.length; mask++) {
      const arr = base.split('');
      ones.forEach((pos, k) => { arr[pos] = mask & (1 << k) ? 'l' : 'i'; });
      variants.push(arr.join(''));
    }
  }
  let best: string | undefined;
  let bestRank = Infinity;
  for (const v of variants) {
    const r = knownRank(ctx.lex, v);
    if (r !== undefined && r < bestRank) { best = v; bestRank = r; }
  }
  const shortCode = SHORT_CODE_RE.test(run) || SHORT_CODE_RE.test(run.replace(/s$/, ''));
  if (best !== undefined && (!shortCode || (bestRank < 5000 && best.length >= 3) || bestRank < 100)) {
    ctx.edits.leet += mapped;
    return best;
  }
  if (!shortCode && interior && run.length - mapped >= 2 && mapped <= 3 && run.length <= 12) {
    // Not in the lexicon but clearly letters around digits: l after a consonant that commonly
    // takes one (c1ick → click), i otherwise (w1n → win).
    const arr = base.split('');
    for (const pos of ones) if (pos > 0 && /[bcfgps]/.test(run[pos - 1]!) && /[aeiou]/.test(run[pos + 1] ?? '')) arr[pos] = 'l';
    ctx.edits.leet += mapped;
    return arr.join('');
  }
  return run;
}

/** "freeeee" → "free", "soooo" → "soo" (or "so" when that is the known word). */
export function collapseRepeats(w: string, lex: Lexicon): string {
  if (!/(\p{L})\1\1/u.test(w)) return w;
  const two = w.replace(/(\p{L})\1{2,}/gu, '$1$1');
  const one = w.replace(/(\p{L})\1{2,}/gu, '$1');
  const r2 = lex.rank(two) ?? Infinity;
  const r1 = lex.rank(one) ?? Infinity;
  return r1 < r2 ? one : two;
}

/** Whether fragments a and b (across `sep`) are one word: the joined word is known and better than its parts. */
export function shouldJoin(a: string, b: string, sep: string, lex: Lexicon): boolean {
  if (hasDigit(a) || hasDigit(b)) return false;
  const j = a + b;
  // A dot without a space is mostly hurried typing between two words ("home.ok", "shop.u"): only
  // join when the result is a known word made of two real fragments ("wor.king").
  if (sep === '.' && (a.length < 2 || b.length < 2 || !lex.has(j))) return false;
  const ra = knownRank(lex, a);
  const rb = knownRank(lex, b);
  // two real words of 3+ letters: a compound ("well-known", "nation-wide"), not a split word
  if (ra !== undefined && rb !== undefined && a.length >= 3 && b.length >= 3) return false;
  const rj = lex.rank(j);
  if (rj !== undefined && j.length >= 3) {
    if (ra === undefined || rb === undefined) return true;
    return rj < Math.max(ra, rb);
  }
  if (ra === undefined && rb === undefined) return true;
  return (ra === undefined && a.length <= 2) || (rb === undefined && b.length <= 2);
}

/** Was joining a + b (across `sep`) undoing a disguise? ("wor-king" yes; "e-mail", "Wi-Fi", "U.S." no) */
export function isDisguisedJoin(a: string, b: string, sep: string, lex: Lexicon): boolean {
  if (!PLAIN_SEP.test(sep)) return true; // an odd symbol inside a word
  if (JOIN_PREFIXES.has(a) || !/^[a-z]+$/.test(a) || !/^[a-z]+$/.test(b)) return false;
  if (sep === '.' && a.length === 1 && b.length === 1) return false;
  if (!lex.has(a + b)) return false;
  return knownRank(lex, a) === undefined || knownRank(lex, b) === undefined || a.length <= 2 || b.length <= 2;
}

/** A separator that may sit inside a disguised word: one character, or one odd symbol repeated. */
export function joinableSep(sep: string): boolean {
  if (SPLIT_SEP.test(sep) || /\s/.test(sep)) return false;
  if (sep.length === 1) return true;
  const chars = Array.from(sep);
  return chars.every((c) => c === chars[0]) && chars[0]!.charCodeAt(0) > 0x7f && chars[0] !== '…';
}

/**
 * Splits a run-together string into common words ("freemoney" → free money) when every piece is a
 * known word; used only where obfuscation removed the spaces ("f r e e m o n e y").
 */
export function segment(w: string, lex: Lexicon): string[] | undefined {
  const n = w.length;
  if (n < 5 || n > 40 || lex.has(w) || !/^[a-z]+$/.test(w)) return undefined;
  const best = new Array<number>(n + 1).fill(Infinity);
  const back = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = Math.max(0, i - 20); j < i; j++) {
      if (best[j] === Infinity) continue;
      const r = knownRank(lex, w.slice(j, i));
      if (r === undefined) continue;
      const cost = best[j]! + Math.log(r + 10) + 3;
      if (cost < best[i]!) { best[i] = cost; back[i] = j; }
    }
  }
  if (best[n] === Infinity) return undefined;
  const pieces: string[] = [];
  for (let i = n; i > 0; i = back[i]!) pieces.unshift(w.slice(back[i]!, i));
  return pieces.length * 2.5 <= n ? pieces : undefined;
}
