/**
 * Times in a named timezone. <input type="datetime-local"> speaks wall-clock time without a zone; events are
 * stored as UTC instants and organizers think in the venue's (or organization's) timezone. These convert between the two for a named IANA zone, DST included,
 * without a date library: the zone's offset at an instant comes from Intl.
 */

/** The zone's offset from UTC at `instant`, in minutes (Africa/Johannesburg → 120). */
export function zoneOffsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  const rounded = instant - (((instant % 1000) + 1000) % 1000);
  return Math.round((asUtc - rounded) / 60_000);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * "2027-03-14T19:00" read in `timeZone` → "2027-03-14T17:00:00.000Z"; a bare date "2027-03-14" is its midnight.
 * Null for an empty or malformed value.
 * A wall time that does not exist (skipped by a DST jump) lands just after the jump; an ambiguous one (repeated
 * when clocks go back) takes the earlier instant.
 */
export function zonedLocalToUtc(local: string, timeZone: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(wall)) return null;
  // The zone's offsets around that day (two differ only across a DST change); each gives a candidate instant,
  // and a candidate is right when the zone's clock reads the wall time at it.
  const offsets = new Set([-86_400_000, 0, 86_400_000].map((d) => zoneOffsetMinutes(wall + d, timeZone)));
  const candidates = [...offsets].map((o) => wall - o * 60_000);
  const exact = candidates.filter((t) => t + zoneOffsetMinutes(t, timeZone) * 60_000 === wall);
  // Ambiguous (clocks went back): the earlier. Skipped (clocks went forward): the later, just after the jump.
  const instant = exact.length ? Math.min(...exact) : Math.max(...candidates);
  return new Date(instant).toISOString();
}

/** "2027-03-14T17:00:00Z" → "2027-03-14T19:00" as the wall clock in `timeZone` reads it (for datetime-local). */
export function utcToZonedLocal(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const local = new Date(t + zoneOffsetMinutes(t, timeZone) * 60_000);
  return local.toISOString().slice(0, 16);
}

/** "UTC+02:00"-style label of a zone at an instant, for hints beside time inputs. */
export function offsetLabel(timeZone: string, instant = Date.now()): string {
  const off = zoneOffsetMinutes(instant, timeZone);
  const sign = off < 0 ? '−' : '+';
  const a = Math.abs(off);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/**
 * The datetime-local fields of a form, read in `timeZone`: each filled one as its UTC instant (ISO), each empty one
 * null; `errors` holds, under the field's name, "Enter a date and time" for each filled one that cannot be read.
 */
export function readZonedFields<K extends string>(
  values: Record<K, string>,
  fields: readonly K[],
  timeZone: string,
): { times: Record<K, string | null>; errors: Partial<Record<K, string>> } {
  const times = {} as Record<K, string | null>;
  const errors: Partial<Record<K, string>> = {};
  for (const f of fields) {
    times[f] = values[f] ? zonedLocalToUtc(values[f], timeZone) : null;
    if (values[f] && !times[f]) errors[f] = 'Enter a date and time';
  }
  return { times, errors };
}
