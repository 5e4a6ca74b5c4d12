// The ledger's merge rules: any order of a payment's events, and any repetition, gives the same row.
import { describe, expect, it } from 'vitest';
import { countedMinor, mergePayment, statusOf, type PaymentFacts, type PaymentState } from './ledger.js';

const NOW = '2026-03-20T00:00:00.000Z';
// As the Stripe events say them (stripe-events.ts): the payment's own event knows the amount; a refund knows
// the running total refunded and the charge's time; a dispute only its state.
const paid: PaymentFacts = { paymentId: 'pi_1', isDonation: true, amountMinor: 10_000, currency: 'USD', interval: 'once', paid: true, paidAt: '2026-03-14T10:00:05.000Z', intentKey: 'k1', donorEmail: 'a@example.org' };
const partRefund: PaymentFacts = { paymentId: 'pi_1', refundedMinor: 2_500, paidAt: '2026-03-14T10:00:00.000Z' };
const fullRefund: PaymentFacts = { ...partRefund, refundedMinor: 10_000 };
const disputeOpen: PaymentFacts = { paymentId: 'pi_1', dispute: 'open' };
const disputeWon: PaymentFacts = { ...disputeOpen, dispute: 'won' };
const disputeLost: PaymentFacts = { ...disputeOpen, dispute: 'lost' };

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

const apply = (events: PaymentFacts[]) => events.reduce<PaymentState | undefined>((s, f) => mergePayment(s, f, NOW), undefined)!;

describe('the ledger merge', () => {
  it.each([
    ['paid, part refund, full refund', [paid, partRefund, fullRefund], 'refunded', 0],
    ['paid, part refund', [paid, partRefund], 'succeeded', 7_500],
    ['paid, dispute opened, won', [paid, disputeOpen, disputeWon], 'succeeded', 10_000],
    ['paid, dispute opened, lost', [paid, disputeOpen, disputeLost], 'disputed', 0],
    ['paid, dispute opened', [paid, disputeOpen], 'disputed', 0],
  ] as const)('%s: the same row in every order, repeated or not', (_name, events, status, counted) => {
    const results = permutations([...events]).flatMap((order) => [apply(order), apply([...order, ...order]), apply(order.flatMap((e) => [e, e]))]);
    for (const r of results) {
      expect(r).toEqual(results[0]);
      expect(statusOf(r)).toBe(status);
      expect(countedMinor(statusOf(r), r.amountMinor, r.refundedMinor)).toBe(counted);
    }
    // The payment's time is the earliest reported (a refund's charge carries the charge's own time).
    expect(results[0]!.paidAt).toBe(events.flatMap((e) => (e.paidAt ? [e.paidAt] : [])).sort()[0]);
    expect(results[0]!.amountMinor).toBe(10_000);
  });

  it('keeps the donor details from whichever event had them', () => {
    const r = apply([fullRefund, paid]);
    expect(r).toMatchObject({ intentKey: 'k1', donorEmail: 'a@example.org', interval: 'once', currency: 'USD' });
  });

  it('counts a delayed payment only once it is paid; a failure never undoes a payment', () => {
    const pending = { paymentId: 'pi_2', amountMinor: 500, currency: 'EUR', paid: false, paidAt: NOW } as const;
    expect(statusOf(apply([pending]))).toBe('pending');
    expect(statusOf(apply([pending, { ...pending, failed: true }]))).toBe('failed');
    expect(statusOf(apply([pending, { ...pending, paid: true }]))).toBe('succeeded');
    expect(statusOf(apply([{ ...pending, paid: true }, { ...pending, failed: true }]))).toBe('succeeded');
  });

  it('marks a payment of a subscription monthly, whichever event said so', () => {
    const invoice: PaymentFacts = { paymentId: 'pi_3', isDonation: true, amountMinor: 1500, currency: 'USD', paid: true, subscriptionId: 'sub_1', paidAt: NOW };
    const refund: PaymentFacts = { paymentId: 'pi_3', refundedMinor: 1500, paidAt: NOW };
    expect(apply([refund, invoice]).interval).toBe('month');
    expect(apply([invoice, refund]).interval).toBe('month');
  });
});
