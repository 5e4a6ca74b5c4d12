// Imported HTML → HTML within the allow-list of what Gazette's Markdown renderer produces (articles/markdown.ts):
// paragraphs, headings, emphasis, links, lists, quotes, code, tables, images, figures. Everything else is
// unwrapped (its text kept: div, span, font …) or dropped with its content (script, style, iframe, object …).
// Attributes are allow-listed per element (no event handlers, no style); URLs keep only http(s), mailto and
// relative addresses (no javascript:, vbscript:, data:). An iframe with an https source becomes a link to it
// (a video embed stays reachable). The output is rebuilt from tokens, every value re-escaped, every element
// closed, so it is well-formed whatever came in.

const ALLOWED: Record<string, readonly string[]> = {
  p: [], br: [], hr: [], h1: [], h2: [], h3: [], h4: [], h5: [], h6: [],
  em: [], strong: [], s: [], code: [], pre: [], blockquote: [], sub: [], sup: [],
  ul: [], ol: ['start'], li: [],
  a: ['href', 'title'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  figure: ['class'], figcaption: [],
  table: [], thead: [], tbody: [], tr: [], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'],
};
/** Elements written under another name (WordPress's editors still write b and i). */
const RENAMED: Record<string, string> = { b: 'strong', i: 'em', strike: 's', del: 's', dt: 'p', dd: 'p' };
/** Dropped with everything inside them. */
const DROPPED = new Set(['script', 'style', 'iframe', 'object', 'embed', 'applet', 'noscript', 'template', 'svg', 'math', 'form', 'textarea', 'select', 'button', 'head', 'title', 'frameset', 'frame', 'noembed', 'xmp', 'plaintext']);
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'col', 'area', 'base', 'wbr', 'source', 'track', 'param', 'embed']);
const URL_ATTRS = new Set(['href', 'src']);

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', copy: '©', reg: '®', trade: '™', laquo: '«', raquo: '»', middot: '·', bull: '•', eacute: 'é', egrave: 'è', agrave: 'à', uuml: 'ü', ouml: 'ö', auml: 'ä', szlig: 'ß' };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
    }
    return NAMED[e] ?? NAMED[e.toLowerCase()] ?? m;
  });
}

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An address a reader's browser may follow or load: http(s), mailto (links only) or relative; else undefined. */
export function safeUrl(raw: string, kind: 'href' | 'src'): string | undefined {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"): so does this check.
  const url = decodeEntities(raw).replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (url === '') return undefined;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
  if (!scheme) return url.startsWith('//') ? `https:${url}` : url;
  const s = scheme[1]!.toLowerCase();
  if (s === 'http' || s === 'https' || (kind === 'href' && s === 'mailto')) return url;
  return undefined;
}

export type HtmlToken =
  | { type: 'text'; text: string }
  | { type: 'open'; name: string; attrs: [string, string][]; selfClosing: boolean }
  | { type: 'close'; name: string };

const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/** A forgiving HTML tokenizer (text decoded); comments, doctypes and processing instructions disappear. */
export function tokenizeHtml(html: string): HtmlToken[] {
  const out: HtmlToken[] = [];
  let i = 0;
  const text = (s: string) => { if (s) out.push({ type: 'text', text: decodeEntities(s) }); };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) { text(html.slice(i)); break; }
    text(html.slice(i, lt));
    i = lt;
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/.exec(html.slice(i, i + 64));
    if (!m) {
      if (/^<[!?]/.test(html.slice(i, i + 2))) {
        const end = html.indexOf('>', i);
        i = end === -1 ? html.length : end + 1;
      } else {
        text('<');
        i++;
      }
      continue;
    }
    let j = i + m[0].length;
    let quote = '';
    for (; j < html.length; j++) {
      const c = html[j]!;
      if (quote) { if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c; else if (c === '>') break;
    }
    const inner = html.slice(i + m[0].length, j);
    const name = m[2]!.toLowerCase();
    i = j + 1;
    if (m[1]) { out.push({ type: 'close', name }); continue; }
    const attrs: [string, string][] = [];
    for (const a of inner.matchAll(ATTR)) attrs.push([a[1]!.toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '']);
    out.push({ type: 'open', name, attrs, selfClosing: inner.trimEnd().endsWith('/') });
    // The content of raw-text elements is not markup: skip to their end tag.
    if (DROPPED.has(name) && name !== 'iframe' && !VOID.has(name)) {
      const end = html.toLowerCase().indexOf(`</${name}`, i);
      i = end === -1 ? html.length : end;
    }
  }
  return out;
}

/** Elements that are blocks at the top of a body (everything else there is text-level and needs a paragraph). */
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'hr', 'figure', 'figcaption', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);

/**
 * Sanitises HTML to the allow-list (see the top of this file). With `paragraphs`, text and text-level
 * elements left at the top level (between blocks) are put in a <p>, as the Markdown renderer would.
 */
export function sanitiseHtml(html: string, opts: { paragraphs?: boolean } = {}): string {
  const tokens = tokenizeHtml(html);
  const open: string[] = [];
  let out = '';
  let dropping: { name: string; depth: number } | undefined;
  let autoP = false;
  const emit = (s: string, block: boolean) => {
    if (opts.paragraphs && open.length === 0) {
      if (block && autoP) { out = out.replace(/(\s*)$/, '</p>$1'); autoP = false; }
      else if (!block && !autoP && s.trim() !== '') { out += '<p>'; autoP = true; }
    }
    out += s;
  };
  for (const t of tokens) {
    if (dropping) {
      if (t.type === 'open' && t.name === dropping.name && !t.selfClosing) dropping.depth++;
      if (t.type === 'close' && t.name === dropping.name && --dropping.depth === 0) dropping = undefined;
      continue;
    }
    if (t.type === 'text') { emit(escapeHtml(t.text), false); continue; }
    const name = RENAMED[t.name] ?? t.name;
    if (t.type === 'open') {
      if (DROPPED.has(name)) {
        if (name === 'iframe') {
          const src = safeUrl(t.attrs.find(([k]) => k === 'src')?.[1] ?? '', 'href');
          if (src && /^https:/i.test(src)) emit(`<p><a href="${escapeHtml(src)}">${escapeHtml(src)}</a></p>`, true);
        }
        if (!VOID.has(name) && !t.selfClosing) dropping = { name, depth: 1 };
        continue;
      }
      const allowed = ALLOWED[name];
      if (!allowed) continue;
      let attrs = '';
      for (const [k, v] of t.attrs) {
        if (!allowed.includes(k)) continue;
        const value = URL_ATTRS.has(k) ? safeUrl(v, k as 'href' | 'src') : decodeEntities(v);
        if (value === undefined) continue;
        if ((k === 'width' || k === 'height' || k === 'start' || k === 'colspan' || k === 'rowspan') && !/^\d{1,5}$/.test(value)) continue;
        if (k === 'class' && value !== 'article-image') continue; // the renderer's one class, no other styling
        attrs += ` ${k}="${escapeHtml(value)}"`;
      }
      if (name === 'img') {
        if (!/ src="/.test(attrs)) continue;
        emit(`<img${attrs} loading="lazy">`, false);
        continue;
      }
      if (VOID.has(name)) { emit(`<${name}${attrs}>`, BLOCKS.has(name)); continue; }
      if (name === 'a' && !/ href="/.test(attrs)) attrs = '';
      emit(`<${name}${attrs}>`, BLOCKS.has(name));
      open.push(name);
      continue;
    }
    if (!ALLOWED[name] || VOID.has(name)) continue;
    const at = open.lastIndexOf(name);
    if (at === -1) continue;
    while (open.length > at) out += `</${open.pop()!}>`;
  }
  while (open.length > 0) out += `</${open.pop()!}>`;
  if (autoP) out = out.replace(/(\s*)$/, '</p>$1');
  return out;
}

/** The plain text of HTML, keeping paragraph and line breaks (imported comments are plain text here). */
export function plainTextOfHtml(html: string): string {
  let out = '';
  let dropping = 0;
  for (const t of tokenizeHtml(html)) {
    if (t.type === 'open' && DROPPED.has(t.name) && !t.selfClosing && !VOID.has(t.name)) { dropping++; continue; }
    if (t.type === 'close' && DROPPED.has(t.name)) { dropping = Math.max(0, dropping - 1); continue; }
    if (dropping) continue;
    if (t.type === 'text') out += t.text;
    else if (t.name === 'br') out += '\n';
    else if (/^(p|div|blockquote|li|h[1-6]|pre)$/.test(t.name)) out += '\n\n';
  }
  return out.replace(/\r\n?/g, '\n').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}
