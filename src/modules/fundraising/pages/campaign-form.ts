// The campaign forms: amounts typed in major units ("5000", "12.50") become integer minor units of the
// currency; the API's schemas check the result, and their errors name the form's fields.
import { z } from 'zod';
import { AppError, fromZodError } from '../../../platform/http/errors.js';
import { currencyExponent } from '../../../ui/format.js';
import { campaignInput, campaignPatch, currencyCode, MAX_MINOR } from '../campaigns.schemas.js';
import type { CampaignValues } from '../views/CampaignAdmin.js';


const text = z.string().optional().catch(undefined);

/** The posted form (never refused here; the amounts are checked on saving). */
export const campaignForm = z.object({ month: text, goal: text, currency: text, raised: text }).transform((f): CampaignValues => ({
  month: (f.month ?? '').trim(), goal: f.goal ?? '', currency: (f.currency ?? '').trim().toUpperCase(), raised: f.raised ?? '',
}));

function checkCurrency(typed: string): string {
  const r = currencyCode.safeParse(typed);
  if (!r.success) throw new AppError(400, 'INVALID_CURRENCY', 'currency: choose a known currency such as USD', 'currency');
  return r.data;
}

/**
 * "5000", "12.50", "1,250.75" (major units) → integer minor units of the currency.
 * More decimals than the currency has (a cent fraction, any decimals for JPY) are refused, not rounded.
 */
function parseMajorAmount(raw: string | undefined, currency: string, field: string, label: string): number {
  const s = (raw ?? '').trim().replace(/[\s_']/g, '');
  if (s === '') throw new AppError(400, 'REQUIRED', `${field}: enter the ${label}`, field);
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new AppError(400, 'INVALID_AMOUNT', `${field}: the ${label} must be a number such as 5000 or 12.50`, field);
  const exp = currencyExponent(currency);
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exp) {
    throw new AppError(400, 'INVALID_AMOUNT', exp === 0
      ? `${field}: ${currency} amounts have no decimals`
      : `${field}: ${currency} amounts have at most ${exp} decimals`, field);
  }
  const minor = BigInt(m[1]!.replace(/,/g, '')) * 10n ** BigInt(exp) + BigInt(fraction.padEnd(exp, '0') || '0');
  if (minor > BigInt(MAX_MINOR)) throw new AppError(400, 'TOO_LARGE', `${field}: the ${label} is too large`, field);
  return Number(minor);
}

/** Integer minor units → the plain decimal an admin types ("12.50", "5000"). */
export function minorToMajorInput(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  if (exp === 0) return String(minor);
  const s = String(minor).padStart(exp + 1, '0');
  return `${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

/** A schema error names the API field (goalMinor); the form calls it goal. */
function formField(e: AppError): AppError {
  const names: Record<string, [string, string]> = { goalMinor: ['goal', 'the goal'], raisedMinor: ['raised', 'the amount raised'] };
  const n = e.field ? names[e.field] : undefined;
  if (!n) return e;
  const message = e.code === 'TOO_SMALL' ? `${n[0]}: ${n[1]} must be more than zero` : `${n[0]}: ${e.message.replace(/^\w+: /, '')}`;
  return new AppError(e.status, e.code, message, n[0]);
}

function amountsOf(v: CampaignValues) {
  const currency = checkCurrency(v.currency);
  return {
    goalMinor: parseMajorAmount(v.goal, currency, 'goal', 'goal'),
    currency,
    raisedMinor: v.raised.trim() === '' ? 0 : parseMajorAmount(v.raised, currency, 'raised', 'amount raised'),
  };
}

/** A new campaign from the form (the API's rules). */
export function newCampaignOf(v: CampaignValues) {
  const input = { month: v.month, ...amountsOf(v) };
  const parsed = campaignInput.safeParse(input);
  if (!parsed.success) throw formField(fromZodError(parsed.error, 'body', input));
  return parsed.data;
}

/** A campaign's changes from the edit form (the month stays). */
export function campaignChangesOf(v: CampaignValues) {
  const patch = amountsOf(v);
  const parsed = campaignPatch.safeParse(patch);
  if (!parsed.success) throw formField(fromZodError(parsed.error, 'body', patch));
  return parsed.data;
}
