// The ledger's rules, without storage: what a payment's facts add up to. Stripe tells the story of a payment
// in several events that may arrive in any order and more than once (paid, refunded, disputed, dispute
// closed); each event's facts are merged into the row so that any order of the same events gives the same
// row, and a repeated event changes nothing.
import type { DonationInterval, DonationStatus } from '../../platform/db/schema.js';

export type DisputeStatus = 'open' | 'won' | 'lost';

/** What one event tells about one payment; what it does not know is left out. */
export interface PaymentFacts {
  paymentId: string;
  /**
   * The event is about a Gazette donation (a Checkout Session or invoice carrying Gazette's metadata). Only
   * such an event creates a ledger row; a refund or a dispute of a payment not known yet is held until one does.
   */
  isDonation?: boolean;
  amountMinor?: number;
  currency?: string;
  interval?: DonationInterval;
  paid?: boolean;
  failed?: boolean;
  /** The total refunded so far (Stripe reports a running total, so the largest seen is the truth). */
  refundedMinor?: number;
  dispute?: DisputeStatus;
  /** When the money moved: decides the campaign month. */
  paidAt?: string;
  invoiceId?: string;
  subscriptionId?: string;
  customerId?: string;
  intentKey?: string;
  donorEmail?: string;
}

/** The stored state of a payment that the facts change. */
export interface PaymentState {
  amountMinor: number;
  currency: string;
  interval: DonationInterval;
  paid: boolean;
  failed: boolean;
  refundedMinor: number;
  dispute: DisputeStatus | null;
  paidAt: string;
  invoiceId: string | null;
  subscriptionId: string | null;
  customerId: string | null;
  intentKey: string | null;
  donorEmail: string | null;
}

/** A closed dispute (won or lost) is final whatever order its events come in; "open" only starts one. */
function mergeDispute(a: DisputeStatus | null, b: DisputeStatus | undefined): DisputeStatus | null {
  if (!b) return a;
  if (b === 'open') return a ?? 'open';
  return a === 'lost' ? 'lost' : b;
}

/** The state after the facts: known values are kept, unknown ones filled in, flags only ever set. */
export function mergePayment(prev: PaymentState | undefined, f: PaymentFacts, fallbackTime: string): PaymentState {
  return {
    amountMinor: prev?.amountMinor || f.amountMinor || 0,
    currency: prev?.currency || f.currency || '',
    // A payment that belongs to a subscription is monthly, whichever event said so first.
    interval: prev?.interval === 'month' || f.interval === 'month' || f.subscriptionId ? 'month' : 'once',
    paid: Boolean(prev?.paid || f.paid),
    failed: Boolean(prev?.failed || f.failed),
    refundedMinor: Math.max(prev?.refundedMinor ?? 0, f.refundedMinor ?? 0),
    dispute: mergeDispute(prev?.dispute ?? null, f.dispute),
    // The earliest time reported is the payment's (a refund's charge carries the charge's creation time).
    paidAt: [prev?.paidAt, f.paidAt].filter((t): t is string => !!t).sort()[0] ?? fallbackTime,
    invoiceId: prev?.invoiceId ?? f.invoiceId ?? null,
    subscriptionId: prev?.subscriptionId ?? f.subscriptionId ?? null,
    customerId: prev?.customerId ?? f.customerId ?? null,
    intentKey: prev?.intentKey ?? f.intentKey ?? null,
    donorEmail: prev?.donorEmail ?? f.donorEmail ?? null,
  };
}

/** One status for lists and filters, from the facts. */
export function statusOf(s: { paid: boolean; failed: boolean; refundedMinor: number; amountMinor: number; dispute: DisputeStatus | null }): DonationStatus {
  if (!s.paid) return s.failed ? 'failed' : 'pending';
  if (s.dispute === 'open' || s.dispute === 'lost') return 'disputed';
  if (s.amountMinor > 0 && s.refundedMinor >= s.amountMinor) return 'refunded';
  return 'succeeded';
}

/** What a donation adds to its campaign: a succeeded payment less any part refunded; nothing otherwise. */
export function countedMinor(status: DonationStatus, amountMinor: number, refundedMinor: number): number {
  return status === 'succeeded' ? Math.max(0, amountMinor - refundedMinor) : 0;
}
