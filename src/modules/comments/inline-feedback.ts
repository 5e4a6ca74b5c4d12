// Inline feedback: a top-level comment on a passage of its article. The anchor is checked against the
// article when the comment is written, re-attached whenever the article is edited (in the edit's
// transaction, so marks and body always agree), and turned into the marks of the article page.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { DialectName } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { EXACT_MAX, locate, markPassages, plainTextOf, selectorAt, type Passage, type TextQuote } from './anchors.js';
import { anchoredComments, articleBodyHtml, placedPassages, setPlacement } from './anchors.repo.js';

type DB = Kysely<Database> | Transaction<Database>;

export const anchorNotFound = () =>
  new AppError(422, 'ANCHOR_NOT_FOUND', 'The quoted passage is not in this article (it may have just been edited)', 'anchor');
export const anchorOnReply = () =>
  new AppError(400, 'ANCHOR_ON_REPLY', 'A reply belongs to the inline feedback it answers: only a new comment can quote a passage', 'anchor');

/** The anchor columns of a new comment: the article's own text at the quote (exact occurrences only), or 422. */
export function anchorColumns(bodyHtml: string, quote: TextQuote) {
  const text = plainTextOf(bodyHtml);
  const range = locate(text, quote, undefined, { fuzzy: false });
  if (!range) throw anchorNotFound();
  const s = selectorAt(text, range);
  // Normalising can lengthen a quote (a few characters decompose under NFC): the column holds EXACT_MAX.
  if (s.exact.length > EXACT_MAX) throw new AppError(400, 'TOO_LONG', `anchor.exact: at most ${EXACT_MAX} characters`, 'anchor.exact');
  return { anchor_exact: s.exact, anchor_prefix: s.prefix, anchor_suffix: s.suffix, anchor_start: range.start, anchor_end: range.end, anchor_placed: 1 };
}

/** The anchor columns, checked against the article as it is in this transaction (its row locked: see the repo). */
export async function anchorColumnsIn(tx: DB, dialect: DialectName, articleId: number, quote: TextQuote) {
  const html = await articleBodyHtml(tx, articleId, dialect);
  if (html === undefined) throw anchorNotFound();
  return anchorColumns(html, quote);
}

/**
 * After an edit of the article: every anchored comment is located again from its quote and context
 * (exact, then by context, then fuzzy; the old start is the hint) and stored as placed there, or unplaced.
 */
export async function reattachAnchors(tx: DB, articleId: number): Promise<void> {
  const rows = await anchoredComments(tx, articleId);
  if (rows.length === 0) return;
  const html = await articleBodyHtml(tx, articleId);
  const text = html === undefined ? '' : plainTextOf(html);
  for (const r of rows) {
    const quote = { exact: r.anchor_exact ?? '', prefix: r.anchor_prefix ?? '', suffix: r.anchor_suffix ?? '' };
    await setPlacement(tx, r.id, locate(text, quote, r.anchor_start ?? undefined));
  }
}

/** The passages of an article's published inline feedback, each with its count and the link to its first comment. */
export async function feedbackPassages(db: DB, articleId: number, slug: string): Promise<Passage[]> {
  const rows = await placedPassages(db, articleId);
  const byRange = new Map<string, Passage>();
  for (const r of rows) {
    if (r.anchor_start === null || r.anchor_end === null) continue;
    const key = `${r.anchor_start}:${r.anchor_end}`;
    const p = byRange.get(key);
    if (p) p.count++;
    // The count links to the passage's first comment in the inline filter (works without JavaScript).
    else byRange.set(key, { start: r.anchor_start, end: r.anchor_end, count: 1, href: `/articles/${encodeURIComponent(slug)}?inline=1&all=1#comment-${r.id}` });
  }
  return [...byRange.values()];
}

/** Marks the passages in the article's body HTML. */
export function markedWith(passages: readonly Passage[]): (bodyHtml: string) => string {
  return passages.length === 0 ? (bodyHtml) => bodyHtml : (bodyHtml) => markPassages(bodyHtml, passages);
}
