// Inline feedback anchors (no I/O): an article's plain text, derived from its sanitised body HTML in one
// way the browser reproduces (client/inline-feedback.ts feeds the same builder from the DOM), where a
// W3C TextQuoteSelector (exact, prefix, suffix) lies in it, and the body HTML with the placed passages marked.
//
// Plain text: the text of every text node (entities decoded, Unicode NFC, soft hyphens and zero-width
// characters dropped), a space at each block element's start and end, every run of white space one space,
// none at the ends. Offsets are UTF-16 code units of that text.

export const EXACT_MAX = 1000;
export const CONTEXT_MAX = 64;
/** Context stored beside a quote (the server takes it from the article's own text). */
export const CONTEXT_CHARS = 32;
/** A fuzzy match may differ from the quote in at most this share of its characters. */
export const FUZZY_MAX_ERRORS = 0.25;
/** Shorter quotes are placed only exactly or by their context: a few letters match too much by chance. */
export const FUZZY_MIN_LENGTH = 12;
/** The approximate search costs about k × text length steps; beyond this it looks only around the hint. */
export const FUZZY_BUDGET = 10_000_000;

export interface TextQuote { exact: string; prefix?: string; suffix?: string }
export interface TextRange { start: number; end: number }

/** Elements whose edges separate words (the browser's selection puts line breaks there). */
export const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'img', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

const INVISIBLE = /[\u00ad\u200b\u200c\u200d\u2060\ufeff]/g;
const SPACE = /\s/;

/** A text node's characters as the plain text counts them (NFC, invisible characters dropped). */
export const cleanText = (s: string) => s.normalize('NFC').replace(INVISIBLE, '');
/** A quote or context as the plain text would have it: cleaned, white space collapsed (not trimmed). */
export const normaliseText = (s: string) => cleanText(s).replace(/\s+/g, ' ');
export const normaliseQuote = (q: TextQuote): Required<TextQuote> => ({
  exact: normaliseText(q.exact).trim(), prefix: normaliseText(q.prefix ?? ''), suffix: normaliseText(q.suffix ?? ''),
});

/**
 * Builds the plain text from text chunks and block boundaries. `src[i]` is where plain character i came
 * from: its index in the concatenated cleaned chunks, or (for a space standing for a block boundary) the
 * index of the next character minus a half.
 */
export class PlainTextBuilder {
  text = '';
  readonly src: number[] = [];
  private raw = 0;
  /** A space is owed before the next visible character: where it came from (NaN: a block boundary). */
  private pending: number | undefined;

  boundary(): void { this.pending ??= Number.NaN; }

  add(chunk: string): void {
    for (let k = 0; k < chunk.length; k++, this.raw++) {
      const ch = chunk[k]!;
      if (SPACE.test(ch)) { this.pending ??= this.raw; continue; }
      if (this.pending !== undefined && this.text.length > 0) {
        this.text += ' ';
        this.src.push(Number.isNaN(this.pending) ? this.raw - 0.5 : this.pending);
      }
      this.pending = undefined;
      this.text += ch;
      this.src.push(this.raw);
    }
  }

  /** The plain offset of a raw position: the first plain character that comes from there or later. */
  offsetOf(raw: number): number {
    let lo = 0;
    let hi = this.src.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.src[mid]! < raw) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}

// ---- Sanitised HTML ---------------------------------------------------------------------------------

type Token = { kind: 'text'; raw: string } | { kind: 'tag'; raw: string; name: string; closing: boolean };

/** Tags and text of sanitised HTML (markdown-it's output: attribute values never hold a raw `>`). */
function tokenize(html: string): Token[] {
  const out: Token[] = [];
  for (const m of html.matchAll(/<[^>]*>|<|[^<]+/g)) {
    const raw = m[0];
    const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)/.exec(raw);
    if (tag) out.push({ kind: 'tag', raw, name: tag[2]!.toLowerCase(), closing: tag[1] === '/' });
    else if (raw.startsWith('<') && raw.length > 1) out.push({ kind: 'tag', raw, name: '', closing: false }); // <!…>
    else out.push({ kind: 'text', raw });
  }
  return out;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name] ?? whole;
  });
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Parsed { tokens: Token[]; cleaned: (string | undefined)[]; starts: number[]; plain: PlainTextBuilder }

function parse(html: string): Parsed {
  const tokens = tokenize(html);
  const plain = new PlainTextBuilder();
  const cleaned: (string | undefined)[] = [];
  const starts: number[] = [];
  let raw = 0;
  for (const t of tokens) {
    starts.push(raw);
    if (t.kind === 'tag') {
      cleaned.push(undefined);
      if (BLOCK_ELEMENTS.has(t.name)) plain.boundary();
    } else {
      const c = cleanText(decodeEntities(t.raw));
      cleaned.push(c);
      plain.add(c);
      raw += c.length;
    }
  }
  return { tokens, cleaned, starts, plain };
}

/** The article's plain text (see the top of this file). */
export const plainTextOf = (html: string): string => parse(html).plain.text;

// ---- Locating a quote ---------------------------------------------------------------------------------

/** How much of the context agrees, 0 … 1 (1 when there is none to compare). */
function prefixAgreement(text: string, start: number, prefix: string): number {
  if (!prefix) return 1;
  let n = 0;
  while (n < prefix.length && start - 1 - n >= 0 && text[start - 1 - n] === prefix[prefix.length - 1 - n]) n++;
  return n / prefix.length;
}
function suffixAgreement(text: string, end: number, suffix: string): number {
  if (!suffix) return 1;
  let n = 0;
  while (n < suffix.length && end + n < text.length && text[end + n] === suffix[n]) n++;
  return n / suffix.length;
}
const contextScore = (text: string, r: TextRange, q: Required<TextQuote>) =>
  (prefixAgreement(text, r.start, q.prefix) + suffixAgreement(text, r.end, q.suffix)) / 2;
/** 1 at the hint, falling to 0 at the far end of the text. */
const closeness = (text: string, start: number, hint: number | undefined) =>
  hint === undefined ? 0 : 1 - Math.min(1, Math.abs(start - hint) / Math.max(1, text.length));

/** A range never splits a surrogate pair (an emoji stays whole). */
function whole(text: string, r: TextRange): TextRange {
  const low = (i: number) => i > 0 && i < text.length && /[\udc00-\udfff]/.test(text[i]!) && /[\ud800-\udbff]/.test(text[i - 1]!);
  return { start: low(r.start) ? r.start - 1 : r.start, end: low(r.end) ? r.end + 1 : r.end };
}

function best<T>(items: T[], score: (t: T) => number): T | undefined {
  let top: T | undefined;
  let topScore = -Infinity;
  for (const it of items) {
    const s = score(it);
    if (s > topScore) { top = it; topScore = s; }
  }
  return top;
}

function exactMatches(text: string, exact: string): TextRange[] {
  const found: TextRange[] = [];
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) found.push({ start: i, end: i + exact.length });
  return found;
}

/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), prev[j]! + 1, cur[j - 1]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The passage between its old context: prefix and suffix both still there, close together, and what lies
 * between them still resembles the quote (at most half of it changed).
 */
function byContext(text: string, q: Required<TextQuote>): TextRange[] {
  if (q.prefix.trim().length < 8 || q.suffix.trim().length < 8) return [];
  const found: TextRange[] = [];
  const maxGap = q.exact.length * 2 + 16;
  for (let p = text.indexOf(q.prefix), n = 0; p !== -1 && n < 50; p = text.indexOf(q.prefix, p + 1), n++) {
    const start = p + q.prefix.length;
    const s = text.indexOf(q.suffix, start);
    if (s === -1 || s - start > maxGap) continue;
    const between = text.slice(start, s).trim();
    const limit = Math.floor(Math.max(between.length, q.exact.length) / 2);
    if (between.length > 0 && editDistance(between, q.exact, limit) <= limit) {
      const lead = text.slice(start, s).length - text.slice(start, s).trimStart().length;
      found.push({ start: start + lead, end: start + lead + between.length });
    }
  }
  return found;
}

interface Approximate extends TextRange { errors: number }

/**
 * Approximate substring search (Sellers' dynamic programme with Ukkonen's cut-off: O(k·n)): every end in
 * the text where the quote matches with at most `k` edits, each with the start of its best alignment;
 * one per run of neighbouring ends (the one with the fewest edits).
 */
export function approximateMatches(text: string, pattern: string, k: number): Approximate[] {
  const m = pattern.length;
  if (m === 0) return [];
  const big = k + 1;
  let prevD = new Int32Array(m + 1);
  let prevS = new Int32Array(m + 1);
  let curD = new Int32Array(m + 1);
  let curS = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) prevD[i] = i;
  let prevLim = m;
  let top = Math.min(m, k);
  const out: Approximate[] = [];
  let run: Approximate | undefined;
  let lastEnd = -2;
  for (let j = 1; j <= text.length; j++) {
    const tj = text[j - 1];
    curD[0] = 0;
    curS[0] = j;
    const lim = Math.min(m, top + 1);
    for (let i = 1; i <= lim; i++) {
      let d = prevD[i - 1]! + (pattern[i - 1] === tj ? 0 : 1);
      let s = prevS[i - 1]!;
      const left = i <= prevLim ? prevD[i]! + 1 : big + 1;
      if (left < d) { d = left; s = prevS[i]!; }
      const up = curD[i - 1]! + 1;
      if (up < d) { d = up; s = curS[i - 1]!; }
      curD[i] = d;
      curS[i] = s;
    }
    prevLim = lim;
    top = lim;
    while (top > 0 && curD[top]! > k) top--;
    if (lim === m && curD[m]! <= k) {
      const hit = { start: curS[m]!, end: j, errors: curD[m]! };
      if (run && lastEnd === j - 1) { if (hit.errors < run.errors) Object.assign(run, hit); } else { run = hit; out.push(run); }
      lastEnd = j;
    }
    [prevD, curD] = [curD, prevD];
    [prevS, curS] = [curS, prevS];
  }
  return out;
}

export interface LocateOptions {
  /** false: exact occurrences only (a new anchor must quote the article as it is). */
  fuzzy?: boolean;
}

/**
 * Where the quote is in the text, or undefined: (1) every exact occurrence, scored by how well its
 * context agrees and its distance to the hint; (2) the passage between its unchanged context when it was
 * rewritten; (3) an approximate match with at most FUZZY_MAX_ERRORS of the quote's length changed,
 * scored by its edits, its context and its distance to the hint. The quote is normalised here.
 */
export function locate(text: string, selector: TextQuote, hint?: number, opts: LocateOptions = {}): TextRange | undefined {
  const q = normaliseQuote(selector);
  if (!q.exact) return undefined;
  const exact = best(exactMatches(text, q.exact), (r) => contextScore(text, r, q) * 10 + closeness(text, r.start, hint));
  if (exact || opts.fuzzy === false) return exact;
  const framed = best(byContext(text, q), (r) => closeness(text, r.start, hint));
  if (framed) return framed;
  if (q.exact.length < FUZZY_MIN_LENGTH) return undefined;
  const k = Math.floor(q.exact.length * FUZZY_MAX_ERRORS);
  // A very long article with a long quote: search a window around the hint that fits the budget.
  const span = Math.max(q.exact.length * 2, Math.floor(FUZZY_BUDGET / Math.max(1, k)));
  const from = text.length <= span ? 0 : Math.max(0, Math.min(text.length - span, (hint ?? 0) - (span >> 1)));
  const hits = approximateMatches(text.slice(from, from + span), q.exact, k).map((r) => ({ ...r, start: r.start + from, end: r.end + from }));
  const near = best(hits,
    (r) => -10 * (r.errors / q.exact.length) + 2 * contextScore(text, r, q) + closeness(text, r.start, hint));
  return near && whole(text, { start: near.start, end: near.end });
}

/** The selector as stored: the article's own text at the range, with up to CONTEXT_CHARS of it around. */
export function selectorAt(text: string, r: TextRange): Required<TextQuote> {
  return {
    exact: text.slice(r.start, r.end),
    prefix: text.slice(Math.max(0, r.start - CONTEXT_CHARS), r.start),
    suffix: text.slice(r.end, r.end + CONTEXT_CHARS),
  };
}

// ---- Marking passages in the body HTML --------------------------------------------------------------

export interface Passage extends TextRange {
  /** Inline comments on it. */
  count: number;
  /** Where its count links to (the first of its comments in the inline filter). */
  href: string;
}

/** Overlapping passages become one mark (no nested marks), counting the comments of all. */
function merged(passages: readonly Passage[], length: number): Passage[] {
  const sorted = passages.filter((p) => p.start < p.end && p.start >= 0 && p.end <= length).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Passage[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.start < last.end) { last.end = Math.max(last.end, p.end); last.count += p.count; } else out.push({ ...p });
  }
  return out;
}

const countLabel = (n: number) => `${n} ${n === 1 ? 'comment' : 'comments'} on this passage`;

/**
 * The body HTML with each passage wrapped in `<mark class="inline-passage">` — one mark per text node it
 * touches, so marks never cross an element's edge — and its count as a link after its last piece (after
 * the enclosing link, if the passage ends inside one: links do not nest). Ranges are plain-text offsets.
 */
export function markPassages(html: string, passages: readonly Passage[]): string {
  if (passages.length === 0) return html;
  const { tokens, cleaned, starts, plain } = parse(html);
  const marks = merged(passages, plain.text.length);
  if (marks.length === 0) return html;
  // Per text token: the raw spans to wrap, and the counts that follow a span.
  const spans = new Map<number, { from: number; to: number; after?: Passage }[]>();
  // Text tokens in order, for finding the one a raw position falls in.
  const texts = tokens.flatMap((t, i) => (t.kind === 'text' && cleaned[i]!.length > 0 ? [i] : []));
  const tokenAt = (raw: number) => {
    let lo = 0;
    let hi = texts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[texts[mid]!]! <= raw) lo = mid; else hi = mid - 1;
    }
    return texts[lo]!;
  };
  for (const mark of marks) {
    let lastSpan: { from: number; to: number; after?: Passage } | undefined;
    for (let p = mark.start; p < mark.end; p++) {
      const raw = plain.src[p]!;
      if (!Number.isInteger(raw)) continue; // a space standing for a block boundary
      const t = tokenAt(raw);
      const off = raw - starts[t]!;
      const list = spans.get(t) ?? [];
      spans.set(t, list);
      const open = list[list.length - 1];
      if (open && open === lastSpan && lastSpan.to <= off) open.to = off + 1;
      else { lastSpan = { from: off, to: off + 1 }; list.push(lastSpan); }
    }
    if (lastSpan) lastSpan.after = mark;
  }
  let out = '';
  let linkDepth = 0;
  const owed: Passage[] = [];
  const countLink = (m: Passage) =>
    `<a class="inline-count" href="${escapeHtml(m.href)}" aria-label="${countLabel(m.count)}">${m.count}</a>`;
  tokens.forEach((tok, i) => {
    if (tok.kind === 'tag') {
      out += tok.raw;
      if (tok.name === 'a') linkDepth += tok.closing ? -1 : 1;
      if (tok.name === 'a' && tok.closing && linkDepth <= 0) { linkDepth = 0; while (owed.length) out += countLink(owed.shift()!); }
      return;
    }
    const text = cleaned[i]!;
    const list = spans.get(i);
    if (!list) { out += escapeHtml(text); return; }
    let at = 0;
    for (const s of list) {
      const piece = text.slice(s.from, s.to);
      out += escapeHtml(text.slice(at, s.from));
      out += piece.trim() ? `<mark class="inline-passage">${escapeHtml(piece)}</mark>` : escapeHtml(piece);
      if (s.after) { if (linkDepth > 0) owed.push(s.after); else out += countLink(s.after); }
      at = s.to;
    }
    out += escapeHtml(text.slice(at));
  });
  for (const m of owed) out += countLink(m);
  return out;
}
