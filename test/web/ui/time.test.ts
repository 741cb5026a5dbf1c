import { describe, expect, it } from 'vitest';
import { offsetLabel, readZonedFields, utcToZonedLocal, zonedLocalToUtc } from '../../../web/src/ui/time';

/** Wall-clock times in a named timezone ↔ UTC: event, ticket-type, coupon and pricing-rule forms, API key expiry, audit dates. */
describe('datetime-local in the venue timezone', () => {
  it('reads 19:00 in Johannesburg as 17:00 UTC and shows it back as 19:00', () => {
    expect(zonedLocalToUtc('2027-03-14T19:00', 'Africa/Johannesburg')).toBe('2027-03-14T17:00:00.000Z');
    expect(utcToZonedLocal('2027-03-14T17:00:00.000Z', 'Africa/Johannesburg')).toBe('2027-03-14T19:00');
  });

  it('reads a bare date as midnight in the zone', () => {
    expect(zonedLocalToUtc('2026-12-30', 'Africa/Johannesburg')).toBe('2026-12-29T22:00:00.000Z');
  });

  it('crosses the date line correctly (late evening in Los Angeles is the next day in UTC)', () => {
    expect(zonedLocalToUtc('2027-01-10T22:30', 'America/Los_Angeles')).toBe('2027-01-11T06:30:00.000Z');
  });

  it('follows daylight saving: the same wall time maps to different UTC hours in winter and summer', () => {
    expect(zonedLocalToUtc('2027-01-15T20:00', 'Europe/Amsterdam')).toBe('2027-01-15T19:00:00.000Z');
    expect(zonedLocalToUtc('2027-07-15T20:00', 'Europe/Amsterdam')).toBe('2027-07-15T18:00:00.000Z');
    expect(utcToZonedLocal('2027-07-15T18:00:00Z', 'Europe/Amsterdam')).toBe('2027-07-15T20:00');
    // The Sunday the UK springs forward: noon is already BST.
    expect(zonedLocalToUtc('2026-03-29T12:00', 'Europe/London')).toBe('2026-03-29T11:00:00.000Z');
  });

  it('round-trips an instant through a datetime-local value', () => {
    expect(zonedLocalToUtc(utcToZonedLocal('2026-06-01T18:45:00.000Z', 'America/New_York'), 'America/New_York')).toBe('2026-06-01T18:45:00.000Z');
  });

  it('a wall time skipped by the spring-forward jump lands just after it; a repeated one takes the earlier instant', () => {
    // 2027-03-28 02:30 does not exist in Amsterdam (02:00 → 03:00).
    expect(zonedLocalToUtc('2027-03-28T02:30', 'Europe/Amsterdam')).toBe('2027-03-28T01:30:00.000Z');
    // 2027-10-31 02:30 happens twice (CEST then CET): the first is 00:30 UTC.
    expect(zonedLocalToUtc('2027-10-31T02:30', 'Europe/Amsterdam')).toBe('2027-10-31T00:30:00.000Z');
  });

  it('round-trips every hour of a DST-changing day', () => {
    for (let h = 0; h < 24; h++) {
      const iso = new Date(Date.UTC(2027, 9, 30, 20 + h)).toISOString();
      const local = utcToZonedLocal(iso, 'Europe/Amsterdam');
      const back = zonedLocalToUtc(local, 'Europe/Amsterdam')!;
      // Ambiguous hours come back as the earlier instant; all others exactly.
      expect(Date.parse(back) <= Date.parse(iso) && Date.parse(iso) - Date.parse(back) <= 3_600_000).toBe(true);
      expect(utcToZonedLocal(back, 'Europe/Amsterdam')).toBe(local);
    }
  });

  it('leaves empty or malformed input empty', () => {
    expect(zonedLocalToUtc('', 'UTC')).toBeNull();
    expect(zonedLocalToUtc('14/03/2027 19:00', 'UTC')).toBeNull();
    expect(zonedLocalToUtc('not a date', 'UTC')).toBeNull();
    expect(utcToZonedLocal(null, 'UTC')).toBe('');
  });

  it('labels the offset', () => {
    expect(offsetLabel('Africa/Johannesburg')).toBe('UTC+02:00');
    expect(offsetLabel('America/St_Johns', Date.parse('2027-01-01T00:00:00Z'))).toBe('UTC−03:30');
  });

  it('reads a form\'s optional time fields: filled ones as UTC, empty ones as null, unreadable ones as a field error', () => {
    const values = { name: 'Early bird', startsAt: '', endsAt: '2027-03-14T19:00' };
    expect(readZonedFields(values, ['startsAt', 'endsAt'], 'Africa/Johannesburg')).toEqual({
      times: { startsAt: null, endsAt: '2027-03-14T17:00:00.000Z' },
      errors: {},
    });
    const bad = readZonedFields({ ...values, endsAt: 'tomorrow' }, ['startsAt', 'endsAt'], 'UTC');
    expect(bad.errors).toEqual({ endsAt: 'Enter a date and time' });
    expect(bad.times.endsAt).toBeNull();
  });
});
