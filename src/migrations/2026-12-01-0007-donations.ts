// Donations: the ledger (one row per payment, card or recorded by hand), the reader's donation intent
// (what they chose before Stripe Checkout), monthly donors (Stripe subscriptions), facts about payments not
// yet known, and the Stripe events already processed (each is applied once). Frozen once merged.
import type { Kysely } from 'kysely';
import type { DialectName } from '../platform/db/database.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const withId = (name: string) => pg
    ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
    : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const money = pg ? 'bigint' : 'integer';

  await withId('donation_intents')
    .addColumn('intent_key', 'text', (c) => c.notNull().unique())
    .addColumn('checkout_session_id', 'text', (c) => c.unique())
    .addColumn('interval', 'text', (c) => c.notNull()) // once | month
    .addColumn('amount_minor', money, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('donor_name', 'text')
    .addColumn('donor_email', 'text')
    .addColumn('message', 'text')
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId('donations')
    .addColumn('method', 'text', (c) => c.notNull()) // card | bank_transfer | cash | crypto | cheque | other
    .addColumn('provider', 'text') // stripe, or null for a donation recorded by hand
    .addColumn('provider_payment_id', 'text', (c) => c.unique()) // the PaymentIntent (or charge) id
    .addColumn('provider_invoice_id', 'text')
    .addColumn('provider_subscription_id', 'text')
    .addColumn('provider_customer_id', 'text')
    .addColumn('intent_key', 'text')
    .addColumn('interval', 'text', (c) => c.notNull()) // once | month
    .addColumn('amount_minor', money, (c) => c.notNull())
    .addColumn('refunded_minor', money, (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('paid', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('dispute_status', 'text') // open | won | lost
    .addColumn('status', 'text', (c) => c.notNull()) // pending | succeeded | failed | refunded | disputed (from the columns above) | voided (by hand)
    .addColumn('campaign_month', 'text', (c) => c.notNull()) // YYYY-MM
    .addColumn('donor_name', 'text')
    .addColumn('donor_email', 'text')
    .addColumn('message', 'text')
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'integer') // the admin who recorded a manual donation
    .addColumn('receipt_queued', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paid_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('donations_month').on('donations').columns(['campaign_month', 'currency', 'status']).execute();
  await db.schema.createIndex('donations_paid_at').on('donations').columns(['paid_at', 'id']).execute();
  await db.schema.createIndex('donations_subscription').on('donations').column('provider_subscription_id').execute();

  await withId('recurring_donations')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', 'text')
    .addColumn('intent_key', 'text')
    .addColumn('amount_minor', money, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('donor_name', 'text')
    .addColumn('donor_email', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // active | canceled
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('canceled_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // What a refund or dispute said about a payment not (yet) known as a donation: applied when the payment's
  // own event arrives (events come in any order); a payment that is not a donation never gets one.
  await withId('stripe_held_facts')
    .addColumn('payment_id', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull()) // JSON
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stripe_held_facts_payment').on('stripe_held_facts').column('payment_id').execute();

  await db.schema.createTable('stripe_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text', (c) => c.notNull())
    .execute();
}
