/**
 * When a scheduled report is due (pure): a daily one once per local day from its hour on, a weekly one once per ISO
 * week from its weekday and hour on — in the organization's time zone. "From … on" rather than "at": an hourly run
 * that was missed (or late) still sends that period's report at the next run, and `lastSentKey` (the period last
 * sent: `2026-12-05`, `2026-W49`) keeps it to once.
 */
import { zonedParts } from '../../platform/time';

export type ScheduleTiming = { frequency: 'daily' | 'weekly'; weekday: number | null; hour: number; lastSentKey: string | null };

type Local = { year: number; month: number; day: number; hour: number; isoWeekday: number };

export function localParts(at: Date, timeZone: string): Local {
  const p = zonedParts(at, timeZone);
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), isoWeekday: p.isoWeekday };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The ISO 8601 week (`2026-W49`) of a calendar date. */
export function isoWeek(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of its week decides the year
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${pad(week)}`;
}

/** The period's key if the schedule is due at `at` (and not yet sent for it), else null. */
export function duePeriod(s: ScheduleTiming, at: Date, timeZone: string): string | null {
  const l = localParts(at, timeZone);
  if (s.frequency === 'daily') {
    const key = `${l.year}-${pad(l.month)}-${pad(l.day)}`;
    return l.hour >= s.hour && s.lastSentKey !== key ? key : null;
  }
  const key = isoWeek(l.year, l.month, l.day);
  const weekday = s.weekday ?? 1;
  const reached = l.isoWeekday > weekday || (l.isoWeekday === weekday && l.hour >= s.hour);
  return reached && s.lastSentKey !== key ? key : null;
}
