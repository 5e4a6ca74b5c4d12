// A donation recorded by hand, from the API's JSON or the admin form: the currency defaults to the
// campaign's, the day to today; the amount must be one the currency can express.
import type { z } from 'zod';
import { AppError } from '../../platform/http/errors.js';
import type { DonationCheckout } from './donation-checkout.js';
import type { ManualDonationInput } from './donations.service.js';
import type { manualDonationInput } from './donations.schemas.js';

export async function manualDonationOf(body: z.output<typeof manualDonationInput>, checkout: Pick<DonationCheckout, 'defaultCurrency'>, today: Date): Promise<ManualDonationInput> {
  const receivedOn = body.receivedOn ?? today.toISOString().slice(0, 10);
  if (receivedOn > today.toISOString().slice(0, 10)) throw new AppError(400, 'DATE_IN_FUTURE', 'receivedOn: the day the money arrived cannot be in the future', 'receivedOn');
  return {
    method: body.method, amountMinor: body.amount, currency: body.currency ?? (await checkout.defaultCurrency()), receivedOn,
    donorName: body.name, donorEmail: body.email, message: body.message, anonymous: body.anonymous, note: body.note,
  };
}
