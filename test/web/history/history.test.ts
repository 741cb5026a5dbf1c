/** The event History screen's logic (web/src/admin/screens/events/history/logic.ts): filters, queries, chart series, summaries. */
import { describe, expect, it } from 'vitest';
import {
  bucketLabel,
  currenciesOf,
  EMPTY_FILTERS,
  filtersFromParams,
  minorToMajor,
  occupancyQuery,
  occupancySeries,
  occupancySummary,
  paramsFromFilters,
  rangeProblem,
  salesQuery,
  salesSeries,
  salesSummary,
  salesTotals,
  scanSeries,
  scanSummary,
  scansQuery,
  type SalesBucketRow,
} from '../../../web/src/admin/screens/events/history/logic';

const JHB = 'Africa/Johannesburg';
const NY = 'America/New_York';
const nf = new Intl.NumberFormat('en');
const row = (start: string, key: string, currency: string, orders: number, tickets: number, grossMinor: number, refundedMinor = 0): SalesBucketRow => ({
  start,
  key,
  currency,
  orders,
  tickets,
  grossMinor,
  refundedMinor,
  netMinor: grossMinor - refundedMinor,
});

describe('the filters', () => {
  it('round-trip through the URL, anything malformed reading as unset', () => {
    const f = { bucket: 'hour' as const, fromDate: '2026-12-01', toDate: '2026-12-03', doorsDate: '2026-12-05' };
    expect(filtersFromParams(paramsFromFilters(f))).toEqual(f);
    expect(paramsFromFilters(EMPTY_FILTERS).toString()).toBe('');
    expect(filtersFromParams(new URLSearchParams('bucket=week&fromDate=1%20Dec&toDate=2026-12-3&doorsDate=x'))).toEqual(EMPTY_FILTERS);
  });

  it('refuses a backwards range, and hours without both dates or over 92 days', () => {
    expect(rangeProblem({ ...EMPTY_FILTERS, fromDate: '2026-12-02', toDate: '2026-12-01' }, JHB)).toMatch(/before/);
    expect(rangeProblem({ ...EMPTY_FILTERS, bucket: 'hour' }, JHB)).toMatch(/both dates/);
    // 1 January to 2 April is 92 whole days; to 3 April, 93.
    expect(rangeProblem({ ...EMPTY_FILTERS, bucket: 'hour', fromDate: '2026-01-01', toDate: '2026-04-02' }, JHB)).toBeNull();
    expect(rangeProblem({ ...EMPTY_FILTERS, bucket: 'hour', fromDate: '2026-01-01', toDate: '2026-04-03' }, JHB)).toMatch(/92 days/);
    // In New York those 92 days hold the spring-forward change (an hour fewer) — fine; 92 days over the autumn one are an hour more.
    expect(rangeProblem({ ...EMPTY_FILTERS, bucket: 'hour', fromDate: '2026-01-01', toDate: '2026-04-02' }, NY)).toBeNull();
    expect(rangeProblem({ ...EMPTY_FILTERS, bucket: 'hour', fromDate: '2026-09-01', toDate: '2026-12-01' }, NY)).toMatch(/92 days/);
    expect(rangeProblem({ ...EMPTY_FILTERS, fromDate: '2025-01-01', toDate: '2026-12-31' }, JHB)).toBeNull();
  });
});

describe('the queries', () => {
  it('ask for whole days in the organization timezone, "to" inclusive, and name the timezone', () => {
    expect(salesQuery({ ...EMPTY_FILTERS, fromDate: '2026-12-01', toDate: '2026-12-01' }, JHB)).toEqual({ bucket: 'day', from: '2026-11-30T22:00:00.000Z', to: '2026-12-01T22:00:00.000Z', timezone: JHB });
    expect(salesQuery(EMPTY_FILTERS, JHB)).toEqual({ bucket: 'day', timezone: JHB });
    expect(salesQuery({ ...EMPTY_FILTERS, bucket: 'hour' }, JHB)).toBeNull();
    expect(occupancyQuery({ ...EMPTY_FILTERS, fromDate: '2026-11-01' }, NY)).toEqual({ from: '2026-11-01T04:00:00.000Z' });
    expect(occupancyQuery({ ...EMPTY_FILTERS, fromDate: '2026-01-01', toDate: '2026-06-01' }, JHB)).toBeNull();
  });

  it('asks for the scans of the event’s doors, or of one whole picked day (a DST day is 25 hours)', () => {
    expect(scansQuery({ doorsDate: '' }, JHB)).toEqual({});
    expect(scansQuery({ doorsDate: '2026-11-01' }, NY)).toEqual({ from: '2026-11-01T04:00:00.000Z', to: '2026-11-02T05:00:00.000Z' });
  });
});

describe('the sales chart', () => {
  it('fills the hours without sales with zeros, per currency, biggest currency first', () => {
    const rows = [
      row('2026-12-05T08:00:00.000Z', '2026-12-05T10:00', 'ZAR', 1, 2, 20000),
      row('2026-12-05T08:00:00.000Z', '2026-12-05T10:00', 'EUR', 1, 1, 1000),
      row('2026-12-05T11:00:00.000Z', '2026-12-05T13:00', 'ZAR', 2, 3, 30000, 5000),
    ];
    expect(currenciesOf(rows)).toEqual(['ZAR', 'EUR']);
    const s = salesSeries(rows, 'ZAR', 'hour', JHB);
    expect(s.x.map((x) => new Date(x * 1000).toISOString().slice(11, 13))).toEqual(['08', '09', '10', '11']);
    expect(s.tickets).toEqual([2, 0, 0, 3]);
    expect(s.netMinor).toEqual([20000, 0, 0, 25000]);
    expect(salesSeries(rows, 'EUR', 'hour', JHB).tickets).toEqual([1]);
    expect(salesSeries([], 'ZAR', 'day', JHB).x).toEqual([]);
  });

  it('steps days by calendar date, so a DST day still lands on its midnight', () => {
    const rows = [row('2026-10-31T04:00:00.000Z', '2026-10-31', 'USD', 1, 1, 100), row('2026-11-03T05:00:00.000Z', '2026-11-03', 'USD', 1, 2, 200)];
    const s = salesSeries(rows, 'USD', 'day', NY);
    expect(s.x.map((x) => new Date(x * 1000).toISOString())).toEqual(['2026-10-31T04:00:00.000Z', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', '2026-11-03T05:00:00.000Z']);
    expect(s.tickets).toEqual([1, 0, 0, 2]);
  });

  it('adds up per currency, labels buckets in the zone, and says it in a sentence', () => {
    const rows = [row('2026-12-05T08:00:00.000Z', '2026-12-05T10:00', 'ZAR', 1, 2, 20000), row('2026-12-05T11:00:00.000Z', '2026-12-05T13:00', 'ZAR', 2, 3, 30000, 5000)];
    const totals = salesTotals(rows);
    expect(totals).toEqual([{ currency: 'ZAR', orders: 3, tickets: 5, grossMinor: 50000, refundedMinor: 5000, netMinor: 45000 }]);
    expect(salesSummary(totals, 2, 'hour', (m, c) => `${c} ${m / 100}`, nf)).toBe('Sales on 2 hours: 3 orders, 5 tickets, ZAR 450 net.');
    expect(salesSummary([], 0, 'day', () => '', nf)).toBe('No paid orders in this period.');
    expect(salesSummary([{ ...totals[0]!, orders: 1, tickets: 1 }], 1, 'day', (m, c) => `${c} ${m / 100}`, nf)).toBe('Sales on 1 day: 1 order, 1 ticket, ZAR 450 net.');
    expect(bucketLabel(rows[0]!, 'hour', JHB, 'en-GB')).toBe('5 Dec, 10:00');
    expect(bucketLabel({ start: '2026-12-04T22:00:00.000Z', key: '2026-12-05' }, 'day', JHB, 'en-GB')).toBe('Sat, 5 Dec 2026');
    expect(minorToMajor(12345, 'ZAR')).toBe(123.45);
    expect(minorToMajor(500, 'JPY')).toBe(500);
  });
});

describe('occupancy and scans', () => {
  const snaps = [
    { takenAt: '2026-12-05T08:00:00.000Z', capacity: 100, sold: 10, held: 2, available: 88, checkedIn: 0 },
    { takenAt: '2026-12-05T08:15:00.000Z', capacity: 100, sold: 40, held: 0, available: 60, checkedIn: 12 },
  ];

  it('turns snapshots into lines and a sentence', () => {
    expect(occupancySeries(snaps)).toEqual({ x: [Date.parse(snaps[0]!.takenAt) / 1000, Date.parse(snaps[1]!.takenAt) / 1000], sold: [10, 40], held: [2, 0], available: [88, 60], checkedIn: [0, 12] });
    expect(occupancySummary(snaps, (iso) => iso.slice(11, 16), nf)).toBe(
      '2 snapshots from 08:00 to 08:15: sold 10 → 40, held 2 → 0, available 88 → 60, checked in 0 → 12 (capacity 100).',
    );
    expect(occupancySummary([], String, nf)).toBe('No occupancy snapshots in this period.');
  });

  it('lays scans on every minute around the busy ones, within the window, and names the busiest', () => {
    const answer = {
      from: '2026-12-05T16:00:00.000Z',
      to: '2026-12-05T18:00:00.000Z',
      minutes: [
        { minute: '2026-12-05T16:02:00.000Z', admitted: 3, refused: 1, exits: 0 },
        { minute: '2026-12-05T16:05:00.000Z', admitted: 7, refused: 0, exits: 1 },
      ],
      totals: { admitted: 10, refused: 1, exits: 1 },
    };
    const s = scanSeries(answer, 2);
    expect(s.x.map((x) => new Date(x * 1000).toISOString().slice(11, 16))).toEqual(['16:00', '16:01', '16:02', '16:03', '16:04', '16:05', '16:06', '16:07']);
    expect(s.y).toEqual([0, 0, 3, 0, 0, 7, 0, 0]);
    expect(s.refused).toEqual([0, 0, 1, 0, 0, 0, 0, 0]);
    expect(scanSeries({ ...answer, minutes: [] }).x).toEqual([]);
    expect(scanSummary(answer, (iso) => iso.slice(11, 16), nf)).toBe('10 admitted, 1 refused, 1 exits; busiest minute 16:05 with 7 admitted. First scan 16:02, last 16:05.');
    expect(scanSummary({ minutes: [], totals: { admitted: 0, refused: 0, exits: 0 } }, String, nf)).toBe('No scans in this window.');
  });
});
