// A small strict XML parser for the tests: refuses anything not well-formed (unclosed or crossed tags, a
// raw "<" or "&" in text, unknown entities, duplicate attributes, an unbound namespace prefix, more than one
// root) and gives the tree with each element's namespace URI resolved.

export interface XEl {
  name: string;
  /** The namespace URI of the element ('' for none). */
  ns: string;
  /** The local name (without prefix). */
  local: string;
  attrs: Record<string, string>;
  children: (XEl | string)[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = '[A-Za-z_][\\w.:-]*';

function decode(raw: string, where: number): string {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) throw new Error(`xml: bad entity near ${where}`);
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_m, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!);
}

export function parseXml(src: string): XEl {
  let i = 0;
  const fail = (msg: string): never => { throw new Error(`xml: ${msg} at ${i}: ${JSON.stringify(src.slice(i, i + 40))}`); };
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    if (!/^<\?xml version="1\.0"( encoding="UTF-8")?\?>$/.test(src.slice(0, end + 2))) fail('bad declaration');
    i = end + 2;
  }
  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(src.slice(i))![0];
      i += ws.length;
      if (src.startsWith('<!--', i)) { const e = src.indexOf('-->', i); if (e < 0) fail('unterminated comment'); i = e + 3; } else return;
    }
  };
  const stack: XEl[] = [];
  const nsStack: Record<string, string>[] = [{ xml: 'http://www.w3.org/XML/1998/namespace' }];
  let root: XEl | undefined;
  skipMisc();
  if (src[i] !== '<') fail('no root');
  while (i < src.length) {
    if (stack.length === 0 && root) { skipMisc(); if (i < src.length) fail('content after the root'); break; }
    if (src.startsWith('<!--', i)) { const e = src.indexOf('-->', i); if (e < 0) fail('unterminated comment'); i = e + 3; continue; }
    if (src.startsWith('<![CDATA[', i)) {
      const e = src.indexOf(']]>', i);
      if (e < 0 || stack.length === 0) fail('bad CDATA');
      stack.at(-1)!.children.push(src.slice(i + 9, e));
      i = e + 3;
      continue;
    }
    if (src.startsWith('</', i)) {
      const m = new RegExp(`^</(${NAME})\\s*>`).exec(src.slice(i));
      if (!m) fail('bad end tag');
      const open = stack.pop();
      nsStack.pop();
      if (!open || open.name !== m![1]) fail(`end tag ${m![1]} does not close ${open?.name}`);
      i += m![0].length;
      continue;
    }
    if (src[i] === '<') {
      const m = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`).exec(src.slice(i));
      if (!m) fail('bad start tag');
      const attrs: Record<string, string> = {};
      for (const a of m![2]!.matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g'))) {
        if (Object.hasOwn(attrs, a[1]!)) fail(`duplicate attribute ${a[1]}`);
        attrs[a[1]!] = decode(a[2] ?? a[3] ?? '', i);
      }
      const scope = { ...nsStack.at(-1)! };
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'xmlns') scope[''] = v;
        else if (k.startsWith('xmlns:')) scope[k.slice(6)] = v;
      }
      const name = m![1]!;
      const [prefix, local] = name.includes(':') ? name.split(':', 2) as [string, string] : ['', name];
      if (prefix && scope[prefix] === undefined) fail(`unbound prefix ${prefix}`);
      for (const k of Object.keys(attrs)) {
        const p = k.includes(':') ? k.split(':')[0]! : '';
        if (p && p !== 'xmlns' && scope[p] === undefined) fail(`unbound attribute prefix ${p}`);
      }
      const el: XEl = { name, ns: scope[prefix] ?? '', local, attrs, children: [] };
      if (stack.length) stack.at(-1)!.children.push(el);
      else if (root) fail('second root');
      else root = el;
      i += m![0].length;
      if (m![3] !== '/') { stack.push(el); nsStack.push(scope); }
      continue;
    }
    const next = src.indexOf('<', i);
    const end = next < 0 ? src.length : next;
    const text = src.slice(i, end);
    if (stack.length === 0) { if (text.trim()) fail('text outside the root'); } else {
      if (text.includes('>') && text.includes(']]>')) fail(']]> in text');
      stack.at(-1)!.children.push(decode(text, i));
    }
    i = end;
  }
  if (stack.length || !root) fail('unclosed elements');
  return root!;
}

/** Child elements, optionally only those with this (qualified) name. */
export const kids = (el: XEl, name?: string): XEl[] => el.children.filter((c): c is XEl => typeof c !== 'string' && (name === undefined || c.name === name));
/** The only child of that name (throws when there is none or more than one). */
export function one(el: XEl, name: string): XEl {
  const found = kids(el, name);
  if (found.length !== 1) throw new Error(`expected one <${name}> in <${el.name}>, found ${found.length}`);
  return found[0]!;
}
/** The text of an element (its text children joined). */
export const text = (el: XEl): string => el.children.map((c) => (typeof c === 'string' ? c : text(c))).join('');
