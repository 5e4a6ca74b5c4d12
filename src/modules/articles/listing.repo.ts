// The reader's listings of published articles (never static pages): the home page, a tag, a month of the
// archive, newest first, one page at a time; and the archive's months with their counts.
//
// Cost (for the 100,000-article target): the home page and an archive month walk an index of (kind, status,
// published_at, id) newest first — PostgreSQL: articles_listing (migration 0021); SQLite:
// articles_kind_published, whose entries end with the rowid — and stop after the page. OFFSET rows are still
// stepped over (page 500 reads 10,000 index entries), but only in the index: the page's ids are found first and
// only its rows are read from the table (before, PostgreSQL read the whole row of every article stepped over:
// 1,000 rows for page 50). A tag page walks article_tags_listing (tag, published_at, article_id) the same way
// (listing-index.repo.ts keeps it), for a rare tag as for a common one. The rows come without their bodies
// (ListedArticle): about 3 KB an article that no listing shows, half of the statement's time on PostgreSQL.
// The archive's months are stored counts (article_months) for the months before the current one, plus a
// count of the current month so far over the listing index.
import { type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { LISTED_COLUMNS, toListedArticle, type ListedArticle } from './articles.repo.js';

type DB = Kysely<Database> | Transaction<Database>;

export interface ListingFilter {
  /** Only articles carrying this tag (as stored: trimmed, lower case). */
  tag?: string;
  /** Published in [from, to) (ISO times: an archive month). */
  from?: string;
  to?: string;
}

const published = (db: DB, now: string) =>
  db.selectFrom('articles').where('kind', '=', 'article').where('status', '=', 'published').where('published_at', '<=', now);

/**
 * The statement of a listing's page without a tag: the page's ids from the index (the rows stepped over are
 * index entries only), then their rows without the bodies.
 */
export function listingPageQuery(db: DB, now: string, filter: Omit<ListingFilter, 'tag'>, limit: number, offset: number) {
  let ids = published(db, now).select(['id', 'published_at']);
  if (filter.from !== undefined) ids = ids.where('published_at', '>=', filter.from);
  if (filter.to !== undefined) ids = ids.where('published_at', '<', filter.to);
  const page = ids.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset);
  return db.selectFrom('articles as a').innerJoin(page.as('p'), 'p.id', 'a.id').select(LISTED_COLUMNS.map((c) => `a.${c}` as const))
    .orderBy('p.published_at', 'desc').orderBy('p.id', 'desc');
}

/** Rows [offset, offset + limit) of the listing, newest first. */
export async function listingRows(db: DB, now: string, filter: ListingFilter, limit: number, offset: number): Promise<ListedArticle[]> {
  if (filter.tag !== undefined) return tagRows(db, now, filter as ListingFilter & { tag: string }, limit, offset);
  return (await listingPageQuery(db, now, filter, limit, offset).execute()).map(toListedArticle);
}

/** A tag's rows: the page's ids from article_tags (listed articles only), then their articles without the bodies. */
async function tagRows(db: DB, now: string, filter: ListingFilter & { tag: string }, limit: number, offset: number): Promise<ListedArticle[]> {
  let qb = db.selectFrom('article_tags').select(['article_id', 'published_at']).where('tag', '=', filter.tag).where('published_at', '<=', now);
  if (filter.from !== undefined) qb = qb.where('published_at', '>=', filter.from);
  if (filter.to !== undefined) qb = qb.where('published_at', '<', filter.to);
  const ids = (await qb.orderBy('published_at', 'desc').orderBy('article_id', 'desc').limit(limit).offset(offset).execute()).map((r) => r.article_id);
  if (ids.length === 0) return [];
  const byId = new Map((await db.selectFrom('articles').select(LISTED_COLUMNS).where('id', 'in', ids).execute()).map((r) => [r.id, r]));
  return ids.flatMap((id) => { const r = byId.get(id); return r ? [toListedArticle(r)] : []; });
}

/**
 * When the next scheduled article appears (its publication time after `now`, ISO), or null: until then every
 * listing at `now` stays as it is (the listing cache keeps pages no longer).
 */
export async function nextPublicationAfter(db: DB, now: string): Promise<string | null> {
  const row = await db.selectFrom('articles').select((eb) => eb.fn.min('published_at').as('at'))
    .where('kind', '=', 'article').where('status', '=', 'published').where('published_at', '>', now).executeTakeFirst();
  return (row?.at as string | null | undefined) ?? null;
}

export interface ArchiveMonth { year: number; month: number; count: number }

/** Months (UTC) with published articles visible at `now`, newest first, with how many each has. */
export async function archiveMonths(db: DB, now: string): Promise<ArchiveMonth[]> {
  const current = now.slice(0, 7);
  const [stored, thisMonth] = await Promise.all([
    db.selectFrom('article_months').select(['month', 'articles']).where('month', '<', current).where('articles', '>', 0).orderBy('month', 'desc').execute(),
    published(db, now).where('published_at', '>=', `${current}-01T00:00:00.000Z`).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const months = stored.map((r) => ({ ym: r.month, count: Number(r.articles) }));
  if (Number(thisMonth.n) > 0) months.unshift({ ym: current, count: Number(thisMonth.n) });
  return months.map((r) => ({ year: Number(r.ym.slice(0, 4)), month: Number(r.ym.slice(5, 7)), count: r.count }));
}
