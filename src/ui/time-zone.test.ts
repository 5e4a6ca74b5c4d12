import { describe, expect, it } from 'vitest';
import { fromLocalInput, isTimeZone, offsetMs, toLocalInput } from './time-zone.js';

describe('site time zone', () => {
  it('accepts IANA names Intl knows and refuses others', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('Europe/Berlin; drop table')).toBe(false);
  });

  it('converts both ways in winter and summer', () => {
    expect(fromLocalInput('2026-01-15T09:30', 'Europe/Berlin').toISOString()).toBe('2026-01-15T08:30:00.000Z');
    expect(fromLocalInput('2026-07-15T09:30', 'Europe/Berlin').toISOString()).toBe('2026-07-15T07:30:00.000Z');
    expect(fromLocalInput('2026-07-15T09:30', 'America/New_York').toISOString()).toBe('2026-07-15T13:30:00.000Z');
    expect(fromLocalInput('2026-07-15T09:30', 'Asia/Kolkata').toISOString()).toBe('2026-07-15T04:00:00.000Z');
    expect(toLocalInput('2026-01-15T08:30:00.000Z', 'Europe/Berlin')).toBe('2026-01-15T09:30');
    expect(toLocalInput('2026-07-15T07:30:00.000Z', 'Europe/Berlin')).toBe('2026-07-15T09:30');
    expect(toLocalInput('2026-07-15T07:30:00.000Z', 'UTC')).toBe('2026-07-15T07:30');
    expect(offsetMs(Date.parse('2026-07-15T07:30:00Z'), 'Europe/Berlin')).toBe(2 * 3600_000);
  });

  it('handles the nights the clocks change (Berlin, 29 March and 25 October 2026)', () => {
    // Around the spring gap (02:00 → 03:00 local, 01:00 UTC).
    expect(fromLocalInput('2026-03-29T01:59', 'Europe/Berlin').toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(fromLocalInput('2026-03-29T03:00', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    // 02:30 does not exist that night: read with the winter offset, it is 03:30 summer time.
    expect(fromLocalInput('2026-03-29T02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(toLocalInput('2026-03-29T01:30:00.000Z', 'Europe/Berlin')).toBe('2026-03-29T03:30');
    // Autumn: 02:30 happens twice (summer, then winter time): the first one.
    expect(fromLocalInput('2026-10-25T02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(toLocalInput('2026-10-25T01:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25T02:30');
    expect(fromLocalInput('2026-10-25T03:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T02:30:00.000Z');
  });

  it('round-trips every three and a half hours of a year in zones with and without daylight saving', () => {
    for (const zone of ['Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Tokyo']) {
      for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 3 * 3600_000 + 1800_000) {
        const iso = new Date(t).toISOString();
        const local = toLocalInput(iso, zone);
        const back = fromLocalInput(local, zone).getTime();
        // Back to the same instant, or (an hour that happens twice) to its first occurrence, with the same wall clock.
        expect(toLocalInput(new Date(back).toISOString(), zone)).toBe(local);
        expect(back <= t).toBe(true);
      }
    }
  });
});
