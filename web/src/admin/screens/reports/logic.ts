/**
 * The Reports screen's pure parts (web/src/admin/screens/reports.tsx): the filters as URL search params, the sales
 * report query for them (dates are whole days in the organization's timezone, "to" inclusive), the totals row per
 * currency, the row labels, and its strings in English and Afrikaans (the language: consoleLang, as the request log).
 */
import type { Schemas } from '../../../api/client';
import type { Lang } from '../api-requests/logic';
import { humanize, withDayRange } from '../ops/logic';

export type SalesReport = Schemas['SalesReport'];
export type SalesRow = SalesReport['rows'][number];

export const GROUPS = ['day', 'ticket_type', 'channel'] as const;
export type SalesGroup = (typeof GROUPS)[number];

/** What the form holds (and the URL keeps): dates are "YYYY-MM-DD" in the organization's timezone, "" for open. */
export type SalesFilters = { groupBy: SalesGroup; eventId: string; fromDate: string; toDate: string };
export const FILTER_KEYS = ['groupBy', 'eventId', 'fromDate', 'toDate'] as const;
export const EMPTY_FILTERS: SalesFilters = { groupBy: 'day', eventId: '', fromDate: '', toDate: '' };

/** The query of GET /orgs/{orgId}/reports/sales. */
export type SalesQuery = { groupBy: SalesGroup; eventId?: string; from?: string; to?: string; timezone: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EVENT_ID = /^evt_[0-9a-z]{26}$/;

/** The filters in the URL; anything the API would refuse (an unknown grouping, a malformed date or id) reads as unset. */
export function filtersFromParams(params: URLSearchParams): SalesFilters {
  const groupBy = params.get('groupBy') ?? '';
  const eventId = params.get('eventId') ?? '';
  const date = (k: string) => {
    const v = params.get(k) ?? '';
    return DATE.test(v) ? v : '';
  };
  return {
    groupBy: (GROUPS as readonly string[]).includes(groupBy) ? (groupBy as SalesGroup) : 'day',
    eventId: EVENT_ID.test(eventId) ? eventId : '',
    fromDate: date('fromDate'),
    toDate: date('toDate'),
  };
}

/** The URL search params of the filters: only what is set (the default grouping, by day, left out). */
export function paramsFromFilters(f: SalesFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.groupBy !== 'day') p.set('groupBy', f.groupBy);
  if (f.eventId) p.set('eventId', f.eventId);
  if (f.fromDate) p.set('fromDate', f.fromDate);
  if (f.toDate) p.set('toDate', f.toDate);
  return p;
}

/** "To" before "From": shown beside "To" and never sent. */
export const badRange = (f: Pick<SalesFilters, 'fromDate' | 'toDate'>) => Boolean(f.fromDate && f.toDate && f.toDate < f.fromDate);

/**
 * The report query for the filters, or null for a bad range. `from`/`to` come from withDayRange (the same names the
 * report takes: orders paid in [from, to)); `timezone` is always the organization's, so the report's days are the
 * same days the range was picked in (the API would otherwise take the event's own zone).
 */
export function salesQuery(f: SalesFilters, timeZone: string): SalesQuery | null {
  if (badRange(f)) return null;
  const range = withDayRange({}, f.fromDate, f.toDate, timeZone);
  return {
    groupBy: f.groupBy,
    ...(f.eventId ? { eventId: f.eventId } : {}),
    ...(range.from ? { from: range.from } : {}),
    ...(range.to ? { to: range.to } : {}),
    timezone: timeZone,
  };
}

export type SalesTotal = {
  currency: string;
  /** Null when the rows' orders cannot be added up: by ticket type, one order with two types is in both rows. */
  orders: number | null;
  tickets: number;
  grossMinor: number;
  refundedMinor: number;
  netMinor: number;
};

/** One totals row per currency (amounts in different currencies are never added), in currency order. */
export function totalsByCurrency(rows: readonly SalesRow[], groupBy: SalesGroup): SalesTotal[] {
  const byCurrency = new Map<string, SalesTotal>();
  for (const r of rows) {
    let t = byCurrency.get(r.currency);
    if (!t) byCurrency.set(r.currency, (t = { currency: r.currency, orders: 0, tickets: 0, grossMinor: 0, refundedMinor: 0, netMinor: 0 }));
    t.orders = groupBy === 'ticket_type' ? null : (t.orders ?? 0) + r.orders;
    t.tickets += r.tickets;
    t.grossMinor += r.grossMinor;
    t.refundedMinor += r.refundedMinor;
    t.netMinor += r.netMinor;
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** A row's label for people: a day in the locale ("Sat, 5 Dec 2026"), a channel in the language, a ticket type's name. */
export function rowLabel(row: Pick<SalesRow, 'key' | 'label'>, groupBy: SalesGroup, lang: Lang, locale?: string): string {
  if (groupBy === 'day' && DATE.test(row.key)) {
    const [y, m, d] = row.key.split('-').map(Number) as [number, number, number];
    return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
  }
  if (groupBy === 'channel') return STRINGS[lang].channels[row.key] ?? humanize(row.label);
  return row.label;
}

const EN = {
  title: 'Reports',
  intro: 'Sales from paid orders (including those refunded since), by the time they were paid. Figures come from the reporting copy, which follows sales within seconds.',
  filterLabel: 'Filter the sales report',
  groupBy: 'Group by',
  groups: { day: 'Day', ticket_type: 'Ticket type', channel: 'Channel' } as Record<SalesGroup, string>,
  event: 'Event',
  allEvents: 'All events',
  from: 'From',
  to: 'To (inclusive)',
  badRange: 'Must not be before “From”.',
  apply: 'Show report',
  clear: 'Clear',
  refresh: 'Refresh',
  loading: 'Loading…',
  days: (tz: string) => `Days are in the organization's timezone (${tz}).`,
  caption: (group: string) => `Sales by ${group.toLowerCase()}`,
  total: (currency: string) => `Total (${currency})`,
  empty: 'No paid orders in this period.',
  ordersNotAdded: 'An order with several ticket types counts in each of their rows, so orders are not added up here.',
  columns: { label: { day: 'Day', ticket_type: 'Ticket type', channel: 'Channel' } as Record<SalesGroup, string>, orders: 'Orders', tickets: 'Tickets', gross: 'Gross', refunded: 'Refunded', net: 'Net' },
  channels: { storefront: 'Storefront' } as Record<string, string>,
};

const AF: typeof EN = {
  title: 'Verslae',
  intro: 'Verkope uit betaalde bestellings (ook dié wat sedertdien terugbetaal is), volgens wanneer hulle betaal is. Die syfers kom uit die verslagkopie, wat verkope binne sekondes volg.',
  filterLabel: 'Filter die verkoopsverslag',
  groupBy: 'Groepeer volgens',
  groups: { day: 'Dag', ticket_type: 'Kaartjiesoort', channel: 'Kanaal' },
  event: 'Geleentheid',
  allEvents: 'Alle geleenthede',
  from: 'Van',
  to: 'Tot (ingesluit)',
  badRange: 'Mag nie voor “Van” wees nie.',
  apply: 'Wys verslag',
  clear: 'Maak skoon',
  refresh: 'Verfris',
  loading: 'Laai tans…',
  days: (tz: string) => `Dae is in die organisasie se tydsone (${tz}).`,
  caption: (group: string) => `Verkope volgens ${group.toLowerCase()}`,
  total: (currency: string) => `Totaal (${currency})`,
  empty: 'Geen betaalde bestellings in hierdie tydperk nie.',
  ordersNotAdded: "'n Bestelling met verskeie kaartjiesoorte tel in elkeen van hul rye, dus word bestellings nie hier bymekaargetel nie.",
  columns: { label: { day: 'Dag', ticket_type: 'Kaartjiesoort', channel: 'Kanaal' }, orders: 'Bestellings', tickets: 'Kaartjies', gross: 'Bruto', refunded: 'Terugbetaal', net: 'Netto' },
  channels: { storefront: 'Aanlyn winkel' },
};

export const STRINGS: Record<Lang, typeof EN> = { en: EN, af: AF };
