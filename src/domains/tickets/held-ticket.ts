/**
 * What a transfer recipient's link opens: that one ticket (never the order it was bought in), with its QR while the
 * link's holder still holds it, or "transferred to …" once they passed it on. Also the order page's view of its
 * transferred tickets: the buyer sees whom they gave each one to, and no QR.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { events, ticketTypes } from '../../db/schema/events';
import { tickets } from '../../db/schema/orders';
import { ticketTransfers } from '../../db/schema/transfers';
import { NotFoundError } from '../../platform/errors';
import type { TransferRow } from './ticket-link';
import { transferPolicyOf, transferPolicyView } from './transfer-policy';

/** The transfer after `transfer` (who its holder passed the ticket on to), or null while they still hold it. */
async function nextTransfer(db: Database, transfer: TransferRow): Promise<TransferRow | null> {
  const [row] = await db
    .select()
    .from(ticketTransfers)
    .where(and(eq(ticketTransfers.organizationId, transfer.organizationId), eq(ticketTransfers.ticketId, transfer.ticketId), eq(ticketTransfers.seq, transfer.seq + 1)))
    .limit(1);
  return row ?? null;
}

/** The ticket behind a recipient's link, its type name and event, and whether the link's holder still holds it. */
export async function heldTicket(db: Database, transfer: TransferRow) {
  const [row] = await db
    .select({ ticket: tickets, typeName: ticketTypes.name })
    .from(tickets)
    .leftJoin(ticketTypes, eq(ticketTypes.id, tickets.ticketTypeId))
    .where(and(eq(tickets.organizationId, transfer.organizationId), eq(tickets.id, transfer.ticketId)))
    .limit(1);
  if (!row) throw new NotFoundError('Ticket');
  const passedOn = await nextTransfer(db, transfer);
  return { ticket: row.ticket, typeName: row.typeName, passedOn, current: !passedOn && row.ticket.status === 'valid' };
}

export async function heldTicketView(db: Database, transfer: TransferRow, now = new Date()) {
  const { ticket, typeName, passedOn, current } = await heldTicket(db, transfer);
  const [event] = await db
    .select()
    .from(events)
    .where(and(eq(events.organizationId, transfer.organizationId), eq(events.id, ticket.eventId)))
    .limit(1);
  if (!event) throw new NotFoundError('Ticket');
  const { updatedAt: _updatedAt, ...policy } = transferPolicyView(event.id, await transferPolicyOf(db, transfer.organizationId, event.id), event, now);
  return {
    id: ticket.id,
    eventId: ticket.eventId,
    ticketTypeId: ticket.ticketTypeId,
    ticketTypeName: typeName,
    seatId: ticket.seatId,
    holderName: transfer.recipientName,
    status: passedOn ? ('transferred' as const) : ticket.status === 'valid' ? ('valid' as const) : ('cancelled' as const),
    qrToken: current ? ticket.qrToken : null,
    transferredTo: passedOn ? { name: passedOn.recipientName, transferredAt: passedOn.createdAt.toISOString() } : null,
    receivedAt: transfer.createdAt.toISOString(),
    transfer: { ...policy, open: policy.open && current },
  };
}

/** Per ticket of an order, whom its buyer transferred it to (the first hand-over; later ones are the recipients' business). */
export async function orderTransfers(db: Database, organizationId: string, orderId: string): Promise<Map<string, { name: string; transferredAt: string }>> {
  const rows = await db
    .select({ ticketId: ticketTransfers.ticketId, name: ticketTransfers.recipientName, at: ticketTransfers.createdAt })
    .from(ticketTransfers)
    .where(and(eq(ticketTransfers.organizationId, organizationId), eq(ticketTransfers.orderId, orderId), eq(ticketTransfers.seq, 1)))
    .orderBy(asc(ticketTransfers.ticketId));
  return new Map(rows.map((r) => [r.ticketId, { name: r.name, transferredAt: r.at.toISOString() }]));
}
