// Moderation: verdict reasons and spam score on comments, revisions, reports, bans, block lists,
// the audit log and the examples the spam classifier learned from. Frozen once merged.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const id = (t: string) =>
    dialect === 'postgres'
      ? db.schema.createTable(t).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(t).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await db.schema.alterTable('comments').addColumn('moderation', 'text').execute(); // JSON: verdict, reasons, score
  await db.schema.alterTable('comments').addColumn('spam_score', 'real').execute();
  await db.schema.alterTable('comments').addColumn('ip_hash', 'text').execute();
  await db.schema.alterTable('comments').addColumn('text_hash', 'text').execute(); // digest of the normalised text
  await db.schema.alterTable('comments').addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('comments_status_created').on('comments').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('comments_text_hash').on('comments').columns(['text_hash', 'created_at']).execute();
  await db.schema.createIndex('comments_email').on('comments').columns(['author_email', 'status']).execute();

  await id('comment_revisions')
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('replaced_at', 'text', (c) => c.notNull())
    .addColumn('replaced_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comment_revisions_comment').on('comment_revisions').column('comment_id').execute();

  await id('comment_reports')
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('reporter', 'text', (c) => c.notNull()) // who reports: user:<id> (a confirmed account) or ip:<network digest>
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addUniqueConstraint('comment_reports_once', ['comment_id', 'reporter'])
    .execute();

  await id('bans')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('account', 'email', 'ip')`))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('lifted_at', 'text')
    .execute();
  await db.schema.createIndex('bans_lookup').on('bans').columns(['kind', 'value']).execute();

  await id('block_list')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('phrase', 'email', 'domain', 'ip_range')`))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('block_list_once', ['kind', 'value'])
    .execute();

  await id('moderation_log')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('comment_id', 'integer')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_log_created').on('moderation_log').column('created_at').execute();

  // Every labelled example the site's classifier learned from (moderator decisions, `spam train`):
  // append-only, replayed on start on top of the shipped model; for a comment the latest row counts.
  await id('spam_examples')
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull().check(sql`label in ('spam', 'ham')`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
