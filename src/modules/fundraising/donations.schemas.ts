// The donation API's boundary: what a reader may send to start a donation, what an admin records by hand,
// and what the API answers.
import { z } from 'zod';
import { currencyCode, MAX_MINOR } from './campaigns.schemas.js';
import { DONATION_STATUSES, MANUAL_METHODS } from './donations.service.js';

const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => v || undefined);

export const donorFields = {
  name: optionalText(80),
  email: z.string().trim().max(254).optional().transform((v) => v || undefined)
    .pipe(z.email({ message: 'enter an e-mail address such as name@example.org' }).optional()),
  message: optionalText(500),
  anonymous: z.boolean().default(false),
};

export const checkoutInput = z.strictObject({
  amount: z.number().int('a whole number of minor units (cents)').positive().max(MAX_MINOR),
  interval: z.enum(['once', 'month']),
  currency: currencyCode.optional(),
  ...donorFields,
});

export const checkoutResponse = z.object({ url: z.string(), sessionId: z.string() });

export const manualDonationInput = z.strictObject({
  method: z.enum(MANUAL_METHODS),
  amount: z.number().int().positive().max(MAX_MINOR),
  currency: currencyCode.optional(),
  receivedOn: z.iso.date().optional(),
  ...donorFields,
  note: optionalText(500),
});

export const donationSchema = z.object({
  id: z.number().int(),
  method: z.string(),
  provider: z.string().nullable(),
  providerPaymentId: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  interval: z.enum(['once', 'month']),
  amountMinor: z.number().int(),
  refundedMinor: z.number().int(),
  currency: z.string(),
  amountFormatted: z.string(),
  status: z.enum(DONATION_STATUSES),
  countedMinor: z.number().int(),
  campaignMonth: z.string(),
  donorName: z.string().nullable(),
  donorEmail: z.string().nullable(),
  message: z.string().nullable(),
  anonymous: z.boolean(),
  note: z.string().nullable(),
  paidAt: z.string(),
});

/** An empty query field (a filter form's "any") is no filter. */
const unlessEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const donationFilter = z.object({
  month: unlessEmpty(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')),
  method: unlessEmpty(z.enum(['card', ...MANUAL_METHODS])),
  status: unlessEmpty(z.enum(DONATION_STATUSES)),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
