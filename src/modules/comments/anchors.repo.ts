// Queries of inline feedback: the anchors of an article's comments, where they are placed, and the
// article's body as the comments module reads it (inside the caller's transaction).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

type DB = Kysely<Database> | Transaction<Database>;

/**
 * The article's current body HTML, read in the caller's transaction (undefined: no such article). With
 * `lock` on PostgreSQL the row is read FOR SHARE: an edit of the article in progress is waited for (and one
 * that starts later waits for this transaction), so an anchor is never placed in a body that is being replaced.
 * SQLite has one writer at a time: nothing to lock.
 */
export async function articleBodyHtml(db: DB, articleId: number, lock?: 'postgres' | 'sqlite'): Promise<string | undefined> {
  const q = db.selectFrom('articles').select('body_html').where('id', '=', articleId);
  const row = await (lock === 'postgres' ? q.forShare() : q).executeTakeFirst();
  return row?.body_html;
}

/** Every comment of the article that carries an anchor, in any state (a held one is placed too). */
export const anchoredComments = (db: DB, articleId: number) =>
  db.selectFrom('comments').select(['id', 'anchor_exact', 'anchor_prefix', 'anchor_suffix', 'anchor_start'])
    .where('article_id', '=', articleId).where('anchor_placed', 'is not', null).orderBy('id').execute();

export async function setPlacement(db: DB, id: number, range: { start: number; end: number } | undefined): Promise<void> {
  await db.updateTable('comments')
    .set(range ? { anchor_start: range.start, anchor_end: range.end, anchor_placed: 1 } : { anchor_placed: 0 })
    .where('id', '=', id).execute();
}

/** The passages with published inline feedback on them now, for the article page's marks. */
export const placedPassages = (db: DB, articleId: number) =>
  db.selectFrom('comments').select(['id', 'anchor_start', 'anchor_end'])
    .where('article_id', '=', articleId).where('anchor_placed', '=', 1).where('status', '=', 'published')
    .orderBy('id').execute();
