// Notifications: the addresses that follow discussions (subscribers, with their delivery mode), what each
// follows (subscriptions: an article, all its comments or replies to the subscriber's own, confirmed or
// waiting for the double opt-in), and the comments waiting to be mailed (items). The outbox gains an HTML part
// and extra headers (List-Unsubscribe). Frozen once merged.
import type { Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const withId = (name: string) => pg
    ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
    : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await withId('notification_subscribers')
    .addColumn('email', 'text', (c) => c.notNull().unique()) // lower case
    .addColumn('user_id', 'integer')
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('immediate')) // immediate | daily
    .addColumn('digest_due_at', 'text') // when the next daily digest is queued for
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_subscribers_user').on('notification_subscribers').column('user_id').execute();

  await withId('notification_subscriptions')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('notification_subscribers.id').onDelete('cascade'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull()) // replies | all
    .addColumn('confirmed_at', 'text') // null: waiting for the subscriber to confirm (double opt-in)
    .addColumn('confirm_mailed_at', 'text')
    .addColumn('last_mailed_at', 'text')
    .addColumn('flush_due_at', 'text') // a mail of the waiting items is queued for then
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('notification_subscriptions_one', ['subscriber_id', 'article_id'])
    .execute();
  await db.schema.createIndex('notification_subscriptions_article').on('notification_subscriptions').columns(['article_id', 'scope']).execute();

  await withId('notification_items')
    .addColumn('subscription_id', 'integer', (c) => c.notNull().references('notification_subscriptions.id').onDelete('cascade'))
    .addColumn('subscriber_id', 'integer', (c) => c.notNull())
    .addColumn('comment_id', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull()) // reply | mention | all
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('mailed_at', 'text')
    .addUniqueConstraint('notification_items_once', ['subscription_id', 'comment_id'])
    .execute();
  await db.schema.createIndex('notification_items_waiting').on('notification_items').columns(['subscriber_id', 'mailed_at']).execute();

  await db.schema.alterTable('outbox').addColumn('html_body', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('headers', 'text').execute(); // JSON object
}
