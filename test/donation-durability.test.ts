// Stripe's events survive kill -9 of the server in the middle of processing them: after a restart Stripe
// delivers again (every event, as it does for those it got no 2xx for, and here also those it did), and the
// ledger and the campaign count each payment exactly once. A real server process on both dialects.
import Stripe from 'stripe';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dialects, freshDatabase } from './helpers/test-app.js';
import { createDb } from '../src/platform/db/database.js';
import { killHard, SERVER_ADMIN_TOKEN, startServer } from './helpers/server-process.js';
import { startStripeStandIn, type StripeEvent } from './helpers/stripe-stand-in.js';

const SECRET = 'whsec_durability_0123456789';

describe.each(dialects())('donations after kill -9 on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

  it('counts every payment exactly once after a crash mid-delivery and Stripe delivering again', async () => {
    const stand = await startStripeStandIn();
    cleanups.push(() => stand.close());
    const db = await freshDatabase(dialect);
    cleanups.push(db.drop);
    const env = {
      DATABASE_URL: db.url, MEDIA_DIR: path.join(db.dir, 'media'),
      STRIPE_SECRET_KEY: 'sk_test_durability', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: stand.url,
    };
    const first = await startServer(env);
    cleanups.push(() => killHard(first.child));
    const month = new Date().toISOString().slice(0, 7);
    const created = await fetch(`${first.url}/api/v1/admin/campaigns`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVER_ADMIN_TOKEN}` },
      body: JSON.stringify({ month, goalMinor: 1_000_000, currency: 'USD' }),
    });
    expect(created.status).toBe(201);

    // Sessions made earlier (through the SDK, as Gazette makes them), each paid: one-off and monthly.
    const sdk = new Stripe('sk_test_durability', stand.sdkOptions);
    const events: StripeEvent[] = [];
    let expected = 0;
    for (let i = 0; i < 24; i++) {
      const monthly = i % 3 === 0;
      const amount = 500 + i * 100;
      // Gazette's metadata marks them as donations (no intent row: the donor typed nothing).
      const metadata = { gazette_intent: `durability-${i}` };
      const session = await sdk.checkout.sessions.create({
        mode: monthly ? 'subscription' : 'payment', metadata,
        ...(monthly ? { subscription_data: { metadata } } : { payment_intent_data: { metadata } }),
        line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: amount, product_data: { name: 'Donation' }, ...(monthly && { recurring: { interval: 'month' as const } }) } }],
        success_url: 'http://localhost/support/thanks', cancel_url: 'http://localhost/support',
      });
      events.push(...stand.pay(session.id));
      expected += amount;
    }
    const deliver = (url: string, e: StripeEvent) => {
      const { payload, header } = stand.sign(e, SECRET);
      return fetch(`${url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': header }, body: payload });
    };

    // All at once; the server is killed as soon as the first is acknowledged, the others still in flight.
    const acknowledged = new Set<string>();
    const inFlight = events.map((e) => deliver(first.url, e).then((r) => { if (r.ok) acknowledged.add(e.id); }, () => {}));
    await Promise.race(inFlight);
    await killHard(first.child);
    await Promise.allSettled(inFlight);
    expect(acknowledged.size).toBeLessThan(events.length);

    const second = await startServer(env);
    cleanups.push(() => killHard(second.child));
    for (const e of events) {
      const res = await deliver(second.url, e);
      expect(res.status, await res.text()).toBe(200);
    }

    const store = createDb(db.url);
    try {
      const rows = await store.db.selectFrom('donations').select(['provider_payment_id', 'amount_minor', 'status']).execute();
      expect(rows).toHaveLength(24);
      expect(new Set(rows.map((r) => r.provider_payment_id)).size).toBe(24);
      expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
      const campaign = await store.db.selectFrom('campaigns').select('raised_minor').where('month', '=', month).executeTakeFirstOrThrow();
      expect(Number(campaign.raised_minor)).toBe(expected);
      const processed = await store.db.selectFrom('stripe_events').select('id').execute();
      expect(processed).toHaveLength(events.length);
    } finally {
      await store.close();
    }
  });
});
