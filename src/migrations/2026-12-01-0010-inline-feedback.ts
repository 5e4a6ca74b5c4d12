// Inline feedback: a top-level comment may be about a passage of its article. Frozen once merged.
// - The passage as a W3C TextQuoteSelector (exact, prefix, suffix), as it read when the comment was written.
// - Where it is now in the article's plain text (start and end, code units) and whether it could be placed
//   after the latest edit; an unplaced one stays, shown as about an earlier version of the article.
import type { Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('comments').addColumn('anchor_exact', 'varchar(1000)').execute();
  await db.schema.alterTable('comments').addColumn('anchor_prefix', 'varchar(64)').execute();
  await db.schema.alterTable('comments').addColumn('anchor_suffix', 'varchar(64)').execute();
  await db.schema.alterTable('comments').addColumn('anchor_start', 'integer').execute();
  await db.schema.alterTable('comments').addColumn('anchor_end', 'integer').execute();
  await db.schema.alterTable('comments').addColumn('anchor_placed', 'integer').execute(); // 1 placed, 0 not; null: no anchor
  // The inline feedback of an article (the page's marks, the "Inline Feedbacks" filter, re-attaching on edit).
  await db.schema.createIndex('comments_article_anchor_idx').on('comments').columns(['article_id', 'anchor_placed']).execute();
}
