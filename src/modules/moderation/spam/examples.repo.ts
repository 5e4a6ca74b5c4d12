// Rows of spam_examples: every labelled example the site's filter learned (append-only; for one comment the
// latest row counts).
import type { Insertable, Kysely } from 'kysely';
import type { Database, SpamExamplesTable } from '../../../platform/db/schema.js';

/** Examples stored after `afterId`, or written since `since` (a late commit can carry a lower id). */
export const examplesSince = (db: Kysely<Database>, afterId: number, since: string) =>
  db.selectFrom('spam_examples').select(['id', 'comment_id', 'text', 'label', 'source'])
    .where((eb) => eb.or([eb('id', '>', afterId), eb('created_at', '>=', since)])).orderBy('id').execute();

export const insertExample = (db: Kysely<Database>, row: Insertable<SpamExamplesTable>) =>
  db.insertInto('spam_examples').values(row).returning('id').executeTakeFirstOrThrow();

/** Stores many examples in one transaction (batches of 500 rows per statement). */
export async function insertExamples(db: Kysely<Database>, rows: Insertable<SpamExamplesTable>[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await tx.insertInto('spam_examples').values(rows.slice(i, i + 500)).execute();
  });
}
