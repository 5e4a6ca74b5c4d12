// An index of comments by account: a moderator's view of an author's history, an account's export and its
// deletion find an account's comments without reading the whole table. Frozen once merged.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_user').on('comments').column('user_id').execute();
}
