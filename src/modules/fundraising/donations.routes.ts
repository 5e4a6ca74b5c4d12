// The donations API: a reader starts a card donation; an admin lists the ledger, its monthly totals and the
// monthly donors, and records donations that did not come through Stripe.
import { z } from 'zod';
import type { ApiRegistry } from '../../platform/http/api.js';
import { idText } from '../../platform/http/input.js';
import type { Clock } from '../../platform/clock.js';
import type { Caller } from '../accounts/index.js';
import type { DonationCheckout } from './donation-checkout.js';
import type { DonationsService } from './donations.service.js';
import { checkoutInput, checkoutResponse, donationFilter, donationSchema, manualDonationInput } from './donations.schemas.js';
import { manualDonationOf } from './manual-donation.js';

export function registerDonationRoutes(deps: { api: ApiRegistry<Caller>; donations: DonationsService; checkout: DonationCheckout; clock: Clock }) {
  const { api, donations, checkout, clock } = deps;
  api.add({
    method: 'POST', url: '/api/v1/donations/checkout', tag: 'fundraising', status: 201,
    summary: 'Start a card donation: a Stripe Checkout address to send the reader to (amount in integer minor units)',
    body: checkoutInput, response: checkoutResponse, errors: [400, 429, 502, 503],
    handler: async ({ body, caller }) => checkout.start(body, caller.network),
  });
  api.add({
    method: 'GET', url: '/api/v1/admin/donations', tag: 'admin', permission: 'donations.manage',
    summary: 'The donations ledger, newest first, 50 a page; filter by campaign month, method and status',
    query: donationFilter,
    response: z.object({ donations: z.array(donationSchema), total: z.number().int(), page: z.number().int(), pages: z.number().int() }),
    handler: async ({ query }) => {
      const { page, ...filter } = query;
      const r = await donations.list(filter, page);
      return { donations: r.items, total: r.total, page: r.page, pages: r.pages };
    },
  });
  api.add({
    method: 'POST', url: '/api/v1/admin/donations', tag: 'admin', permission: 'donations.manage', status: 201,
    summary: 'Record a donation that did not come through Stripe (bank transfer, cash, crypto, cheque, other)',
    body: manualDonationInput, response: z.object({ donation: donationSchema }), errors: [400],
    handler: async ({ body, caller }) => ({ donation: await donations.recordManual(await manualDonationOf(body, checkout, clock()), { userId: caller.user?.id }) }),
  });
  api.add({
    method: 'POST', url: '/api/v1/admin/donations/:id/void', tag: 'admin', permission: 'donations.manage',
    summary: 'Void a donation recorded by hand by mistake (it stays in the ledger and no longer counts); card payments are refunded in Stripe',
    params: z.object({ id: idText }), response: z.object({ donation: donationSchema }), errors: [404, 409],
    handler: async ({ params, caller }) => ({ donation: await donations.voidManual(params.id, { name: caller.name }) }),
  });
  api.add({
    method: 'POST', url: '/api/v1/admin/donations/:id/hide', tag: 'admin', permission: 'donations.manage',
    summary: 'Take a donation off the public list of supporters (kept as anonymous; it still counts)',
    params: z.object({ id: idText }), response: z.object({ donation: donationSchema }), errors: [404],
    handler: async ({ params, caller }) => ({ donation: await donations.hideFromSupporters(params.id, { name: caller.name }) }),
  });
  api.add({
    method: 'GET', url: '/api/v1/admin/donations/totals', tag: 'admin', permission: 'donations.manage',
    summary: 'Per campaign month and currency: the amount raised (succeeded, less refunds), refunds and payments',
    response: z.object({ totals: z.array(z.object({
      month: z.string(), currency: z.string(), raisedMinor: z.number().int(), raisedFormatted: z.string(),
      refundedMinor: z.number().int(), succeeded: z.number().int(), payments: z.number().int(),
    })) }),
    handler: async () => ({ totals: await donations.totals() }),
  });
  api.add({
    method: 'GET', url: '/api/v1/admin/donations/monthly', tag: 'admin', permission: 'donations.manage',
    summary: 'Monthly donors (Stripe subscriptions), active first',
    query: z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) }),
    response: z.object({ donors: z.array(z.object({
      id: z.number().int(), subscriptionId: z.string(), amountMinor: z.number().int(), currency: z.string(), amountFormatted: z.string(),
      donorName: z.string().nullable(), donorEmail: z.string().nullable(), status: z.enum(['active', 'canceled']),
      startedAt: z.string(), canceledAt: z.string().nullable(),
    })) }),
    handler: async ({ query }) => ({ donors: await donations.recurring(query.page) }),
  });
}
