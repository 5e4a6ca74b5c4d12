// Sanitised HTML (html-sanitise.ts's allow-list) → Markdown, so an imported article opens in the editor as
// Markdown like any other: Gazette renders Markdown with raw HTML escaped (markdown-it, html: false), so
// the HTML itself in body_markdown would show as text after the first save. Until then the article shows the
// imported HTML (body_html); a save renders this Markdown, which says the same in the renderer's terms
// (paragraphs, headings, emphasis, links, lists, quotes, code, tables, images; a figure's caption becomes an
// emphasised line under its image).
import { tokenizeHtml } from './html-sanitise.js';

interface Node { name: string; attrs: Map<string, string>; children: (Node | string)[] }

function treeOf(html: string): Node {
  const root: Node = { name: '#root', attrs: new Map(), children: [] };
  const stack = [root];
  for (const t of tokenizeHtml(html)) {
    const top = stack[stack.length - 1]!;
    if (t.type === 'text') top.children.push(t.text);
    else if (t.type === 'open') {
      const node: Node = { name: t.name, attrs: new Map(t.attrs), children: [] };
      top.children.push(node);
      if (!['br', 'hr', 'img'].includes(t.name)) stack.push(node);
    } else {
      const at = stack.map((n) => n.name).lastIndexOf(t.name);
      if (at > 0) stack.length = at;
    }
  }
  return root;
}

const escapeText = (s: string) => s.replace(/([\\`*_[\]<>|~])/g, '\\$1');
const escapeLineStart = (s: string) => s
  .replace(/^(\s*)([#>+-])(?=\s|$)/gm, '$1\\$2')
  .replace(/^(\s*)(\d+)([.)])(?=\s|$)/gm, '$1$2\\$3');

function linkTarget(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
}

function inline(nodes: (Node | string)[]): string {
  let out = '';
  for (const n of nodes) {
    if (typeof n === 'string') { out += escapeText(n.replace(/\s+/g, ' ')); continue; }
    const inner = () => inline(n.children).trim();
    switch (n.name) {
      case 'em': { const x = inner(); out += x ? `*${x}*` : ''; break; }
      case 'strong': { const x = inner(); out += x ? `**${x}**` : ''; break; }
      case 's': { const x = inner(); out += x ? `~~${x}~~` : ''; break; }
      case 'code': {
        const text = textOf(n);
        const ticks = '`'.repeat(Math.max(1, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
        out += `${ticks}${ticks.length > 1 ? ' ' : ''}${text}${ticks.length > 1 ? ' ' : ''}${ticks}`;
        break;
      }
      case 'a': {
        const href = n.attrs.get('href');
        const text = inner() || (href ? escapeText(href) : '');
        out += href ? `[${text}](${linkTarget(href)})` : text;
        break;
      }
      case 'img': {
        const src = n.attrs.get('src');
        if (src) out += `![${escapeText(n.attrs.get('alt') ?? '')}](${linkTarget(src)})`;
        break;
      }
      case 'br': out += '\\\n'; break;
      default: out += inline(n.children);
    }
  }
  return out;
}

const textOf = (n: Node | string): string => (typeof n === 'string' ? n : n.children.map(textOf).join(''));

const indent = (s: string, by: string, first = by) => s.split('\n').map((l, i) => (l === '' ? l : (i === 0 ? first : by) + l)).join('\n');

function blocks(nodes: (Node | string)[]): string {
  const out: string[] = [];
  let pending: (Node | string)[] = [];
  const flush = () => {
    const text = escapeLineStart(inline(pending).trim());
    if (text) out.push(text);
    pending = [];
  };
  for (const n of nodes) {
    if (typeof n === 'string' || !BLOCK.has(n.name)) { pending.push(n); continue; }
    flush();
    const b = block(n);
    if (b) out.push(b);
  }
  flush();
  return out.join('\n\n');
}

const BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'hr', 'figure', 'figcaption', 'table']);

function block(n: Node): string {
  switch (n.name) {
    case 'p': case 'figcaption': return escapeLineStart(inline(n.children).trim());
    case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': {
      const text = inline(n.children).replace(/\\\n/g, ' ').trim();
      return text ? `${'#'.repeat(Number(n.name[1]))} ${text}` : '';
    }
    case 'hr': return '---';
    case 'pre': {
      const code = textOf(n).replace(/\n$/, '');
      const fence = '`'.repeat(Math.max(3, ...[...code.matchAll(/`{3,}/g)].map((m) => m[0].length + 1)));
      return `${fence}\n${code}\n${fence}`;
    }
    case 'blockquote': return indent(blocks(n.children), '> ').replace(/^$/gm, '>');
    case 'ul': case 'ol': {
      let number = Number(n.attrs.get('start') ?? '1') || 1;
      const items = n.children.filter((c): c is Node => typeof c !== 'string' && c.name === 'li');
      return items.map((li) => {
        const marker = n.name === 'ol' ? `${number++}. ` : '- ';
        return indent(blocks(li.children) || '', ' '.repeat(marker.length), marker);
      }).join('\n');
    }
    case 'li': return blocks(n.children);
    case 'figure': {
      const parts = n.children.filter((c): c is Node => typeof c !== 'string');
      const caption = parts.find((c) => c.name === 'figcaption');
      const media = inline(parts.filter((c) => c.name !== 'figcaption')).trim();
      const text = caption ? inline(caption.children).trim() : '';
      return [media, text ? `_${text}_` : ''].filter(Boolean).join('\n\n');
    }
    case 'table': {
      const rows: Node[] = [];
      const collect = (x: Node) => { for (const c of x.children) if (typeof c !== 'string') (c.name === 'tr' ? rows.push(c) : collect(c)); };
      collect(n);
      if (rows.length === 0) return '';
      const cells = rows.map((r) => r.children.filter((c): c is Node => typeof c !== 'string').map((c) => inline(c.children).replace(/\\\n/g, ' ').trim()));
      const width = Math.max(...cells.map((c) => c.length));
      const line = (c: string[]) => `| ${Array.from({ length: width }, (_, i) => c[i] ?? '').join(' | ')} |`;
      return [line(cells[0]!), `|${' --- |'.repeat(width)}`, ...cells.slice(1).map(line)].join('\n');
    }
    default: return blocks(n.children);
  }
}

export function htmlToMarkdown(html: string): string {
  return blocks(treeOf(html).children).replace(/\\\n[ \t]+/g, '\\\n').replace(/\n{3,}/g, '\n\n').trim();
}
