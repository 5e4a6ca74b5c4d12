// The listings' own index, kept by the articles module in the transaction of every article write:
// article_tags (a listed article's tags with its date: the tag pages) and article_months (listed articles per
// UTC month: the archive). "Listed" is what the reader's listings show, scheduled ones included: kind
// 'article', status 'published', with a date; readers' queries add `published_at <= now`.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { DialectName } from '../../platform/db/database.js';

type DB = Kysely<Database> | Transaction<Database>;

/** What the listing index needs of an article (as stored). */
export interface ListedFacts { id: number; kind: 'article' | 'page'; status: 'draft' | 'published'; publishedAt: string | null; tags: readonly string[] }

const isListed = (a: ListedFacts | undefined): a is ListedFacts & { publishedAt: string } =>
  a !== undefined && a.kind === 'article' && a.status === 'published' && a.publishedAt !== null;

export const monthOf = (iso: string) => iso.slice(0, 7);

/**
 * Locks the article's row until the end of the transaction (PostgreSQL; SQLite writes one at a time), so the
 * state read before a change is the state the change replaces, and two saves cannot both count a publication.
 */
export async function lockArticle(tx: Transaction<Database>, dialect: DialectName, id: number): Promise<void> {
  if (dialect === 'postgres') await sql`select id from articles where id = ${id} for update`.execute(tx);
}

/** Adds `delta` listed articles to each month (upsert; one row per month). */
export async function addToMonths(db: DB, deltas: ReadonlyMap<string, number>): Promise<void> {
  const rows = [...deltas].filter(([, n]) => n !== 0).map(([month, articles]) => ({ month, articles }));
  if (rows.length === 0) return;
  await db.insertInto('article_months').values(rows)
    .onConflict((oc) => oc.column('month').doUpdateSet({ articles: (eb) => eb('article_months.articles', '+', eb.ref('excluded.articles')) }))
    .execute();
}

/** Inserts the tag rows of listed articles (new ones: nothing to replace). */
export async function insertTagRows(db: DB, list: readonly ListedFacts[]): Promise<void> {
  const rows = list.filter(isListed).flatMap((a) => [...new Set(a.tags)].map((tag) => ({ article_id: a.id, tag, published_at: a.publishedAt })));
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('article_tags').values(rows.slice(i, i + 1000)).execute();
}

/** Brings the listing index from the article as it was (`before`; undefined: new) to what it is now. */
export async function relist(db: DB, before: ListedFacts | undefined, after: ListedFacts): Promise<void> {
  if (before) await db.deleteFrom('article_tags').where('article_id', '=', before.id).execute();
  await insertTagRows(db, [after]);
  const deltas = new Map<string, number>();
  if (isListed(before)) deltas.set(monthOf(before.publishedAt), -1);
  if (isListed(after)) deltas.set(monthOf(after.publishedAt), (deltas.get(monthOf(after.publishedAt)) ?? 0) + 1);
  await addToMonths(db, deltas);
}
