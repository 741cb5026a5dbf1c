/**
 * Scheduled report emails, the pure parts of the Reports screen's section (./schedules.tsx): the request body for
 * the form, and one sentence per schedule for people ("Sales summary of every event in play, weekly on Monday at
 * 07:00 (Africa/Johannesburg)").
 */
export type ScheduleForm = { kind: 'settlement' | 'sales_summary'; eventId: string; frequency: 'daily' | 'weekly'; weekday: string; hour: string };
export const EMPTY_SCHEDULE: ScheduleForm = { kind: 'sales_summary', eventId: '', frequency: 'weekly', weekday: '1', hour: '7' };

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const REPORT_NAMES = { settlement: 'Settlement statement', sales_summary: 'Sales summary' } as const;

/** What POST /orgs/{orgId}/report-schedules takes for the form: a weekday only for weekly ones. */
export function scheduleBody(f: ScheduleForm) {
  return {
    kind: f.kind,
    eventIds: f.eventId ? [f.eventId] : [],
    frequency: f.frequency,
    hour: Number(f.hour),
    ...(f.frequency === 'weekly' ? { weekday: Number(f.weekday) } : {}),
  };
}

export const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

type Schedule = { kind: 'settlement' | 'sales_summary'; eventIds: string[]; frequency: 'daily' | 'weekly'; weekday: number | null; hour: number; timezone: string };

export function describeSchedule(s: Schedule, eventName: (id: string) => string): string {
  const what = s.eventIds.length ? s.eventIds.map(eventName).join(', ') : 'every event in play';
  const when = s.frequency === 'daily' ? `daily at ${hourLabel(s.hour)}` : `weekly on ${WEEKDAYS[(s.weekday ?? 1) - 1]} at ${hourLabel(s.hour)}`;
  return `${REPORT_NAMES[s.kind]} of ${what}, ${when} (${s.timezone})`;
}
