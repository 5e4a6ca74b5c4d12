// A comment body is plain text. It becomes HTML here and only here: everything is escaped,
// blank lines separate paragraphs, single line breaks stay, web addresses become links
// marked as user-generated so they pass no search ranking, and "@Name" of an earlier commenter
// in the discussion links to their comment.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

// http(s) URLs and bare www. addresses; trailing punctuation is left outside the link.
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** Normalises line endings, strips control characters and trims; the stored body is this text. */
export function normaliseCommentText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A comment's lasting address: it leads to the comment on its article's page (comments.forms.ts). */
export const commentPermalink = (id: number) => `/comments/${id}`;

/** Earlier commenters of the discussion a body may mention: their name and the comment "@Name" links to. */
export interface Mentionable { name: string; href: string }

const WORD = /[\p{L}\p{N}_]/u;

/**
 * Escapes a piece of text, linking "@Name" where Name is one of `names` (any case, the longest that fits,
 * not followed by more of a word; the "@" not inside a word, so e-mail addresses stay text).
 */
function withMentions(text: string, names: readonly Mentionable[]): string {
  if (names.length === 0 || !text.includes('@')) return escapeHtml(text);
  let out = '';
  let last = 0;
  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i + 1)) {
    if (i < last || (i > 0 && WORD.test(text[i - 1]!))) continue;
    const rest = text.slice(i + 1).toLowerCase();
    const found = names.find((n) => rest.startsWith(n.name.toLowerCase()) && !WORD.test(text[i + 1 + n.name.length] ?? ''));
    if (!found) continue;
    const end = i + 1 + found.name.length;
    out += `${escapeHtml(text.slice(last, i))}<a class="mention" href="${escapeHtml(found.href)}">${escapeHtml(text.slice(i, end))}</a>`;
    last = end;
  }
  return out + escapeHtml(text.slice(last));
}

function linkify(line: string, names: readonly Mentionable[]): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(URL_RE)) {
    let url = m[0];
    // Keep a closing bracket that belongs to the URL, e.g. https://en.wikipedia.org/wiki/Foo_(bar)
    const trail = TRAILING.exec(url)?.[0] ?? '';
    if (trail) url = url.slice(0, -trail.length);
    if (trail.startsWith(')') && url.includes('(')) { url += ')'; }
    const start = m.index!;
    out += withMentions(line.slice(last, start), names);
    const href = url.toLowerCase().startsWith('www.') ? `https://${url}` : url;
    out += `<a href="${escapeHtml(href)}" rel="nofollow ugc noopener">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return out + withMentions(line.slice(last), names);
}

export function commentHtml(text: string, mentionable: readonly Mentionable[] = []): string {
  // Longest names first: "@Ada Lovelace" is Ada Lovelace, not Ada followed by " Lovelace".
  const names = [...mentionable].filter((n) => n.name.trim() !== '').sort((a, b) => b.name.length - a.name.length);
  return normaliseCommentText(text)
    .split(/\n{2,}/)
    .map((para) => `<p>${para.split('\n').map((line) => linkify(line, names)).join('<br>')}</p>`)
    .join('');
}
