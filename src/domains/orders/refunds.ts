/**
 * Refunds, full or partial (by tickets or by amount): refunded through the provider, tickets cancelled,
 * their seats back on sale live, the ledger reversed, the buyer told. Keyed: the same request twice
 * refunds once, and a refund interrupted half-way finishes on retry.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { writeBatch, type Write } from '../../db/client';
import { orderLines, orders, payments, refunds, tickets } from '../../db/schema/orders';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { sha256Hex } from '../../platform/crypto';
import { ConflictError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { inventory } from '../events/inventory-client';
import { buildJournalEntry, ledgerGuards } from '../ledger/journal';
import { refundLines, type VatMode } from '../ledger/postings';
import { queueEmail } from '../notifications/port';
import { paymentProvider } from '../payments/provider';
import { emitWebhookEvent } from '../webhooks/emit';
import { orderRefundedPayload } from '../webhooks/payloads';
import type { RefundRequest } from './schemas';
import { loadOrder, type OrderRow } from './views';

const REFUNDABLE = new Set(['paid', 'partially_refunded']);

export async function refundOrder({ ctx, orderId, input, idempotencyKey }: { ctx: TenantContext; orderId: string; input: RefundRequest; idempotencyKey?: string }) {
  const order = await loadOrder(ctx.db, ctx.organizationId, orderId);
  const key = idempotencyKey ?? `auto:${await sha256Hex(JSON.stringify([orderId, input, Date.now()]))}`;
  const [existing] = await ctx.db
    .select()
    .from(refunds)
    .where(and(eq(refunds.organizationId, ctx.organizationId), eq(refunds.idempotencyKey, key)))
    .limit(1);
  if (existing?.status === 'succeeded') return existing;
  if (!REFUNDABLE.has(order.status)) throw new ConflictError(`A ${order.status} order cannot be refunded.`, 'order_not_refundable');

  const valid = await ctx.db
    .select({ ticket: tickets, lineTotal: orderLines.totalMinor })
    .from(tickets)
    .innerJoin(orderLines, eq(orderLines.id, tickets.orderLineId))
    .where(and(eq(tickets.organizationId, ctx.organizationId), eq(tickets.orderId, order.id), eq(tickets.status, 'valid')));
  let chosen: typeof valid;
  let amount: number;
  const left = order.totalMinor - order.refundedMinor;
  if (input.ticketIds) {
    chosen = valid.filter((v) => input.ticketIds!.includes(v.ticket.id));
    const missing = input.ticketIds.filter((id) => !chosen.some((v) => v.ticket.id === id));
    if (missing.length) throw new ValidationError([{ path: 'body.ticketIds', message: `Not valid tickets of this order: ${missing.join(', ')}` }]);
    amount = chosen.reduce((n, v) => n + v.lineTotal, 0);
  } else if (input.amountMinor !== undefined) {
    chosen = [];
    amount = input.amountMinor;
  } else {
    chosen = valid;
    amount = left;
  }
  if (amount > left) throw new ValidationError([{ path: 'body.amountMinor', message: `At most ${left} ${order.currency} is left to refund` }], `At most ${left} is left to refund.`);
  const [payment] = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.organizationId, ctx.organizationId), eq(payments.orderId, order.id), eq(payments.status, 'completed')))
    .limit(1);
  if (amount > 0 && !payment?.providerPaymentId) throw new ConflictError('The order has no completed payment to refund.', 'no_payment');

  const refundId = existing?.id ?? newId(ID_PREFIXES.refund);
  const now = new Date();
  if (!existing) {
    await ctx.db.insert(refunds).values({
      id: refundId,
      organizationId: ctx.organizationId,
      orderId: order.id,
      paymentId: payment?.id ?? '',
      amountMinor: amount,
      currency: order.currency,
      reason: input.reason,
      ticketIds: chosen.map((v) => v.ticket.id),
      status: 'pending',
      idempotencyKey: key,
      createdAt: now,
      updatedAt: now,
    });
  }
  const ticketIds = existing ? existing.ticketIds : chosen.map((v) => v.ticket.id);
  const refundAmount = existing ? existing.amountMinor : amount;
  const refunded = refundAmount > 0 ? await paymentProvider(ctx.env, order.paymentProvider).refund({ providerPaymentId: payment!.providerPaymentId!, amountMinor: refundAmount, currency: order.currency, idempotencyKey: refundId }) : null;
  await releaseSeats(ctx, order, refundId, valid.filter((v) => ticketIds.includes(v.ticket.id)).map((v) => v.ticket));

  const journal =
    refundAmount > 0
      ? await buildJournalEntry(
          { db: ctx.db, organizationId: ctx.organizationId },
          {
            kind: 'refund',
            currency: order.currency,
            eventId: order.eventId,
            orderId: order.id,
            description: `Refund ${refundId} of order ${order.id}: ${input.reason}`,
            idempotencyKey: `refund:${refundId}`,
            lines: refundLines(
              { ...order, vatMode: (order.quote as { vatMode?: VatMode }).vatMode === 'exclusive' ? 'exclusive' : 'inclusive' },
              { amountMinor: refundAmount, alreadyRefundedMinor: order.refundedMinor },
            ),
          },
        )
      : { writes: [] as Write[] };
  const refundedTotal = order.refundedMinor + refundAmount;
  const allCancelled = ticketIds.length === valid.length;
  const status = refundedTotal >= order.totalMinor && allCancelled ? 'refunded' : 'partially_refunded';
  await writeBatch(
    ctx.db,
    [
      ctx.db.update(refunds).set({ status: 'succeeded', providerRefundId: refunded?.refundId ?? null, updatedAt: now }).where(and(eq(refunds.organizationId, ctx.organizationId), eq(refunds.id, refundId))),
      ...(ticketIds.length
        ? [ctx.db.update(tickets).set({ status: 'cancelled', cancelledAt: now }).where(and(eq(tickets.organizationId, ctx.organizationId), inArray(tickets.id, ticketIds), eq(tickets.status, 'valid')))]
        : []),
      // Guarded by the refunded amount read above, so a racing second refund cannot count twice.
      ctx.db
        .update(orders)
        .set({ refundedMinor: refundedTotal, status, updatedAt: now })
        .where(and(eq(orders.organizationId, ctx.organizationId), eq(orders.id, order.id), eq(orders.refundedMinor, order.refundedMinor))),
      ...(refundedTotal >= order.totalMinor && payment ? [ctx.db.update(payments).set({ status: 'refunded', updatedAt: now }).where(and(eq(payments.organizationId, ctx.organizationId), eq(payments.id, payment.id)))] : []),
      ...journal.writes,
      auditEntry(ctx, {
        organizationId: ctx.organizationId,
        action: 'order.refunded',
        resourceType: 'order',
        resourceId: order.id,
        changes: { refundId, amountMinor: refundAmount, ticketIds, reason: input.reason, status: { from: order.status, to: status } },
      }),
      queueEmail(ctx, {
        organizationId: ctx.organizationId,
        to: order.buyerEmail,
        template: 'order_refunded',
        locale: order.locale,
        payload: { orderId: order.id, amountMinor: refundAmount, currency: order.currency, tickets: ticketIds.length, reason: input.reason },
      }),
      ...(await emitWebhookEvent(ctx.db, {
        organizationId: ctx.organizationId,
        type: 'order.refunded',
        payload: orderRefundedPayload(order, { id: refundId, amountMinor: refundAmount, reason: existing?.reason ?? input.reason, ticketIds }, { status, refundedMinor: refundedTotal }),
        once: { key: refundId, at: existing?.createdAt ?? now },
      })),
    ],
    ledgerGuards,
  );
  const [row] = await ctx.db.select().from(refunds).where(and(eq(refunds.organizationId, ctx.organizationId), eq(refunds.id, refundId)));
  return row!;
}

/** Seats (or GA places) of refunded tickets go back on sale at once, and every open seat map sees it. */
async function releaseSeats(ctx: TenantContext, order: OrderRow, refundId: string, cancelled: (typeof tickets.$inferSelect)[]) {
  if (!cancelled.length) return;
  const stub = inventory(ctx.env, order.organizationId, order.eventId);
  const seatIds = cancelled.filter((t) => t.seatId).map((t) => t.seatId!);
  if (seatIds.length) await stub.cancelSold({ key: `${refundId}:seats`, orderId: order.id, seatIds });
  const gaByType = new Map<string, number>();
  for (const t of cancelled.filter((t) => !t.seatId)) gaByType.set(t.ticketTypeId, (gaByType.get(t.ticketTypeId) ?? 0) + 1);
  for (const [ticketTypeId, quantity] of gaByType) await stub.cancelSold({ key: `${refundId}:${ticketTypeId}`, orderId: order.id, ticketTypeId, quantity });
}
