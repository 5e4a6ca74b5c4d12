// Campaign amounts as 64-bit integers on PostgreSQL: the API accepts up to 10^12 minor units (a large goal in
// a currency with small units, such as rupiah), beyond a 32-bit integer. SQLite's integers are 64-bit already.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`alter table campaigns alter column goal_minor type bigint, alter column raised_minor type bigint`.execute(db);
}
