/**
 * The settlement export: one row per currency as CSV, or the settlement statement as PDF, from the settlement report
 * on the Postgres copy of the ledger (src/domains/reports/settlement.ts).
 */
import { and, eq } from 'drizzle-orm';
import { events } from '../../../db/schema/events';
import { NotFoundError } from '../../../platform/errors';
import type { EventSettlement } from '../../ledger/schemas';
import { settlementFromCopy } from '../../reports/settlement';
import { money, type Cell } from '../csv';
import type { ExportKindSpec, ExportScope } from '../kind-spec';
import { formatAmount, type ReportDocument } from '../report-pdf';
import { eventFacts } from './event-facts';

const settlementColumns = [
  'event_id',
  'event_name',
  'currency',
  'gross_received',
  'refunds',
  'net_received',
  'platform_fees',
  'vat',
  'donations',
  'net_payable',
  'orders_paid',
  'orders_partially_refunded',
  'orders_refunded',
] as const;

/** The ledger's event settlement (GET …/events/{eventId}/settlement), one line per currency. */
export const settlementKind: ExportKindSpec = {
  reads: ['finance.read'],
  needsEvent: true,
  header: settlementColumns,
  async count(scope) {
    return (await settlementRows(scope)).length;
  },
  async page(scope, after) {
    // A handful of lines (one per currency): one page.
    return { rows: after ? [] : await settlementRows(scope), next: null };
  },
  async document(scope, locale) {
    const { event, report } = await settlementOf(scope);
    return settlementDocument(event, report, locale);
  },
};

async function settlementOf({ db, pg, organizationId, eventId }: ExportScope) {
  if (!eventId) throw new Error('A settlement export needs an event.');
  const [event] = await db
    .select({ name: events.name, startsAt: events.startsAt, timezone: events.timezone })
    .from(events)
    .where(and(eq(events.organizationId, organizationId), eq(events.id, eventId)))
    .limit(1);
  if (!event) throw new NotFoundError('Event');
  return { event: { id: eventId, ...event }, report: await pg((tx) => settlementFromCopy(tx, organizationId, eventId)) };
}

async function settlementRows(scope: ExportScope): Promise<Cell[][]> {
  const { event, report } = await settlementOf(scope);
  return report.currencies.map((c) => [
    event.id,
    event.name,
    c.currency,
    money(c.grossReceivedMinor, c.currency),
    money(c.refundsMinor, c.currency),
    money(c.netReceivedMinor, c.currency),
    money(c.platformFeesMinor, c.currency),
    money(c.vatMinor, c.currency),
    money(c.donationsMinor, c.currency),
    money(c.netPayableMinor, c.currency),
    report.orders.paid,
    report.orders.partiallyRefunded,
    report.orders.refunded,
  ]);
}

/** The statement: per currency, what came in, what went back, and whose the rest is (the organizer's line last). */
export function settlementDocument(event: { id: string; name: string; startsAt: Date; timezone: string }, report: EventSettlement, locale: string): ReportDocument {
  return {
    title: 'Settlement statement',
    subtitle: event.name,
    facts: [...eventFacts(event, locale), ['Orders', `${report.orders.paid} paid, ${report.orders.partiallyRefunded} partly refunded, ${report.orders.refunded} refunded`]],
    tables: report.currencies.length
      ? report.currencies.map((c) => {
          const m = (minor: number) => formatAmount(minor, c.currency, locale);
          return {
            heading: `In ${c.currency}`,
            columns: ['', 'Amount'],
            numeric: ['Amount'],
            totals: 1,
            rows: [
              ['Gross received', m(c.grossReceivedMinor)],
              ['Refunds', m(-c.refundsMinor)],
              ['Net received', m(c.netReceivedMinor)],
              ['Platform fees', m(-c.platformFeesMinor)],
              ['VAT', m(-c.vatMinor)],
              ['Donations', m(-c.donationsMinor)],
              ['Payable to the organizer', m(c.netPayableMinor)],
            ],
          };
        })
      : [{ heading: 'Money', columns: [], rows: [], empty: 'No money has moved for this event yet.' }],
    notes: ['Amounts from the ledger: what the payment provider received and paid back, and where the rest belongs.'],
  };
}
