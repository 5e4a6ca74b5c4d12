import { z } from 'zod';

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const currency = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
  // Intl.NumberFormat accepts any well-formed code (even "XYZ"); only the known ISO 4217 list is valid.
  .refine((c) => KNOWN_CURRENCIES.has(c),
    { message: 'unknown currency', params: { code: 'INVALID_CURRENCY' } });
const minor = z.number().int().min(0).max(1e12);

export const campaignInput = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
  goalMinor: minor.min(1),
  currency: currency.default('USD'),
  raisedMinor: minor.default(0),
});

export const campaignPatch = z.strictObject({
  goalMinor: minor.min(1).optional(),
  currency: currency.optional(),
  raisedMinor: minor.optional(),
});

export const campaignSchema = z.object({
  id: z.number().int(),
  month: z.string(),
  label: z.string(),
  goalMinor: z.number().int(),
  raisedMinor: z.number().int(),
  currency: z.string(),
  goalFormatted: z.string(),
  raisedFormatted: z.string(),
});
