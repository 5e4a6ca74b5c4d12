// Starting a card donation: the amount checked against the site's maximum and Stripe's minimum for the
// currency, the reader's choice kept as a donation intent, and a Stripe Checkout Session to send them to.
// Without Stripe configured, card donations are unavailable (503), and /support shows the other ways to give.
import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/http/errors.js';
import { RateLimiter, type RateLimitStore } from '../../platform/http/rate-limit.js';
import { currencyExponent, formatMoney, monthOf } from '../../ui/format.js';
import type { DonationSettings } from '../settings/index.js';
import type { CampaignsService } from './campaigns.service.js';
import type { DonationsService } from './donations.service.js';
import type { checkoutInput } from './donations.schemas.js';
import type { StripeGateway } from './stripe/stripe-gateway.js';

/**
 * Stripe's smallest charge per settlement currency, in minor units (Stripe's "minimum and maximum charge
 * amounts"). Card donations are offered in these currencies; another currency is refused with a clear error.
 */
export const STRIPE_MINIMUM_MINOR: Readonly<Record<string, number>> = {
  USD: 50, AED: 200, AUD: 50, BGN: 100, BRL: 50, CAD: 50, CHF: 50, CZK: 1500, DKK: 250, EUR: 50, GBP: 30, HKD: 400,
  HUF: 17500, INR: 50, JPY: 50, MXN: 1000, MYR: 200, NOK: 300, NZD: 50, PLN: 200, RON: 200, SEK: 300, SGD: 50, THB: 1000,
};

/** Checkouts started per network in ten minutes (each creates a session at Stripe). */
export const CHECKOUTS_PER_10_MINUTES = 10;

export interface CheckoutDeps {
  gateway: StripeGateway | undefined;
  donations: DonationsService;
  campaigns: CampaignsService;
  settings: () => DonationSettings;
  siteName: () => string;
  baseUrl: string;
  clock: Clock;
  /** Where the checkouts per network are counted (shared by the instances). */
  rateLimits: RateLimitStore;
  /** A failed call to Stripe (logged; the reader sees a 502). */
  onProviderError?: (err: unknown) => void;
}

export type CheckoutInput = z.output<typeof checkoutInput>;

export function createDonationCheckout(deps: CheckoutDeps) {
  const { gateway, donations, campaigns, clock } = deps;
  const limiter = new RateLimiter(deps.rateLimits, 'checkouts', CHECKOUTS_PER_10_MINUTES, 600_000, () => clock().getTime());

  /** The currency a donation is in by default: the campaign's, or US dollars. */
  const defaultCurrency = async () => (await campaigns.current())?.currency ?? 'USD';

  /** Refuses an amount Stripe would refuse or the site does not take, with a message naming the limit. */
  function checkAmount(amount: number, currency: string): void {
    const minimum = STRIPE_MINIMUM_MINOR[currency];
    if (minimum === undefined) {
      throw new AppError(400, 'UNSUPPORTED_CURRENCY', `currency: card donations are not taken in ${currency}`, 'currency');
    }
    if (amount < minimum) {
      throw new AppError(400, 'AMOUNT_TOO_SMALL', `amount: the smallest card donation is ${formatMoney(minimum, currency)}`, 'amount');
    }
    const maximum = Math.round(deps.settings().maxAmount * 10 ** currencyExponent(currency));
    if (amount > maximum) {
      throw new AppError(400, 'AMOUNT_TOO_LARGE', `amount: the largest card donation is ${formatMoney(maximum, currency)}; please contact us for larger gifts`, 'amount');
    }
  }

  return {
    /** Whether card donations can be taken (a Stripe secret key is set). */
    available: gateway !== undefined,
    defaultCurrency,
    checkAmount,
    async start(input: CheckoutInput, network: string): Promise<{ url: string; sessionId: string }> {
      if (!gateway) throw new AppError(503, 'DONATIONS_UNAVAILABLE', 'Card donations are not set up on this site');
      const currency = input.currency ?? (await defaultCurrency());
      checkAmount(input.amount, currency);
      const wait = await limiter.hit(network);
      if (wait > 0) throw new AppError(429, 'RATE_LIMITED', `Too many donation attempts from your network; try again in ${wait} s`);
      const intentKey = crypto.randomBytes(16).toString('base64url');
      const site = deps.siteName();
      let session: { id: string; url: string };
      try {
        session = await gateway.createCheckout({
          intentKey, interval: input.interval, amountMinor: input.amount, currency, email: input.email,
          productName: input.interval === 'month' ? `Monthly donation to ${site}` : `Donation to ${site}`,
          campaignMonth: monthOf(clock()),
          successUrl: `${deps.baseUrl}/support/thanks?session_id={CHECKOUT_SESSION_ID}`,
          cancelUrl: `${deps.baseUrl}/support`,
        });
      } catch (err) {
        deps.onProviderError?.(err);
        throw new AppError(502, 'PAYMENT_PROVIDER_ERROR', 'The payment provider could not be reached; please try again in a minute');
      }
      await donations.saveIntent({ ...input, intentKey, sessionId: session.id, amountMinor: input.amount, currency });
      return { url: session.url, sessionId: session.id };
    },
  };
}

export type DonationCheckout = ReturnType<typeof createDonationCheckout>;
