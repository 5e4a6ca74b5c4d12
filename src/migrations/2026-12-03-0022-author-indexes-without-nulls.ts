// The indexes on a comment's account, network and reader cookie hold only the comments that have one (partial
// indexes, `… is not null`). On a site where no comment has an account or a network (an imported or seeded
// one), the full indexes were a column of NULLs, and with statistics that lack STAT4's samples (ANALYZE run
// by a sqlite3 built without them, as Debian's 3.40 CLI is) SQLite took each for matching every comment: the
// moderation pipeline's author history (e-mail, or account, or network) then read the whole comments table
// for every comment posted — 8.8 ms a post at 20,000 comments, growing with the site, against 0.01 ms through
// the indexes. `user_id = ?` (or `ip_hash`, `reader_id`) implies the column is not null, so both databases use
// these indexes for every query the full ones served, whatever the statistics. Frozen once merged.
// Nothing is analysed here: dropping an index drops its statistics on both databases, and the planners use a
// partial index without statistics of its own (PostgreSQL plans from the column's); an ANALYZE of the comments
// table would make the first start of a large site wait for it.
import { sql, type Kysely } from 'kysely';

/** Each index, by name, with its columns; the first column is the one that must not be NULL. */
const PARTIAL: [name: string, columns: string[]][] = [
  ['comments_user', ['user_id']],
  ['comments_ip_hash', ['ip_hash']],
  ['comments_reader', ['reader_id', 'created_at']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of PARTIAL) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on('comments').columns(columns).where(sql.ref(columns[0]!), 'is not', null).execute();
  }
}
