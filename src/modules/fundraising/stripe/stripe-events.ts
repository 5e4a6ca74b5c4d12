// Stripe's webhook events as ledger changes: each handled event type says what it knows about a payment or
// a monthly donor (ledger.ts merges those facts in any order). One map, one small function per type.
import type Stripe from 'stripe';
import type { LedgerChange } from '../donations.service.js';
import type { StripeGateway } from './stripe-gateway.js';

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : v?.id);

type Handler = (object: any, event: Stripe.Event, gateway: StripeGateway) => Promise<LedgerChange[]> | LedgerChange[];

/** A finished Checkout: a one-off payment (paid now, or later for a bank debit), or a monthly donation started. */
function checkoutSession(outcome: 'completed' | 'succeeded' | 'failed'): Handler {
  return (s: Stripe.Checkout.Session, event) => {
    // A Checkout Session of something else sold on the same Stripe account is not a donation.
    const intentKey = s.metadata?.gazette_intent;
    if (!intentKey) return [];
    const email = s.customer_details?.email ?? s.customer_email ?? undefined;
    if (s.mode === 'subscription') {
      const subscriptionId = idOf(s.subscription);
      if (!subscriptionId) return [];
      // The money of each month, the first included, comes with invoice.paid: counted there only.
      return [{ kind: 'recurring', facts: {
        subscriptionId, customerId: idOf(s.customer), intentKey, amountMinor: s.amount_total ?? undefined,
        currency: s.currency?.toUpperCase(), donorEmail: email, at: iso(event.created),
      } }];
    }
    const paymentId = idOf(s.payment_intent);
    if (s.mode !== 'payment' || !paymentId) return [];
    const paid = outcome === 'succeeded' || (outcome === 'completed' && (s.payment_status === 'paid' || s.payment_status === 'no_payment_required'));
    return [{ kind: 'payment', facts: {
      paymentId, isDonation: true, amountMinor: s.amount_total ?? undefined, currency: s.currency?.toUpperCase(), interval: 'once',
      paid, failed: outcome === 'failed', paidAt: iso(event.created), customerId: idOf(s.customer), intentKey, donorEmail: email,
    } }];
  };
}

/**
 * Fields an invoice had before Stripe's 2025 API versions. A webhook endpoint sends events in the API version
 * chosen when it was added, which may be older than the SDK's: both shapes are read.
 */
interface LegacyInvoiceFields {
  subscription?: string | { id: string } | null;
  payment_intent?: string | { id: string } | null;
  subscription_details?: { metadata?: Record<string, string> | null } | null;
}

/** Each month of a subscription, the first included. */
const invoicePaid: Handler = async (invoice: Stripe.Invoice & LegacyInvoiceFields, event, gateway) => {
  const details = invoice.parent?.subscription_details;
  const subscriptionId = idOf(details?.subscription) ?? idOf(invoice.subscription);
  // Only subscriptions Gazette started (its metadata is copied onto each invoice) are monthly donations.
  const intentKey = (details?.metadata ?? invoice.subscription_details?.metadata)?.gazette_intent;
  if (!subscriptionId || !intentKey || !invoice.amount_paid) return [];
  const paymentId = idOf(invoice.payment_intent) ?? (await gateway.paymentIntentOfInvoice(invoice)) ?? invoice.id!;
  const currency = invoice.currency.toUpperCase();
  const email = invoice.customer_email ?? undefined;
  return [
    { kind: 'recurring', facts: {
      subscriptionId, customerId: idOf(invoice.customer), intentKey, amountMinor: invoice.amount_paid, currency, donorEmail: email, at: iso(invoice.created),
    } },
    { kind: 'payment', facts: {
      paymentId, isDonation: true, amountMinor: invoice.amount_paid, currency, interval: 'month', paid: true,
      paidAt: iso(invoice.status_transitions?.paid_at ?? event.created), invoiceId: invoice.id, subscriptionId,
      customerId: idOf(invoice.customer), intentKey, donorEmail: email,
    } },
  ];
};

/**
 * Refunded in whole or in part: Stripe reports the running total. (Its amount and currency are the
 * payment's own event's to say: a refund or dispute only changes a donation, never makes one.)
 */
const chargeRefunded: Handler = (c: Stripe.Charge) => {
  if (typeof c.amount_refunded !== 'number') throw new TypeError('charge.refunded without amount_refunded');
  return [{ kind: 'payment', facts: { paymentId: idOf(c.payment_intent) ?? c.id, refundedMinor: c.amount_refunded, paidAt: iso(c.created) } }];
};

/**
 * A dispute withdraws the money until it is closed: lost keeps it withdrawn, any other closing (won, an
 * inquiry closed, a dispute prevented) gives it back. An inquiry (warning_…) withdraws nothing.
 */
function dispute(stage: 'created' | 'closed'): Handler {
  return (d: Stripe.Dispute) => {
    const paymentId = idOf(d.payment_intent) ?? idOf(d.charge);
    if (!paymentId) return [];
    if (stage === 'created' && d.status.startsWith('warning_')) return [];
    const status = stage === 'created' ? 'open' : d.status === 'lost' ? 'lost' : 'won';
    return [{ kind: 'payment', facts: { paymentId, dispute: status } }];
  };
}

const subscriptionDeleted: Handler = (s: Stripe.Subscription, event) => (s.metadata?.gazette_intent ? [{ kind: 'recurring', facts: {
  subscriptionId: s.id, customerId: idOf(s.customer), intentKey: s.metadata.gazette_intent, canceled: true,
  at: iso(s.canceled_at ?? s.ended_at ?? event.created),
} }] : []);

export const STRIPE_EVENT_HANDLERS: Record<string, Handler> = {
  'checkout.session.completed': checkoutSession('completed'),
  'checkout.session.async_payment_succeeded': checkoutSession('succeeded'),
  'checkout.session.async_payment_failed': checkoutSession('failed'),
  'invoice.paid': invoicePaid,
  'charge.refunded': chargeRefunded,
  'charge.dispute.created': dispute('created'),
  'charge.dispute.closed': dispute('closed'),
  'customer.subscription.deleted': subscriptionDeleted,
};

/** The events to enable on the Stripe webhook endpoint (the README lists them too). */
export const HANDLED_STRIPE_EVENTS = Object.keys(STRIPE_EVENT_HANDLERS);

/** The ledger changes of an event; undefined for an event type Gazette does not use. */
export async function ledgerChangesOf(event: Stripe.Event, gateway: StripeGateway): Promise<LedgerChange[] | undefined> {
  const handler = STRIPE_EVENT_HANDLERS[event.type];
  return handler ? handler(event.data.object, event, gateway) : undefined;
}
