/**
 * Transferring a ticket: its holder (the order's buyer from the order link, or a recipient from their ticket link)
 * names a new holder. The ticket is re-keyed (secret version + 1, so every older QR scans `revoked` online at once
 * and offline after the next manifest sync), its attendee becomes the recipient, and the recipient is emailed the
 * ticket with a link of their own. The ledger is untouched: no money moves.
 *
 * Exactly one of two racing transfers wins: the transfer row is inserted first in the batch and a trigger
 * (migration, hand-written part) refuses it unless the ticket is still valid at the version read; the unique
 * (ticket, seq) index refuses a second hand-over from the same holder.
 */
import { and, eq } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { events } from '../../db/schema/events';
import { refundTicketClaims, tickets, type orders } from '../../db/schema/orders';
import { scans } from '../../db/schema/scanning';
import { ticketTransfers } from '../../db/schema/transfers';
import { auditEntry } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';
import { ConflictError, NotFoundError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { queueEmail } from '../notifications/port';
import { emitWebhookEvent } from '../webhooks/emit';
import { ticketTransferredPayload } from '../webhooks/payloads';
import { reissueTicketWrites } from './issue';
import { latestTransfer, mintTicketLink, type TransferRow } from './ticket-link';
import { transferPolicyOf, transferRefusal } from './transfer-policy';

type OrderRow = typeof orders.$inferSelect;

/** Who is handing the ticket on: the order's buyer (order link), or the holder a transfer made (ticket link). */
export type TransferHolder = { kind: 'buyer'; order: OrderRow } | { kind: 'recipient'; transfer: TransferRow };

export type TransferInput = { name: string; email: string; phone?: string; locale?: string };

const CONFLICT = 'The ticket changed while transferring it (transferred, re-issued or refunded at the same time); look again.';

export async function transferTicket({ ctx, holder, ticketId, input, now = new Date() }: { ctx: ServiceContext; holder: TransferHolder; ticketId: string; input: TransferInput; now?: Date }) {
  const organizationId = holder.kind === 'buyer' ? holder.order.organizationId : holder.transfer.organizationId;
  const orderId = holder.kind === 'buyer' ? holder.order.id : holder.transfer.orderId;
  const [ticket] = await ctx.db
    .select()
    .from(tickets)
    .where(and(eq(tickets.organizationId, organizationId), eq(tickets.orderId, orderId), eq(tickets.id, ticketId)))
    .limit(1);
  if (!ticket || (holder.kind === 'recipient' && holder.transfer.ticketId !== ticket.id)) throw new NotFoundError('Ticket');

  const latest = await latestTransfer(ctx.db, organizationId, ticket.id);
  const holds = holder.kind === 'buyer' ? latest === null : latest?.id === holder.transfer.id;
  if (!holds) throw new ConflictError('This ticket has already been transferred to someone else.', 'ticket_already_transferred');
  if (ticket.status !== 'valid') throw new ConflictError('A cancelled or refunded ticket cannot be transferred.', 'ticket_cancelled');
  const [[claim], [admitted], [event]] = await Promise.all([
    ctx.db.select({ id: refundTicketClaims.ticketId }).from(refundTicketClaims).where(and(eq(refundTicketClaims.organizationId, organizationId), eq(refundTicketClaims.ticketId, ticket.id))).limit(1),
    ctx.db
      .select({ id: scans.id })
      .from(scans)
      .where(and(eq(scans.organizationId, organizationId), eq(scans.ticketId, ticket.id), eq(scans.result, 'valid'), eq(scans.direction, 'in')))
      .limit(1),
    ctx.db.select().from(events).where(and(eq(events.organizationId, organizationId), eq(events.id, ticket.eventId))).limit(1),
  ]);
  if (claim) throw new ConflictError('This ticket is being refunded and cannot be transferred.', 'ticket_refund_pending');
  if (admitted) throw new ConflictError('This ticket has been checked in at the gate and cannot be transferred.', 'ticket_checked_in');
  if (!event) throw new NotFoundError('Ticket');
  const refusal = transferRefusal(await transferPolicyOf(ctx.db, organizationId, event.id), event, now);
  if (refusal) throw refusal;

  const transferId = newId(ID_PREFIXES.ticketTransfer, now.getTime());
  const link = await mintTicketLink(ctx.env, transferId);
  const { ticket: next, writes } = await reissueTicketWrites({ db: ctx.db, env: ctx.env }, ticket, { attendeeName: input.name });
  const seq = (latest?.seq ?? 0) + 1;
  const locale = input.locale ?? (holder.kind === 'buyer' ? holder.order.locale : holder.transfer.locale);
  const from = holder.kind === 'buyer' ? { kind: 'buyer', orderId } : { kind: 'recipient', transferId: holder.transfer.id };
  await writeBatch(
    ctx.db,
    [
      // First: the guard trigger checks the ticket before the re-issue below changes it.
      ctx.db.insert(ticketTransfers).values({
        id: transferId,
        organizationId,
        eventId: ticket.eventId,
        orderId,
        ticketId: ticket.id,
        seq,
        fromSecretVersion: ticket.secretVersion,
        toSecretVersion: next.secretVersion,
        recipientName: input.name,
        recipientEmail: input.email,
        recipientPhone: input.phone ?? null,
        locale,
        linkHash: link.hash,
        linkSealed: link.sealed,
        createdAt: now,
      }),
      ...writes,
      auditEntry(ctx, {
        organizationId,
        action: 'ticket.transferred',
        resourceType: 'ticket',
        resourceId: ticket.id,
        changes: { orderId, transferId, seq, from, to: { name: input.name, email: input.email }, secretVersion: { from: ticket.secretVersion, to: next.secretVersion } },
      }),
      queueEmail(ctx, { organizationId, to: input.email, template: 'ticket_transferred', locale, payload: { transferId }, dedupeKey: `ticket_transferred:${transferId}` }),
      ...(await emitWebhookEvent(ctx.db, {
        organizationId,
        type: 'ticket.transferred',
        payload: ticketTransferredPayload({ ticket: next, orderId, transferId, seq, recipient: { name: input.name, email: input.email }, at: now }),
      })),
    ],
    { ticket_transfer_conflict: () => new ConflictError(CONFLICT, 'ticket_changed'), 'ticket_transfers.ticket_id': () => new ConflictError(CONFLICT, 'ticket_changed') },
  );
  return { ticketId: ticket.id, transferredTo: { name: input.name, transferredAt: now.toISOString() }, emailed: true as const };
}
