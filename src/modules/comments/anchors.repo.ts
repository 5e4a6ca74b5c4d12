// Queries of inline feedback: the anchors of an article's comments, where they are placed, and the
// article's body as the comments module reads it (inside the caller's transaction).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

type DB = Kysely<Database> | Transaction<Database>;

/** The article's current body HTML, read in the caller's transaction (undefined: no such article). */
export async function articleBodyHtml(db: DB, articleId: number): Promise<string | undefined> {
  const row = await db.selectFrom('articles').select('body_html').where('id', '=', articleId).executeTakeFirst();
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
