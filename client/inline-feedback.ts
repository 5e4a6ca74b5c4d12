// Inline feedback on the article page: selecting text in the article body shows a "Comment on this passage"
// button beside the selection; every paragraph also has a small button (for keyboards and touch). Either
// hands the passage — exact, prefix, suffix, computed from the DOM exactly as the server computes the plain
// text (comments/anchors.ts) — to the comment island, which opens the main form with the quote. After an
// inline comment is posted, the article body is fetched again so its marks and counts are the server's.
import { BLOCK_ELEMENTS, CONTEXT_CHARS, EXACT_MAX, PlainTextBuilder, cleanText } from '../src/modules/comments/anchors.js';
import type { QuoteDraft } from '../src/modules/comments/views/CommentSection.js';

/** document event: a passage was chosen (detail: QuoteDraft). */
export const QUOTE_EVENT = 'gazette:quote';
/** document event: the island posted inline feedback (detail: the comment). */
export const INLINE_POSTED_EVENT = 'gazette:inline-posted';

/** Elements on the page that are not the article's text (added here or by the server's marks). */
const NOT_TEXT = '.inline-count, .para-comment';
const PARAGRAPHS = 'p, li, h2, h3, h4, h5, h6, pre, td, th, figcaption';

interface Walked { plain: PlainTextBuilder; texts: Text[]; starts: Map<Text, number>; total: number }

/** The body's plain text, fed node by node into the builder the server uses. */
function walk(body: Element): Walked {
  const plain = new PlainTextBuilder();
  const texts: Text[] = [];
  const starts = new Map<Text, number>();
  let raw = 0;
  const visit = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) {
      const t = n as Text;
      const c = cleanText(t.data);
      texts.push(t);
      starts.set(t, raw);
      plain.add(c);
      raw += c.length;
      return;
    }
    if (n.nodeType !== Node.ELEMENT_NODE || (n as Element).matches(NOT_TEXT)) return;
    const block = BLOCK_ELEMENTS.has((n as Element).localName);
    if (block) plain.boundary();
    n.childNodes.forEach(visit);
    if (block) plain.boundary();
  };
  body.childNodes.forEach(visit);
  return { plain, texts, starts, total: raw };
}

/** The raw position of a DOM boundary point: in its text node, or where the next text node starts. */
function rawAt(w: Walked, container: Node, offset: number): number {
  const start = container.nodeType === Node.TEXT_NODE ? w.starts.get(container as Text) : undefined;
  if (start !== undefined) return start + cleanText((container as Text).data.slice(0, offset)).length;
  const point = document.createRange();
  point.setStart(container, offset);
  const next = w.texts.find((t) => point.comparePoint(t, 0) >= 0);
  return next ? w.starts.get(next)! : w.total;
}

/** The passage a range covers, with its context, or undefined when it holds no text. */
export function quoteOfRange(body: Element, range: Range): QuoteDraft | undefined {
  const w = walk(body);
  const text = w.plain.text;
  let start = w.plain.offsetOf(rawAt(w, range.startContainer, range.startOffset));
  let end = w.plain.offsetOf(rawAt(w, range.endContainer, range.endOffset));
  while (start < end && text[start] === ' ') start++;
  end = Math.min(end, start + EXACT_MAX);
  if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end--; // never half an emoji
  while (end > start && text[end - 1] === ' ') end--;
  if (end <= start) return undefined;
  return { exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start), suffix: text.slice(end, end + CONTEXT_CHARS) };
}

function choose(doc: Document, quote: QuoteDraft) {
  doc.dispatchEvent(new CustomEvent(QUOTE_EVENT, { detail: quote }));
  doc.getElementById('comment-form')?.scrollIntoView({ block: 'center' });
}

/** A small button at the end of every paragraph of the body (reachable by keyboard and touch). */
function addParagraphButtons(doc: Document, body: Element) {
  for (const para of body.querySelectorAll<HTMLElement>(PARAGRAPHS)) {
    if (para.querySelector(PARAGRAPHS) || para.querySelector(':scope > .para-comment') || !para.textContent?.trim()) continue;
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'para-comment';
    button.setAttribute('aria-label', 'Comment on this paragraph');
    button.innerHTML = '<span aria-hidden="true">+</span>';
    button.addEventListener('click', () => {
      const range = doc.createRange();
      range.selectNodeContents(para);
      const quote = quoteOfRange(body, range);
      if (quote) choose(doc, quote);
    });
    para.append(button);
  }
}

export function installInlineFeedback(doc: Document): void {
  const body = doc.querySelector('.article-body');
  // Only where a reader can comment: the main form is on the page.
  if (!body || !doc.getElementById('comment-form')) return;
  addParagraphButtons(doc, body);

  const floating = doc.createElement('button');
  floating.type = 'button';
  floating.className = 'quote-button';
  floating.textContent = 'Comment on this passage';
  floating.hidden = true;
  doc.body.append(floating);
  let chosen: QuoteDraft | undefined;
  // Pressing the button must not clear the selection it is about.
  floating.addEventListener('pointerdown', (e) => e.preventDefault());
  floating.addEventListener('click', () => {
    floating.hidden = true;
    if (chosen) choose(doc, chosen);
  });

  let queued = false;
  const update = () => {
    queued = false;
    const sel = doc.getSelection();
    const range = sel && sel.rangeCount > 0 && !sel.isCollapsed ? sel.getRangeAt(0) : undefined;
    const current = doc.querySelector('.article-body');
    chosen = range && current && current.contains(range.commonAncestorContainer) ? quoteOfRange(current, range) : undefined;
    if (!range || !chosen) { floating.hidden = true; return; }
    const rect = range.getBoundingClientRect();
    const view = doc.documentElement.clientWidth;
    floating.style.top = `${rect.bottom + window.scrollY + 8}px`;
    floating.style.left = `${Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + view - 220))}px`;
    floating.hidden = false;
  };
  doc.addEventListener('selectionchange', () => { if (!queued) { queued = true; requestAnimationFrame(update); } });

  // After inline feedback is posted, the marks and counts come from the server's page.
  doc.addEventListener(INLINE_POSTED_EVENT, () => {
    void (async () => {
      try {
        const res = await fetch(location.pathname, { credentials: 'same-origin', cache: 'no-cache', headers: { accept: 'text/html' } });
        if (!res.ok) return;
        const fresh = new DOMParser().parseFromString(await res.text(), 'text/html').querySelector('.article-body');
        const current = doc.querySelector('.article-body');
        if (!fresh || !current) return;
        current.innerHTML = fresh.innerHTML;
        addParagraphButtons(doc, current);
      } catch { /* the marks appear on the next visit */ }
    })();
  });
}
