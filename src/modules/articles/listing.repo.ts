// The reader's listings of published articles (never static pages): the home page, a tag, a month of the
// archive, newest first, one page at a time; and the archive's months with their counts.
//
// Cost (for the 100,000-article target): the home page and an archive month walk the index
// articles_kind_published (kind, status, published_at) newest first and stop after the page (OFFSET rows are
// still stepped over, so page 500 reads 10,000 index entries). A tag page filters the same walk by a LIKE on
// the tags' JSON text: it stops as soon as a page is full, but a rare tag reads every published row. The
// archive's months group every published row (SQLite: one covering index scan; PostgreSQL: a sequential scan and
// a sort). Measured once on PostgreSQL with 100,000 rows: a page at offset 200 0.2 ms (index scan backward and an
// incremental sort on id), a tag matching nothing 130 ms, the archive's months 140 ms — the tag and the archive
// are the ones to move to a tag table and monthly counts when sites get that large.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { toArticle, type Article } from './articles.repo.js';

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

/** LIKE pattern for a literal piece, `!` as the escape character. */
const likeLiteral = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * Rows [offset, offset + limit) of the listing, newest first. Tags are a JSON array of strings: the tag's own
 * JSON string (quotes included) inside the array's text is exactly "the array has this element", on both dialects.
 */
export async function listingRows(db: DB, now: string, filter: ListingFilter, limit: number, offset: number): Promise<Article[]> {
  let qb = published(db, now).selectAll();
  if (filter.tag !== undefined) qb = qb.where(sql<boolean>`tags like ${`%${likeLiteral(JSON.stringify(filter.tag))}%`} escape '!'`);
  if (filter.from !== undefined) qb = qb.where('published_at', '>=', filter.from);
  if (filter.to !== undefined) qb = qb.where('published_at', '<', filter.to);
  const rows = await qb.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return rows.map(toArticle);
}

export interface ArchiveMonth { year: number; month: number; count: number }

/** Months (UTC) with published articles, newest first, with how many each has. */
export async function archiveMonths(db: DB, now: string): Promise<ArchiveMonth[]> {
  const month = sql<string>`substr(published_at, 1, 7)`;
  const rows = await published(db, now).select([month.as('ym'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(month).orderBy(month, 'desc').execute();
  return rows.map((r) => ({ year: Number(r.ym.slice(0, 4)), month: Number(r.ym.slice(5, 7)), count: Number(r.n) }));
}
