// Indexes for posting comments fast and for big discussions (issue 14). Frozen once merged.
//  - comments_ip_hash: the moderation pipeline's author history matches the author's e-mail, account or
//    network; without an index on the network the whole table was read for every comment posted.
//  - comments_article_status: an article's published count (every comment list) and the "@Name" look-up
//    read only the index, not every comment row of a big discussion.
//  - comments_top_by_votes: "Most voted" orders threads by score descending, then id ascending; the
//    ascending (score, id) index of 0001 cannot give that order, so the whole discussion was sorted.
//  - comments_root_status replaces comments_root: the replies of a page's threads are found by root and
//    visibility together; with the root alone SQLite's planner (without statistics) preferred the status
//    index and read every published comment of the site.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_ip_hash').on('comments').column('ip_hash').execute();
  await db.schema.createIndex('comments_article_status').on('comments').columns(['article_id', 'status']).execute();
  await db.schema.dropIndex('comments_root').execute();
  await db.schema.createIndex('comments_root_status').on('comments').columns(['root_id', 'status']).execute();
  await db.schema.createIndex('comments_top_by_votes').on('comments').columns(['article_id', 'parent_id', 'score desc', 'id']).execute();
}
