// Rows of the donations ledger, donation intents, monthly donors and processed Stripe events; every write
// to those tables is here.
import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database, DonationIntentsTable, DonationsTable, RecurringDonationsTable } from '../../platform/db/schema.js';

type DB = Kysely<Database> | Transaction<Database>;
export type DonationRow = Selectable<DonationsTable>;
export type IntentRow = Selectable<DonationIntentsTable>;
export type RecurringRow = Selectable<RecurringDonationsTable>;

export const insertIntent = (db: DB, row: Insertable<DonationIntentsTable>) =>
  db.insertInto('donation_intents').values(row).returningAll().executeTakeFirstOrThrow();

export const intentByKey = (db: DB, key: string) =>
  db.selectFrom('donation_intents').selectAll().where('intent_key', '=', key).executeTakeFirst();

/** The donor of an intent asked (or was made) to stay off the public list: its payments and future ones. */
export async function hideIntent(db: DB, intentKey: string): Promise<void> {
  await db.updateTable('donation_intents').set({ anonymous: 1 }).where('intent_key', '=', intentKey).execute();
  await db.updateTable('donations').set({ anonymous: 1 }).where('intent_key', '=', intentKey).execute();
}

export const intentBySession = (db: DB, sessionId: string) =>
  db.selectFrom('donation_intents').selectAll().where('checkout_session_id', '=', sessionId).executeTakeFirst();

/** Records an event as processed; false when it already was (the same event delivered again). */
export async function markEventProcessed(db: DB, id: string, type: string, at: string): Promise<boolean> {
  const r = await db.insertInto('stripe_events').values({ id, type, processed_at: at })
    .onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export const holdFacts = (db: DB, paymentId: string, facts: string, at: string) =>
  db.insertInto('stripe_held_facts').values({ payment_id: paymentId, facts, created_at: at }).execute();

/** The facts held for a payment, oldest first, removed from the table (they are now the ledger's). */
export async function takeHeldFacts(db: DB, paymentId: string): Promise<string[]> {
  const rows = await db.selectFrom('stripe_held_facts').select(['id', 'facts']).where('payment_id', '=', paymentId).orderBy('id').execute();
  if (rows.length) await db.deleteFrom('stripe_held_facts').where('payment_id', '=', paymentId).execute();
  return rows.map((r) => r.facts);
}

export const donationByPaymentId = (db: DB, paymentId: string) =>
  db.selectFrom('donations').selectAll().where('provider_payment_id', '=', paymentId).executeTakeFirst();

export const firstDonationOfIntent = (db: DB, intentKey: string) =>
  db.selectFrom('donations').selectAll().where('intent_key', '=', intentKey).orderBy('paid_at').limit(1).executeTakeFirst();

export const donationById = (db: DB, id: number) =>
  db.selectFrom('donations').selectAll().where('id', '=', id).executeTakeFirst();

export const insertDonation = (db: DB, row: Insertable<DonationsTable>) =>
  db.insertInto('donations').values(row).returningAll().executeTakeFirstOrThrow();

export const updateDonation = (db: DB, id: number, patch: Updateable<DonationsTable>) =>
  db.updateTable('donations').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export interface DonationFilter { month?: string; method?: string; status?: string }

function filtered(db: DB, f: DonationFilter) {
  let q = db.selectFrom('donations');
  if (f.month) q = q.where('campaign_month', '=', f.month);
  if (f.method) q = q.where('method', '=', f.method);
  if (f.status) q = q.where('status', '=', f.status as DonationRow['status']);
  return q;
}

/** Newest first, by payment time; `limit` rows from `offset`. */
export const findDonations = (db: DB, f: DonationFilter, limit: number, offset: number) =>
  filtered(db, f).selectAll().orderBy('paid_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();

export async function countDonations(db: DB, f: DonationFilter): Promise<number> {
  const r = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every matching row, oldest first, streamed in pages (the CSV export). */
export async function* allDonations(db: DB, f: DonationFilter, pageSize = 500): AsyncGenerator<DonationRow> {
  let after: { paidAt: string; id: number } | undefined;
  for (;;) {
    let q = filtered(db, f).selectAll();
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('paid_at', '>', a.paidAt), eb.and([eb('paid_at', '=', a.paidAt), eb('id', '>', a.id)])]));
    }
    const rows = await q.orderBy('paid_at').orderBy('id').limit(pageSize).execute();
    yield* rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = { paidAt: last.paid_at, id: last.id };
  }
}

/** Per month and currency: what counts toward the campaign, and how many payments by status. */
export const monthlyTotals = (db: DB, months: number) =>
  db.selectFrom('donations')
    .select(['campaign_month', 'currency'])
    .select(sql<number>`coalesce(sum(case when status = 'succeeded' then amount_minor - refunded_minor else 0 end), 0)`.as('raised_minor'))
    .select(sql<number>`coalesce(sum(refunded_minor), 0)`.as('refunded_minor'))
    .select(sql<number>`count(case when status = 'succeeded' then 1 end)`.as('succeeded'))
    .select(sql<number>`count(*)`.as('payments'))
    .groupBy(['campaign_month', 'currency'])
    .orderBy('campaign_month', 'desc').orderBy('currency')
    .limit(months)
    .execute();

/** The sum that counts toward a month's campaign in its currency: succeeded payments, less refunds. */
export async function raisedOf(db: DB, month: string, currency: string): Promise<number> {
  const r = await db.selectFrom('donations')
    .select(sql<number>`coalesce(sum(amount_minor - refunded_minor), 0)`.as('raised'))
    .where('campaign_month', '=', month).where('currency', '=', currency).where('status', '=', 'succeeded')
    .executeTakeFirstOrThrow();
  return Number(r.raised);
}

/** Recent supporters who gave their name and did not ask to stay anonymous. */
export const recentSupporters = (db: DB, limit: number) =>
  db.selectFrom('donations').select(['id', 'donor_name', 'message', 'paid_at'])
    .where('status', '=', 'succeeded').where('anonymous', '=', 0).where('donor_name', 'is not', null)
    .orderBy('paid_at', 'desc').orderBy('id', 'desc').limit(limit).execute();

export const recurringBySubscription = (db: DB, subscriptionId: string) =>
  db.selectFrom('recurring_donations').selectAll().where('subscription_id', '=', subscriptionId).executeTakeFirst();

export const recurringById = (db: DB, id: number) =>
  db.selectFrom('recurring_donations').selectAll().where('id', '=', id).executeTakeFirst();

export const insertRecurring = (db: DB, row: Insertable<RecurringDonationsTable>) =>
  db.insertInto('recurring_donations').values(row).returningAll().executeTakeFirstOrThrow();

export const updateRecurring = (db: DB, id: number, patch: Updateable<RecurringDonationsTable>) =>
  db.updateTable('recurring_donations').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Monthly donors, active first, then newest. */
export const listRecurring = (db: DB, limit: number, offset: number) =>
  db.selectFrom('recurring_donations').selectAll()
    .orderBy(sql`case when status = 'active' then 0 else 1 end`).orderBy('started_at', 'desc').orderBy('id', 'desc')
    .limit(limit).offset(offset).execute();
