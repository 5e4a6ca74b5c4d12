// Formatting shared by server rendering and the client islands.

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 hours ago", "yesterday", "just now". */
export function relativeTime(iso: string, now: Date): string {
  const seconds = Math.round((Date.parse(iso) - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (abs >= size * 0.95 || unit === 'minute') return rtf.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

// Intl formatters are costly to build (a page of twenty articles spent a third of its time building one per
// date): keep one per locale, currency, time zone and style.
const memo = <T>(make: (key: string) => T) => {
  const cache = new Map<string, T>();
  return (key: string) => {
    let v = cache.get(key);
    if (v === undefined) { v = make(key); cache.set(key, v); }
    return v;
  };
};

const DATE_STYLES = {
  exactUtc: { dateStyle: 'long', timeStyle: 'short' },
  // dateStyle cannot be combined with timeZoneName: the same fields, spelled out.
  exactZoned: { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  longDate: { dateStyle: 'long' },
  shortTime: { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' },
  zoneName: { timeZoneName: 'short' },
  monthYear: { month: 'long', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const dateFormats = memo((key) => {
  const [style, timeZone] = key.split('|') as [keyof typeof DATE_STYLES, string];
  return new Intl.DateTimeFormat('en-US', { ...DATE_STYLES[style], timeZone });
});

/** The shared en-US formatter of one of the styles above in a time zone (built once). */
export function dateFormat(style: keyof typeof DATE_STYLES, timeZone: string): Intl.DateTimeFormat {
  return dateFormats(`${style}|${timeZone}`);
}

/** "March 14, 2025 at 09:30 UTC" (or "… at 10:30 GMT+1" in the site's time zone), for titles and tooltips. */
export function exactTime(iso: string, timeZone = 'UTC'): string {
  if (timeZone === 'UTC') return dateFormat('exactUtc', 'UTC').format(new Date(iso)) + ' UTC';
  return dateFormat('exactZoned', timeZone).format(new Date(iso));
}

/** "March 14, 2025": the date in the site's time zone (UTC unless given). */
export function longDate(iso: string, timeZone = 'UTC'): string {
  return dateFormat('longDate', timeZone).format(new Date(iso));
}

const exponentOf = memo((currency) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2);

/** Number of decimal places in a currency's minor unit (2 for USD, 0 for JPY). */
export function currencyExponent(currency: string): number {
  return exponentOf(currency);
}

const moneyFormat = memo((key) => {
  const [locale, currency, whole] = key.split('|') as [string, string, string];
  const exp = currencyExponent(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency', currency, minimumFractionDigits: whole === '1' ? 0 : exp, maximumFractionDigits: exp,
  });
});

/** Formats integer minor units; whole amounts are shown without decimals ("2,500 $" style per locale). */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const major = minor / 10 ** currencyExponent(currency);
  return moneyFormat(`${locale}|${currency}|${Number.isInteger(major) ? 1 : 0}`).format(major);
}

/** "2025-03" → "MARCH 2025". */
export const monthLabel = memo((month: string) => {
  const [y, m] = month.split('-').map(Number);
  return dateFormat('monthYear', 'UTC').format(new Date(Date.UTC(y!, m! - 1, 1))).toUpperCase();
});

export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}
