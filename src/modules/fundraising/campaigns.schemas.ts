import { z } from 'zod';

const currency = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
  .refine((c) => { try { new Intl.NumberFormat('en', { style: 'currency', currency: c }); return true; } catch { return false; } },
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
