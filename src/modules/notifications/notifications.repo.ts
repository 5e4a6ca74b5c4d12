// Subscribers, subscriptions and the comments waiting to be mailed: the only queries of the notifications
// module. Each takes a connection or a transaction first.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, NotificationItemsTable, NotificationSubscribersTable, NotificationSubscriptionsTable } from '../../platform/db/schema.js';

type DB = Kysely<Database> | Transaction<Database>;
export type SubscriberRow = Selectable<NotificationSubscribersTable>;
export type SubscriptionRow = Selectable<NotificationSubscriptionsTable>;
export type ItemRow = Selectable<NotificationItemsTable>;
export type Scope = SubscriptionRow['scope'];
export type Mode = SubscriberRow['mode'];
/** A subscription with its subscriber's address and delivery mode. */
export type Following = SubscriptionRow & { email: string; user_id: number | null; mode: Mode; digest_due_at: string | null };

/** The subscriber with this address, created on first use (concurrent first uses make one). */
export async function subscriberFor(db: DB, email: string, userId: number | null, now: string): Promise<SubscriberRow> {
  await db.insertInto('notification_subscribers').values({ email, user_id: userId, mode: 'immediate', digest_due_at: null, created_at: now })
    .onConflict((oc) => oc.column('email').doNothing()).execute();
  const row = await db.selectFrom('notification_subscribers').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  if (userId !== null && row.user_id === null) {
    await db.updateTable('notification_subscribers').set({ user_id: userId }).where('id', '=', row.id).execute();
    return { ...row, user_id: userId };
  }
  return row;
}

export const subscriberById = (db: DB, id: number) =>
  db.selectFrom('notification_subscribers').selectAll().where('id', '=', id).executeTakeFirst();

export const subscriberOfUser = (db: DB, userId: number) =>
  db.selectFrom('notification_subscribers').selectAll().where('user_id', '=', userId).executeTakeFirst();

export const subscriberByEmail = (db: DB, email: string) =>
  db.selectFrom('notification_subscribers').selectAll().where('email', '=', email).executeTakeFirst();

export async function setMode(db: DB, subscriberId: number, mode: Mode): Promise<void> {
  await db.updateTable('notification_subscribers').set({ mode }).where('id', '=', subscriberId).execute();
}

/** Inserts the subscription unless the subscriber has one on the article; returns the row either way. */
export async function subscriptionFor(db: DB, row: { subscriber_id: number; article_id: number; scope: Scope; confirmed_at: string | null; created_at: string }): Promise<{ row: SubscriptionRow; created: boolean }> {
  const inserted = await db.insertInto('notification_subscriptions')
    .values({ ...row, confirm_mailed_at: null, last_mailed_at: null, flush_due_at: null })
    .onConflict((oc) => oc.columns(['subscriber_id', 'article_id']).doNothing())
    .returningAll().executeTakeFirst();
  if (inserted) return { row: inserted, created: true };
  const existing = await db.selectFrom('notification_subscriptions').selectAll()
    .where('subscriber_id', '=', row.subscriber_id).where('article_id', '=', row.article_id).executeTakeFirstOrThrow();
  return { row: existing, created: false };
}

export const subscriptionById = (db: DB, id: number) =>
  db.selectFrom('notification_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();

export const subscriptionOf = (db: DB, subscriberId: number, articleId: number) =>
  db.selectFrom('notification_subscriptions').selectAll().where('subscriber_id', '=', subscriberId).where('article_id', '=', articleId).executeTakeFirst();

export async function updateSubscription(db: DB, id: number, patch: Partial<Omit<SubscriptionRow, 'id'>>): Promise<void> {
  await db.updateTable('notification_subscriptions').set(patch).where('id', '=', id).execute();
}

export type Removed = Pick<SubscriptionRow, 'id' | 'article_id' | 'subscriber_id'>;

/** Removes subscriptions (one, or all of a subscriber) with their waiting items; returns the ones there were. */
export async function deleteSubscriptions(db: DB, where: { id: number } | { subscriberId: number }): Promise<Removed[]> {
  let q = db.selectFrom('notification_subscriptions').select(['id', 'article_id', 'subscriber_id']);
  q = 'id' in where ? q.where('id', '=', where.id) : q.where('subscriber_id', '=', where.subscriberId);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // Items first: SQLite applies the foreign keys' cascade only with its pragma on.
  await db.deleteFrom('notification_items').where('subscription_id', 'in', ids).execute();
  await db.deleteFrom('notification_subscriptions').where('id', 'in', ids).execute();
  return rows;
}

const following = (db: DB) =>
  db.selectFrom('notification_subscriptions as s').innerJoin('notification_subscribers as p', 'p.id', 's.subscriber_id')
    .selectAll('s').select(['p.email', 'p.user_id', 'p.mode', 'p.digest_due_at']).where('s.confirmed_at', 'is not', null);

/** The confirmed subscriptions of an article, with their subscribers. */
export const confirmedOn = (db: DB, articleId: number): Promise<Following[]> =>
  following(db).where('s.article_id', '=', articleId).orderBy('s.id').execute();

/** Whether anyone follows an article (a confirmed subscription): one index look-up. */
export async function anyConfirmedOn(db: DB, articleId: number): Promise<boolean> {
  const row = await db.selectFrom('notification_subscriptions').select('id')
    .where('article_id', '=', articleId).where('confirmed_at', 'is not', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** One confirmed subscription with its subscriber, or undefined. */
export const confirmedById = (db: DB, id: number): Promise<Following | undefined> =>
  following(db).where('s.id', '=', id).executeTakeFirst();

/** Every subscription of a subscriber, newest first, with the article's id. */
export const subscriptionsOf = (db: DB, subscriberId: number) =>
  db.selectFrom('notification_subscriptions').selectAll().where('subscriber_id', '=', subscriberId).orderBy('id', 'desc').execute();

/** Records that a comment is to be mailed to a subscription; false when it was already. */
export async function addItem(db: DB, item: { subscription_id: number; subscriber_id: number; comment_id: number; reason: ItemRow['reason']; created_at: string }): Promise<boolean> {
  const r = await db.insertInto('notification_items').values({ ...item, mailed_at: null })
    .onConflict((oc) => oc.columns(['subscription_id', 'comment_id']).doNothing()).returning('id').executeTakeFirst();
  return r !== undefined;
}

/** Items not mailed yet: of one subscription, or of every confirmed subscription of a subscriber. */
export function waitingItems(db: DB, where: { subscriptionId: number } | { subscriberId: number }): Promise<ItemRow[]> {
  let q = db.selectFrom('notification_items').selectAll().where('mailed_at', 'is', null);
  q = 'subscriptionId' in where ? q.where('subscription_id', '=', where.subscriptionId) : q.where('subscriber_id', '=', where.subscriberId);
  return q.orderBy('id').limit(500).execute();
}

/** Marks items mailed unless another run did; returns the ones this call marked. */
export async function claimItems(db: DB, ids: number[], now: string): Promise<ItemRow[]> {
  if (ids.length === 0) return [];
  return db.updateTable('notification_items').set({ mailed_at: now }).where('id', 'in', ids).where('mailed_at', 'is', null).returningAll().execute();
}

/** Sets when the next mail goes unless one is already planned; true when this call planned it. */
export async function planFlush(db: DB, subscriptionId: number, due: string): Promise<boolean> {
  const r = await db.updateTable('notification_subscriptions').set({ flush_due_at: due })
    .where('id', '=', subscriptionId).where('flush_due_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function planDigest(db: DB, subscriberId: number, due: string): Promise<boolean> {
  const r = await db.updateTable('notification_subscribers').set({ digest_due_at: due })
    .where('id', '=', subscriberId).where('digest_due_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function digestDone(db: DB, subscriberId: number): Promise<void> {
  await db.updateTable('notification_subscribers').set({ digest_due_at: null }).where('id', '=', subscriberId).execute();
}

/** Forgets the subscriber of a deleted account with everything it followed; returns the subscriptions removed. */
export async function deleteSubscriberOfUser(db: DB, userId: number): Promise<Removed[]> {
  const subscriber = await subscriberOfUser(db, userId);
  if (!subscriber) return [];
  const removed = await deleteSubscriptions(db, { subscriberId: subscriber.id });
  await db.deleteFrom('notification_subscribers').where('id', '=', subscriber.id).execute();
  return removed;
}
