// A small non-validating XML reader for export files (WordPress WXR, Disqus): elements, attributes, text,
// CDATA; comments, processing instructions and the DOCTYPE are skipped. Only the five predefined entities and
// numeric references are decoded — a DOCTYPE's own entities are never expanded (no entity bombs, no external
// entities). Element names keep their prefix, normalised by namespace URI for the namespaces exports use, so
// a file that binds WordPress's namespace to another prefix still reads as "wp:…".

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

export class XmlError extends Error {}

const NAMESPACE_PREFIXES: [RegExp, string][] = [
  [/^https?:\/\/wordpress\.org\/export\/[\d.]+\/excerpt\/?$/, 'excerpt'],
  [/^https?:\/\/wordpress\.org\/export\/[\d.]+\/?$/, 'wp'],
  [/^https?:\/\/purl\.org\/rss\/1\.0\/modules\/content\/?$/, 'content'],
  [/^https?:\/\/purl\.org\/dc\/elements\/1\.1\/?$/, 'dc'],
  [/^https?:\/\/disqus\.com\/disqus-internals\/?$/, 'dsq'],
];

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    }
    return PREDEFINED[e] ?? m;
  });
}

function lineOf(xml: string, at: number): number {
  let n = 1;
  for (let i = 0; i < at; i++) if (xml.charCodeAt(i) === 10) n++;
  return n;
}

/** Attributes; an unquoted value is read too (Disqus exports have been seen with them). */
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`/]+))/g;

/** Parses a whole document; throws XmlError (with the line) when it is not well-formed enough to read. */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: { el: XmlElement; ns: Map<string, string> }[] = [{ el: root, ns: new Map() }];
  const fail = (msg: string, at: number): never => { throw new XmlError(`${msg} (line ${lineOf(xml, at)})`); };
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const top = stack[stack.length - 1]!;
    if (lt === -1 || lt > i) {
      const text = xml.slice(i, lt === -1 ? xml.length : lt);
      if (stack.length > 1) top.el.children.push(decodeXmlText(text));
      else if (text.trim()) fail('Text outside the root element', i);
      if (lt === -1) break;
      i = lt;
      continue;
    }
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) fail('Unclosed comment', i);
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end === -1) fail('Unclosed CDATA section', i);
      top.el.children.push(xml.slice(i + 9, end));
      i = end + 3;
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end === -1) fail('Unclosed processing instruction', i);
      i = end + 2;
    } else if (xml.startsWith('<!', i)) {
      // DOCTYPE (with an internal subset in brackets): skipped, never expanded.
      let depth = 0;
      let j = i + 2;
      for (; j < xml.length; j++) {
        const c = xml[j];
        if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) break;
      }
      i = j + 1;
    } else if (xml[i + 1] === '/') {
      const end = xml.indexOf('>', i);
      if (end === -1) fail('Unclosed end tag', i);
      const raw = xml.slice(i + 2, end).trim();
      if (stack.length === 1) fail(`Unexpected </${raw}>`, i);
      const open = stack.pop()!;
      if (qualified(raw, open.ns) !== open.el.name) fail(`</${raw}> closes <${open.el.name}>`, i);
      i = end + 1;
    } else {
      // A start tag: find its end outside quoted attribute values.
      let j = i + 1;
      let quote = '';
      for (; j < xml.length; j++) {
        const c = xml[j]!;
        if (quote) { if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c; else if (c === '>') break;
      }
      if (j >= xml.length) fail('Unclosed start tag', i);
      const selfClosing = xml[j - 1] === '/';
      const inner = xml.slice(i + 1, selfClosing ? j - 1 : j);
      const nameMatch = /^[^\s/>]+/.exec(inner);
      if (!nameMatch) fail('A tag without a name', i);
      const rawAttrs: Record<string, string> = {};
      for (const m of inner.slice(nameMatch![0].length).matchAll(ATTR)) rawAttrs[m[1]!] = decodeXmlText(m[2] ?? m[3] ?? m[4] ?? '');
      const ns = new Map(top.ns);
      for (const [k, v] of Object.entries(rawAttrs)) if (k.startsWith('xmlns:')) ns.set(k.slice(6), v);
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(rawAttrs)) if (!k.startsWith('xmlns')) attrs[qualified(k, ns)] = v;
      const el: XmlElement = { name: qualified(nameMatch![0], ns), attrs, children: [] };
      if (stack.length === 1 && root.children.some((c) => typeof c !== 'string')) fail('More than one root element', i);
      top.el.children.push(el);
      if (!selfClosing) stack.push({ el, ns });
      i = j + 1;
    }
  }
  if (stack.length > 1) fail(`<${stack[stack.length - 1]!.el.name}> is never closed`, xml.length);
  const first = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!first) throw new XmlError('The file has no root element');
  return first;
}

function qualified(raw: string, ns: Map<string, string>): string {
  const colon = raw.indexOf(':');
  if (colon === -1) return raw;
  const prefix = raw.slice(0, colon);
  const uri = ns.get(prefix);
  if (uri === undefined) return raw;
  const known = NAMESPACE_PREFIXES.find(([re]) => re.test(uri));
  return known ? `${known[1]}:${raw.slice(colon + 1)}` : raw;
}

// ---- Reading helpers ----------------------------------------------------------------------------------

export const childElements = (el: XmlElement, name?: string): XmlElement[] =>
  el.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));

export const child = (el: XmlElement, name: string): XmlElement | undefined => childElements(el, name)[0];

/** All text inside an element (CDATA included), as written. */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return '';
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** The trimmed text of a child element ('' when there is none). */
export const childText = (el: XmlElement, name: string): string => textOf(child(el, name)).trim();
