/** The Reports screen's logic (web/src/admin/screens/reports/logic.ts): the query a filter set sends, the totals, the labels, the two languages. */
import { describe, expect, it } from 'vitest';
import { badRange, EMPTY_FILTERS, filtersFromParams, paramsFromFilters, rowLabel, salesQuery, STRINGS, totalsByCurrency, type SalesRow } from '../../../web/src/admin/screens/reports/logic';

const JHB = 'Africa/Johannesburg';
const EVENT = 'evt_01kbx5m2v8c9d0e1f2g3h4j5k6';

const row = (key: string, currency: string, orders: number, tickets: number, grossMinor: number, refundedMinor = 0): SalesRow => ({
  key,
  label: key,
  currency,
  orders,
  tickets,
  grossMinor,
  refundedMinor,
  netMinor: grossMinor - refundedMinor,
});

describe('the sales report query', () => {
  it('asks for the whole of each picked day in the organization timezone, "to" inclusive, and says which timezone', () => {
    expect(salesQuery({ groupBy: 'day', eventId: '', fromDate: '2026-12-01', toDate: '2026-12-01' }, JHB)).toEqual({
      groupBy: 'day',
      from: '2026-11-30T22:00:00.000Z',
      to: '2026-12-01T22:00:00.000Z',
      timezone: JHB,
    });
    // A month in New York across the DST change: midnight there is 04:00Z before it and 05:00Z after, and the
    // last day (30 November) runs to the start of 1 December.
    expect(salesQuery({ groupBy: 'ticket_type', eventId: EVENT, fromDate: '2026-11-01', toDate: '2026-11-30' }, 'America/New_York')).toEqual({
      groupBy: 'ticket_type',
      eventId: EVENT,
      from: '2026-11-01T04:00:00.000Z',
      to: '2026-12-01T05:00:00.000Z',
      timezone: 'America/New_York',
    });
  });

  it('leaves an open end open, and sends everything (by day) when nothing is picked', () => {
    expect(salesQuery(EMPTY_FILTERS, JHB)).toEqual({ groupBy: 'day', timezone: JHB });
    expect(salesQuery({ ...EMPTY_FILTERS, groupBy: 'channel', toDate: '2026-12-31' }, JHB)).toEqual({ groupBy: 'channel', to: '2026-12-31T22:00:00.000Z', timezone: JHB });
  });

  it('does not send a range that ends before it starts (the form shows it beside "To")', () => {
    const f = { ...EMPTY_FILTERS, fromDate: '2026-12-05', toDate: '2026-12-04' };
    expect(badRange(f)).toBe(true);
    expect(salesQuery(f, JHB)).toBeNull();
    expect(badRange({ fromDate: '2026-12-05', toDate: '2026-12-05' })).toBe(false);
    expect(badRange({ fromDate: '', toDate: '2026-12-04' })).toBe(false);
  });

  it('keeps the filters in the URL and back, dropping what the API would refuse', () => {
    const f = { groupBy: 'ticket_type' as const, eventId: EVENT, fromDate: '2026-12-01', toDate: '2026-12-07' };
    const p = paramsFromFilters(f);
    expect(p.toString()).toBe(`groupBy=ticket_type&eventId=${EVENT}&fromDate=2026-12-01&toDate=2026-12-07`);
    expect(filtersFromParams(p)).toEqual(f);
    expect(paramsFromFilters(EMPTY_FILTERS).toString()).toBe('');
    expect(filtersFromParams(new URLSearchParams('groupBy=week&eventId=nope&fromDate=1%2F12%2F2026&toDate=2026-12-07'))).toEqual({ ...EMPTY_FILTERS, toDate: '2026-12-07' });
  });
});

describe('the totals row', () => {
  it('adds up each currency on its own', () => {
    const rows = [row('2026-12-01', 'ZAR', 2, 3, 45_000, 15_000), row('2026-12-01', 'EUR', 1, 1, 2_500), row('2026-12-02', 'ZAR', 1, 4, 60_000)];
    expect(totalsByCurrency(rows, 'day')).toEqual([
      { currency: 'EUR', orders: 1, tickets: 1, grossMinor: 2_500, refundedMinor: 0, netMinor: 2_500 },
      { currency: 'ZAR', orders: 3, tickets: 7, grossMinor: 105_000, refundedMinor: 15_000, netMinor: 90_000 },
    ]);
  });

  it('does not add up orders by ticket type (one order with two types is in both rows), but does tickets and money', () => {
    const rows = [row('tt_a', 'ZAR', 1, 2, 30_000), row('tt_b', 'ZAR', 1, 1, 10_000, 10_000)];
    expect(totalsByCurrency(rows, 'ticket_type')).toEqual([{ currency: 'ZAR', orders: null, tickets: 3, grossMinor: 40_000, refundedMinor: 10_000, netMinor: 30_000 }]);
  });

  it('has no totals when nothing was sold', () => {
    expect(totalsByCurrency([], 'day')).toEqual([]);
  });
});

describe('row labels', () => {
  it('shows a day as a date in the organization locale, a channel in words, a ticket type by its name', () => {
    const day = rowLabel({ key: '2026-12-05', label: '2026-12-05' }, 'day', 'en', 'en-ZA');
    expect(day).toMatch(/Sat/);
    expect(day).toMatch(/5 Dec/);
    expect(day).toMatch(/2026/);
    expect(rowLabel({ key: 'storefront', label: 'storefront' }, 'channel', 'en')).toBe('Storefront');
    expect(rowLabel({ key: 'storefront', label: 'storefront' }, 'channel', 'af')).toBe('Aanlyn winkel');
    expect(rowLabel({ key: 'box_office', label: 'box_office' }, 'channel', 'en')).toBe('Box office');
    expect(rowLabel({ key: 'tt_1', label: 'Early bird' }, 'ticket_type', 'af')).toBe('Early bird');
  });
});

describe('the strings', () => {
  it('has every string in English and Afrikaans, and the empty-period hint in both', () => {
    const keys = (o: object): string[] => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v).map((s) => `${k}.${s}`) : [k])).sort();
    expect(keys(STRINGS.af)).toEqual(keys(STRINGS.en));
    expect(STRINGS.en.empty).toBe('No paid orders in this period.');
    expect(STRINGS.af.empty).not.toBe(STRINGS.en.empty);
    expect(STRINGS.en.title).toBe('Reports');
    expect(STRINGS.af.title).toBe('Verslae');
    for (const lang of ['en', 'af'] as const) {
      const t = STRINGS[lang];
      for (const [k, v] of Object.entries(t)) if (typeof v === 'string') expect(v.trim(), `${lang}.${k}`).not.toBe('');
      expect(t.total('ZAR')).toContain('ZAR');
      expect(t.days(JHB)).toContain(JHB);
    }
    expect(Object.values(STRINGS.af.groups)).not.toEqual(Object.values(STRINGS.en.groups));
  });
});
