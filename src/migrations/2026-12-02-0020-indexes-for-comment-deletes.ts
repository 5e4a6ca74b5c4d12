// Indexes a comment's deletion needs (issue 14, a site with a million comments). Deleting a comment checks the
// foreign keys that point at it: its replies (comments.parent_id) and the spam filter's examples
// (spam_examples.comment_id) had no index of their own, so SQLite read the whole comments and spam_examples
// tables for every comment deleted (an account deleted with its comments: once per comment), and PostgreSQL's
// foreign-key check did the same. "Has it replies?" (a deleted comment with replies stays as a placeholder)
// read the whole table too. The thread pages keep their own indexes: a thread is `parent_id IS NULL`, which
// most comments are, so no planner takes this one for them. Frozen once merged.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_parent').on('comments').column('parent_id').execute();
  await db.schema.createIndex('spam_examples_comment').on('spam_examples').column('comment_id').execute();
}
