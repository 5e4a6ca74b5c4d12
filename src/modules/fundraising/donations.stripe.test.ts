// Card donations end to end against the local Stripe stand-in (the real SDK in front) and signed webhook
// events: starting a Checkout, one-off and monthly payments, duplicates and any order of events, refunds,
// disputes, bad signatures, receipts and the thank-you and manage pages. On every dialect this machine has.
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { admin, createArticle, dialects } from '../../../test/helpers/test-app.js';
import { donationSuite, WEBHOOK_SECRET } from './donations.test-kit.js';

describe.each(dialects())('card donations on %s', (dialect) => {
  const kit = donationSuite(dialect);
  const { clock } = kit;

  describe('starting a donation', () => {
    it('creates a Checkout Session with an inline price, the intent in its metadata and the way back', async () => {
      const { url, sessionId } = await kit.startCheckout({ amount: 2500, interval: 'once', name: 'Ann', email: 'ann@example.org', message: 'Keep digging', anonymous: false });
      expect(url).toBe(`${kit.stripe.url}/pay/${sessionId}`);
      const sent = kit.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!;
      expect(sent.headers.authorization).toBe('Bearer sk_test_gazette');
      expect(sent.headers['idempotency-key']).toMatch(/^checkout-/);
      const body = sent.body as any;
      expect(body).toMatchObject({
        mode: 'payment', customer_email: 'ann@example.org', submit_type: 'donate',
        line_items: [{ quantity: '1', price_data: { currency: 'usd', unit_amount: '2500', product_data: { name: 'Donation to The Test Gazette' } } }],
        success_url: 'http://localhost:3000/support/thanks?session_id={CHECKOUT_SESSION_ID}',
        cancel_url: 'http://localhost:3000/support',
      });
      expect(body.metadata.gazette_intent).toMatch(/^[\w-]{20,}$/);
      expect(body.metadata.campaign_month).toBe('2026-03');
      expect(body.payment_intent_data.metadata).toEqual(body.metadata);
      expect(body.line_items[0].price_data.recurring).toBeUndefined();
      // Nothing is counted before Stripe says the money moved.
      expect(await kit.raised()).toBe(0);
    });

    it('makes a monthly donation a subscription with a monthly price', async () => {
      await kit.startCheckout({ amount: 1000, interval: 'month', currency: 'eur' });
      const body = kit.stripe.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!.body as any;
      expect(body.mode).toBe('subscription');
      expect(body.line_items[0].price_data).toMatchObject({ currency: 'eur', unit_amount: '1000', recurring: { interval: 'month' }, product_data: { name: 'Monthly donation to The Test Gazette' } });
      expect(body.subscription_data.metadata.gazette_intent).toBe(body.metadata.gazette_intent);
      expect(body.submit_type).toBeUndefined();
    });

    it.each([
      ['zero', { amount: 0, interval: 'once' }, 'TOO_SMALL', 'amount'],
      ['negative', { amount: -500, interval: 'once' }, 'TOO_SMALL', 'amount'],
      ['fractional', { amount: 12.5, interval: 'once' }, 'INVALID_TYPE', 'amount'],
      ['a string', { amount: '1000', interval: 'once' }, 'INVALID_TYPE', 'amount'],
      ["below Stripe's minimum", { amount: 49, interval: 'once' }, 'AMOUNT_TOO_SMALL', 'amount'],
      ["below Stripe's minimum in pounds", { amount: 29, interval: 'once', currency: 'GBP' }, 'AMOUNT_TOO_SMALL', 'amount'],
      ['above the maximum', { amount: 1_000_001, interval: 'once' }, 'AMOUNT_TOO_LARGE', 'amount'],
      ['an unknown currency', { amount: 1000, interval: 'once', currency: 'XYZ' }, 'INVALID_CURRENCY', 'currency'],
      ['a currency Stripe does not settle', { amount: 1000, interval: 'once', currency: 'ISK' }, 'UNSUPPORTED_CURRENCY', 'currency'],
      ['another interval', { amount: 1000, interval: 'year' }, 'INVALID_VALUE', 'interval'],
      ['a missing interval', { amount: 1000 }, 'INVALID_VALUE', 'interval'],
      ['an unknown field', { amount: 1000, interval: 'once', coupon: 'FREE' }, 'UNKNOWN_FIELD', 'coupon'],
      ['a bad e-mail', { amount: 1000, interval: 'once', email: 'not-an-address' }, 'INVALID_FORMAT', 'email'],
      ['a long message', { amount: 1000, interval: 'once', message: 'x'.repeat(501) }, 'TOO_LONG', 'message'],
    ])('refuses %s with 400 and sends nothing to Stripe', async (_name, payload, code, field) => {
      const before = kit.stripe.requests.length;
      const res = await kit.t.app.inject({ method: 'POST', url: '/api/v1/donations/checkout', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code, field });
      expect(kit.stripe.requests.length).toBe(before);
    });

    it('limits how many checkouts one network starts', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await kit.t.app.inject({ method: 'POST', url: '/api/v1/donations/checkout', payload: { amount: 500, interval: 'once' }, remoteAddress: '198.51.100.7' });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) expect(res.json().error.code).toBe('RATE_LIMITED');
      }
      expect(statuses.filter((s) => s === 201).length).toBe(10);
      expect(statuses.slice(10)).toEqual([429, 429]);
      // Another network is not affected.
      expect((await kit.t.app.inject({ method: 'POST', url: '/api/v1/donations/checkout', payload: { amount: 500, interval: 'once' }, remoteAddress: '198.51.100.8' })).statusCode).toBe(201);
    });
  });

  describe('webhooks', () => {
    it('counts a one-off payment once, however often the event is delivered, and queues one receipt', async () => {
      const slug = (await createArticle(kit.t, { title: 'Money under test' })).slug;
      const page = () => kit.t.app.inject({ url: `/articles/${slug}` });
      await page();
      expect((await page()).headers['x-page-cache']).toBe('hit');
      const before = (await kit.raised())!;
      const { sessionId } = await kit.startCheckout({ amount: 2500, interval: 'once', name: 'Ann', email: 'ann@example.org', message: 'Keep digging' });
      const events = kit.stripe.pay(sessionId);
      expect(events.map((e) => e.type)).toEqual(['checkout.session.completed']);
      const [first] = await kit.deliverAll(events);
      expect(first).toMatchObject({ handled: true, duplicate: false });
      const again = await kit.deliverAll([...events, ...events]);
      expect(again.map((r) => r.duplicate)).toEqual([true, true]);

      expect(await kit.raised()).toBe(before + 2500);
      const row = (await kit.ledger()).find((d) => d.provider_payment_id === kit.stripe.paymentIntentOf(sessionId))!;
      expect(row).toMatchObject({ method: 'card', provider: 'stripe', status: 'succeeded', currency: 'USD', campaign_month: '2026-03', donor_name: 'Ann', donor_email: 'ann@example.org', message: 'Keep digging', receipt_queued: 1 });
      expect(Number(row.amount_minor)).toBe(2500);

      // The bar on the cached article page shows the new total at once.
      const after = await page();
      expect(after.headers['x-page-cache']).toBe('miss');
      expect(after.body).toContain(`aria-valuenow="${before + 2500}"`);

      const receipts = (await kit.t.mailer.list()).filter((m) => m.to_address === 'ann@example.org');
      expect(receipts).toHaveLength(1);
      expect(receipts[0]!.subject).toBe('Your donation to The Test Gazette: $25');
      expect(receipts[0]!.text_body).toContain('Amount: $25');
      expect(receipts[0]!.text_body).toContain(`Reference: ${row.provider_payment_id}`);
      expect(receipts[0]!.text_body).not.toContain('every month');

      // The thank-you page Checkout returns to.
      const thanks = await kit.t.app.inject({ url: `/support/thanks?session_id=${sessionId}` });
      expect(thanks.statusCode).toBe(200);
      expect(thanks.body).toContain('Thank you, Ann!');
      expect(thanks.body).toContain('Your donation of <strong>$25</strong>');
      expect(thanks.body).toContain('Your payment was received.');
    });

    it('counts a monthly donation once a month: the first payment arrives twice (checkout and invoice), in either order', async () => {
      for (const order of ['checkout first', 'invoice first'] as const) {
        const before = (await kit.raised())!;
        const { sessionId } = await kit.startCheckout({ amount: 1500, interval: 'month', name: 'Mo', email: `mo-${order.split(' ')[0]}@example.org` });
        const events = kit.stripe.pay(sessionId);
        expect(events.map((e) => e.type)).toEqual(['checkout.session.completed', 'invoice.paid']);
        await kit.deliverAll(order === 'checkout first' ? events : [...events].reverse());
        expect(await kit.raised(), order).toBe(before + 1500);

        const subscription = kit.stripe.subscriptionOf(sessionId)!;
        const donor = await kit.t.db.db.selectFrom('recurring_donations').selectAll().where('subscription_id', '=', subscription).executeTakeFirstOrThrow();
        expect(donor).toMatchObject({ status: 'active', currency: 'USD', donor_name: 'Mo' });
        expect(Number(donor.amount_minor)).toBe(1500);

        // The next month: a renewal is a new payment, counted toward that month's campaign.
        clock.advance(31 * 24 * 3600_000);
        const aprilBefore = (await kit.raised())!;
        await kit.deliverAll(kit.stripe.renew(subscription));
        expect(await kit.raised(), order).toBe(aprilBefore + 1500);
        const payments = (await kit.ledger()).filter((d) => d.provider_subscription_id === subscription);
        expect(payments.map((d) => [d.campaign_month, d.interval, d.status])).toEqual([['2026-03', 'month', 'succeeded'], ['2026-04', 'month', 'succeeded']]);
        clock.advance(-31 * 24 * 3600_000);
      }
    });

    it('sends monthly donors a receipt with a signed link to manage the donation at Stripe', async () => {
      const { sessionId } = await kit.startCheckout({ amount: 2000, interval: 'month', email: 'manage@example.org' });
      await kit.deliverAll(kit.stripe.pay(sessionId));
      const receipt = (await kit.t.mailer.list()).find((m) => m.to_address === 'manage@example.org')!;
      expect(receipt.text_body).toContain('You give $20 every month.');
      const link = /(http:\/\/localhost:3000\/support\/manage\/\S+)/.exec(receipt.text_body)![1]!;
      const path = new URL(link).pathname;
      const page = await kit.t.app.inject({ url: path });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('$20 a month to The Test Gazette');
      const go = await kit.t.app.inject({ method: 'POST', url: path });
      expect(go.statusCode).toBe(303);
      expect(go.headers.location).toMatch(new RegExp(`^${kit.stripe.url}/portal/bps_`));
      const portal = kit.stripe.requests.filter((r) => r.path === '/v1/billing_portal/sessions').at(-1)!;
      expect(portal.body).toMatchObject({ return_url: `http://localhost:3000${path}` });
      expect((portal.body as { customer: string }).customer).toMatch(/^cus_/);

      // A link with another signature, or for another donor, is not theirs.
      const [id, sig] = path.split('/').at(-1)!.split('.');
      for (const bad of [`${id}.${'A'.repeat(32)}`, `${Number(id) + 1}.${sig}`, 'nonsense']) {
        expect((await kit.t.app.inject({ url: `/support/manage/${bad}` })).statusCode, bad).toBe(404);
        expect((await kit.t.app.inject({ method: 'POST', url: `/support/manage/${bad}` })).statusCode, bad).toBe(404);
      }

      // Cancelled at Stripe: the donor is shown as such, and no more is counted.
      await kit.deliverAll(kit.stripe.cancel(kit.stripe.subscriptionOf(sessionId)!));
      expect((await kit.t.app.inject({ url: path })).body).toContain('This monthly donation was cancelled');
    });

    it('takes refunds (in part, then in full) and disputes off the total, in any order of events', async () => {
      const { sessionId } = await kit.startCheckout({ amount: 10_000, interval: 'once' });
      const paid = kit.stripe.pay(sessionId);
      const pi = kit.stripe.paymentIntentOf(sessionId)!;
      const before = (await kit.raised())!;
      await kit.deliverAll(paid);
      expect(await kit.raised()).toBe(before + 10_000);
      await kit.deliverAll(kit.stripe.refund(pi, 2_500));
      expect(await kit.raised()).toBe(before + 7_500);
      const whole = kit.stripe.refund(pi);
      await kit.deliverAll([...whole, ...whole]);
      expect(await kit.raised()).toBe(before);
      expect((await kit.ledger()).find((d) => d.provider_payment_id === pi)!.status).toBe('refunded');

      // A refund delivered before the payment it refunds: the same end state.
      const late = await kit.startCheckout({ amount: 4_000, interval: 'once' });
      const latePaid = kit.stripe.pay(late.sessionId);
      const lateRefund = kit.stripe.refund(kit.stripe.paymentIntentOf(late.sessionId)!);
      await kit.deliverAll([...lateRefund, ...latePaid]);
      expect(await kit.raised()).toBe(before);
      expect((await kit.ledger()).find((d) => d.provider_payment_id === kit.stripe.paymentIntentOf(late.sessionId))).toMatchObject({ status: 'refunded', amount_minor: 4_000 });

      // A dispute takes the money off until it is won; a lost one keeps it off.
      const disputed = await kit.startCheckout({ amount: 3_000, interval: 'once' });
      await kit.deliverAll(kit.stripe.pay(disputed.sessionId));
      const dpi = kit.stripe.paymentIntentOf(disputed.sessionId)!;
      const opened = kit.stripe.dispute(dpi);
      await kit.deliverAll(opened);
      expect(await kit.raised()).toBe(before);
      expect((await kit.ledger()).find((d) => d.provider_payment_id === dpi)!.status).toBe('disputed');
      const won = kit.stripe.closeDispute(opened[0]!.data.object.id, 'won');
      // Delivered again after the close: "open" does not reopen a closed dispute.
      await kit.deliverAll([...won, ...opened]);
      expect(await kit.raised()).toBe(before + 3_000);
      expect((await kit.ledger()).find((d) => d.provider_payment_id === dpi)!.status).toBe('succeeded');
    });

    it('counts a delayed payment (bank debit) only when it succeeds', async () => {
      const before = (await kit.raised())!;
      const ok = await kit.startCheckout({ amount: 5_000, interval: 'once' });
      await kit.deliverAll(kit.stripe.pay(ok.sessionId, { async: true }));
      expect((await kit.ledger()).find((d) => d.provider_payment_id === kit.stripe.paymentIntentOf(ok.sessionId))!.status).toBe('pending');
      expect(await kit.raised()).toBe(before);
      const pending = await kit.t.app.inject({ url: `/support/thanks?session_id=${ok.sessionId}` });
      expect(pending.body).toContain('Stripe is confirming your payment');
      await kit.deliverAll(kit.stripe.settle(ok.sessionId, true));
      expect(await kit.raised()).toBe(before + 5_000);

      const bad = await kit.startCheckout({ amount: 6_000, interval: 'once' });
      await kit.deliverAll(kit.stripe.pay(bad.sessionId, { async: true }));
      await kit.deliverAll(kit.stripe.settle(bad.sessionId, false));
      expect((await kit.ledger()).find((d) => d.provider_payment_id === kit.stripe.paymentIntentOf(bad.sessionId))!.status).toBe('failed');
      expect(await kit.raised()).toBe(before + 5_000);
    });

    it('refuses a bad, missing or stale signature with 400 and records nothing', async () => {
      const { sessionId } = await kit.startCheckout({ amount: 7_700, interval: 'once' });
      const [event] = kit.stripe.pay(sessionId);
      const before = { ledger: (await kit.ledger()).length, raised: await kit.raised() };
      const stale = Math.floor(Date.now() / 1000) - 6 * 60;
      const attempts = [
        await kit.deliver(event!, { secret: 'whsec_someone_else' }),
        await kit.deliver(event!, { timestamp: stale }),
        await kit.deliver(event!, { header: 't=1,v1=deadbeef' }),
        await kit.t.app.inject({ method: 'POST', url: '/webhooks/stripe', payload: JSON.stringify(event), headers: { 'content-type': 'application/json' } }),
      ];
      // A body changed after signing.
      const { header } = kit.stripe.sign(event!, WEBHOOK_SECRET);
      const tampered = JSON.stringify({ ...event, data: { object: { ...event!.data.object, amount_total: 99_999_999 } } });
      attempts.push(await kit.t.app.inject({ method: 'POST', url: '/webhooks/stripe', payload: tampered, headers: { 'content-type': 'application/json', 'stripe-signature': header } }));
      for (const res of attempts) {
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('BAD_SIGNATURE');
      }
      expect((await kit.ledger()).length).toBe(before.ledger);
      expect(await kit.raised()).toBe(before.raised);
      const processed = await kit.t.db.db.selectFrom('stripe_events').select('id').where('id', '=', event!.id).execute();
      expect(processed).toEqual([]);
      // The real delivery still works afterwards.
      await kit.deliverAll([event!]);
      expect(await kit.raised()).toBe(before.raised! + 7_700);
    });

    it('reads invoices in the shape of older API versions (a webhook endpoint sends its own version)', async () => {
      const { sessionId } = await kit.startCheckout({ amount: 1_200, interval: 'month' });
      const [, paid] = kit.stripe.pay(sessionId);
      const subscription = kit.stripe.subscriptionOf(sessionId)!;
      const renewal = kit.stripe.renew(subscription)[0]!;
      const invoice = renewal.data.object;
      const pi = kit.stripe.paymentIntentOfInvoice(invoice.id)!;
      // Before 2025: the subscription and payment intent on the invoice itself, no `parent`.
      const legacy = { ...renewal, id: 'evt_legacy_1', api_version: '2024-06-20', data: { object: {
        ...invoice, parent: undefined, subscription, payment_intent: pi, subscription_details: { metadata: invoice.parent.subscription_details.metadata },
      } } };
      const before = (await kit.raised())!;
      await kit.deliverAll([paid!, legacy]);
      expect(await kit.raised()).toBe(before + 2_400);
      expect((await kit.ledger()).find((d) => d.provider_payment_id === pi)).toMatchObject({ provider_subscription_id: subscription, interval: 'month', status: 'succeeded' });
    });

    it('answers an event it cannot read with 400 UNREADABLE_EVENT, recording nothing (Stripe delivers it again)', async () => {
      const { sessionId } = await kit.startCheckout({ amount: 800, interval: 'once' });
      const [event] = kit.stripe.pay(sessionId);
      const broken = { ...event!, id: 'evt_broken_1', type: 'charge.refunded', data: { object: { id: 'ch_x', object: 'charge' } } };
      const res = await kit.deliver(broken as typeof event & {});
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('UNREADABLE_EVENT');
      expect(await kit.t.db.db.selectFrom('stripe_events').select('id').where('id', '=', 'evt_broken_1').execute()).toEqual([]);
    });

    it('leaves out payments that are not donations (another product on the same Stripe account), and their refunds', async () => {
      const sdk = new Stripe('sk_test_gazette', kit.stripe.sdkOptions);
      const before = { ledger: (await kit.ledger()).length, raised: await kit.raised() };
      const sale = await sdk.checkout.sessions.create({
        mode: 'payment', line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 10_000, product_data: { name: 'A tote bag' } } }],
        success_url: 'https://shop.example/thanks',
      });
      const paid = kit.stripe.pay(sale.id);
      const refund = kit.stripe.refund(kit.stripe.paymentIntentOf(sale.id)!, 1_000);
      const results = await kit.deliverAll([...paid, ...refund]);
      expect(results.every((r) => r.handled)).toBe(true);
      expect((await kit.ledger()).length).toBe(before.ledger);
      expect(await kit.raised()).toBe(before.raised);
      const held = await kit.t.db.db.selectFrom('stripe_held_facts').select('payment_id').where('payment_id', '=', kit.stripe.paymentIntentOf(sale.id)!).execute();
      expect(held).toHaveLength(1);
    });

    it('never shows the name on the card: only a name the donor typed is theirs to show', async () => {
      const { sessionId } = await kit.startCheckout({ amount: 1_100, interval: 'once', email: 'quiet@example.org' });
      await kit.deliverAll(kit.stripe.pay(sessionId, { name: 'Card Holder Name' }));
      const row = (await kit.ledger()).find((d) => d.provider_payment_id === kit.stripe.paymentIntentOf(sessionId))!;
      expect(row).toMatchObject({ donor_name: null, donor_email: 'quiet@example.org' });
      expect(JSON.stringify(await kit.t.services.donations.supporters(100))).not.toContain('Card Holder');
    });

    it("keeps a donor an admin hid off the supporters list there, through refunds and the next months' payments", async () => {
      const { sessionId } = await kit.startCheckout({ amount: 1_300, interval: 'month', name: 'Loud Larry', message: 'Something rude' });
      await kit.deliverAll(kit.stripe.pay(sessionId));
      const names = async () => (await kit.t.services.donations.supporters(500)).map((x) => x.name);
      expect(await names()).toContain('Loud Larry');
      const first = (await kit.ledger()).find((d) => d.provider_payment_id === kit.stripe.paymentIntentOf(sessionId))!;
      const hide = await kit.t.app.inject({ method: 'POST', url: `/api/v1/admin/donations/${first.id}/hide`, headers: admin });
      expect(hide.statusCode).toBe(200);
      await kit.deliverAll(kit.stripe.refund(kit.stripe.paymentIntentOf(sessionId)!, 100));
      clock.advance(31 * 24 * 3600_000);
      await kit.deliverAll(kit.stripe.renew(kit.stripe.subscriptionOf(sessionId)!));
      clock.advance(-31 * 24 * 3600_000);
      expect(await names()).not.toContain('Loud Larry');
      const rows = (await kit.ledger()).filter((d) => d.provider_subscription_id === kit.stripe.subscriptionOf(sessionId));
      expect(rows.map((r) => r.anonymous)).toEqual([1, 1]);
    });

    it('gives disputed money back when the dispute closes other than lost, and ignores inquiries', async () => {
      const { sessionId } = await kit.startCheckout({ amount: 2_200, interval: 'once' });
      await kit.deliverAll(kit.stripe.pay(sessionId));
      const pi = kit.stripe.paymentIntentOf(sessionId)!;
      const status = async () => (await kit.ledger()).find((d) => d.provider_payment_id === pi)!.status;
      const [opened] = kit.stripe.dispute(pi);
      const inquiry = { ...opened!, id: 'evt_inquiry_1', data: { object: { ...opened!.data.object, status: 'warning_needs_response' } } };
      await kit.deliverAll([inquiry]);
      expect(await status()).toBe('succeeded');
      await kit.deliverAll([opened!]);
      expect(await status()).toBe('disputed');
      const [closed] = kit.stripe.closeDispute(opened!.data.object.id, 'won');
      const prevented = { ...closed!, id: 'evt_prevented_1', data: { object: { ...closed!.data.object, status: 'prevented' } } };
      await kit.deliverAll([prevented]);
      expect(await status()).toBe('succeeded');
    });

    it('applies events about the same payments at the same time exactly as one after the other', async () => {
      // Twelve payments delivered at once (all new rows of one month), then a refund and a dispute of each at once.
      const sessions = [];
      for (let i = 0; i < 12; i++) sessions.push((await kit.startCheckout({ amount: 1_000 + i, interval: 'once' })).sessionId);
      const before = (await kit.raised())!;
      const paid = sessions.flatMap((id) => kit.stripe.pay(id));
      await Promise.all(paid.map((e) => kit.deliverAll([e])));
      expect(await kit.raised()).toBe(before + sessions.reduce((sum, _id, i) => sum + 1_000 + i, 0));
      const pis = sessions.map((id) => kit.stripe.paymentIntentOf(id)!);
      const later = pis.flatMap((pi) => [...kit.stripe.refund(pi, 100), ...kit.stripe.dispute(pi)]);
      await Promise.all(later.map((e) => kit.deliverAll([e])));
      const rows = (await kit.ledger()).filter((d) => pis.includes(d.provider_payment_id!));
      expect(rows.map((r) => [r.status, Number(r.refunded_minor)])).toEqual(pis.map(() => ['disputed', 100]));
      expect(await kit.raised()).toBe(before);
      const { sum } = (await kit.t.db.db.selectFrom('donations').select((eb) => eb.fn.sum<number>(eb.ref('amount_minor')).as('sum'))
        .where('campaign_month', '=', '2026-03').where('currency', '=', 'USD').where('status', '=', 'succeeded').executeTakeFirstOrThrow());
      const refunded = (await kit.t.db.db.selectFrom('donations').select((eb) => eb.fn.sum<number>(eb.ref('refunded_minor')).as('r'))
        .where('campaign_month', '=', '2026-03').where('currency', '=', 'USD').where('status', '=', 'succeeded').executeTakeFirstOrThrow()).r;
      expect(await kit.raised()).toBe(Number(sum) - Number(refunded));
    });

    it('answers a signed body that is not an event with 400 UNREADABLE_EVENT', async () => {
      for (const body of ['null', '[]', '{"id":1}', '{"id":"evt_x","type":"charge.refunded","data":null}']) {
        const { payload, header } = kit.stripe.sign(JSON.parse(body), WEBHOOK_SECRET);
        const res = await kit.t.app.inject({ method: 'POST', url: '/webhooks/stripe', payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
        expect(res.statusCode, body).toBe(400);
        expect(res.json().error.code, body).toBe('UNREADABLE_EVENT');
      }
    });

    it('answers event types it does not use with 200 and changes nothing', async () => {
      const { sessionId } = await kit.startCheckout({ amount: 900, interval: 'once' });
      const [event] = kit.stripe.pay(sessionId);
      const other = { ...event!, id: 'evt_unrelated_1', type: 'customer.created' };
      const res = await kit.deliver(other);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ received: true, handled: false });
    });
  });
});

describe.each(dialects())('donations without Stripe on %s', (dialect) => {
  const kit = donationSuite(dialect, { stripe: false });

  it('answers 503 DONATIONS_UNAVAILABLE to a checkout, 404 to a webhook, and /support shows no card form', async () => {
    const res = await kit.t.app.inject({ method: 'POST', url: '/api/v1/donations/checkout', payload: { amount: 1000, interval: 'once' } });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('DONATIONS_UNAVAILABLE');
    const hook = await kit.t.app.inject({ method: 'POST', url: '/webhooks/stripe', payload: '{}', headers: { 'content-type': 'application/json' } });
    expect(hook.statusCode).toBe(404);
    expect(hook.json().error.code).toBe('DONATIONS_UNAVAILABLE');
    const page = await kit.t.app.inject({ url: '/support' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('id="donation-form"');
    expect(page.body).toContain('This site does not take donations online yet.');
  });
});

describe.each(dialects())('Stripe unreachable on %s', (dialect) => {
  const kit = donationSuite(dialect);

  it('answers 502 PAYMENT_PROVIDER_ERROR to a checkout and the manage link, and keeps no intent', async () => {
    const { sessionId } = await kit.startCheckout({ amount: 2000, interval: 'month', email: 'down@example.org' });
    await kit.deliverAll(kit.stripe.pay(sessionId));
    const link = /(\/support\/manage\/\S+)/.exec((await kit.t.mailer.list()).find((m) => m.to_address === 'down@example.org')!.text_body)![1]!;
    await kit.stripe.close();
    const intents = async () => (await kit.t.db.db.selectFrom('donation_intents').select('id').execute()).length;
    const before = await intents();
    const res = await kit.t.app.inject({ method: 'POST', url: '/api/v1/donations/checkout', payload: { amount: 1000, interval: 'once' } });
    expect(res.statusCode).toBe(502);
    expect(res.json().error.code).toBe('PAYMENT_PROVIDER_ERROR');
    expect(await intents()).toBe(before);
    const manage = await kit.t.app.inject({ method: 'POST', url: link, headers: { accept: 'text/html' } });
    expect(manage.statusCode).toBe(502);
    expect(manage.body).toContain('Stripe could not be reached');
  });
});
