// What search reads and shows: an article body's plain text, a reader's words as a safe query, and a
// snippet as HTML (everything escaped except the <mark> tags around the matched words).

/** The database marks matched words with these (control characters never kept in the indexed text). */
export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

/** Searches read at most this much of what was typed, and this many words of it. */
export const MAX_QUERY_CHARS = 200;
export const MAX_QUERY_WORDS = 12;

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text without the control characters the snippets use as marks. */
export const indexableText = (s: string): string => s.replace(CONTROL, ' ');

/** The plain text of sanitised HTML (tags dropped, entities decoded, spaces collapsed). */
export function textOfHtml(html: string): string {
  return indexableText(html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
      const code = e[0] === '#' ? (e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : undefined;
      if (code !== undefined) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      return ENTITIES[e.toLowerCase()] ?? m;
    }))
    .replace(/\s+/g, ' ')
    .trim();
}

/** A reader's query as words: letters and digits of any script (with their combining marks), nothing else. */
export interface SearchTerms {
  words: string[];
  /** The last word was still being typed (no space after it): it matches as a prefix. */
  prefixLast: boolean;
}

/**
 * The words of what a reader typed. Quotes, operators (AND, OR, NOT, NEAR, -, *, ^, :, parentheses) are
 * not syntax here: only the words count, so no input can make a query the database refuses.
 */
export function termsOf(input: string): SearchTerms {
  const text = input.normalize('NFC').slice(0, MAX_QUERY_CHARS);
  const words = (text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? []).slice(0, MAX_QUERY_WORDS);
  const last = words[words.length - 1];
  const prefixLast = last !== undefined && [...last].length >= 2 && /[\p{L}\p{N}\p{M}]$/u.test(text) && text.length === input.normalize('NFC').length;
  return { words, prefixLast };
}

/** FTS5 MATCH text: every word quoted (an implicit AND), decomposed like the indexed text; the last one may be a prefix. */
export function ftsQuery({ words, prefixLast }: SearchTerms): string {
  return words.map((w, i) => `"${w.normalize('NFD').replace(/"/g, '""')}"${prefixLast && i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** to_tsquery text: the words joined by &, each quoted; the last one may be a prefix (`:*`). */
export function tsQuery({ words, prefixLast }: SearchTerms): string {
  return words.map((w, i) => `'${w.replace(/['\\]/g, '')}'${prefixLast && i === words.length - 1 ? ':*' : ''}`).join(' & ');
}

/** How many words a snippet shows at most. */
export const SNIPPET_WORDS = 30;
/** Words kept before the first match in a snippet (some context). */
const SNIPPET_LEAD = 3;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const MARKS = /\p{M}/gu;
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * A word as the search index compares it: case folded and without diacritics (FTS5's `unicode61 remove_diacritics
 * 2`; PostgreSQL's `unaccent` where installed, else PostgreSQL keeps them: there a snippet may mark a word that
 * differs from the match by its accents only). Final sigma is sigma.
 */
export function foldWord(word: string): string {
  return NON_ASCII.test(word) ? word.normalize('NFD').replace(MARKS, '').toLowerCase().replace(/ς/g, 'σ') : word.toLowerCase();
}

/**
 * A snippet of an article's plain text for a search, with MARK_START / MARK_END around every word the search
 * matches (same word rule as termsOf, compared folded; the last word as a prefix while typed) and '…' where the
 * text was cut: the window of at most SNIPPET_WORDS words holding the most of the reader's different words, then
 * the most matches (the first such window), starting a few words before its first match (more near the end of
 * the text, so that the window is full); without a match, the text's first words. Made in JavaScript for the
 * page's rows only, from the text the index stores: the same on both dialects, and cheaper than the databases'
 * own (FTS5's snippet() needs the full-text query run again for those rows, ts_headline parses the whole text
 * through the dictionaries).
 */
export function snippetOf(text: string, terms: SearchTerms, maxWords = SNIPPET_WORDS): string {
  const wanted = terms.words.map(foldWord);
  const prefixAt = terms.prefixLast ? wanted.length - 1 : -1;
  const starts: number[] = [];
  const ends: number[] = [];
  const masks: number[] = [];
  const hits: number[] = [];
  for (const m of text.matchAll(WORD)) {
    const folded = foldWord(m[0]);
    let mask = 0;
    for (let j = 0; j < wanted.length; j++) {
      if (folded === wanted[j] || (j === prefixAt && folded.startsWith(wanted[j]!))) mask |= 1 << j;
    }
    if (mask !== 0) hits.push(starts.length);
    starts.push(m.index);
    ends.push(m.index + m[0].length);
    masks.push(mask);
  }
  if (starts.length === 0) return '';
  // The best window: scored by the number of different words it holds, then by its matches.
  let from = 0;
  let best = -1;
  for (let h = 0; h < hits.length; h++) {
    // A few words before the match; near the end of the text, as many before as fill the window.
    const start = Math.max(0, Math.min(hits[h]! - SNIPPET_LEAD, starts.length - maxWords));
    let first = h;
    while (first > 0 && hits[first - 1]! >= start) first--;
    let covered = 0;
    let count = 0;
    for (let k = first; k < hits.length && hits[k]! < start + maxWords; k++) { covered |= masks[hits[k]!]!; count++; }
    let distinct = 0;
    for (let c = covered; c !== 0; c &= c - 1) distinct++;
    const score = distinct * 10_000 + count;
    if (score > best) { best = score; from = start; }
  }
  const to = Math.min(starts.length, from + maxWords);
  let out = from > 0 ? '…' : '';
  let at = from > 0 ? starts[from]! : 0;
  for (let i = from; i < to; i++) {
    if (masks[i] === 0) continue;
    out += text.slice(at, starts[i]) + MARK_START + text.slice(starts[i], ends[i]) + MARK_END;
    at = ends[i]!;
  }
  return to < starts.length ? `${out}${text.slice(at, ends[to - 1])}…` : out + text.slice(at);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

/** A snippet with the database's marks as HTML: the text escaped, the marks become <mark> (balanced). */
export function snippetHtml(raw: string): string {
  let open = false;
  let out = '';
  for (const part of raw.split(/([\u0001\u0002])/)) {
    if (part === MARK_START) { if (!open) { out += '<mark>'; open = true; } }
    else if (part === MARK_END) { if (open) { out += '</mark>'; open = false; } }
    else out += escapeHtml(part.replace(CONTROL, ' '));
  }
  return open ? `${out}</mark>` : out;
}
