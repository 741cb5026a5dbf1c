/**
 * The event sales summary (issue #16 item 5): the event's sales by ticket type and by day (days in the event's time
 * zone), each per currency — orders, tickets, gross, refunded and net — from the sales report on the Postgres copy
 * (src/domains/reports/sales.ts). As CSV one row per group (`section` says which grouping), as PDF a document with a
 * table per grouping and a total per currency.
 */
import { and, eq } from 'drizzle-orm';
import { events } from '../../../db/schema/events';
import { NotFoundError } from '../../../platform/errors';
import { salesFromCopy, type SalesRow } from '../../reports/sales';
import { money, type Cell } from '../csv';
import type { ExportKindSpec, ExportScope } from '../kind-spec';
import { namesById } from '../lookups';
import { formatAmount, type ReportDocument, type ReportTable } from '../report-pdf';
import { eventFacts } from './event-facts';

const columns = ['section', 'key', 'label', 'currency', 'orders', 'tickets', 'gross', 'refunded', 'net'] as const;

type Summary = { event: { id: string; name: string; startsAt: Date; timezone: string }; byType: (SalesRow & { label: string })[]; byDay: (SalesRow & { label: string })[] };

async function summaryOf({ db, pg, organizationId, eventId }: ExportScope): Promise<Summary> {
  if (!eventId) throw new Error('A sales summary needs an event.');
  const [event] = await db
    .select({ id: events.id, name: events.name, startsAt: events.startsAt, timezone: events.timezone })
    .from(events)
    .where(and(eq(events.organizationId, organizationId), eq(events.id, eventId)))
    .limit(1);
  if (!event) throw new NotFoundError('Event');
  const [byType, byDay] = await pg(async (tx) => [
    await salesFromCopy(tx, organizationId, { eventId, groupBy: 'ticket_type', timezone: event.timezone }),
    await salesFromCopy(tx, organizationId, { eventId, groupBy: 'day', timezone: event.timezone }),
  ]);
  const names = await namesById(db, organizationId, 'ticketTypes', byType.map((r) => r.key));
  return { event, byType: byType.map((r) => ({ ...r, label: names.get(r.key) ?? r.key })), byDay: byDay.map((r) => ({ ...r, label: r.key })) };
}

const csvRows = (section: string, rows: Summary['byType']): Cell[][] =>
  rows.map((r) => [section, r.key, r.label, r.currency, r.orders, r.tickets, money(r.grossMinor, r.currency), money(r.refundedMinor, r.currency), money(r.netMinor, r.currency)]);

export const salesSummaryKind: ExportKindSpec = {
  reads: ['finance.read'],
  needsEvent: true,
  header: columns,
  async count(scope) {
    const s = await summaryOf(scope);
    return s.byType.length + s.byDay.length;
  },
  async page(scope, after) {
    if (after) return { rows: [], next: null };
    const s = await summaryOf(scope);
    return { rows: [...csvRows('ticket_type', s.byType), ...csvRows('day', s.byDay)], next: null };
  },
  async document(scope, locale) {
    return salesSummaryDocument(await summaryOf(scope), locale);
  },
};

/**
 * A table of rows with a total per currency. An order with several ticket types is one order in each of their rows,
 * so the ticket-type table's order total is the report's own count (`orders`), not the column's sum.
 */
function salesTable(heading: string, first: string, rows: Summary['byType'], locale: string, ordersPerCurrency?: Map<string, number>): ReportTable {
  const m = (minor: number, currency: string) => formatAmount(minor, currency, locale);
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const totals = currencies.map((currency) => {
    const of = rows.filter((r) => r.currency === currency);
    const sum = (k: 'orders' | 'tickets' | 'grossMinor' | 'refundedMinor' | 'netMinor') => of.reduce((n, r) => n + r[k], 0);
    return [`Total (${currency})`, String(ordersPerCurrency?.get(currency) ?? sum('orders')), String(sum('tickets')), m(sum('grossMinor'), currency), m(sum('refundedMinor'), currency), m(sum('netMinor'), currency)];
  });
  return {
    heading,
    columns: [first, 'Orders', 'Tickets', 'Gross', 'Refunded', 'Net'],
    numeric: ['Orders', 'Tickets', 'Gross', 'Refunded', 'Net'],
    rows: [...rows.map((r) => [r.label, String(r.orders), String(r.tickets), m(r.grossMinor, r.currency), m(r.refundedMinor, r.currency), m(r.netMinor, r.currency)]), ...totals],
    totals: totals.length,
    empty: 'No paid orders yet.',
  };
}

export function salesSummaryDocument(s: Summary, locale: string): ReportDocument {
  // Orders per currency, counted once each: the day table's (an order is paid on one day).
  const orders = new Map<string, number>();
  for (const r of s.byDay) orders.set(r.currency, (orders.get(r.currency) ?? 0) + r.orders);
  return {
    title: 'Sales summary',
    subtitle: s.event.name,
    facts: eventFacts(s.event, locale),
    tables: [salesTable('By ticket type', 'Ticket type', s.byType, locale, orders), salesTable(`By day (${s.event.timezone})`, 'Day', s.byDay, locale)],
    notes: ['Orders paid, including those refunded since; gross is what buyers paid (fees and VAT included), net is gross less refunds.'],
  };
}
