// A local server that speaks the part of Stripe's HTTP API Gazette uses (Checkout, the billing portal,
// invoice payments), keeps Stripe-shaped objects, and simulates what happens on Stripe's side (a donor
// paying, a renewal, a refund, a dispute, a cancellation) by returning the events Stripe would send.
// The real `stripe` SDK talks to it through { host, port, protocol: 'http' }; it also serves small
// stand-ins for Stripe's hosted Checkout and portal pages so browser tests can click through.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

type Metadata = Record<string, string>;
type Interval = 'day' | 'week' | 'month' | 'year';
/** A Stripe object as the stand-in keeps it; every field is one Stripe's object of that type has. */
export type StripeObject = { id: string; object: string; [field: string]: any };

export interface StripeEvent {
  id: string; object: 'event'; api_version: string; created: number; type: string;
  data: { object: StripeObject }; livemode: false; pending_webhooks: number; request: { id: null; idempotency_key: null };
}
export interface RecordedRequest { method: string; path: string; query: Record<string, unknown>; body: Record<string, unknown>; headers: Record<string, string> }
export interface Webhook { url: string; secret: string }
export interface StandInOptions { webhook?: Webhook; now?: () => Date }

export interface StripeStandIn {
  url: string;
  sdkOptions: { host: string; port: number; protocol: 'http' };
  requests: RecordedRequest[];
  sessions: Map<string, StripeObject>;
  /** Where `deliver` and the hosted pages send events; may be set after start (the app's port is known later). */
  webhook: Webhook | undefined;
  pay(sessionId: string, opts?: { email?: string; name?: string; async?: boolean }): StripeEvent[];
  settle(sessionId: string, succeeded: boolean): StripeEvent[];
  renew(subscriptionId: string): StripeEvent[];
  refund(paymentIntentId: string, amount?: number): StripeEvent[];
  dispute(paymentIntentId: string): StripeEvent[];
  closeDispute(disputeId: string, status: 'won' | 'lost'): StripeEvent[];
  cancel(subscriptionId: string): StripeEvent[];
  /** The session's PaymentIntent; for a subscription session, that of its first invoice. */
  paymentIntentOf(sessionId: string): string | null;
  paymentIntentOfInvoice(invoiceId: string): string | null;
  subscriptionOf(sessionId: string): string | null;
  /** The body Stripe would POST and its Stripe-Signature header; the timestamp defaults to the wall clock (not `now`), as receivers check it against theirs. */
  sign(event: StripeEvent, secret: string, opts?: { timestamp?: number }): { payload: string; header: string };
  deliver(events: StripeEvent[]): Promise<number[]>;
  close(): Promise<void>;
}

export const STANDIN_API_VERSION = '2026-10-28.endive';
const signer = new Stripe('sk_test_standin');

const newId = (prefix: string) => prefix + crypto.randomBytes(18).toString('base64url').replace(/[-_]/g, '').slice(0, 24);

/** Decodes a form body (or query string) the way Stripe reads it: `a[b][0][c]=x` → { a: { b: [{ c: 'x' }] } }. */
export function decodeForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.replace(/\]/g, '').split('[');
    let node = root;
    path.forEach((segment, i) => {
      const k = segment === '' ? String(Object.keys(node).length) : segment; // `a[]=x` appends
      if (i === path.length - 1) node[k] = value;
      else node = (typeof node[k] === 'object' && node[k] !== null ? node[k] : (node[k] = {})) as Record<string, unknown>;
    });
  }
  return toArrays(root) as Record<string, unknown>;
}

function toArrays(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, toArrays(v)] as const);
  const isList = entries.length > 0 && entries.every(([k], i) => k === String(i));
  return isList ? entries.map(([, v]) => v) : Object.fromEntries(entries);
}

/** An error the API answers in Stripe's format, `{ error: { type, message, param, code } }`. */
class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly param?: string, readonly code?: string) { super(message); }
}
const missing = (param: string) => new ApiError(400, `Missing required param: ${param}.`, param, 'parameter_missing');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function formatAmount(amount: number, currency: string) {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

function addInterval(seconds: number, interval: Interval) {
  const d = new Date(seconds * 1000);
  if (interval === 'month' || interval === 'year') d.setUTCMonth(d.getUTCMonth() + (interval === 'year' ? 12 : 1));
  else d.setUTCDate(d.getUTCDate() + (interval === 'week' ? 7 : 1));
  return Math.floor(d.getTime() / 1000);
}
/** A simulation asked for something Stripe would not do (a test's mistake, not an API error). */
function fail(message: string): never {
  throw new Error(`Stripe stand-in: ${message}`);
}

export async function startStripeStandIn(opts: StandInOptions = {}): Promise<StripeStandIn> {
  const now = () => Math.floor((opts.now?.() ?? new Date()).getTime() / 1000);
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, StripeObject>();
  // What Stripe keeps about a session without showing it on the session object.
  const sessionExtras = new Map<string, { subscriptionMetadata: Metadata; paymentIntentMetadata: Metadata; interval: Interval | null }>();
  const charges = new Map<string, StripeObject>(); // by PaymentIntent id
  const invoices = new Map<string, StripeObject>();
  const invoicePayments = new Map<string, StripeObject>(); // by invoice id
  const subscriptions = new Map<string, StripeObject>();
  const disputes = new Map<string, StripeObject>();
  const portalSessions = new Map<string, StripeObject>();
  const customerEmails = new Map<string, string>(); // the stand-in has no customer objects, only their e-mail
  const idempotent = new Map<string, unknown>();

  const event = (type: string, object: StripeObject): StripeEvent => ({
    id: newId('evt_'), object: 'event', api_version: STANDIN_API_VERSION, created: now(), type,
    data: { object: structuredClone(object) }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null },
  });
  const get = <T>(map: Map<string, T>, id: string, what: string): T => map.get(id) ?? fail(`no ${what} ${id}`);

  /** A PaymentIntent's id and its charge (the stand-in keeps the charge, which is what events carry). */
  function charge(amount: number, currency: string, customer: string | null, metadata: Metadata, status: 'succeeded' | 'pending'): string {
    const paymentIntent = newId('pi_');
    charges.set(paymentIntent, {
      id: newId('ch_'), object: 'charge', amount, amount_captured: status === 'succeeded' ? amount : 0, amount_refunded: 0, refunded: false,
      currency, customer, payment_intent: paymentIntent, created: now(), paid: status === 'succeeded', status, captured: status === 'succeeded',
      disputed: false, metadata: { ...metadata }, livemode: false,
    });
    return paymentIntent;
  }

  function createSession(body: Record<string, any>): StripeObject {
    const mode = body.mode;
    if (mode === undefined) throw missing('mode');
    if (mode !== 'payment' && mode !== 'subscription') throw new ApiError(400, `Invalid mode: must be one of payment, setup, or subscription`, 'mode');
    if (!body.success_url) throw missing('success_url');
    if (body.payment_intent_data && mode !== 'payment') throw new ApiError(400, 'You can only pass `payment_intent_data` in `payment` mode.', 'payment_intent_data');
    if (body.subscription_data && mode !== 'subscription') throw new ApiError(400, 'You can only pass `subscription_data` in `subscription` mode.', 'subscription_data');
    if (!Array.isArray(body.line_items) || body.line_items.length === 0) throw missing('line_items');
    let amount = 0;
    let currency: string | undefined;
    let interval: Interval | null = null;
    body.line_items.forEach((item: any, i: number) => {
      const at = `line_items[${i}]`;
      const data = item?.price_data;
      if (!data) throw missing(`${at}[price_data]`);
      if (!data.currency) throw missing(`${at}[price_data][currency]`);
      if (data.unit_amount === undefined) throw missing(`${at}[price_data][unit_amount]`);
      if (!/^\d+$/.test(data.unit_amount)) throw new ApiError(400, 'Invalid integer: ' + data.unit_amount, `${at}[price_data][unit_amount]`, 'parameter_invalid_integer');
      if (!data.product_data?.name) throw missing(`${at}[price_data][product_data][name]`);
      if (item.quantity === undefined) throw new ApiError(400, `Quantity is required. Add \`quantity\` to \`${at}\``, `${at}[quantity]`, 'parameter_missing');
      if (data.recurring && mode === 'payment') throw new ApiError(400, 'You specified `payment` mode but passed a recurring price.', `${at}[price_data][recurring]`);
      if (mode === 'subscription') {
        if (!data.recurring) throw new ApiError(400, 'You must provide at least one recurring price in `subscription` mode when using prices.', `${at}[price_data][recurring]`);
        if (!['day', 'week', 'month', 'year'].includes(data.recurring.interval)) throw missing(`${at}[price_data][recurring][interval]`);
        interval = data.recurring.interval;
      }
      amount += Number(data.unit_amount) * Number(item.quantity);
      currency = String(data.currency).toLowerCase();
    });
    const id = newId('cs_test_');
    const session: StripeObject = {
      id, object: 'checkout.session', mode, status: 'open', payment_status: 'unpaid', amount_subtotal: amount, amount_total: amount, currency,
      metadata: body.metadata ?? {}, client_reference_id: body.client_reference_id ?? null, customer: body.customer ?? null,
      customer_email: body.customer_email ?? null, customer_details: null, payment_intent: null, subscription: null, invoice: null,
      success_url: body.success_url, cancel_url: body.cancel_url ?? null, url: `${standIn.url}/pay/${id}`,
      created: now(), expires_at: now() + 24 * 3600, livemode: false,
    };
    sessions.set(id, session);
    sessionExtras.set(id, { subscriptionMetadata: body.subscription_data?.metadata ?? {}, paymentIntentMetadata: body.payment_intent_data?.metadata ?? {}, interval });
    return session;
  }

  /** A paid invoice for the subscription, with its PaymentIntent, charge and invoice payment. */
  function payInvoice(subscription: StripeObject, billingReason: 'subscription_create' | 'subscription_cycle'): StripeObject {
    const item = subscription.items.data[0];
    const amount: number = item.price.unit_amount * item.quantity;
    const paidAt = now();
    if (billingReason === 'subscription_cycle') {
      item.current_period_start = paidAt;
      item.current_period_end = addInterval(paidAt, item.price.recurring.interval);
    }
    const invoice: StripeObject = {
      id: newId('in_'), object: 'invoice', status: 'paid', amount_due: amount, amount_paid: amount, amount_remaining: 0, total: amount, subtotal: amount,
      currency: subscription.currency, customer: subscription.customer, customer_email: customerEmails.get(subscription.customer) ?? null, billing_reason: billingReason,
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { subscription: subscription.id, metadata: { ...subscription.metadata } } },
      period_start: item.current_period_start, period_end: item.current_period_end,
      status_transitions: { finalized_at: paidAt, marked_uncollectible_at: null, paid_at: paidAt, voided_at: null },
      metadata: {}, created: paidAt, livemode: false,
    };
    const paymentIntent = charge(amount, subscription.currency, subscription.customer, {}, 'succeeded');
    invoices.set(invoice.id, invoice);
    invoicePayments.set(invoice.id, {
      id: newId('inpay_'), object: 'invoice_payment', invoice: invoice.id, amount_paid: amount, amount_requested: amount, currency: subscription.currency,
      status: 'paid', is_default: true, payment: { type: 'payment_intent', payment_intent: paymentIntent },
      status_transitions: { canceled_at: null, paid_at: paidAt }, created: paidAt, livemode: false,
    });
    subscription.latest_invoice = invoice.id;
    return invoice;
  }

  const standIn: StripeStandIn = {
    url: '', sdkOptions: { host: '127.0.0.1', port: 0, protocol: 'http' }, requests, sessions, webhook: opts.webhook,

    pay(sessionId, payOpts = {}) {
      const session = get(sessions, sessionId, 'checkout session');
      if (session.status !== 'open') fail(`session ${sessionId} is ${session.status}, not open`);
      const extras = get(sessionExtras, sessionId, 'checkout session');
      const email = payOpts.email || session.customer_email || 'donor@example.org';
      session.customer_details = { email, name: payOpts.name ?? null, address: null, phone: null, tax_exempt: 'none', tax_ids: [] };
      session.status = 'complete';
      session.url = null;
      if (session.mode === 'payment') {
        session.payment_status = payOpts.async ? 'unpaid' : 'paid';
        session.payment_intent = charge(session.amount_total, session.currency, session.customer, extras.paymentIntentMetadata, payOpts.async ? 'pending' : 'succeeded');
        return [event('checkout.session.completed', session)];
      }
      if (payOpts.async) fail('async payment is simulated for payment mode only');
      const customer: string = session.customer ?? newId('cus_');
      const start = now();
      const subscriptionId = newId('sub_');
      const interval = extras.interval ?? 'month';
      const subscription: StripeObject = {
        id: subscriptionId, object: 'subscription', status: 'active', customer, currency: session.currency,
        metadata: { ...extras.subscriptionMetadata }, created: start, start_date: start, billing_cycle_anchor: start,
        cancel_at: null, cancel_at_period_end: false, canceled_at: null, ended_at: null, cancellation_details: null, latest_invoice: null, livemode: false,
        items: { object: 'list', has_more: false, url: `/v1/subscription_items?subscription=${subscriptionId}`, data: [{
          id: newId('si_'), object: 'subscription_item', subscription: subscriptionId, quantity: 1, created: start, metadata: {},
          current_period_start: start, current_period_end: addInterval(start, interval),
          price: {
            id: newId('price_'), object: 'price', active: false, currency: session.currency, unit_amount: session.amount_total, product: newId('prod_'),
            type: 'recurring', recurring: { interval, interval_count: 1, usage_type: 'licensed', meter: null, trial_period_days: null }, livemode: false,
          },
        }] },
      };
      subscriptions.set(subscriptionId, subscription);
      customerEmails.set(customer, email);
      const invoice = payInvoice(subscription, 'subscription_create');
      Object.assign(session, { customer, subscription: subscriptionId, invoice: invoice.id, payment_status: 'paid' });
      return [event('checkout.session.completed', session), event('invoice.paid', invoice)];
    },

    settle(sessionId, succeeded) {
      const session = get(sessions, sessionId, 'checkout session');
      const pending = charges.get(session.payment_intent ?? '');
      if (session.status !== 'complete' || session.payment_status !== 'unpaid' || !pending) fail(`session ${sessionId} has no pending payment`);
      Object.assign(pending, succeeded ? { status: 'succeeded', paid: true, captured: true, amount_captured: pending.amount } : { status: 'failed' });
      if (succeeded) session.payment_status = 'paid';
      return [event(`checkout.session.async_payment_${succeeded ? 'succeeded' : 'failed'}`, session)];
    },

    renew(subscriptionId) {
      const subscription = get(subscriptions, subscriptionId, 'subscription');
      if (subscription.status !== 'active') fail(`subscription ${subscriptionId} is ${subscription.status}`);
      return [event('invoice.paid', payInvoice(subscription, 'subscription_cycle'))];
    },

    refund(paymentIntentId, amount) {
      const ch = get(charges, paymentIntentId, 'payment intent');
      const refundable = ch.amount - ch.amount_refunded;
      const value = amount ?? refundable;
      if (ch.status !== 'succeeded' || value <= 0 || value > refundable) fail(`cannot refund ${value} of ${paymentIntentId}`);
      ch.amount_refunded += value;
      ch.refunded = ch.amount_refunded === ch.amount;
      return [event('charge.refunded', ch)];
    },

    dispute(paymentIntentId) {
      const ch = get(charges, paymentIntentId, 'payment intent');
      ch.disputed = true;
      const dispute: StripeObject = {
        id: newId('du_'), object: 'dispute', amount: ch.amount, currency: ch.currency, charge: ch.id, payment_intent: paymentIntentId,
        status: 'needs_response', reason: 'fraudulent', is_charge_refundable: false, metadata: {}, created: now(), livemode: false,
      };
      disputes.set(dispute.id, dispute);
      return [event('charge.dispute.created', dispute)];
    },

    closeDispute(disputeId, status) {
      return [event('charge.dispute.closed', Object.assign(get(disputes, disputeId, 'dispute'), { status }))];
    },

    cancel(subscriptionId) {
      const subscription = get(subscriptions, subscriptionId, 'subscription');
      const ended = { status: 'canceled', canceled_at: now(), ended_at: now(), cancellation_details: { comment: null, feedback: null, reason: 'cancellation_requested' } };
      return [event('customer.subscription.deleted', Object.assign(subscription, ended))];
    },

    paymentIntentOf(sessionId) {
      const session = get(sessions, sessionId, 'checkout session');
      return session.payment_intent ?? (session.invoice ? standIn.paymentIntentOfInvoice(session.invoice) : null);
    },
    paymentIntentOfInvoice: (invoiceId) => invoicePayments.get(invoiceId)?.payment.payment_intent ?? null,
    subscriptionOf: (sessionId) => get(sessions, sessionId, 'checkout session').subscription,

    sign(evt, secret, signOpts = {}) {
      const payload = JSON.stringify(evt, null, 2);
      return { payload, header: signer.webhooks.generateTestHeaderString({ payload, secret, timestamp: signOpts.timestamp }) };
    },

    async deliver(events) {
      const webhook = standIn.webhook;
      if (!webhook) fail('no webhook configured to deliver to');
      const statuses: number[] = [];
      for (const evt of events) {
        const { payload, header } = standIn.sign(evt, webhook.secret);
        const res = await fetch(webhook.url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': header }, body: payload });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      return statuses;
    },

    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };

  /** The API: answers a /v1 request with a Stripe object or throws an ApiError. */
  function api(method: string, path: string, query: Record<string, any>, body: Record<string, any>): unknown {
    const route = `${method} ${path}`;
    let m: RegExpMatchArray | null;
    if (route === 'POST /v1/checkout/sessions') return createSession(body);
    if ((m = route.match(/^GET \/v1\/checkout\/sessions\/([^/]+)$/))) return sessions.get(m[1]!) ?? notFound('checkout.session', m[1]!);
    if (route === 'POST /v1/billing_portal/sessions') {
      if (!body.customer) throw missing('customer');
      const id = newId('bps_');
      const portal: StripeObject = {
        id, object: 'billing_portal.session', configuration: 'bpc_standin', created: now(), customer: body.customer, customer_account: null,
        flow: null, livemode: false, locale: null, on_behalf_of: null, return_url: body.return_url ?? null, url: `${standIn.url}/portal/${id}`,
      };
      portalSessions.set(id, portal);
      return portal;
    }
    if (route === 'GET /v1/invoice_payments') {
      const data = [...invoicePayments.values()].filter((p) =>
        (query.invoice === undefined || p.invoice === query.invoice) &&
        (query.payment?.payment_intent === undefined || p.payment.payment_intent === query.payment.payment_intent));
      return { object: 'list', data, has_more: false, url: '/v1/invoice_payments' };
    }
    if ((m = route.match(/^GET \/v1\/invoices\/([^/]+)$/))) return invoices.get(m[1]!) ?? notFound('invoice', m[1]!);
    if ((m = route.match(/^GET \/v1\/subscriptions\/([^/]+)$/))) return subscriptions.get(m[1]!) ?? notFound('subscription', m[1]!);
    throw new ApiError(404, `Unrecognized request URL (${method}: ${path}). (Stripe stand-in)`);
  }
  function notFound(what: string, id: string): never {
    throw new ApiError(404, `No such ${what}: '${id}'`, 'id', 'resource_missing');
  }

  /** The hosted pages: Checkout and the billing portal. */
  async function hosted(method: string, path: string, form: Record<string, any>, res: http.ServerResponse) {
    const html = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    const notFound = () => html(404, page('Not found (Stripe stand-in)', '<p>No such page or session.</p>'));
    const deliverIfHooked = async (events: StripeEvent[]) => { if (standIn.webhook) await standIn.deliver(events); };
    const [, kind, id = ''] = path.split('/');
    if (kind === 'pay') {
      const session = sessions.get(id);
      if (!session) return notFound();
      if (session.status !== 'open') return html(410, page('Checkout (Stripe stand-in)', '<p>This checkout session is no longer open.</p>'));
      if (method === 'POST') {
        await deliverIfHooked(standIn.pay(id, { email: form.email || undefined, name: form.name || undefined }));
        return res.writeHead(303, { location: session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', id) }).end();
      }
      const interval = sessionExtras.get(id)?.interval;
      return html(200, page('Checkout (Stripe stand-in)', `
        <p>Amount: <strong>${escapeHtml(formatAmount(session.amount_total, session.currency))}</strong>${interval ? ` per ${interval}` : ''}
          (<span class="currency">${escapeHtml(session.currency.toUpperCase())}</span>)</p>
        <form method="post" action="/pay/${escapeHtml(id)}">
          <label for="email">Email</label> <input id="email" name="email" type="email" value="${escapeHtml(session.customer_email ?? '')}">
          <button type="submit">Pay</button>
        </form>
        ${session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Back</a></p>` : ''}`));
    }
    if (kind === 'portal') {
      const portal = portalSessions.get(id);
      if (!portal) return notFound();
      const active = [...subscriptions.values()].find((s) => s.customer === portal.customer && s.status === 'active');
      if (method === 'POST') {
        if (active) await deliverIfHooked(standIn.cancel(active.id));
        return res.writeHead(303, { location: portal.return_url ?? '/' }).end();
      }
      return html(200, page('Manage your donation (Stripe stand-in)', active
        ? `<p>${escapeHtml(formatAmount(active.items.data[0].price.unit_amount, active.currency))} per ${escapeHtml(active.items.data[0].price.recurring.interval)}</p>
           <form method="post" action="/portal/${escapeHtml(id)}"><button type="submit">Cancel donation</button></form>`
        : '<p>No active donation.</p>'));
    }
    notFound();
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', standIn.url);
      const method = req.method ?? 'GET';
      const text = Buffer.concat(chunks).toString('utf8');
      if (!url.pathname.startsWith('/v1/')) {
        hosted(method, url.pathname, decodeForm(text), res).catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
        });
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));
      const query = decodeForm(url.search.slice(1));
      const body = decodeForm(text);
      requests.push({ method, path: url.pathname, query, body, headers });
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req_'), 'stripe-version': STANDIN_API_VERSION }).end(JSON.stringify(value, null, 2));
      try {
        if (!/^Bearer sk_\S+$/.test(headers.authorization ?? '')) {
          throw new ApiError(401, headers.authorization ? 'Invalid API Key provided.' : 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.');
        }
        // Like Stripe, a POST repeated with its Idempotency-Key gets the first answer again (successful ones are kept).
        const replay = method === 'POST' && headers['idempotency-key'] ? `${headers.authorization} ${headers['idempotency-key']}` : undefined;
        const answer = (replay && idempotent.get(replay)) || api(method, url.pathname, query, body);
        if (replay && !idempotent.has(replay)) idempotent.set(replay, structuredClone(answer));
        json(200, answer);
      } catch (err) {
        if (!(err instanceof ApiError)) return json(500, { error: { type: 'api_error', message: String(err) } });
        json(err.status, { error: { type: 'invalid_request_error', message: err.message, ...(err.param && { param: err.param }), ...(err.code && { code: err.code }) } });
      }
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  standIn.url = `http://127.0.0.1:${port}`;
  standIn.sdkOptions.port = port;
  return standIn;
}
