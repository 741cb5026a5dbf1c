/**
 * The event History screen's pure parts (web/src/admin/screens/events/history.tsx): the filters in the URL, the
 * queries of the three history routes (GET /orgs/{orgId}/events/{eventId}/history/sales|occupancy|scans, read from
 * Postgres), and the chart series and text summaries made from their answers. Tested in test/web/history/.
 */
import type { Schemas } from '../../../../api/client';
import { nextDay } from '../../ops/logic';
import { utcToZonedLocal, zonedLocalToUtc } from '../../../../ui/time';

export type SalesHistory = Schemas['SalesHistory'];
export type SalesBucketRow = SalesHistory['buckets'][number];
export type OccupancyHistory = Schemas['OccupancyHistory'];
export type ScanHistory = Schemas['ScanHistory'];

export const BUCKETS = ['day', 'hour'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** What the form holds (and the URL keeps): dates "YYYY-MM-DD" in the organization's timezone, "" for open. */
export type HistoryFilters = { bucket: Bucket; fromDate: string; toDate: string; doorsDate: string };
export const EMPTY_FILTERS: HistoryFilters = { bucket: 'day', fromDate: '', toDate: '', doorsDate: '' };

/** The API's limits (src/domains/history/schemas.ts): hours and occupancy over 92 days at most. */
export const MAX_RANGE_DAYS = 92;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export function filtersFromParams(params: URLSearchParams): HistoryFilters {
  const date = (k: string) => {
    const v = params.get(k) ?? '';
    return DATE.test(v) ? v : '';
  };
  return { bucket: params.get('bucket') === 'hour' ? 'hour' : 'day', fromDate: date('fromDate'), toDate: date('toDate'), doorsDate: date('doorsDate') };
}

export function paramsFromFilters(f: HistoryFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.bucket !== 'day') p.set('bucket', f.bucket);
  if (f.fromDate) p.set('fromDate', f.fromDate);
  if (f.toDate) p.set('toDate', f.toDate);
  if (f.doorsDate) p.set('doorsDate', f.doorsDate);
  return p;
}

/** Days from "from" to "to", both included (null when either is open). */
export function rangeDays(f: Pick<HistoryFilters, 'fromDate' | 'toDate'>): number | null {
  if (!f.fromDate || !f.toDate) return null;
  return Math.round((Date.parse(f.toDate) - Date.parse(f.fromDate)) / DAY_MS) + 1;
}

/** Whether the whole days are within the API's 92 × 24 hours (a DST change inside may add an hour). */
function withinLimit(f: Pick<HistoryFilters, 'fromDate' | 'toDate'>, timeZone: string): boolean {
  const r = dayRange(f.fromDate, f.toDate, timeZone);
  return !r.from || !r.to || Date.parse(r.to) - Date.parse(r.from) <= MAX_RANGE_DAYS * DAY_MS;
}

/** What is wrong with the range, for the message beside "To" (null: nothing). */
export function rangeProblem(f: HistoryFilters, timeZone: string): string | null {
  const days = rangeDays(f);
  if (days !== null && days < 1) return 'Must not be before “From”.';
  if (f.bucket === 'hour' && (days === null || !withinLimit(f, timeZone))) return `Per hour: pick both dates, at most ${MAX_RANGE_DAYS} days apart.`;
  return null;
}

/** [from, to) of whole days in the zone ("to" inclusive), as the API's instants. */
function dayRange(fromDate: string, toDate: string, timeZone: string): { from?: string; to?: string } {
  const from = fromDate ? zonedLocalToUtc(fromDate, timeZone) : null;
  const to = toDate ? zonedLocalToUtc(nextDay(toDate), timeZone) : null;
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

export function salesQuery(f: HistoryFilters, timeZone: string): { bucket: Bucket; from?: string; to?: string; timezone: string } | null {
  if (rangeProblem(f, timeZone)) return null;
  return { bucket: f.bucket, ...dayRange(f.fromDate, f.toDate, timeZone), timezone: timeZone };
}

/** Occupancy over the same days; null when they are more than the API's 92 (or backwards). */
export function occupancyQuery(f: HistoryFilters, timeZone: string): { from?: string; to?: string } | null {
  const days = rangeDays(f);
  if ((days !== null && days < 1) || !withinLimit(f, timeZone)) return null;
  return dayRange(f.fromDate, f.toDate, timeZone);
}

/** Scans per minute: the event's doors (the API's default window) or the whole picked day (≤ 25 h, within 48 h). */
export function scansQuery(f: Pick<HistoryFilters, 'doorsDate'>, timeZone: string): { from?: string; to?: string } {
  return f.doorsDate ? dayRange(f.doorsDate, f.doorsDate, timeZone) : {};
}

/** The currencies of the sales answer, the one with the most net revenue first (what the chart shows by default). */
export function currenciesOf(rows: readonly SalesBucketRow[]): string[] {
  const net = new Map<string, number>();
  for (const r of rows) net.set(r.currency, (net.get(r.currency) ?? 0) + r.netMinor);
  return [...net.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
}

export type SalesSeries = { x: number[]; tickets: number[]; orders: number[]; netMinor: number[] };

/**
 * The chart's points for one currency, oldest first, with empty hours or days in between as zeros (a revenue line must
 * not slope across a day without sales). Hours step by 3,600 s (an hour bucket starts on the zone's hour); days step
 * by calendar date, so a DST day of 23 or 25 hours still lands on its midnight.
 */
export function salesSeries(rows: readonly SalesBucketRow[], currency: string, bucket: Bucket, timeZone: string, maxPoints = 5000): SalesSeries {
  const mine = rows.filter((r) => r.currency === currency);
  const out: SalesSeries = { x: [], tickets: [], orders: [], netMinor: [] };
  if (!mine.length) return out;
  const byStart = new Map(mine.map((r) => [Date.parse(r.start), r]));
  const first = Date.parse(mine[0]!.start);
  const last = Date.parse(mine.at(-1)!.start);
  const push = (t: number) => {
    const r = byStart.get(t);
    out.x.push(t / 1000);
    out.tickets.push(r?.tickets ?? 0);
    out.orders.push(r?.orders ?? 0);
    out.netMinor.push(r?.netMinor ?? 0);
  };
  if (bucket === 'hour') {
    for (let t = first; t <= last && out.x.length < maxPoints; t += 3_600_000) push(t);
  } else {
    let date = utcToZonedLocal(mine[0]!.start, timeZone).slice(0, 10);
    for (let t = first; t <= last && out.x.length < maxPoints; ) {
      push(t);
      date = nextDay(date);
      t = Date.parse(zonedLocalToUtc(date, timeZone)!);
    }
  }
  // A bucket that did not land on the walk (an odd zone) still shows, in its place.
  for (const [t] of byStart) if (!out.x.includes(t / 1000)) insertAt(out, t / 1000, byStart.get(t)!);
  return out;
}

function insertAt(s: SalesSeries, x: number, r: SalesBucketRow) {
  let i = s.x.findIndex((v) => v > x);
  if (i < 0) i = s.x.length;
  s.x.splice(i, 0, x);
  s.tickets.splice(i, 0, r.tickets);
  s.orders.splice(i, 0, r.orders);
  s.netMinor.splice(i, 0, r.netMinor);
}

export type SalesTotal = { currency: string; orders: number; tickets: number; grossMinor: number; refundedMinor: number; netMinor: number };

export function salesTotals(rows: readonly SalesBucketRow[]): SalesTotal[] {
  const by = new Map<string, SalesTotal>();
  for (const r of rows) {
    const t = by.get(r.currency) ?? { currency: r.currency, orders: 0, tickets: 0, grossMinor: 0, refundedMinor: 0, netMinor: 0 };
    t.orders += r.orders;
    t.tickets += r.tickets;
    t.grossMinor += r.grossMinor;
    t.refundedMinor += r.refundedMinor;
    t.netMinor += r.netMinor;
    by.set(r.currency, t);
  }
  return [...by.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** A bucket's label for people: "Sat, 5 Dec 2026" for a day, "5 Dec, 14:00" for an hour (in the zone). */
export function bucketLabel(row: Pick<SalesBucketRow, 'start' | 'key'>, bucket: Bucket, timeZone: string, locale?: string): string {
  const at = new Date(row.start);
  if (Number.isNaN(at.getTime())) return row.key;
  return bucket === 'day'
    ? new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(at)
    : new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(at);
}

export type OccupancySeries = { x: number[]; sold: number[]; held: number[]; available: number[]; checkedIn: number[] };

export function occupancySeries(snapshots: OccupancyHistory['snapshots']): OccupancySeries {
  const s: OccupancySeries = { x: [], sold: [], held: [], available: [], checkedIn: [] };
  for (const p of snapshots) {
    const t = Date.parse(p.takenAt);
    if (Number.isNaN(t)) continue;
    s.x.push(t / 1000);
    s.sold.push(p.sold);
    s.held.push(p.held);
    s.available.push(p.available);
    s.checkedIn.push(p.checkedIn);
  }
  return s;
}

/** The text alternative of the occupancy chart: where it started, where it ended, over how many snapshots. */
export function occupancySummary(snapshots: OccupancyHistory['snapshots'], fmt: (iso: string) => string, nf: Intl.NumberFormat): string {
  if (!snapshots.length) return 'No occupancy snapshots in this period.';
  const a = snapshots[0]!;
  const b = snapshots.at(-1)!;
  const n = snapshots.length === 1 ? '1 snapshot' : `${nf.format(snapshots.length)} snapshots`;
  return `${n} from ${fmt(a.takenAt)} to ${fmt(b.takenAt)}: sold ${nf.format(a.sold)} → ${nf.format(b.sold)}, held ${nf.format(a.held)} → ${nf.format(b.held)}, available ${nf.format(a.available)} → ${nf.format(b.available)}, checked in ${nf.format(a.checkedIn)} → ${nf.format(b.checkedIn)} (capacity ${nf.format(b.capacity)}).`;
}

export type MinuteSeries = { x: number[]; y: number[]; refused: number[] };

/**
 * Scans per minute for the chart: every minute from `pad` minutes before the first one with scans to `pad` after the
 * last (clipped to the answer's window), empty minutes as zeros. 48 hours of doors are 2,880 minutes at most.
 */
export function scanSeries(answer: Pick<ScanHistory, 'minutes' | 'from' | 'to'>, pad = 5): MinuteSeries {
  const s: MinuteSeries = { x: [], y: [], refused: [] };
  if (!answer.minutes.length) return s;
  const by = new Map(answer.minutes.map((m) => [Date.parse(m.minute), m]));
  const starts = [...by.keys()].sort((a, b) => a - b);
  const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
  const lo = Math.min(starts[0]!, Math.max(minute(Date.parse(answer.from)), starts[0]! - pad * 60_000));
  const hi = Math.max(starts.at(-1)!, Math.min(minute(Date.parse(answer.to) - 1), starts.at(-1)! + pad * 60_000));
  for (let t = lo; t <= hi; t += 60_000) {
    const m = by.get(t);
    s.x.push(t / 1000);
    s.y.push(m?.admitted ?? 0);
    s.refused.push(m?.refused ?? 0);
  }
  return s;
}

/** The busiest minute (most admitted) and the text alternative of the per-minute chart. */
export function scanSummary(answer: Pick<ScanHistory, 'minutes' | 'totals'>, fmtTime: (iso: string) => string, nf: Intl.NumberFormat): string {
  const { admitted, refused, exits } = answer.totals;
  if (!answer.minutes.length) return 'No scans in this window.';
  const peak = answer.minutes.reduce((p, m) => (m.admitted > p.admitted ? m : p), answer.minutes[0]!);
  return `${nf.format(admitted)} admitted, ${nf.format(refused)} refused, ${nf.format(exits)} exits; busiest minute ${fmtTime(peak.minute)} with ${nf.format(peak.admitted)} admitted. First scan ${fmtTime(answer.minutes[0]!.minute)}, last ${fmtTime(answer.minutes.at(-1)!.minute)}.`;
}

const plural = (n: number, word: string, nf: Intl.NumberFormat) => `${nf.format(n)} ${word}${n === 1 ? '' : 's'}`;

/** The text alternative of the sales chart. */
export function salesSummary(totals: readonly SalesTotal[], buckets: number, bucket: Bucket, money: (minor: number, currency: string) => string, nf: Intl.NumberFormat): string {
  if (!totals.length) return 'No paid orders in this period.';
  const per = bucket === 'hour' ? (buckets === 1 ? 'hour' : 'hours') : buckets === 1 ? 'day' : 'days';
  return `Sales on ${nf.format(buckets)} ${per}: ${totals.map((t) => `${plural(t.orders, 'order', nf)}, ${plural(t.tickets, 'ticket', nf)}, ${money(t.netMinor, t.currency)} net`).join('; ')}.`;
}

/** Minor units as the currency's major unit (cents → rand), for a revenue axis. */
export function minorToMajor(minor: number, currency: string): number {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return minor / 10 ** digits;
}
