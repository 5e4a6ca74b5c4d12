// Writes of a seeded batch of comments (comment-seed.ts) in multi-row statements.
import type { Insertable, Transaction } from 'kysely';
import type { CommentsTable, Database } from '../../platform/db/schema.js';

export async function insertSeedComments(tx: Transaction<Database>, rows: readonly Insertable<CommentsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await tx.insertInto('comments').values(rows.slice(i, i + 1000)).execute();
}
