/** The settlement export: one row per currency, from the settlement report on the Postgres copy of the ledger. */
import { and, eq } from 'drizzle-orm';
import { events } from '../../../db/schema/events';
import { NotFoundError } from '../../../platform/errors';
import { settlementFromCopy } from '../../reports/settlement';
import { money, type Cell } from '../csv';
import type { ExportKindSpec, ExportScope } from '../kind-spec';

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
};

async function settlementRows({ db, pg, organizationId, eventId }: ExportScope): Promise<Cell[][]> {
  if (!eventId) throw new Error('A settlement export needs an event.');
  const [event] = await db
    .select({ name: events.name })
    .from(events)
    .where(and(eq(events.organizationId, organizationId), eq(events.id, eventId)))
    .limit(1);
  if (!event) throw new NotFoundError('Event');
  const report = await pg((tx) => settlementFromCopy(tx, organizationId, eventId));
  return report.currencies.map((c) => [
    eventId,
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

