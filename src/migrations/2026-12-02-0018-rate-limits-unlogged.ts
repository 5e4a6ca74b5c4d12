// PostgreSQL: the rate-limit counters are written on every comment, vote and sign-in, and losing them in a
// crash costs nothing (a window starts again). An UNLOGGED table writes no WAL and waits for no flush at
// commit; it is emptied after a crash and not copied to streaming replicas (no instance reads limits there).
// SQLite: nothing (one machine counts in memory or in the cluster primary). Frozen once merged.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`alter table rate_limits set unlogged`.execute(db);
}
