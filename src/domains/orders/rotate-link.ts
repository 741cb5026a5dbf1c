/**
 * Re-issuing the buyer's order link (it was forwarded, posted or leaked): a new random token replaces the old
 * one, whose link answers 404 from then on. A paid order's buyer is sent the confirmation again, carrying the new
 * link; the organizer never sees the token.
 */
import { and, eq } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { orders } from '../../db/schema/orders';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError } from '../../platform/errors';
import { queueEmail } from '../notifications/port';
import { mintOrderLink } from './access-token';
import { loadOrder, type OrderRow } from './views';

export async function rotateOrderLink(ctx: TenantContext, orderId: string): Promise<OrderRow> {
  const order = await loadOrder(ctx.db, ctx.organizationId, orderId);
  const link = await mintOrderLink(ctx.env, order.id);
  const hasTickets = order.status === 'paid' || order.status === 'partially_refunded';
  const where = and(eq(orders.organizationId, ctx.organizationId), eq(orders.id, order.id));
  await writeBatch(ctx.db, [
    // Only over the link read: a concurrent rotation wins, and this one says so below.
    ctx.db
      .update(orders)
      .set({ accessTokenHash: link.hash, accessTokenSealed: link.sealed, updatedAt: new Date() })
      .where(and(where, eq(orders.accessTokenHash, order.accessTokenHash))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'order.link_rotated', resourceType: 'order', resourceId: order.id, changes: { emailed: hasTickets } }),
    ...(hasTickets
      ? [queueEmail(ctx, { organizationId: ctx.organizationId, to: order.buyerEmail, template: 'order_confirmation', locale: order.locale, payload: { orderId: order.id, linkRotated: true } })]
      : []),
  ]);
  const after = await loadOrder(ctx.db, ctx.organizationId, order.id);
  if (after.accessTokenHash !== link.hash) throw new ConflictError('The order link was re-issued by someone else at the same time; look again.', 'order_link_changed');
  return after;
}
