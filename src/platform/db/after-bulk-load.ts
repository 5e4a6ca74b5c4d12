// After a bulk load (gazette seed): the planner's statistics brought up to date, so the first queries on a
// large site get the plans its indexes were made for (PostgreSQL: ANALYZE; SQLite: ANALYZE, and the WAL
// written back into the database file).
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { DialectName } from './database.js';

export async function afterBulkLoad(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  await sql`analyze`.execute(db);
  if (dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(db);
}
