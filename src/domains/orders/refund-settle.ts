/**
 * Recording a refund the provider paid (or a zero-amount one that only cancels tickets): one batch marks it
 * succeeded (once: a trigger refuses a second settlement), cancels its tickets, moves its amount from reserved
 * to refunded on the order, reverses the ledger, and tells the buyer and the organizer's webhooks.
 */
import { offerNextAfterReturn } from '../waitlist/triggers';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { writeBatch, type Write } from '../../db/client';
import { orders, payments, refunds, tickets } from '../../db/schema/orders';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { inventory } from '../events/inventory-client';
import { buildJournalEntry, ledgerGuards } from '../ledger/journal';
import { refundLines } from '../ledger/postings';
import { queueEmail } from '../notifications/port';
import { emitWebhookEvent } from '../webhooks/emit';
import { orderRefundedPayload } from '../webhooks/payloads';
import type { RefundRow } from './refund-claim';
import { loadOrder, vatModeOf, type OrderRow } from './views';

/** Raised when the refund was settled by another request meanwhile (same key, driven twice). */
export class AlreadySettled extends Error {}

export async function settleRefund(ctx: TenantContext, refund: RefundRow, providerRefundId: string | null) {
  // Fresh: other refunds of this order may have settled since this one was claimed.
  const order = await loadOrder(ctx.db, ctx.organizationId, refund.orderId);
  const cancelled = refund.ticketIds.length
    ? await ctx.db
        .select()
        .from(tickets)
        .where(and(eq(tickets.organizationId, ctx.organizationId), inArray(tickets.id, refund.ticketIds), eq(tickets.status, 'valid')))
    : [];
  await releaseSeats(ctx, order, refund.id, cancelled);

  const amount = refund.amountMinor;
  const journal =
    amount > 0
      ? await buildJournalEntry(
          { db: ctx.db, organizationId: ctx.organizationId },
          {
            kind: 'refund',
            currency: order.currency,
            eventId: order.eventId,
            orderId: order.id,
            description: `Refund ${refund.id} of order ${order.id}: ${refund.reason}`,
            idempotencyKey: `refund:${refund.id}`,
            lines: refundLines(
              { ...order, vatMode: vatModeOf(order) },
              // Where this refund falls in the order's run of refunds (refunded + reserved <= total, so it fits).
              { amountMinor: amount, alreadyRefundedMinor: order.refundedMinor },
            ),
          },
        )
      : { writes: [] as Write[] };
  const [{ n: otherValid } = { n: 0 }] = await ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(tickets)
    .where(and(eq(tickets.organizationId, ctx.organizationId), eq(tickets.orderId, order.id), eq(tickets.status, 'valid'), ...(refund.ticketIds.length ? [notInArray(tickets.id, refund.ticketIds)] : [])));
  const refundedTotal = order.refundedMinor + amount;
  const status = refundedTotal >= order.totalMinor && otherValid === 0 ? 'refunded' : 'partially_refunded';
  const now = new Date();
  const orderWhere = and(eq(orders.organizationId, ctx.organizationId), eq(orders.id, order.id));
  await writeBatch(
    ctx.db,
    [
      // First, so a second settlement aborts before anything else (refunds_settle_once).
      ctx.db.update(refunds).set({ status: 'succeeded', providerRefundId, updatedAt: now }).where(and(eq(refunds.organizationId, ctx.organizationId), eq(refunds.id, refund.id))),
      ...(refund.ticketIds.length
        ? [ctx.db.update(tickets).set({ status: 'cancelled', cancelledAt: now }).where(and(eq(tickets.organizationId, ctx.organizationId), inArray(tickets.id, refund.ticketIds), eq(tickets.status, 'valid')))]
        : []),
      // Computed in the database from what it holds now (after the tickets above), not from what was read.
      ctx.db
        .update(orders)
        .set({
          refundedMinor: sql`${orders.refundedMinor} + ${amount}`,
          refundReservedMinor: sql`${orders.refundReservedMinor} - ${amount}`,
          status: sql`case when ${orders.refundedMinor} + ${amount} >= ${orders.totalMinor}
            and not exists (select 1 from ${tickets} where ${tickets.orderId} = ${order.id} and ${tickets.status} = 'valid')
            then 'refunded' else 'partially_refunded' end`,
          updatedAt: now,
        })
        .where(orderWhere),
      ctx.db
        .update(payments)
        .set({ status: 'refunded', updatedAt: now })
        .where(
          and(
            eq(payments.organizationId, ctx.organizationId),
            eq(payments.orderId, order.id),
            eq(payments.status, 'completed'),
            sql`(select ${orders.refundedMinor} >= ${orders.totalMinor} from ${orders} where ${orders.id} = ${order.id})`,
          ),
        ),
      ...journal.writes,
      auditEntry(ctx, {
        organizationId: ctx.organizationId,
        action: 'order.refunded',
        resourceType: 'order',
        resourceId: order.id,
        changes: { refundId: refund.id, amountMinor: amount, ticketIds: refund.ticketIds, reason: refund.reason, status: { from: order.status, to: status } },
      }),
      queueEmail(ctx, {
        organizationId: ctx.organizationId,
        to: order.buyerEmail,
        template: 'order_refunded',
        locale: order.locale,
        payload: { orderId: order.id, amountMinor: amount, currency: order.currency, tickets: refund.ticketIds.length, reason: refund.reason },
      }),
      ...(await emitWebhookEvent(ctx.db, {
        organizationId: ctx.organizationId,
        type: 'order.refunded',
        payload: orderRefundedPayload(order, { id: refund.id, amountMinor: amount, reason: refund.reason, ticketIds: refund.ticketIds }, { status, refundedMinor: refundedTotal }),
        once: { key: refund.id, at: refund.createdAt },
      })),
    ],
    { ...ledgerGuards, refund_already_settled: () => new AlreadySettled() },
  );
  // The places that came back go to the waiting list first (src/domains/waitlist/triggers.ts).
  if (cancelled.length) await offerNextAfterReturn(ctx, ctx.organizationId, order.eventId);
}

/** Seats (or GA places) of refunded tickets go back on sale at once, and every open seat map sees it. Keyed by refund: safe to repeat. */
async function releaseSeats(ctx: TenantContext, order: OrderRow, refundId: string, cancelled: (typeof tickets.$inferSelect)[]) {
  if (!cancelled.length) return;
  const stub = inventory(ctx.env, order.organizationId, order.eventId);
  const seatIds = cancelled.filter((t) => t.seatId).map((t) => t.seatId!);
  if (seatIds.length) await stub.cancelSold({ key: `${refundId}:seats`, orderId: order.id, seatIds });
  const gaByType = new Map<string, number>();
  for (const t of cancelled.filter((t) => !t.seatId)) gaByType.set(t.ticketTypeId, (gaByType.get(t.ticketTypeId) ?? 0) + 1);
  for (const [ticketTypeId, quantity] of gaByType) await stub.cancelSold({ key: `${refundId}:${ticketTypeId}`, orderId: order.id, ticketTypeId, quantity });
}

