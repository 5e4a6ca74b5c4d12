// Gazette's side of Stripe, through the official SDK: Checkout sessions with inline prices, the customer
// portal for monthly donors, the payment behind an invoice, and webhook signatures. STRIPE_API_BASE points
// the SDK at another address (a local Stripe-compatible server in tests); Stripe's own otherwise.
import Stripe from 'stripe';
import type { DonationInterval } from '../../../platform/db/schema.js';

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string | undefined;
  apiBase: string | undefined;
}

export interface CheckoutRequest {
  intentKey: string;
  interval: DonationInterval;
  amountMinor: number;
  currency: string;
  productName: string;
  email: string | undefined;
  campaignMonth: string;
  successUrl: string;
  cancelUrl: string;
}

/** Webhook signatures older (or newer) than this are refused: a replayed event is worthless. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Where Stripe's hosted Checkout and customer portal live: a donation form is redirected there. */
export const STRIPE_HOSTED_ORIGINS = ['https://checkout.stripe.com', 'https://billing.stripe.com'] as const;

export function createStripeGateway(config: StripeConfig) {
  const base = config.apiBase ? new URL(config.apiBase) : undefined;
  const stripe = new Stripe(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'Gazette' },
    ...(base && {
      host: base.hostname,
      port: base.port || (base.protocol === 'https:' ? 443 : 80),
      protocol: base.protocol === 'http:' ? 'http' as const : 'https' as const,
    }),
  });

  return {
    /** The origins a donation form may be sent on to (with another API base, as a local stand-in, its origin too). */
    hostedOrigins: [...STRIPE_HOSTED_ORIGINS, ...(base ? [base.origin] : [])],
    /** A Checkout Session for one donation; the intent key makes a retried request the same session. */
    async createCheckout(r: CheckoutRequest): Promise<{ id: string; url: string }> {
      const metadata = { gazette_intent: r.intentKey, campaign_month: r.campaignMonth };
      const monthly = r.interval === 'month';
      const session = await stripe.checkout.sessions.create({
        mode: monthly ? 'subscription' : 'payment',
        line_items: [{
          quantity: 1,
          price_data: {
            currency: r.currency.toLowerCase(),
            unit_amount: r.amountMinor,
            product_data: { name: r.productName },
            ...(monthly && { recurring: { interval: 'month' as const } }),
          },
        }],
        ...(r.email && { customer_email: r.email }),
        client_reference_id: r.intentKey,
        metadata,
        // Copied by Stripe onto what each later event is about: the subscription (its invoices carry it) or
        // the one-off payment.
        ...(monthly ? { subscription_data: { metadata } } : { payment_intent_data: { metadata }, submit_type: 'donate' as const }),
        success_url: r.successUrl,
        cancel_url: r.cancelUrl,
      }, { idempotencyKey: `checkout-${r.intentKey}` });
      if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL');
      return { id: session.id, url: session.url };
    },

    /** Stripe's page where a donor changes their card or cancels the monthly donation. */
    async portalUrl(customerId: string, returnUrl: string): Promise<string> {
      const s = await stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
      return s.url;
    },

    /** The PaymentIntent that paid an invoice (an invoice names its payments, not a payment intent). */
    async paymentIntentOfInvoice(invoice: Stripe.Invoice): Promise<string | undefined> {
      const listed = invoice.payments?.data ?? (await stripe.invoicePayments.list({ invoice: invoice.id!, limit: 10 })).data;
      const paid = listed.find((p) => p.status === 'paid') ?? listed[0];
      const pi = paid?.payment.payment_intent;
      return typeof pi === 'string' ? pi : pi?.id;
    },

    /** Checks the signature of a webhook's raw body; throws when it is missing, wrong or too old. */
    verify(rawBody: Buffer, signature: string | undefined): Stripe.Event {
      if (!config.webhookSecret) throw new Error('STRIPE_WEBHOOK_SECRET is not set');
      if (!signature) throw new Error('No Stripe-Signature header');
      return stripe.webhooks.constructEvent(rawBody, signature, config.webhookSecret, SIGNATURE_TOLERANCE_SECONDS);
    },
  };
}

export type StripeGateway = ReturnType<typeof createStripeGateway>;
export type { Stripe };
