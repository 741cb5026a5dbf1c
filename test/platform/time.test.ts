/** src/platform/time.ts: wall-clock parts of an instant in a time zone (across a DST change), and the zoned ISO form. */
import { describe, expect, it } from 'vitest';
import { toZonedIso, zonedParts } from '../../src/platform/time';

describe('zonedParts', () => {
  it('reads an instant in its zone, with the ISO weekday, on either side of a daylight-saving change', () => {
    // Europe/Amsterdam moved from UTC+1 to UTC+2 at 01:00 UTC on Sunday 2026-03-29.
    expect(zonedParts(new Date('2026-03-29T00:30:00Z'), 'Europe/Amsterdam')).toEqual({ year: '2026', month: '03', day: '29', hour: '01', minute: '30', second: '00', isoWeekday: 7 });
    expect(zonedParts(new Date('2026-03-29T01:30:00Z'), 'Europe/Amsterdam')).toEqual({ year: '2026', month: '03', day: '29', hour: '03', minute: '30', second: '00', isoWeekday: 7 });
    // Midnight: hour 00, never 24; the local date is the next day while UTC is still on the last.
    expect(zonedParts(new Date('2026-12-06T22:00:00Z'), 'Africa/Johannesburg')).toMatchObject({ day: '07', hour: '00', isoWeekday: 1 });
    // The same zone again comes from the cache and reads the same.
    expect(zonedParts(new Date('2026-12-06T22:00:00Z'), 'Africa/Johannesburg').hour).toBe('00');
  });

  it('gives the zoned ISO form with the offset in force', () => {
    expect(toZonedIso(new Date('2026-03-29T00:30:00Z'), 'Europe/Amsterdam')).toBe('2026-03-29T01:30:00+01:00');
    expect(toZonedIso(new Date('2026-03-29T01:30:00Z'), 'Europe/Amsterdam')).toBe('2026-03-29T03:30:00+02:00');
    expect(toZonedIso(new Date('2026-07-01T12:00:00Z'), 'America/St_Johns')).toBe('2026-07-01T09:30:00-02:30');
  });
});
