// PostgreSQL: indexes that let the listings and the search walk their rows without reading the table (issue 14,
// 100,000 articles). SQLite: nothing — its indexes end with the rowid (the id) already, so they hold both.
// - articles_listing (kind, status, published_at, id) replaces articles_kind_published (kind, status,
//   published_at): the listings order by (published_at, id), so the old index left an incremental sort on top,
//   and a deep page (?page=50: OFFSET 980) fetched the whole row of every article it stepped over (1,000
//   table rows, 1.4 ms alone, 4–8 ms under load); with the id in the index the page's ids come from an
//   index-only scan and only its 21 rows are read (listing.repo.ts). Its other readers (the current month's
//   count, the next scheduled publication) use the same leading columns.
// - articles_search_walk (id, status, published_at): a common word's search walks the matches from the newest id
//   down and checks each one's status and date; it read them from the table (2,400 rows, 3–4 ms of the query's
//   5–13 ms), now from this index.
// Index-only scans need the visibility map, which VACUUM sets (autovacuum, or the seed's VACUUM ANALYZE).
// Frozen once merged.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await db.schema.createIndex('articles_listing').on('articles').columns(['kind', 'status', 'published_at', 'id']).execute();
  await db.schema.dropIndex('articles_kind_published').execute();
  await db.schema.createIndex('articles_search_walk').on('articles').columns(['id', 'status', 'published_at']).execute();
  await sql`analyze articles`.execute(db);
}
