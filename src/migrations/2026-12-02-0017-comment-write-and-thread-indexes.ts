// Indexes for posting comments fast and for big discussions (issue 14). Frozen once merged.
//  - comments_ip_hash: the moderation pipeline's author history matches the author's e-mail, account or
//    network; without an index on the network the whole table was read for every comment posted.
//  (comments_article_status, which an article's published count and the "@Name" look-up read instead of every
//  comment row of a big discussion, is made by 0015 for the listings' counts.)
//  - comments_threads_by_time / comments_threads_by_votes: an article's top-level threads in page order,
//    partial indexes on parent_id IS NULL. PostgreSQL does not take `parent_id IS NULL` as fixing the
//    column for ordering, so with the (article_id, parent_id, …) indexes of 0001 it read and sorted every
//    thread of the article; "Most voted" (score descending, then id ascending) had no index in its order.
//  - comments_root_status replaces comments_root: the replies of a page's threads are found by root and
//    visibility together; with the root alone SQLite's planner (without statistics) preferred the status
//    index and read every published comment of the site.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_ip_hash').on('comments').column('ip_hash').execute();
  await db.schema.dropIndex('comments_root').execute();
  await db.schema.createIndex('comments_root_status').on('comments').columns(['root_id', 'status']).execute();
  await db.schema.createIndex('comments_threads_by_time').on('comments').columns(['article_id', 'created_at', 'id'])
    .where(sql.ref('parent_id'), 'is', null).execute();
  await db.schema.createIndex('comments_threads_by_votes').on('comments').columns(['article_id', 'score desc', 'id'])
    .where(sql.ref('parent_id'), 'is', null).execute();
}
