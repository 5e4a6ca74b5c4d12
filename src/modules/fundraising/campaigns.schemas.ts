import { z } from 'zod';

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** A currency: a known ISO 4217 code, in any case ("eur" is EUR). The API and the admin form both check with it. */
export const currencyCode = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
  // Intl.NumberFormat accepts any well-formed code (even "XYZ"); only the known ISO 4217 list is valid.
  .refine((c) => KNOWN_CURRENCIES.has(c),
    { message: 'unknown currency', params: { code: 'INVALID_CURRENCY' } });
/** The largest amount, in minor units (a bigint column on PostgreSQL). */
export const MAX_MINOR = 1e12;
const minor = z.number().int().min(0).max(MAX_MINOR);

export const campaignInput = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
  goalMinor: minor.min(1),
  currency: currencyCode.default('USD'),
});

export const campaignPatch = z.strictObject({
  goalMinor: minor.min(1).optional(),
  currency: currencyCode.optional(),
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
