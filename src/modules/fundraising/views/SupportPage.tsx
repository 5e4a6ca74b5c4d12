// /support: this month's campaign, the card donation form (one-off or monthly; a plain form that works
// without JavaScript), the site's other ways to give, and, if the site shows it, recent supporters.
import type { AppError } from '../../../platform/http/errors.js';
import { longDate } from '../../../ui/format.js';
import type { DonationSettings } from '../../settings/index.js';
import type { Campaign } from '../campaigns.service.js';
import type { RecurringDonation } from '../donations.service.js';

/** The donation form's fields as typed (shown again with an error). */
export interface SupportValues {
  amount: string;
  otherAmount: string;
  interval: 'once' | 'month';
  name: string;
  email: string;
  message: string;
  anonymous: boolean;
}

export interface SupportPageProps {
  siteName: string;
  campaign: Campaign | undefined;
  currency: string;
  settings: DonationSettings;
  cardsAvailable: boolean;
  supporters: { id: number; name: string; message: string | null; at: string }[];
  values: SupportValues;
  error?: AppError;
  csrf?: string;
}

function amountLabel(major: number, currency: string): string {
  // Whole amounts without decimals ("$25", "€10"), in the currency's own symbol.
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: Number.isInteger(major) ? 0 : 2 }).format(major);
}

function Field({ error, name }: { error: AppError | undefined; name: string }) {
  return error?.field === name ? <p class="form-error" id={`${name}-error`} data-code={error.code}>{error.message}</p> : null;
}

function CampaignSummary({ campaign }: { campaign: Campaign }) {
  const pct = Math.min(100, Math.round((campaign.raisedMinor / campaign.goalMinor) * 100));
  return (
    <p class="support-progress">
      <strong>{campaign.label}:</strong> {campaign.raisedFormatted} raised of {campaign.goalFormatted} ({pct} %).
    </p>
  );
}

function DonationForm({ currency, settings, values, error, csrf }: Pick<SupportPageProps, 'currency' | 'settings' | 'values' | 'error' | 'csrf'>) {
  const invalid = (f: string) => (error?.field === f ? 'true' : undefined);
  return (
    <form method="post" action="/support" class="donation-form" id="donation-form" novalidate>
      {csrf && <input type="hidden" name="_csrf" value={csrf} />}
      <input type="hidden" name="currency" value={currency} />
      <fieldset class="donation-interval">
        <legend>How often</legend>
        <label><input type="radio" name="interval" value="once" checked={values.interval === 'once'} /> Once</label>
        <label><input type="radio" name="interval" value="month" checked={values.interval === 'month'} /> Every month</label>
      </fieldset>
      <fieldset class="donation-amounts" aria-describedby={error?.field === 'amount' ? 'amount-error' : undefined}>
        <legend>Amount ({currency})</legend>
        {settings.presets.map((p) => (
          <label key={p} class="donation-preset">
            <input type="radio" name="amount" value={String(p)} checked={values.amount === String(p)} /> {amountLabel(p, currency)}
          </label>
        ))}
        <label class="donation-other">
          <input type="radio" name="amount" value="other" checked={values.amount === 'other'} /> Other amount
          <input name="other_amount" inputmode="decimal" autocomplete="transaction-amount" value={values.otherAmount} aria-label={`Other amount in ${currency}`} aria-invalid={invalid('amount')} />
        </label>
        <Field error={error} name="amount" />
      </fieldset>
      <label>Your name <span class="optional">(optional)</span>
        <input name="name" autocomplete="name" maxLength={80} value={values.name} aria-invalid={invalid('name')} />
      </label>
      <Field error={error} name="name" />
      <label>E-mail for your receipt <span class="optional">(optional; never shown to anyone)</span>
        <input type="email" name="email" autocomplete="email" maxLength={254} value={values.email} aria-invalid={invalid('email')} />
      </label>
      <Field error={error} name="email" />
      <label>A message <span class="optional">(optional{settings.showSupporters ? '; shown with your name in the list of supporters' : ''})</span>
        <textarea name="message" rows={3} maxLength={500} aria-invalid={invalid('message')}>{values.message}</textarea>
      </label>
      <Field error={error} name="message" />
      <label class="checkbox"><input type="checkbox" name="anonymous" value="1" checked={values.anonymous} /> Give anonymously (your name is never shown)</label>
      <p class="donation-submit">
        <button type="submit" class="button primary">Continue to secure payment</button>
      </p>
      <p class="hint">You pay on Stripe's page; {'card details never reach this site. '}Monthly donations can be cancelled at any time from the link in each receipt.</p>
    </form>
  );
}

function OtherWays({ settings }: { settings: DonationSettings }) {
  const ways = [
    ['Bank transfer', settings.bankTransfer],
    ['Crypto', settings.crypto],
    ['By post', settings.postal],
  ].filter(([, text]) => text) as [string, string][];
  if (ways.length === 0) return null;
  return (
    <section class="other-ways" aria-labelledby="other-ways-title">
      <h2 id="other-ways-title">Other ways to give</h2>
      {ways.map(([title, text]) => (
        <div key={title} class="other-way">
          <h3>{title}</h3>
          <p class="preformatted">{text}</p>
        </div>
      ))}
    </section>
  );
}

export function SupportPage(props: SupportPageProps) {
  const { siteName, campaign, settings, cardsAvailable, supporters } = props;
  const hasOtherWays = Boolean(settings.bankTransfer || settings.crypto || settings.postal);
  return (
    <section class="support-page">
      <h1>Support {siteName}</h1>
      <p>{siteName} is independent and paid for by its readers. Every donation, large or small, keeps it free for everyone to read.</p>
      {campaign && <CampaignSummary campaign={campaign} />}
      {props.error && !props.error.field && <p class="form-error" role="alert" data-code={props.error.code}>{props.error.message}</p>}
      {cardsAvailable && <DonationForm {...props} />}
      <OtherWays settings={settings} />
      {!cardsAvailable && !hasOtherWays && <p>This site does not take donations online yet.</p>}
      {settings.showSupporters && supporters.length > 0 && (
        <section class="supporters" aria-labelledby="supporters-title">
          <h2 id="supporters-title">Recent supporters</h2>
          <ul>
            {supporters.map((s) => (
              <li key={s.id}><strong>{s.name}</strong>{s.message && <> — <q>{s.message}</q></>}</li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

export interface ThanksProps {
  siteName: string;
  donation?: { interval: 'once' | 'month'; amountFormatted: string; name: string | null; recorded: boolean };
}

export function ThanksPage({ siteName, donation }: ThanksProps) {
  return (
    <section class="support-page thanks">
      <h1>Thank you{donation?.name ? `, ${donation.name}` : ''}!</h1>
      {donation ? (
        <>
          <p class="thanks-amount">
            {donation.interval === 'month' ? <>You give <strong>{donation.amountFormatted}</strong> every month to {siteName}.</> : <>Your donation of <strong>{donation.amountFormatted}</strong> to {siteName}.</>}
          </p>
          <p>{donation.recorded ? 'Your payment was received.' : 'Stripe is confirming your payment; it counts toward the campaign as soon as it is confirmed.'}
            {' '}If you gave an e-mail address, your receipt is on its way{donation.interval === 'month' ? ', with a link to change or cancel your monthly donation' : ''}.</p>
        </>
      ) : <p>Your support keeps {siteName} independent.</p>}
      <p><a href="/">Back to the front page</a></p>
    </section>
  );
}

export function ManagePage({ siteName, donation, csrf }: { siteName: string; donation: RecurringDonation; csrf?: string }) {
  return (
    <section class="support-page manage">
      <h1>Your monthly donation</h1>
      <p>{donation.amountFormatted} a month to {siteName}, since {longDate(donation.startedAt)}.</p>
      {donation.status === 'canceled' ? (
        <p>This monthly donation was cancelled{donation.canceledAt ? ` on ${longDate(donation.canceledAt)}` : ''}. Thank you for your support. <a href="/support">Give again</a></p>
      ) : (
        <form method="post">
          {csrf && <input type="hidden" name="_csrf" value={csrf} />}
          <p>Stripe keeps your card details. On Stripe's page you can change the card or cancel the donation.</p>
          <button type="submit" class="button primary">Change or cancel at Stripe</button>
        </form>
      )}
    </section>
  );
}
