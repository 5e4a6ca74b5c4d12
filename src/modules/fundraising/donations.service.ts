// The donations ledger: one row per payment, card payments from Stripe's events and donations an admin
// records by hand. The only writer of the ledger, the intents and the monthly donors; every change to the
// ledger refreshes the campaign's amount raised in the same transaction and queues the receipt there.
import type { Kysely, Updateable } from 'kysely';
import type { Database, DonationInterval, DonationStatus, DonationsTable } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { isUniqueViolation, lockKey, type DialectName } from '../../platform/db/database.js';
import type { EventBus, UnitOfWork } from '../../platform/events/event-bus.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { idSigner } from '../../platform/secrets.js';
import { formatMoney, longDate, monthOf } from '../../ui/format.js';
import type { CampaignsService } from './campaigns.service.js';
import { donationSubject } from './donations.events.js';
import * as repo from './donations.repo.js';
import { countedMinor, mergePayment, statusOf, type PaymentFacts, type PaymentState } from './ledger.js';

export const MANUAL_METHODS = ['bank_transfer', 'cash', 'crypto', 'cheque', 'other'] as const;
export type ManualMethod = (typeof MANUAL_METHODS)[number];
export const METHOD_LABELS: Record<string, string> = {
  card: 'Card (Stripe)', bank_transfer: 'Bank transfer', cash: 'Cash', crypto: 'Crypto', cheque: 'Cheque', other: 'Other',
};
export const DONATION_STATUSES = ['succeeded', 'pending', 'failed', 'refunded', 'disputed', 'voided'] as const satisfies readonly DonationStatus[];

export interface Donation {
  id: number;
  method: string;
  provider: string | null;
  providerPaymentId: string | null;
  subscriptionId: string | null;
  interval: DonationInterval;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  amountFormatted: string;
  status: DonationStatus;
  /** What it adds to its campaign. */
  countedMinor: number;
  campaignMonth: string;
  donorName: string | null;
  donorEmail: string | null;
  message: string | null;
  anonymous: boolean;
  note: string | null;
  paidAt: string;
}

export function toDonation(r: repo.DonationRow): Donation {
  const amount = Number(r.amount_minor);
  const refunded = Number(r.refunded_minor);
  return {
    id: r.id, method: r.method, provider: r.provider, providerPaymentId: r.provider_payment_id, subscriptionId: r.provider_subscription_id,
    interval: r.interval, amountMinor: amount, refundedMinor: refunded, currency: r.currency, amountFormatted: formatMoney(amount, r.currency),
    status: r.status, countedMinor: countedMinor(r.status, amount, refunded), campaignMonth: r.campaign_month,
    donorName: r.donor_name, donorEmail: r.donor_email, message: r.message, anonymous: r.anonymous === 1, note: r.note, paidAt: r.paid_at,
  };
}

export interface RecurringDonation {
  id: number;
  subscriptionId: string;
  amountMinor: number;
  currency: string;
  amountFormatted: string;
  donorName: string | null;
  donorEmail: string | null;
  status: 'active' | 'canceled';
  startedAt: string;
  canceledAt: string | null;
}

const toRecurring = (r: repo.RecurringRow): RecurringDonation => ({
  id: r.id, subscriptionId: r.subscription_id, amountMinor: Number(r.amount_minor), currency: r.currency,
  amountFormatted: formatMoney(Number(r.amount_minor), r.currency), donorName: r.donor_name, donorEmail: r.donor_email,
  status: r.status, startedAt: r.started_at, canceledAt: r.canceled_at,
});

/** What a Stripe subscription event tells about a monthly donor. */
export interface RecurringFacts {
  subscriptionId: string;
  customerId?: string;
  intentKey?: string;
  amountMinor?: number;
  currency?: string;
  donorEmail?: string;
  canceled?: boolean;
  at: string;
}

/** One change an event makes: a payment's facts, or a monthly donor's. */
export type LedgerChange = { kind: 'payment'; facts: PaymentFacts } | { kind: 'recurring'; facts: RecurringFacts };

export interface ManualDonationInput {
  method: ManualMethod;
  amountMinor: number;
  currency: string;
  /** The day the money arrived (YYYY-MM-DD); it decides the campaign month. */
  receivedOn: string;
  donorName?: string;
  donorEmail?: string;
  message?: string;
  anonymous?: boolean;
  note?: string;
}

export interface IntentInput {
  intentKey: string;
  sessionId: string;
  interval: DonationInterval;
  amountMinor: number;
  currency: string;
  name?: string;
  email?: string;
  message?: string;
  anonymous?: boolean;
}

export const DONATIONS_PER_PAGE = 50;

export interface DonationsDeps {
  db: Kysely<Database>;
  dialect: DialectName;
  events: EventBus;
  clock: Clock;
  mailer: Mailer;
  campaigns: CampaignsService;
  siteName: () => string;
  baseUrl: string;
  /** Signs the links in receipts that let a monthly donor manage their donation. */
  secret: string;
}

const stateOf = (r: repo.DonationRow): PaymentState => ({
  amountMinor: Number(r.amount_minor), currency: r.currency, interval: r.interval, paid: r.paid === 1, failed: r.failed === 1,
  refundedMinor: Number(r.refunded_minor), dispute: r.dispute_status, paidAt: r.paid_at, invoiceId: r.provider_invoice_id,
  subscriptionId: r.provider_subscription_id, customerId: r.provider_customer_id, intentKey: r.intent_key,
  donorEmail: r.donor_email,
});

export function createDonationsService(deps: DonationsDeps) {
  const { db, events, clock, mailer, campaigns } = deps;
  // A key of its own, derived from the site's secret: nothing else signed with that secret is a manage link.
  const manageLinks = idSigner(deps.secret, 'manage-donation');

  /** The address a monthly donor uses to change or cancel their donation (sent in each receipt). */
  const manageUrl = (recurringId: number) => `${deps.baseUrl}/support/manage/${manageLinks.token(recurringId)}`;

  async function queueReceipt(uow: UnitOfWork, d: repo.DonationRow): Promise<void> {
    if (!d.donor_email) return;
    const site = deps.siteName();
    const amount = formatMoney(Number(d.amount_minor), d.currency);
    const recurring = d.provider_subscription_id ? await repo.recurringBySubscription(uow.tx, d.provider_subscription_id) : undefined;
    const lines = [
      `Thank you${d.donor_name ? `, ${d.donor_name}` : ''}. Your donation to ${site} was received.`,
      '',
      `Amount: ${amount}${d.interval === 'month' ? ' (monthly)' : ''}`,
      `Date: ${longDate(d.paid_at)}`,
      `Reference: ${d.provider_payment_id ?? `donation ${d.id}`}`,
      '',
      ...(recurring ? [`You give ${amount} every month. To change or cancel your monthly donation: ${manageUrl(recurring.id)}`, ''] : []),
      'Keep this mail as your receipt. Card payments are processed by Stripe; we never see your card details.',
      '',
      `— ${site}`,
    ];
    await mailer.queue(uow.tx, { to: d.donor_email, subject: `Your donation to ${site}: ${amount}`, text: lines.join('\n') });
  }

  /** Merges a payment's facts into its ledger row (creating it), in the event's transaction. */
  async function applyPayment(uow: UnitOfWork, f: PaymentFacts, months: Set<string>): Promise<void> {
    const now = clock().toISOString();
    // Another event about the same payment waits until this one is committed, then reads its row.
    await lockKey(uow.tx, deps.dialect, `payment:${f.paymentId}`);
    const prev = await repo.donationByPaymentId(uow.tx, f.paymentId);
    if (!prev && !f.isDonation) {
      // A refund or dispute of a payment not known as a donation (yet): kept for when its payment arrives.
      await repo.holdFacts(uow.tx, f.paymentId, JSON.stringify(f), now);
      return;
    }
    let next = mergePayment(prev && stateOf(prev), f, now);
    if (!prev) {
      for (const held of await repo.takeHeldFacts(uow.tx, f.paymentId)) next = mergePayment(next, JSON.parse(held) as PaymentFacts, now);
    }
    const status = statusOf(next);
    const intent = next.intentKey ? await repo.intentByKey(uow.tx, next.intentKey) : undefined;
    const fields = {
      provider_invoice_id: next.invoiceId, provider_subscription_id: next.subscriptionId, provider_customer_id: next.customerId,
      intent_key: next.intentKey, interval: next.interval, amount_minor: next.amountMinor, refunded_minor: next.refundedMinor,
      currency: next.currency, paid: next.paid ? 1 : 0, failed: next.failed ? 1 : 0, dispute_status: next.dispute, status,
      campaign_month: monthOf(new Date(next.paidAt)), paid_at: next.paidAt, updated_at: now,
      // The name, message and "anonymous" come only from what the donor typed on /support (never the name on
      // the card); the e-mail address for the receipt from there, or the one they gave Stripe.
      // Once a row exists its donor fields stay (an admin may have hidden it from the supporters list).
      donor_name: prev ? prev.donor_name : (intent?.donor_name ?? null),
      donor_email: prev?.donor_email ?? intent?.donor_email ?? next.donorEmail,
      message: prev ? prev.message : (intent?.message ?? null),
      anonymous: prev ? prev.anonymous : (intent?.anonymous ?? 1),
    };
    let row = prev
      ? await repo.updateDonation(uow.tx, prev.id, fields)
      : await repo.insertDonation(uow.tx, { ...fields, method: 'card', provider: 'stripe', provider_payment_id: f.paymentId, note: null, recorded_by: null, created_at: now });
    if (prev) months.add(prev.campaign_month);
    months.add(row.campaign_month);
    if (row.status === 'succeeded' && row.receipt_queued === 0 && row.donor_email) {
      await queueReceipt(uow, row);
      row = await repo.updateDonation(uow.tx, row.id, { receipt_queued: 1 });
    }
    if (!prev || prev.status !== row.status || Number(prev.refunded_minor) !== Number(row.refunded_minor)) {
      await announce(uow, row, prev?.status ?? null);
    }
  }

  async function announce(uow: UnitOfWork, row: repo.DonationRow, previousStatus: DonationStatus | null) {
    await uow.emit('donation.changed', {
      donationId: row.id, month: row.campaign_month, method: row.method, amountMinor: Number(row.amount_minor),
      currency: row.currency, status: row.status, previousStatus,
    }, donationSubject(row.id));
  }

  async function applyRecurring(uow: UnitOfWork, f: RecurringFacts): Promise<void> {
    const prev = await repo.recurringBySubscription(uow.tx, f.subscriptionId);
    const intent = f.intentKey ? await repo.intentByKey(uow.tx, f.intentKey) : undefined;
    const now = clock().toISOString();
    // A cancellation is final, whichever order the events come in.
    const status = prev?.status === 'canceled' || f.canceled ? 'canceled' : 'active';
    const fields = {
      customer_id: prev?.customer_id ?? f.customerId ?? null,
      intent_key: prev?.intent_key ?? f.intentKey ?? null,
      amount_minor: Number(prev?.amount_minor ?? 0) || f.amountMinor || Number(intent?.amount_minor ?? 0),
      currency: prev?.currency || f.currency || intent?.currency || '',
      donor_name: prev?.donor_name ?? intent?.donor_name ?? null,
      donor_email: prev?.donor_email ?? intent?.donor_email ?? f.donorEmail ?? null,
      status,
      canceled_at: prev?.canceled_at ?? (f.canceled ? f.at : null),
      updated_at: now,
    } as const;
    const row = prev
      ? await repo.updateRecurring(uow.tx, prev.id, fields)
      : await repo.insertRecurring(uow.tx, { ...fields, provider: 'stripe', subscription_id: f.subscriptionId, started_at: f.at });
    if (!prev || prev.status !== row.status) {
      await uow.emit('donation.recurring.changed', { recurringId: row.id, status: row.status, amountMinor: Number(row.amount_minor), currency: row.currency }, `recurring-donation:${row.id}`);
    }
  }

  /**
   * An admin's change to one donation: `change` says what to set (undefined: already so, nothing to do) or
   * refuses; the note records who did it and when; announced, and the campaign's total follows.
   */
  async function changeByAdmin(id: number, by: { name: string }, done: string,
    change: (row: repo.DonationRow) => Updateable<DonationsTable> | undefined,
    alsoInTransaction?: (uow: UnitOfWork, row: repo.DonationRow) => Promise<void>): Promise<Donation> {
    return events.transaction(async (uow) => {
      const row = await repo.donationById(uow.tx, id);
      if (!row) throw notFound('DONATION_NOT_FOUND', 'Donation');
      const patch = change(row);
      if (!patch) return toDonation(row);
      const now = clock().toISOString();
      const note = `${row.note ? `${row.note} — ` : ''}${done} by ${by.name} on ${now.slice(0, 10)}`;
      const changed = await repo.updateDonation(uow.tx, id, { ...patch, note, updated_at: now });
      await alsoInTransaction?.(uow, changed);
      await announce(uow, changed, row.status);
      await campaigns.refreshRaised(uow, [changed.campaign_month]);
      return toDonation(changed);
    });
  }

  return {
    manageUrl,
    /** The monthly donation a signed manage link names, or undefined for a link that is not ours. */
    async recurringByToken(token: string): Promise<RecurringDonation & { customerId: string | null } | undefined> {
      const id = manageLinks.idOf(token);
      if (id === undefined) return undefined;
      const row = await repo.recurringById(db, id);
      return row && { ...toRecurring(row), customerId: row.customer_id };
    },

    /**
     * Applies a provider's event once: its id is stored with its changes in one transaction, so a repeated
     * delivery, or a retry after a crash mid-way, changes nothing twice. 'duplicate' when it was applied before.
     */
    async applyEvent(eventId: string, type: string, changes: LedgerChange[]): Promise<'applied' | 'duplicate'> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await events.transaction(async (uow) => {
            if (!(await repo.markEventProcessed(uow.tx, eventId, type, clock().toISOString()))) return 'duplicate' as const;
            const months = new Set<string>();
            for (const change of changes) {
              if (change.kind === 'recurring') await applyRecurring(uow, change.facts);
              else await applyPayment(uow, change.facts, months);
            }
            await campaigns.refreshRaised(uow, months);
            return 'applied' as const;
          });
        } catch (err) {
          // Two events about the same new payment at once: the second insert loses; apply it again on top.
          if (isUniqueViolation(err) && attempt < 3) continue;
          throw err;
        }
      }
    },

    /** What a reader chose before being sent to Checkout (their name and message are not Stripe's to keep). */
    async saveIntent(i: IntentInput): Promise<void> {
      await repo.insertIntent(db, {
        intent_key: i.intentKey, checkout_session_id: i.sessionId, interval: i.interval, amount_minor: i.amountMinor, currency: i.currency,
        donor_name: i.name ?? null, donor_email: i.email ?? null, message: i.message ?? null, anonymous: i.anonymous ? 1 : 0,
        created_at: clock().toISOString(),
      });
    },

    /** The thank-you page's view of a Checkout session: what was chosen, and the payment if it is recorded. */
    async byCheckoutSession(sessionId: string) {
      const intent = await repo.intentBySession(db, sessionId);
      if (!intent) return undefined;
      const payment = await repo.firstDonationOfIntent(db, intent.intent_key);
      return {
        interval: intent.interval, amountMinor: Number(intent.amount_minor), currency: intent.currency,
        amountFormatted: formatMoney(Number(intent.amount_minor), intent.currency), name: intent.donor_name,
        payment: payment && toDonation(payment),
      };
    },

    /** A donation an admin records by hand (bank transfer, cash, crypto …): counted at once. */
    async recordManual(input: ManualDonationInput, by: { userId?: number }): Promise<Donation> {
      return events.transaction(async (uow) => {
        const now = clock().toISOString();
        const paidAt = `${input.receivedOn}T12:00:00.000Z`;
        const row = await repo.insertDonation(uow.tx, {
          method: input.method, provider: null, provider_payment_id: null, interval: 'once',
          amount_minor: input.amountMinor, refunded_minor: 0, currency: input.currency, paid: 1, failed: 0, status: 'succeeded',
          campaign_month: input.receivedOn.slice(0, 7), donor_name: input.donorName ?? null, donor_email: input.donorEmail ?? null,
          message: input.message ?? null, anonymous: input.anonymous ? 1 : 0, note: input.note ?? null,
          recorded_by: by.userId ?? null, receipt_queued: 0, paid_at: paidAt, created_at: now, updated_at: now,
        });
        await announce(uow, row, null);
        await campaigns.refreshRaised(uow, [row.campaign_month]);
        return toDonation(row);
      });
    },

    /**
     * Voids a donation recorded by hand by mistake: it stays in the ledger (with who voided it and when) and
     * no longer counts. A card payment is refunded through Stripe instead (409).
     */
    voidManual: (id: number, by: { name: string }) => changeByAdmin(id, by, 'Voided', (row) => {
      if (row.provider) throw new AppError(409, 'NOT_MANUAL', 'A card payment is refunded in Stripe; the refund then shows here');
      return row.status === 'voided' ? undefined : { status: 'voided' };
    }),

    /**
     * Takes a donation off the public list of supporters (a name or message that should not be shown): it is
     * kept as anonymous, with who hid it and when in its note, and so are the donor's other payments (the
     * intent's). The money still counts.
     */
    hideFromSupporters: (id: number, by: { name: string }) => changeByAdmin(id, by, 'Hidden from supporters',
      (row) => (row.anonymous === 1 ? undefined : { anonymous: 1 }),
      (uow, row) => (row.intent_key ? repo.hideIntent(uow.tx, row.intent_key) : Promise.resolve())),

    async list(filter: repo.DonationFilter, page = 1) {
      const [rows, total] = await Promise.all([
        repo.findDonations(db, filter, DONATIONS_PER_PAGE, (page - 1) * DONATIONS_PER_PAGE),
        repo.countDonations(db, filter),
      ]);
      return { items: rows.map(toDonation), total, page, pages: Math.max(1, Math.ceil(total / DONATIONS_PER_PAGE)) };
    },

    async *all(filter: repo.DonationFilter): AsyncGenerator<Donation> {
      for await (const row of repo.allDonations(db, filter)) yield toDonation(row);
    },

    /** Per month and currency, newest first: raised (succeeded less refunds), refunds, payments. */
    async totals(months = 24) {
      return (await repo.monthlyTotals(db, months)).map((t) => ({
        month: t.campaign_month, currency: t.currency, raisedMinor: Number(t.raised_minor), raisedFormatted: formatMoney(Number(t.raised_minor), t.currency),
        refundedMinor: Number(t.refunded_minor), succeeded: Number(t.succeeded), payments: Number(t.payments),
      }));
    },

    async recurring(page = 1): Promise<RecurringDonation[]> {
      return (await repo.listRecurring(db, DONATIONS_PER_PAGE, (page - 1) * DONATIONS_PER_PAGE)).map(toRecurring);
    },

    /** Recent supporters for the public list: name and message only. */
    async supporters(limit = 20) {
      return (await repo.recentSupporters(db, limit)).map((r) => ({ id: r.id, name: r.donor_name!, message: r.message, at: r.paid_at }));
    },
  };
}

export type DonationsService = ReturnType<typeof createDonationsService>;
