// The indexes on a comment's account, network and reader cookie hold only the comments that have one (partial
// indexes, `… is not null`). On a site where no comment has an account or a network (an imported or seeded
// one), the full indexes were a column of NULLs, and with statistics that lack STAT4's samples (ANALYZE run
// by a sqlite3 built without them, as Debian's 3.40 CLI is) SQLite took each for matching every comment: the
// moderation pipeline's author history (e-mail, or account, or network) then read the whole comments table
// for every comment posted — 8.8 ms a post at 20,000 comments, growing with the site, against 0.01 ms through
// the indexes. `user_id = ?` (or `ip_hash`, `reader_id`) implies the column is not null, so both databases use
// these indexes for every query the full ones served, whatever the statistics. Frozen once merged.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

const PARTIAL: { name: string; columns: string[]; notNull: string }[] = [
  { name: 'comments_user', columns: ['user_id'], notNull: 'user_id' },
  { name: 'comments_ip_hash', columns: ['ip_hash'], notNull: 'ip_hash' },
  { name: 'comments_reader', columns: ['reader_id', 'created_at'], notNull: 'reader_id' },
];

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  for (const i of PARTIAL) {
    await db.schema.dropIndex(i.name).execute();
    await db.schema.createIndex(i.name).on('comments').columns(i.columns).where(sql.ref(i.notNull), 'is not', null).execute();
  }
  // The new indexes' statistics, where the old ones had some (a database analysed before).
  if (dialect === 'postgres') await sql`analyze comments`.execute(db);
  else if ((await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(db)).rows[0]?.n) await sql`analyze comments`.execute(db);
}
