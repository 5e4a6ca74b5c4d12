// Amounts as people type them ("5000", "12.50", "1,250.75", in the currency's main unit) and back: the
// campaign forms, the donation form and the manual donation form all read money this way.
import { AppError } from '../../platform/http/errors.js';
import { currencyExponent } from '../../ui/format.js';
import { MAX_MINOR } from './campaigns.schemas.js';

/**
 * "5000", "12.50", "1,250.75" (major units) → integer minor units of the currency.
 * More decimals than the currency has (a cent fraction, any decimals for JPY) are refused, not rounded.
 */
export function parseMajorAmount(raw: string | undefined, currency: string, field: string, label: string): number {
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

