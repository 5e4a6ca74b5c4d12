import { describe, expect, it } from 'vitest';
import { formatMoney, monthLabel, relativeTime } from './format.js';

describe('formatting', () => {
  it('formats minor units per currency', () => {
    expect(formatMoney(500000, 'USD')).toBe('$5,000');
    expect(formatMoney(12345, 'USD')).toBe('$123.45');
    expect(formatMoney(5000, 'JPY')).toBe('¥5,000');
    expect(formatMoney(250000, 'EUR', 'de-DE')).toBe('2.500\u00a0€');
  });
  it('labels months', () => expect(monthLabel('2025-03')).toBe('MARCH 2025'));
  it('says how long ago', () => {
    const now = new Date('2026-03-14T12:00:00Z');
    expect(relativeTime('2026-03-14T11:59:50Z', now)).toBe('just now');
    expect(relativeTime('2026-03-14T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2026-03-14T09:00:00Z', now)).toBe('3 hours ago');
    expect(relativeTime('2026-02-10T12:00:00Z', now)).toBe('last month');
  });
});
