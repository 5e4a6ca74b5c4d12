// The reader's donation pages: /support (the form posts here and is sent on to Stripe Checkout with a 303),
// the thank-you page Checkout returns to, and a monthly donor's signed link to Stripe's customer portal.
import { formText } from '../../../platform/http/input.js';
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.js';
import { AppError, fromZodError } from '../../../platform/http/errors.js';
import type { PageRegistry } from '../../../platform/http/pages.js';
import { contentSecurityPolicy } from '../../../platform/http/security.js';
import type { Caller } from '../../accounts/index.js';
import type { DonationSettings } from '../../settings/index.js';
import type { Campaign, CampaignsService } from '../campaigns.service.js';
import type { DonationCheckout } from '../donation-checkout.js';
import type { DonationsService } from '../donations.service.js';
import { checkoutInput } from '../donations.schemas.js';
import { currencyCode } from '../campaigns.schemas.js';
import { parseMajorAmount } from '../money-input.js';
import { ManagePage, SupportPage, ThanksPage, type SupportValues } from '../views/SupportPage.js';

export interface SupportPagesDeps {
  pages: PageRegistry<Caller>;
  donations: DonationsService;
  checkout: DonationCheckout;
  campaigns: CampaignsService;
  settings: () => DonationSettings;
  siteName: () => string;
  clock: Clock;
  baseUrl: string;
  /** The page in the reader's layout (header, fundraising bar, footer), as HTML. */
  readerPage: (caller: Caller, title: string, content: VNode, known?: { campaign: Campaign | undefined }) => Promise<string>;
  portalUrl: ((customerId: string, returnUrl: string) => Promise<string>) | undefined;
  /** A failed call to Stripe (logged; the reader sees a 502). */
  onProviderError?: (err: unknown) => void;
  /** Where the donation forms are redirected (Stripe's Checkout and portal): allowed as form targets. */
  paymentOrigins: readonly string[];
}

const text = formText;
/** The posted donation form (never refused here: the amount and fields are checked on sending). */
const supportForm = z.object({
  amount: text, other_amount: text, interval: text, currency: text, name: text, email: text, message: text, anonymous: text,
}).transform((f): SupportValues & { currency: string } => ({
  amount: f.amount ?? '', otherAmount: f.other_amount ?? '', interval: f.interval === 'month' ? 'month' : 'once',
  name: f.name ?? '', email: f.email ?? '', message: f.message ?? '', anonymous: f.anonymous !== undefined, currency: (f.currency ?? '').trim().toUpperCase(),
}));

const tokenParams = z.object({ token: z.string().max(60) });

export function registerSupportPages(deps: SupportPagesDeps) {
  const { pages, donations, checkout, campaigns } = deps;

  async function supportPage(caller: Caller, opts: { values?: SupportValues; error?: AppError } = {}) {
    const settings = deps.settings();
    const [campaign, supporters] = await Promise.all([
      campaigns.current(),
      settings.showSupporters ? donations.supporters() : Promise.resolve([]),
    ]);
    const currency = campaign?.currency ?? 'USD';
    const values = opts.values ?? {
      amount: String(settings.presets[Math.min(1, settings.presets.length - 1)]), otherAmount: '', interval: 'once', name: caller.user?.display_name ?? '',
      email: '', message: '', anonymous: false,
    };
    return deps.readerPage(caller, `Support ${deps.siteName()}`, (
      <SupportPage siteName={deps.siteName()} campaign={campaign} currency={currency} settings={settings} cardsAvailable={checkout.available}
        supporters={supporters} values={values} error={opts.error} csrf={caller.csrf} />
    ), { campaign });
  }

  /** The form's choice as the API's checkout input (the amount typed in the currency's main unit). */
  function checkoutOf(v: SupportValues & { currency: string }) {
    const known = currencyCode.safeParse(v.currency || 'USD');
    if (!known.success) throw new AppError(400, 'INVALID_CURRENCY', 'currency: choose a known currency such as USD', 'currency');
    const currency = known.data;
    // The chosen radio decides; a typed amount with no radio chosen counts as "Other amount".
    const typed = v.amount === 'other' || (v.amount === '' && v.otherAmount.trim() !== '') ? v.otherAmount : v.amount;
    const amount = parseMajorAmount(typed, currency, 'amount', 'amount');
    const input = { amount, interval: v.interval, currency, name: v.name, email: v.email, message: v.message, anonymous: v.anonymous };
    const parsed = checkoutInput.safeParse(input);
    if (!parsed.success) throw fromZodError(parsed.error, 'body', input);
    return parsed.data;
  }

  // A form on these pages is answered with a redirect to Stripe: the policy lets it go there.
  const policy = contentSecurityPolicy(deps.paymentOrigins);
  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').header('content-security-policy', policy).send(body);

  pages.add({
    method: 'GET', url: '/support', access: 'public',
    handler: async ({ reply, caller }) => html(reply, await supportPage(caller)),
  });

  pages.add({
    method: 'POST', url: '/support', access: 'public', form: supportForm,
    handler: async ({ reply, caller, form }) => {
      const session = await checkout.start(checkoutOf(form), caller.network);
      return reply.redirect(session.url, 303);
    },
    invalid: async ({ reply, caller, typed }, error) => html(reply, await supportPage(caller, { values: supportForm.parse(typed), error }), error.status),
  });

  pages.add({
    method: 'GET', url: '/support/thanks', access: 'public', query: z.object({ session_id: z.string().max(255).optional().catch(undefined) }),
    handler: async ({ reply, caller, query }) => {
      const found = query.session_id ? await donations.byCheckoutSession(query.session_id) : undefined;
      const donation = found && {
        interval: found.interval, amountFormatted: found.amountFormatted, name: found.name,
        recorded: found.payment?.status === 'succeeded',
      };
      return html(reply, await deps.readerPage(caller, 'Thank you', <ThanksPage siteName={deps.siteName()} donation={donation} />));
    },
  });

  async function recurringOf(token: string) {
    const donation = await donations.recurringByToken(token);
    if (!donation) throw new AppError(404, 'DONATION_NOT_FOUND', 'This link to a monthly donation is not valid');
    return donation;
  }

  pages.add({
    method: 'GET', url: '/support/manage/:token', access: 'public', params: tokenParams,
    handler: async ({ reply, caller, params }) => {
      const donation = await recurringOf(params.token);
      return html(reply, await deps.readerPage(caller, 'Your monthly donation', <ManagePage siteName={deps.siteName()} donation={donation} csrf={caller.csrf} />));
    },
  });

  pages.add({
    method: 'POST', url: '/support/manage/:token', access: 'public', params: tokenParams,
    handler: async ({ reply, params }) => {
      const donation = await recurringOf(params.token);
      if (!deps.portalUrl || !donation.customerId) throw new AppError(503, 'DONATIONS_UNAVAILABLE', 'Monthly donations cannot be managed online on this site; please contact us');
      let url: string;
      try {
        url = await deps.portalUrl(donation.customerId, `${deps.baseUrl}/support/manage/${params.token}`);
      } catch (err) {
        deps.onProviderError?.(err);
        throw new AppError(502, 'PAYMENT_PROVIDER_ERROR', 'Stripe could not be reached; please try again in a minute');
      }
      return reply.redirect(url, 303);
    },
  });
}
