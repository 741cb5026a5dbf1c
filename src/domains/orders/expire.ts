/**
 * The sweep of unpaid orders past their expiry (run by cron): each becomes `expired`, its holds are
 * released and its coupon use handed back. A payment that still arrives later is handled as a late
 * payment (honoured if the seats are free, otherwise refunded automatically).
 */
import { offerNextAfterReturn } from '../waitlist/triggers';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { orders, payments } from '../../db/schema/orders';
import { auditEntry } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';
import { log } from '../../platform/logger';
import { inventory } from '../events/inventory-client';
import { releaseCouponWrites } from '../pricing/coupons';
import { emitWebhookEvent } from '../webhooks/emit';
import { orderCancelledPayload } from '../webhooks/payloads';

export async function expireStaleOrders(ctx: ServiceContext, now = new Date(), batchSize = 100): Promise<number> {
  const stale = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.status, 'pending'), lt(orders.expiresAt, now)))
    .orderBy(asc(orders.expiresAt))
    .limit(batchSize);
  let expired = 0;
  for (const order of stale) {
    try {
      const stub = inventory(ctx.env, order.organizationId, order.eventId);
      await Promise.all(order.holdIds.map((holdId) => stub.releaseHold(holdId)));
      await writeBatch(ctx.db, [
        // Guarded by status: a payment completing at this very moment wins.
        ctx.db
          .update(orders)
          .set({ status: 'expired', journeyVisitorId: null, updatedAt: now })
          .where(and(eq(orders.organizationId, order.organizationId), eq(orders.id, order.id), eq(orders.status, 'pending'))),
        ctx.db
          .update(payments)
          .set({ status: 'failed', updatedAt: now })
          .where(and(eq(payments.organizationId, order.organizationId), eq(payments.orderId, order.id), eq(payments.status, 'pending'))),
        ...(order.couponId ? releaseCouponWrites(ctx, { organizationId: order.organizationId, couponId: order.couponId, orderId: order.id }) : []),
        auditEntry(ctx, { organizationId: order.organizationId, actor: { type: 'system', id: 'cron' }, action: 'order.expired', resourceType: 'order', resourceId: order.id }),
        ...(await emitWebhookEvent(ctx.db, {
          organizationId: order.organizationId,
          type: 'order.cancelled',
          payload: orderCancelledPayload(order, 'expired', now),
          once: { key: order.id, at: order.createdAt },
          onlyIf: sql`exists (select 1 from ${orders} where ${orders.id} = ${order.id} and ${orders.status} = 'expired')`,
        })),
      ]);
      expired += 1;
      // Its places came back: the waiting list is served first (src/domains/waitlist/triggers.ts).
      await offerNextAfterReturn(ctx, order.organizationId, order.eventId);
    } catch (error) {
      log('error', 'expiring an order failed', { orderId: order.id, error: String(error) });
    }
  }
  return expired;
}
