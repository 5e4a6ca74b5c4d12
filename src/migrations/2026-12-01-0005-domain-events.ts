// Domain events: every change a module announces is a row, written in the transaction of the change.
// Other instances read them in id order (woken by NOTIFY on PostgreSQL); the newest event of a
// subject ("article:12") is what a cached page of that subject is checked against. Frozen once merged.
import type { Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const table = dialect === 'postgres'
    ? db.schema.createTable('domain_events').addColumn('id', 'bigserial', (c) => c.primaryKey())
    : db.schema.createTable('domain_events').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await table
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('payload', 'text', (c) => c.notNull()) // JSON
    .addColumn('origin', 'text', (c) => c.notNull()) // the instance that emitted it
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('domain_events_subject').on('domain_events').columns(['subject', 'id']).execute();
  await db.schema.createIndex('domain_events_created').on('domain_events').column('created_at').execute();

  // Reports are counted from comment_reports (the moderation module's table), not kept on the comment.
  await db.schema.alterTable('comments').dropColumn('report_count').execute();
}
