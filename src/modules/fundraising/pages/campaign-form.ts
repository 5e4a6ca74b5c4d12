// The campaign forms: amounts typed in major units ("5000", "12.50") become integer minor units of the
// currency; the API's schemas check the result, and their errors name the form's fields.
import { formText } from '../../../platform/http/input.js';
import { z } from 'zod';
import { AppError, fromZodError } from '../../../platform/http/errors.js';
import { parseMajorAmount } from '../money-input.js';
import { campaignInput, campaignPatch, currencyCode } from '../campaigns.schemas.js';
import type { CampaignValues } from '../views/CampaignAdmin.js';


const text = formText;

/** The posted form (never refused here; the amounts are checked on saving). */
export const campaignForm = z.object({ month: text, goal: text, currency: text }).transform((f): CampaignValues => ({
  month: (f.month ?? '').trim(), goal: f.goal ?? '', currency: (f.currency ?? '').trim().toUpperCase(),
}));

function checkCurrency(typed: string): string {
  const r = currencyCode.safeParse(typed);
  if (!r.success) throw new AppError(400, 'INVALID_CURRENCY', 'currency: choose a known currency such as USD', 'currency');
  return r.data;
}

/** A schema error names the API field (goalMinor); the form calls it goal. */
function formField(e: AppError): AppError {
  const names: Record<string, [string, string]> = { goalMinor: ['goal', 'the goal'] };
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
