// A comment body is plain text. It becomes HTML here and only here: everything is escaped,
// blank lines separate paragraphs, single line breaks stay, and web addresses become links
// marked as user-generated so they pass no search ranking.

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

function linkify(line: string): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(URL_RE)) {
    let url = m[0];
    // Keep a closing bracket that belongs to the URL, e.g. https://en.wikipedia.org/wiki/Foo_(bar)
    const trail = TRAILING.exec(url)?.[0] ?? '';
    if (trail) url = url.slice(0, -trail.length);
    if (trail.startsWith(')') && url.includes('(')) { url += ')'; }
    const start = m.index!;
    out += escapeHtml(line.slice(last, start));
    const href = url.toLowerCase().startsWith('www.') ? `https://${url}` : url;
    out += `<a href="${escapeHtml(href)}" rel="nofollow ugc noopener">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return out + escapeHtml(line.slice(last));
}

export function commentHtml(text: string): string {
  return normaliseCommentText(text)
    .split(/\n{2,}/)
    .map((para) => `<p>${para.split('\n').map(linkify).join('<br>')}</p>`)
    .join('');
}
