// What the fundraising module announces about money: a ledger row was recorded or changed (paid, refunded,
// disputed) and a monthly donation started or ended. The campaign's new total is a `campaign.changed`.
import type { DonationStatus } from '../../platform/db/schema.js';

declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    'donation.changed': { donationId: number; month: string; method: string; amountMinor: number; currency: string; status: DonationStatus; previousStatus: DonationStatus | null };
    'donation.recurring.changed': { recurringId: number; status: 'active' | 'canceled'; amountMinor: number; currency: string };
  }
}

export const donationSubject = (id: number) => `donation:${id}`;
