// A tiny XML writer: elements are built as data and serialised once, every text and attribute value
// escaped on the way out (no string concatenation of unescaped data anywhere in the feeds and sitemaps).

export interface XmlElement {
  name: string;
  attrs: Record<string, string | number | undefined>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string | undefined | null | false;

/** An element; attributes whose value is undefined are left out, as are children that are not nodes. */
export const x = (name: string, attrs: XmlElement['attrs'] = {}, ...children: (XmlNode | XmlNode[])[]): XmlElement =>
  ({ name, attrs, children: children.flat() });

/** Characters XML 1.0 does not allow at all (control characters, lone surrogates, U+FFFE/U+FFFF): dropped. */
// eslint-disable-next-line no-control-regex
const INVALID = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(value: string): string {
  return value.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const NAME = /^[A-Za-z_][\w.:-]*$/;

function write(node: XmlNode, out: string[]): void {
  if (node === undefined || node === null || node === false) return;
  if (typeof node === 'string') { out.push(escapeXml(node)); return; }
  if (!NAME.test(node.name)) throw new Error(`xml: bad element name ${node.name}`);
  out.push('<', node.name);
  for (const [k, v] of Object.entries(node.attrs)) {
    if (v === undefined) continue;
    if (!NAME.test(k)) throw new Error(`xml: bad attribute name ${k}`);
    out.push(' ', k, '="', escapeXml(String(v)), '"');
  }
  const kids = node.children.filter((c) => c !== undefined && c !== null && c !== false && c !== '');
  if (kids.length === 0) { out.push('/>'); return; }
  out.push('>');
  for (const c of kids) write(c, out);
  out.push('</', node.name, '>');
}

/** The document: the XML declaration and the root element. */
export function xmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, out);
  out.push('\n');
  return out.join('');
}
