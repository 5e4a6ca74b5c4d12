// What the donation suites share: a Gazette with Stripe pointed at the local Stripe stand-in (the real SDK
// in front), signed webhook deliveries, and readers of the ledger and the campaign.
import { afterAll, beforeAll } from 'vitest';
import { buildTestApp, FakeClock, type TestApp } from '../../../test/helpers/test-app.js';
import { startStripeStandIn, type StripeEvent, type StripeStandIn } from '../../../test/helpers/stripe-stand-in.js';
import type { DialectName } from '../../platform/db/database.js';

export const WEBHOOK_SECRET = 'whsec_test_gazette_0123456789';

export function donationSuite(dialect: DialectName, opts: { stripe?: boolean } = {}) {
  const clock = new FakeClock(); // 2026-03-14
  let networks = 0;
  const kit = {
    clock,
    t: undefined as unknown as TestApp,
    stripe: undefined as unknown as StripeStandIn,
    /** Posts one event to the webhook as Stripe would: the JSON body and its signature. */
    async deliver(event: StripeEvent, sign: { secret?: string; timestamp?: number; header?: string } = {}) {
      const { payload, header } = kit.stripe.sign(event, sign.secret ?? WEBHOOK_SECRET, { timestamp: sign.timestamp });
      return kit.t.app.inject({
        method: 'POST', url: '/webhooks/stripe', payload,
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': sign.header ?? header },
      });
    },
    /** Delivers each event, expecting Stripe's "received" (2xx) for each. */
    async deliverAll(events: StripeEvent[]) {
      const results = [];
      for (const e of events) {
        const res = await kit.deliver(e);
        if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
        results.push(res.json() as { duplicate?: boolean; handled: boolean });
      }
      return results;
    },
    /** Starts a card donation through the API, each from a network of its own (checkouts are rate-limited per network). */
    async startCheckout(body: Record<string, unknown>) {
      const res = await kit.t.app.inject({ method: 'POST', url: '/api/v1/donations/checkout', payload: body, remoteAddress: `203.0.113.${(networks++ % 250) + 1}` });
      if (res.statusCode !== 201) throw new Error(`checkout answered ${res.statusCode}: ${res.body}`);
      return res.json() as { url: string; sessionId: string };
    },
    ledger: () => kit.t.db.db.selectFrom('donations').selectAll().orderBy('id').execute(),
    raised: async () => (await kit.t.services.campaigns.current())?.raisedMinor,
  };

  beforeAll(async () => {
    kit.stripe = await startStripeStandIn({ now: clock.now });
    kit.t = await buildTestApp({
      dialect, clock,
      env: opts.stripe === false ? {} : { STRIPE_SECRET_KEY: 'sk_test_gazette', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: kit.stripe.url },
    });
    await kit.t.services.campaigns.create({ month: '2026-03', goalMinor: 500_000, currency: 'USD' });
  });
  afterAll(async () => {
    await kit.t?.close();
    await kit.t?.dropDatabase();
    await kit.stripe?.close().catch(() => {});
  });
  return kit;
}
