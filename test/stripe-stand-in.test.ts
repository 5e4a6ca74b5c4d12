// The Stripe stand-in, driven by the real `stripe` SDK: if the SDK accepts its answers and raises its
// errors as it would Stripe's, tests of Gazette's donations can trust it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeForm, startStripeStandIn, type StripeStandIn } from './helpers/stripe-stand-in.js';

const SECRET = 'whsec_test_standin_secret';

let standIn: StripeStandIn;
let stripe: Stripe;
beforeEach(async () => {
  standIn = await startStripeStandIn();
  const { host, port, protocol } = standIn.sdkOptions;
  stripe = new Stripe('sk_test_x', { host, port, protocol, maxNetworkRetries: 0 });
});
afterEach(() => standIn.close());

const donation = (mode: 'payment' | 'subscription', amount = 2500) => ({
  mode,
  line_items: [{
    quantity: 1,
    price_data: { currency: 'eur', unit_amount: amount, product_data: { name: 'Donation' }, ...(mode === 'subscription' && { recurring: { interval: 'month' as const } }) },
  }],
  success_url: 'http://gazette.test/donate/thanks?session={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://gazette.test/donate',
});

describe('form decoding', () => {
  it('turns Stripe-style brackets into nested objects and 0..n keys into arrays, keeping strings', () => {
    expect(decodeForm('line_items[0][price_data][currency]=usd&line_items[0][quantity]=1&metadata[intent]=12&payment_method_types[0]=card&payment_method_types[1]=sepa_debit&note=a%20b'))
      .toEqual({ line_items: [{ price_data: { currency: 'usd' }, quantity: '1' }], metadata: { intent: '12' }, payment_method_types: ['card', 'sepa_debit'], note: 'a b' });
    expect(decodeForm('metadata[1]=x')).toEqual({ metadata: { 1: 'x' } }); // keys not starting at 0 stay an object
  });
});

describe('Checkout Sessions through the SDK', () => {
  it('creates a payment session from inline price data and reads it back', async () => {
    const created = await stripe.checkout.sessions.create({
      ...donation('payment', 1200), customer_email: 'ada@example.org', client_reference_id: 'intent-12',
      metadata: { intent: '12' }, payment_intent_data: { metadata: { intent: '12' } },
    });
    expect(created.id).toMatch(/^cs_test_\w+$/);
    expect(created).toMatchObject({
      object: 'checkout.session', mode: 'payment', status: 'open', payment_status: 'unpaid', amount_total: 1200, currency: 'eur',
      metadata: { intent: '12' }, client_reference_id: 'intent-12', customer: null, customer_email: 'ada@example.org', customer_details: null,
      payment_intent: null, subscription: null, invoice: null, livemode: false, url: `${standIn.url}/pay/${created.id}`,
      success_url: 'http://gazette.test/donate/thanks?session={CHECKOUT_SESSION_ID}', cancel_url: 'http://gazette.test/donate',
    });
    expect(Math.abs(created.created - Date.now() / 1000)).toBeLessThan(5);

    const read = await stripe.checkout.sessions.retrieve(created.id);
    expect(read).toMatchObject({ id: created.id, amount_total: 1200, metadata: { intent: '12' } });

    const [post, get] = standIn.requests;
    expect(post).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions' });
    expect(post!.headers.authorization).toBe('Bearer sk_test_x');
    expect(post!.body).toEqual({
      mode: 'payment', customer_email: 'ada@example.org', client_reference_id: 'intent-12', metadata: { intent: '12' },
      payment_intent_data: { metadata: { intent: '12' } },
      line_items: [{ quantity: '1', price_data: { currency: 'eur', unit_amount: '1200', product_data: { name: 'Donation' } } }],
      success_url: 'http://gazette.test/donate/thanks?session={CHECKOUT_SESSION_ID}', cancel_url: 'http://gazette.test/donate',
    });
    expect(get).toMatchObject({ method: 'GET', path: `/v1/checkout/sessions/${created.id}`, body: {} });
  });

  it('creates a subscription session and remembers subscription_data.metadata for the subscription', async () => {
    const session = await stripe.checkout.sessions.create({ ...donation('subscription', 500), subscription_data: { metadata: { intent: '7' } } });
    expect(session).toMatchObject({ mode: 'subscription', amount_total: 500, status: 'open', subscription: null });
    expect(standIn.requests[0]!.body).toMatchObject({ line_items: [{ price_data: { recurring: { interval: 'month' } } }], subscription_data: { metadata: { intent: '7' } } });

    const [completed, paid] = standIn.pay(session.id, { email: 'grace@example.org' });
    const subscription = await stripe.subscriptions.retrieve(standIn.subscriptionOf(session.id)!);
    expect(subscription).toMatchObject({ object: 'subscription', status: 'active', metadata: { intent: '7' }, customer: completed!.data.object.customer });
    expect(subscription.items.data[0]!.price).toMatchObject({ unit_amount: 500, currency: 'eur', recurring: { interval: 'month' } });
    expect(paid!.data.object).toMatchObject({ billing_reason: 'subscription_create', customer_email: 'grace@example.org' });
  });

  it('raises StripeInvalidRequestError with the param for a missing mode, and for a mode that does not fit the prices', async () => {
    const { mode: _, ...withoutMode } = donation('payment');
    const error = await stripe.checkout.sessions.create(withoutMode as Stripe.Checkout.SessionCreateParams).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, param: 'mode', code: 'parameter_missing', type: 'StripeInvalidRequestError' });

    const recurringInPayment = { ...donation('subscription'), mode: 'payment' as const };
    await expect(stripe.checkout.sessions.create(recurringInPayment)).rejects.toMatchObject({ statusCode: 400, param: 'line_items[0][price_data][recurring]' });
    const oneTimeInSubscription = { ...donation('payment'), mode: 'subscription' as const };
    await expect(stripe.checkout.sessions.create(oneTimeInSubscription)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(standIn.sessions.size).toBe(0);
  });

  it('answers a POST repeated with the same idempotency key with the first result', async () => {
    const first = await stripe.checkout.sessions.create(donation('payment'), { idempotencyKey: 'checkout-1' });
    const again = await stripe.checkout.sessions.create(donation('payment'), { idempotencyKey: 'checkout-1' });
    const other = await stripe.checkout.sessions.create(donation('payment'), { idempotencyKey: 'checkout-2' });
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    expect(standIn.sessions.size).toBe(2);
  });

  it('answers 404 resource_missing for an unknown session', async () => {
    const error = await stripe.checkout.sessions.retrieve('cs_test_nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('refuses a request without a secret key in Stripe\'s error format', async () => {
    const res = await fetch(`${standIn.url}/v1/checkout/sessions/cs_test_x`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('API key') } });
  });
});

describe('simulated payments', () => {
  it('finds a subscription invoice\'s PaymentIntent through invoice payments, also after a renewal', async () => {
    const session = await stripe.checkout.sessions.create({ ...donation('subscription', 1000), subscription_data: { metadata: { intent: '3' } } });
    const events = standIn.pay(session.id);
    expect(events.map((e) => e.type)).toEqual(['checkout.session.completed', 'invoice.paid']);
    const [completed, paid] = events;
    expect(completed!.data.object).toMatchObject({ status: 'complete', payment_status: 'paid', subscription: standIn.subscriptionOf(session.id), customer_details: { email: 'donor@example.org' } });
    const invoice = paid!.data.object;
    expect(invoice).not.toHaveProperty('payment_intent');
    expect(invoice.parent).toEqual({ type: 'subscription_details', quote_details: null, subscription_details: { subscription: standIn.subscriptionOf(session.id), metadata: { intent: '3' } } });

    const payments = await stripe.invoicePayments.list({ invoice: invoice.id });
    expect(payments.data).toHaveLength(1);
    expect(payments.data[0]).toMatchObject({ object: 'invoice_payment', invoice: invoice.id, amount_paid: 1000, status: 'paid', payment: { type: 'payment_intent' } });
    expect(payments.data[0]!.payment.payment_intent).toBe(standIn.paymentIntentOf(session.id));
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ id: invoice.id, status: 'paid', amount_paid: 1000 });

    const [renewal] = standIn.renew(standIn.subscriptionOf(session.id)!);
    expect(renewal!.data.object).toMatchObject({ billing_reason: 'subscription_cycle', amount_paid: 1000 });
    const renewalPayment = (await stripe.invoicePayments.list({ invoice: renewal!.data.object.id })).data[0]!;
    expect(renewalPayment.payment.payment_intent).toMatch(/^pi_/);
    expect(renewalPayment.payment.payment_intent).not.toBe(payments.data[0]!.payment.payment_intent);
  });

  it('pays, refunds in parts, disputes and cancels with Stripe-shaped events on the stand-in\'s clock', async () => {
    let t = Date.parse('2026-05-31T10:00:00Z');
    await standIn.close();
    standIn = await startStripeStandIn({ now: () => new Date(t) });
    stripe = new Stripe('sk_test_x', { ...standIn.sdkOptions, maxNetworkRetries: 0 });
    const session = await stripe.checkout.sessions.create(donation('payment', 3000));
    const [completed] = standIn.pay(session.id, { email: 'x@example.org', name: 'X', async: true });
    expect(completed).toMatchObject({ object: 'event', type: 'checkout.session.completed', api_version: '2026-10-28.endive', livemode: false, created: t / 1000 });
    expect(completed!.data.object).toMatchObject({ payment_status: 'unpaid', customer_details: { email: 'x@example.org', name: 'X' } });
    t += 3 * 24 * 3600 * 1000;
    const [settled] = standIn.settle(session.id, true);
    expect(settled).toMatchObject({ type: 'checkout.session.async_payment_succeeded', created: t / 1000, data: { object: { payment_status: 'paid' } } });

    const pi = standIn.paymentIntentOf(session.id)!;
    expect(standIn.refund(pi, 1000)[0]!.data.object).toMatchObject({ object: 'charge', amount: 3000, amount_refunded: 1000, refunded: false, payment_intent: pi });
    expect(standIn.refund(pi)[0]).toMatchObject({ type: 'charge.refunded', data: { object: { amount_refunded: 3000, refunded: true } } });
    expect(() => standIn.refund(pi, 1)).toThrow();

    const [opened] = standIn.dispute(pi);
    expect(opened!.data.object).toMatchObject({ object: 'dispute', status: 'needs_response', amount: 3000, payment_intent: pi });
    expect(opened!.data.object.id).toMatch(/^du_/);
    expect(standIn.closeDispute(opened!.data.object.id, 'lost')[0]).toMatchObject({ type: 'charge.dispute.closed', data: { object: { status: 'lost' } } });
    expect(opened!.data.object.status).toBe('needs_response'); // an event is a snapshot

    const sub = await stripe.checkout.sessions.create(donation('subscription'));
    standIn.pay(sub.id);
    const [deleted] = standIn.cancel(standIn.subscriptionOf(sub.id)!);
    expect(deleted).toMatchObject({ type: 'customer.subscription.deleted', data: { object: { status: 'canceled' } } });
    expect(() => standIn.renew(standIn.subscriptionOf(sub.id)!)).toThrow();
  });

  it('creates billing portal sessions for a customer', async () => {
    const session = await stripe.checkout.sessions.create(donation('subscription'));
    const [completed] = standIn.pay(session.id);
    const customer = completed!.data.object.customer as string;
    const portal = await stripe.billingPortal.sessions.create({ customer, return_url: 'http://gazette.test/account' });
    expect(portal).toMatchObject({ object: 'billing_portal.session', customer, return_url: 'http://gazette.test/account' });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.url).toBe(`${standIn.url}/portal/${portal.id}`);
    await expect(stripe.billingPortal.sessions.create({} as Stripe.BillingPortal.SessionCreateParams)).rejects.toMatchObject({ param: 'customer' });
  });
});

describe('webhooks', () => {
  it('signs events so that the SDK verifies them with the right secret only', async () => {
    const session = await stripe.checkout.sessions.create(donation('payment'));
    const [completed] = standIn.pay(session.id);
    const { payload, header } = standIn.sign(completed!, SECRET);
    const verified = stripe.webhooks.constructEvent(payload, header, SECRET, 300);
    expect(verified).toMatchObject({ id: completed!.id, type: 'checkout.session.completed', data: { object: { id: session.id } } });
    expect(() => stripe.webhooks.constructEvent(payload, header, 'whsec_wrong', 300)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const old = standIn.sign(completed!, SECRET, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(() => stripe.webhooks.constructEvent(old.payload, old.header, SECRET, 300)).toThrow(/tolerance/);
  });

  it('delivers signed events to the webhook URL, also from the hosted Checkout page', async () => {
    const received: { signature: string; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => {
        received.push({ signature: String(req.headers['stripe-signature']), body });
        res.writeHead(req.headers['content-type'] === 'application/json' ? 200 : 415).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      standIn.webhook = { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`, secret: SECRET };
      const subscription = await stripe.checkout.sessions.create({ ...donation('subscription'), customer_email: 'ada@example.org' });
      expect(await standIn.deliver(standIn.pay(subscription.id))).toEqual([200, 200]);
      expect(received.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, SECRET).type)).toEqual(['checkout.session.completed', 'invoice.paid']);

      const session = await stripe.checkout.sessions.create({ ...donation('payment', 1500), customer_email: 'ada@example.org' });
      const checkout = await (await fetch(session.url!)).text();
      expect(checkout).toContain('<title>Checkout (Stripe stand-in)</title>');
      expect(checkout).toMatch(/€15\.00[\s\S]*EUR/);
      expect(checkout).toContain('value="ada@example.org"');
      expect(checkout).toContain('href="http://gazette.test/donate">Back</a>');
      const paid = await fetch(session.url!, { method: 'POST', body: new URLSearchParams({ email: 'lovelace@example.org' }), redirect: 'manual' });
      expect(paid.status).toBe(303);
      expect(paid.headers.get('location')).toBe(`http://gazette.test/donate/thanks?session=${session.id}`);
      const last = stripe.webhooks.constructEvent(received.at(-1)!.body, received.at(-1)!.signature, SECRET);
      expect(last.data.object).toMatchObject({ id: session.id, payment_status: 'paid', customer_details: { email: 'lovelace@example.org' } });

      const portal = await stripe.billingPortal.sessions.create({ customer: standIn.sessions.get(subscription.id)!.customer, return_url: 'http://gazette.test/account' });
      expect(await (await fetch(portal.url)).text()).toContain('Cancel donation');
      const left = await fetch(portal.url, { method: 'POST', redirect: 'manual' });
      expect(left.headers.get('location')).toBe('http://gazette.test/account');
      expect(JSON.parse(received.at(-1)!.body)).toMatchObject({ type: 'customer.subscription.deleted', data: { object: { id: standIn.subscriptionOf(subscription.id), status: 'canceled' } } });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
