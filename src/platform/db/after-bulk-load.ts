// After a bulk load (gazette seed): the planner's statistics brought up to date, so the first queries on a
// large site get the plans its indexes were made for, and on PostgreSQL the visibility map set, so index-only
// scans (a tag page's rows, a listing's comment counts, the current month's count) read no table pages.
// PostgreSQL: VACUUM ANALYZE — autovacuum would do the same on a site where it runs (the default), some time after
// the load; where it is off (the development machines) nothing would. SQLite: ANALYZE, and the WAL written back into
// the database file.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { DialectName } from './database.js';

export async function afterBulkLoad(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await sql`vacuum analyze`.execute(db);
    return;
  }
  await sql`analyze`.execute(db);
  await sql`pragma wal_checkpoint(truncate)`.execute(db);
}
