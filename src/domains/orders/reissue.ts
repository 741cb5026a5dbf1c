/**
 * Re-issuing a ticket: a new token (secret version + 1) for a ticket whose QR code leaked or was
 * lost. The old token is revoked from that moment online and, once scanners sync, offline too. Whoever holds the
 * ticket is sent the new one: the buyer (the confirmation again), or, for a transferred ticket, its current holder
 * (`ticket_reissued`, with their ticket link and the new QR), since the buyer's confirmation no longer carries it.
 */
import { and, eq } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { tickets } from '../../db/schema/orders';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError, NotFoundError } from '../../platform/errors';
import { queueEmail } from '../notifications/port';
import { reissueTicketWrites } from '../tickets/issue';
import { latestTransfer } from '../tickets/ticket-link';
import { loadOrder, toTicketView } from './views';

export async function reissueTicket({ ctx, orderId, ticketId, reason }: { ctx: TenantContext; orderId: string; ticketId: string; reason: string }) {
  const order = await loadOrder(ctx.db, ctx.organizationId, orderId);
  const where = and(eq(tickets.organizationId, ctx.organizationId), eq(tickets.orderId, order.id), eq(tickets.id, ticketId));
  const [ticket] = await ctx.db.select().from(tickets).where(where).limit(1);
  if (!ticket) throw new NotFoundError('Ticket');
  const holder = await latestTransfer(ctx.db, ctx.organizationId, ticket.id);
  const { ticket: next, writes } = await reissueTicketWrites({ db: ctx.db, env: ctx.env }, ticket);
  await writeBatch(ctx.db, [
    ...writes,
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'ticket.reissued',
      resourceType: 'ticket',
      resourceId: ticket.id,
      changes: { orderId: order.id, reason, secretVersion: { from: ticket.secretVersion, to: next.secretVersion } },
    }),
    holder
      ? queueEmail(ctx, { organizationId: ctx.organizationId, to: holder.recipientEmail, template: 'ticket_reissued', locale: holder.locale, payload: { transferId: holder.id, reissuedSecretVersion: next.secretVersion } })
      : queueEmail(ctx, { organizationId: ctx.organizationId, to: order.buyerEmail, template: 'order_confirmation', locale: order.locale, payload: { orderId: order.id, reissuedTicketId: ticket.id } }),
  ]);
  // The UPDATE only applies at the version read: a concurrent re-issue or refund wins, and this one says so.
  const [after] = await ctx.db.select().from(tickets).where(where).limit(1);
  if (!after || after.qrToken !== next.qrToken) throw new ConflictError('The ticket changed while re-issuing it; look again.', 'ticket_changed');
  return toTicketView(after);
}
