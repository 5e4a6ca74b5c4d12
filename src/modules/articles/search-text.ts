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
