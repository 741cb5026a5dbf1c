/** Time helpers: instants are UTC in storage; events display in their venue's timezone. */

/** An instant's wall-clock reading in a time zone: zero-padded fields, and the ISO weekday (1 = Monday … 7 = Sunday). */
export type ZonedParts = { year: string; month: string; day: string; hour: string; minute: string; second: string; isoWeekday: number };

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
/** One formatter per zone for the isolate's life: making one costs far more than using it (hourly jobs, exports). */
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

export function zonedParts(date: Date, timeZone: string): ZonedParts {
  let format = zoneFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormatters.set(timeZone, format);
  }
  const p: Record<string, string> = {};
  for (const part of format.formatToParts(date)) p[part.type] = part.value;
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second!, isoWeekday: WEEKDAYS[p.weekday!]! };
}

/** `2027-03-14T19:00:00+02:00`: the instant as a wall-clock time in `timeZone`, with its UTC offset. */
export function toZonedIso(date: Date, timeZone: string): string {
  const parts = zonedParts(date, timeZone);
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMin = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

export const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);
