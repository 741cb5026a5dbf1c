/**
 * Date ranges of funnel reads: local calendar days (YYYY-MM-DD) in the organization's time zone. A range defaults to
 * the last 30 days up to today, runs from ≤ to, and spans at most MAX_RANGE_DAYS (else 422, naming the field).
 */
import { ValidationError } from '../../platform/errors';
import { zonedParts } from '../../platform/time';

export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;
const DAY_MS = 86_400_000;

/** The calendar day of `at` in `timeZone`. */
export function localDay(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Every day from..to, both included (callers have checked the range). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to && days.length <= MAX_RANGE_DAYS; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The range asked for, with its defaults, or a 422 naming `query.from` / `query.to`. */
export function resolveRange(q: { from?: string; to?: string }, timeZone: string, now = new Date()): { from: string; to: string } {
  const to = q.to ?? (q.from ? maxDay(q.from, localDay(now, timeZone)) : localDay(now, timeZone));
  const from = q.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) throw new ValidationError([{ path: 'query.from', message: 'from must not be after to', code: 'invalid_range' }], 'query.from: from must not be after to');
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (span > MAX_RANGE_DAYS) throw new ValidationError([{ path: 'query.to', message: `A range spans at most ${MAX_RANGE_DAYS} days`, code: 'range_too_long' }], `query.to: a range spans at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

/** A from-only range runs to today, or (a from in the future) to that day itself. */
const maxDay = (a: string, b: string) => (a > b ? a : b);
