// The site's time zone (an IANA name such as "Europe/Berlin"): wall-clock times in it ↔ instants, by Intl
// alone (no time zone database of our own), daylight saving time included.
import { dateFormat } from './format.js';

/** Whether Intl knows the zone (names are case-insensitive to Intl; the canonical spelling is kept). */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function formatIn(zone: string): Intl.DateTimeFormat {
  let f = partsFormat.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    partsFormat.set(zone, f);
  }
  return f;
}

/** The wall-clock time in `zone` at an instant, as milliseconds of a UTC date with the same fields. */
function wallClockMs(instantMs: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatIn(zone).formatToParts(new Date(instantMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** The zone's offset from UTC at an instant, in milliseconds (Berlin in summer: +2 h). */
export function offsetMs(instantMs: number, zone: string): number {
  return wallClockMs(Math.floor(instantMs / 1000) * 1000, zone) - Math.floor(instantMs / 1000) * 1000;
}

/** An instant as a datetime-local value in `zone`: "2026-03-29T03:30". */
export function toLocalInput(iso: string, zone: string): string {
  return new Date(wallClockMs(Date.parse(iso), zone)).toISOString().slice(0, 16);
}

/**
 * A wall-clock time in `zone` ("2026-03-29T02:30", as datetime-local sends it) as an instant. A time that
 * does not exist (skipped when clocks go forward) is read with the offset before the change, so it lands
 * just after the gap (02:30 on a 02:00→03:00 night is 03:30); a time that happens twice (clocks go back) is
 * its first occurrence.
 */
export function fromLocalInput(local: string, zone: string): Date {
  const asUtc = Date.parse(`${local.length === 16 ? `${local}:00` : local}Z`);
  // The offset a little before and after the wall-clock time read as UTC brackets the true one.
  const before = offsetMs(asUtc - 86_400_000, zone);
  const after = offsetMs(asUtc + 86_400_000, zone);
  // First occurrence: try the earlier offset (larger) first; take the one that maps back to the same wall clock.
  for (const off of before >= after ? [before, after] : [after, before]) {
    const instant = asUtc - off;
    if (wallClockMs(instant, zone) === asUtc) return new Date(instant);
  }
  // In the gap: read with the offset before the change.
  return new Date(asUtc - before);
}

/** "CET"/"GMT+2"-style short name of the zone at an instant, for labels. */
export function zoneAbbreviation(iso: string, zone: string): string {
  return dateFormat('zoneName', zone).formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName')?.value ?? zone;
}
