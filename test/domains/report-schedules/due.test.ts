/** When a scheduled report is due: once per local day or ISO week, from its hour on, in the organization's zone. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duePeriod, isoWeek, localParts, type ScheduleTiming } from '../../../src/domains/report-schedules/due';

const daily = (hour: number, lastSentKey: string | null = null): ScheduleTiming => ({ frequency: 'daily', weekday: null, hour, lastSentKey });

describe('duePeriod', () => {
  it('names ISO weeks as the standard does (the Thursday decides the year)', () => {
    expect(isoWeek(2026, 12, 5)).toBe('2026-W49');
    expect(isoWeek(2027, 1, 1)).toBe('2026-W53');
    expect(isoWeek(2024, 12, 30)).toBe('2025-W01');
  });

  it('sends a daily report from its local hour on, once that day', () => {
    // 05:30 UTC is 07:30 in Johannesburg.
    const at = new Date('2026-12-05T05:30:00Z');
    expect(duePeriod(daily(7), at, 'Africa/Johannesburg')).toBe('2026-12-05');
    expect(duePeriod(daily(8), at, 'Africa/Johannesburg')).toBeNull();
    expect(duePeriod(daily(7, '2026-12-05'), at, 'Africa/Johannesburg')).toBeNull();
    // The same instant is still the 4th in New York: that day's report, if not sent.
    expect(duePeriod(daily(0), at, 'America/New_York')).toBe('2026-12-05');
    expect(duePeriod(daily(0, '2026-12-05'), new Date('2026-12-05T04:30:00Z'), 'America/New_York')).toBe('2026-12-04');
  });

  it('sends a weekly report from its weekday and hour on, once that week', () => {
    const monday9 = { frequency: 'weekly' as const, weekday: 1, hour: 9, lastSentKey: null };
    expect(duePeriod(monday9, new Date('2026-11-30T06:00:00Z'), 'Africa/Johannesburg')).toBeNull(); // Monday 08:00
    expect(duePeriod(monday9, new Date('2026-11-30T07:00:00Z'), 'Africa/Johannesburg')).toBe('2026-W49'); // Monday 09:00
    expect(duePeriod(monday9, new Date('2026-12-02T07:00:00Z'), 'Africa/Johannesburg')).toBe('2026-W49'); // missed: Wednesday
    expect(duePeriod({ ...monday9, lastSentKey: '2026-W49' }, new Date('2026-12-06T20:00:00Z'), 'Africa/Johannesburg')).toBeNull();
  });

  it('over any run of hourly crons (some missed), sends each period at most once and never before its hour', () => {
    const zones = ['Africa/Johannesburg', 'Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom('daily' as const, 'weekly' as const),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: Date.UTC(2026, 0, 1) / 3_600_000, max: Date.UTC(2027, 11, 1) / 3_600_000 }),
        fc.array(fc.boolean(), { minLength: 24 * 21, maxLength: 24 * 21 }),
        (zone, frequency, weekday, hour, startHour, ran) => {
          const s: ScheduleTiming = { frequency, weekday: frequency === 'weekly' ? weekday : null, hour, lastSentKey: null };
          const sent: string[] = [];
          ran.forEach((runs, i) => {
            if (!runs) return;
            const at = new Date((startHour + i) * 3_600_000);
            const period = duePeriod(s, at, zone);
            if (!period) return;
            const l = localParts(at, zone);
            if (frequency === 'daily') {
              expect(period).toBe(`${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`);
              expect(l.hour).toBeGreaterThanOrEqual(hour);
            } else {
              expect(period).toBe(isoWeek(l.year, l.month, l.day));
              expect(l.isoWeekday > weekday || (l.isoWeekday === weekday && l.hour >= hour)).toBe(true);
            }
            sent.push(period);
            s.lastSentKey = period;
          });
          expect(new Set(sent).size).toBe(sent.length);
          // Three weeks of runs every hour: every day (or week) in the middle was sent.
          if (ran.every(Boolean)) expect(sent.length).toBeGreaterThanOrEqual(frequency === 'daily' ? 19 : 2);
        },
      ),
      { numRuns: 60 },
    );
  });
});
