// PostgreSQL: the search vector (article_search.document) kept in the table's row rather than in its TOAST
// table. A search for a common word walks the newest rows and reads every walked row's vector twice (the match,
// then the rank); a vector over about 2 KB (most articles') was moved out of line, so each read was a lookup in
// the TOAST table's index and a fetch of its chunks: most of the query's time at 100,000 articles. Storage
// `main` moves it out only when the row would not fit a page otherwise (the body's text moves out first, read
// only for the page's ten rows). The rows written before are rewritten now (CLUSTER, in the primary key's
// order: the order searches walk; it holds the table's lock for its duration, about 30 s at 100,000 articles);
// later writes follow the new rule by themselves. SQLite: nothing (FTS5 keeps its own index). Frozen once merged.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`alter table article_search alter column document set storage main`.execute(db);
  await sql`cluster article_search using article_search_pkey`.execute(db);
  // A one-time rewrite, not an order to keep: a plain CLUSTER later leaves this table alone.
  await sql`alter table article_search set without cluster`.execute(db);
}
