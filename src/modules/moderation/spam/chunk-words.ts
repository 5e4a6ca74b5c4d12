// Step 5 of normalise() for one whitespace-separated chunk (processChunk): leading and trailing
// symbols split off, $/@/€ leetspeak, symbols interleaved between single letters removed, fragments
// joined or kept apart (word-joins.ts); returns the chunk's text and its word tokens (ChunkOut).
import { isAlnumCode, LETTER_OR_DIGIT, PICTO } from './text-patterns.js';
import {
  collapseRepeats, hasDigit, isDisguisedJoin, joinableSep, knownRank, PLAIN_SEP, segment, shouldJoin, SPLIT_SEP,
  unleet, type WordContext,
} from './word-joins.js';

/** One chunk after step 5: its normalised text and its word tokens. */
export interface ChunkOut {
  text: string;
  words: string[];
  /** A lone letter with nothing around it (candidate for "f r e e" joining). */
  single?: boolean;
  /** Only symbols, no letters or digits. */
  symbols?: boolean;
}

function wordToken(w: string): string | undefined {
  if (w.length > 40) return undefined;
  if (/^\d+$/.test(w) && w.length >= 5) return '#num';
  return w;
}

function pictos(s: string, into: string[]): void {
  for (const m of s.matchAll(PICTO)) into.push(m[0]);
}

/** Normalises one whitespace-separated chunk (not a URL, e-mail, money placeholder or @mention). */
export function processChunk(chunk: string, ctx: WordContext): ChunkOut {
  // Split off leading and trailing punctuation/symbols.
  let i = 0;
  let j = chunk.length;
  const coreStart = (k: number) => {
    const c = chunk[k]!;
    if (isAlnumCode(c)) return true;
    // "$ave", "@lert"-style leet at the start of a word (a lone "@name" is a mention: see caller)
    return (c === '$' || c === '€') && /^\p{L}\p{L}/u.test(chunk.slice(k + 1, k + 3));
  };
  while (i < j && !coreStart(i)) i++;
  while (j > i && !isAlnumCode(chunk[j - 1])) j--;
  const lead = chunk.slice(0, i);
  const trail = chunk.slice(j);
  const words: string[] = [];
  if (i >= j) {
    pictos(chunk, words);
    return { text: chunk, words, symbols: true };
  }
  const origCore = chunk.slice(i, j);
  let core = origCore.toLowerCase();

  // $ → s, @ → a, € → e between letters (or a leading $ / € before letters)
  if (/[$@€]/.test(core)) {
    core = core.replace(/(^|(?<=\p{L}))[$@€](?=\p{L})/gu, (m0) => {
      ctx.edits.leet++;
      return m0 === '$' ? 's' : m0 === '@' ? 'a' : 'e';
    });
  }
  // apostrophes inside words: "don't" → "dont"
  if (/['‘’ʼ`´′]/.test(core)) core = core.replace(/(?<=\p{L})['‘’ʼ`´′](?=\p{L})/gu, '');

  const runs: string[] = [];
  const seps: string[] = [];
  for (const m of core.matchAll(/[\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+/gu)) {
    if (LETTER_OR_DIGIT.test(m[0]) || /^\p{M}+$/u.test(m[0])) {
      if (runs.length > seps.length) runs[runs.length - 1] += m[0]; else runs.push(m[0]);
    } else seps.push(m[0]);
  }
  // Symbols interleaved between single letters: "f.r.e.e", "♥q♥x♥♥t", "m-o-n-e-y".
  const singles = runs.filter((r) => r.length === 1).length;
  if (runs.length >= 3 && singles / runs.length >= 0.6 && seps.every(joinableSep) && !runs.every((r) => /^\d+$/.test(r))) {
    // "U.S.A.", "w.r.t." are abbreviations, not disguises (unless they spell a word: "s.e.x")
    const letters = runs.join('');
    const upper = origCore.replace(/[^\p{L}]/gu, '') === origCore.replace(/[^\p{L}]/gu, '').toUpperCase();
    const abbreviation = seps.every((x) => x === '.') && (letters.length <= 3 || (upper && !ctx.lex.has(letters)));
    if (!abbreviation) ctx.edits.interleaved += seps.length;
    // Leading/trailing copies of the interleaving symbols go too.
    const sepChars = new Set(Array.from(seps.join('')));
    const strip = (s: string) => Array.from(s).filter((c) => !sepChars.has(c)).join('');
    const ld = strip(lead);
    const tr = strip(trail);
    pictos(ld, words);
    const w = collapseRepeats(unleet(runs.join(''), ctx), ctx.lex);
    const pieces = segment(w, ctx.lex) ?? [w];
    for (const p of pieces) { const t = wordToken(p); if (t) words.push(t); }
    pictos(tr, words);
    return { text: ld + pieces.join(' ') + tr, words };
  }

  pictos(lead, words);
  if (runs.length === 1) {
    const w = collapseRepeats(unleet(runs[0]!, ctx), ctx.lex);
    const t = wordToken(w);
    if (t) words.push(t);
    pictos(trail, words);
    const single = lead === '' && trail === '' && w.length === 1 && /\p{L}/u.test(w);
    return { text: lead + w + trail, words, single };
  }

  // Numbers with separators (dates, times, 1,000,000): keep as they are.
  if (runs.every((r) => /^\d+$/.test(r))) {
    if (seps.every((s) => s === ',')) {
      const t = wordToken(runs.join(''));
      if (t) words.push(t);
    } else for (const r of runs) { const t = wordToken(r); if (t) words.push(t); }
    pictos(trail, words);
    return { text: lead + core + trail, words };
  }

  // Fragments: join when the lexicon says the joined word is the word ("wor-king"), else keep apart.
  const parts = runs.map((r) => unleet(r, ctx));
  // "Wi-Fi", "Coca-Cola": capitalised parts are a name, not a disguise
  const titled = /^\p{Lu}\p{Ll}*(?:-\p{Lu}\p{Ll}*)+$/u.test(origCore);
  const countJoin = (left: string, right: string, sep: string) => {
    if (!titled && isDisguisedJoin(left, right, sep, ctx.lex)) ctx.edits.joined++;
  };
  const full = parts.join('');
  const allAlpha = parts.every((p) => !hasDigit(p));
  let textOut = '';
  if (allAlpha && parts.length >= 3 && seps.every(joinableSep) && ctx.lex.has(full)) {
    const ranks = parts.map((p) => knownRank(ctx.lex, p));
    const allKnown = ranks.every((r) => r !== undefined);
    if (!allKnown || ctx.lex.rank(full)! < Math.max(...(ranks as number[]))) {
      for (let k = 0; k < seps.length; k++) countJoin(parts[k]!, parts[k + 1]!, seps[k]!);
      const w = collapseRepeats(full, ctx.lex);
      const t = wordToken(w);
      if (t) words.push(t);
      pictos(trail, words);
      return { text: lead + w + trail, words };
    }
  }
  let cur = parts[0]!;
  textOut = lead;
  const flush = () => {
    const w = collapseRepeats(cur, ctx.lex);
    const t = wordToken(w);
    if (t) words.push(t);
    textOut += w;
  };
  for (let k = 0; k < seps.length; k++) {
    const sep = seps[k]!;
    const next = parts[k + 1]!;
    if (joinableSep(sep) && shouldJoin(cur, next, sep, ctx.lex)) {
      countJoin(cur, next, sep);
      cur += next;
      continue;
    }
    flush();
    // Keep ordinary punctuation in the text; odd symbols between words become a space.
    textOut += PLAIN_SEP.test(sep) || SPLIT_SEP.test(sep) ? sep : ' ';
    if (!PLAIN_SEP.test(sep) && !SPLIT_SEP.test(sep)) pictos(sep, words);
    cur = next;
  }
  flush();
  pictos(trail, words);
  return { text: textOut + trail, words };
}
