/**
 * An event's settlement from the Postgres copy of the ledger (docs/postgres.md, "Reports"): per currency, money
 * received and refunded at the provider and where the rest belongs (platform fees, VAT, donations, the organizer),
 * plus its orders by status — the same figures the ledger's postings give (src/domains/ledger/reports.ts computes them
 * from D1 for the ledger's own checks), read without scanning D1.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PgTransaction } from '../../db/postgres-client';
import { journalEntries, journalLines, orders } from '../../db/postgres';
import type { EventSettlement } from '../ledger/schemas';
import { settlementFigures } from '../ledger/settlement-figures';

export async function settlementFromCopy(tx: PgTransaction, organizationId: string, eventId: string): Promise<EventSettlement> {
  const [movements, statuses] = [
    await tx
      .select({
        code: journalLines.accountCode,
        currency: journalEntries.currency,
        debit: sql<string>`coalesce(sum(${journalLines.debitMinor}), 0)`,
        credit: sql<string>`coalesce(sum(${journalLines.creditMinor}), 0)`,
      })
      .from(journalLines)
      .innerJoin(journalEntries, and(eq(journalEntries.organizationId, journalLines.organizationId), eq(journalEntries.id, journalLines.entryId)))
      // Both sides narrowed to the event by their own indexes (a line carries its entry's event): the event's lines
      // only are read, however large the organization's ledger.
      .where(
        and(
          eq(journalLines.organizationId, organizationId),
          eq(journalLines.eventId, eventId),
          eq(journalEntries.organizationId, organizationId),
          eq(journalEntries.eventId, eventId),
        ),
      )
      .groupBy(journalLines.accountCode, journalEntries.currency),
    await tx
      .select({ status: orders.status, n: sql<string>`count(*)` })
      .from(orders)
      .where(and(eq(orders.organizationId, organizationId), eq(orders.eventId, eventId), inArray(orders.status, ['paid', 'partially_refunded', 'refunded'])))
      .groupBy(orders.status),
  ];
  return settlementFigures(
    eventId,
    movements.map((m) => ({ ...m, debit: Number(m.debit), credit: Number(m.credit) })),
    (status) => Number(statuses.find((s) => s.status === status)?.n ?? 0),
  );
}
