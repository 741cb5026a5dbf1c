/** The Reports screen's scheduled emails: the body the form sends and the sentence each schedule reads as. */
import { describe, expect, it } from 'vitest';
import { describeSchedule, EMPTY_SCHEDULE, scheduleBody } from '../../../web/src/admin/screens/reports/schedule-logic';

describe('scheduled report emails in the console', () => {
  it('sends a weekday only for weekly schedules, and an event only when one is chosen', () => {
    expect(scheduleBody(EMPTY_SCHEDULE)).toEqual({ kind: 'sales_summary', eventIds: [], frequency: 'weekly', weekday: 1, hour: 7 });
    expect(scheduleBody({ kind: 'settlement', eventId: 'evt_1', frequency: 'daily', weekday: '5', hour: '18' })).toEqual({ kind: 'settlement', eventIds: ['evt_1'], frequency: 'daily', hour: 18 });
  });

  it('reads each schedule as a sentence with its events, day, hour and time zone', () => {
    const names = (id: string) => ({ evt_1: 'Winter Sessions', evt_2: 'Summer Sessions' })[id] ?? id;
    expect(describeSchedule({ kind: 'sales_summary', eventIds: [], frequency: 'weekly', weekday: 1, hour: 7, timezone: 'Africa/Johannesburg' }, names)).toBe(
      'Sales summary of every event in play, weekly on Monday at 07:00 (Africa/Johannesburg)',
    );
    expect(describeSchedule({ kind: 'settlement', eventIds: ['evt_1', 'evt_2'], frequency: 'daily', weekday: null, hour: 18, timezone: 'Europe/Amsterdam' }, names)).toBe(
      'Settlement statement of Winter Sessions, Summer Sessions, daily at 18:00 (Europe/Amsterdam)',
    );
  });
});
