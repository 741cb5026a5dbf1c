/**
 * Completing a paid order: confirm its holds in the event's inventory, issue tickets, write the order,
 * payment, ledger entry and audit in one D1 batch, then tell the buyer. Every step is safe to repeat:
 * the inventory answers a repeated confirm the same, tickets are unique per order line, and the
 * journal entry is unique per order. A payment whose seats were resold is refunded automatically.
 */
import { and, eq } from 'drizzle-orm';
import { writeBatch, type Write } from '../../db/client';
import { events } from '../../db/schema/events';
import { orderLines, orders, payments, refunds } from '../../db/schema/orders';
import { auditEntry } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { log } from '../../platform/logger';
import { inventory } from '../events/inventory-client';
import { buildJournalEntry, ledgerGuards } from '../ledger/journal';
import { autoRefundLines, saleLines } from '../ledger/postings';
import { queueEmail } from '../notifications/port';
import { queuePhoneToOrderBuyer } from '../notifications/phone-port';
import { paymentProvider } from '../payments/provider';
import { COUPON_GUARDS, markRedeemedWrites, releaseCouponWrites } from '../pricing/coupons';
import { buildTicketRows, ticketValidity } from '../tickets/issue';
import { emitWebhookEvent } from '../webhooks/emit';
import { orderPaidPayload } from '../webhooks/payloads';
import { loadOrder, orderView, vatModeOf, type OrderRow } from './views';
import { recordServerStep } from '../analytics/record-step';

export type PaidWith = { paymentRowId: string; providerPaymentId: string; amountMinor: number; currency: string };

export type Completion =
  | { outcome: 'paid' | 'already_paid'; order: OrderRow }
  | { outcome: 'auto_refunded'; order: OrderRow; reason: string };

/** The coupon refusals a late payment can meet when it takes back its (released) coupon use. */
const LOST_COUPON_USE = new Set(['coupon_exhausted', 'coupon_buyer_limit']);

export async function completeOrder(ctx: ServiceContext, order: OrderRow, paid: PaidWith | null): Promise<Completion> {
  if (order.status === 'paid' || order.status === 'partially_refunded' || order.status === 'refunded') return { outcome: 'already_paid', order };
  if (paid && (paid.amountMinor !== order.totalMinor || paid.currency !== order.currency)) {
    return autoRefund(ctx, order, paid, `The payment (${paid.amountMinor} ${paid.currency}) does not match the order total (${order.totalMinor} ${order.currency}).`);
  }
  const stub = inventory(ctx.env, order.organizationId, order.eventId);
  // A payment can arrive after its holds expired: it is honoured if what they held is still free.
  const confirmed = await Promise.all(order.holdIds.map((holdId) => stub.confirmHold(holdId, order.id, { allowLate: true })));
  const failed = confirmed.find((r) => !r.ok);
  if (failed && !failed.ok) {
    // Put back whatever this order did get, then refund it all.
    await stub.cancelSold({ key: `autorefund:${order.id}`, orderId: order.id });
    return autoRefund(ctx, order, paid, `Your payment arrived after the hold on your tickets expired and they were sold to someone else (${failed.message})`);
  }

  const [event] = await ctx.db
    .select()
    .from(events)
    .where(and(eq(events.organizationId, order.organizationId), eq(events.id, order.eventId)))
    .limit(1);
  const lines = await ctx.db
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.organizationId, order.organizationId), eq(orderLines.orderId, order.id)));
  const issued = await buildTicketRows(
    { db: ctx.db, env: ctx.env },
    {
      organizationId: order.organizationId,
      eventId: order.eventId,
      orderId: order.id,
      lines: lines.map((l) => ({ orderLineId: l.id, ticketTypeId: l.ticketTypeId, seatId: l.seatId, attendeeName: l.attendeeName })),
      validity: ticketValidity(event!),
    },
  );
  const journal =
    order.totalMinor > 0 || order.organizerFeeMinor > 0
      ? await buildJournalEntry(
          { db: ctx.db, organizationId: order.organizationId },
          {
            kind: 'sale',
            currency: order.currency,
            eventId: order.eventId,
            orderId: order.id,
            description: `Order ${order.id}`,
            idempotencyKey: `sale:${order.id}`,
            lines: saleLines({ ...order, vatMode: vatModeOf(order) }),
          },
        )
      : { writes: [] as Write[] };
  const now = new Date();
  const writes: Write[] = [
    ctx.db
      .update(orders)
      .set({ status: 'paid', paidAt: now, journeyVisitorId: null, updatedAt: now })
      .where(and(eq(orders.organizationId, order.organizationId), eq(orders.id, order.id))),
    ...(paid
      ? [
          ctx.db
            .update(payments)
            .set({ status: 'completed', providerPaymentId: paid.providerPaymentId, updatedAt: now })
            .where(and(eq(payments.organizationId, order.organizationId), eq(payments.id, paid.paymentRowId))),
        ]
      : []),
    ...issued.writes,
    ...journal.writes,
    ...(order.couponId ? markRedeemedWrites(ctx, { organizationId: order.organizationId, orderId: order.id, couponId: order.couponId }).writes : []),
    auditEntry(ctx, {
      organizationId: order.organizationId,
      actor: { type: 'system', id: 'payments' },
      action: 'order.paid',
      resourceType: 'order',
      resourceId: order.id,
      changes: { totalMinor: order.totalMinor, currency: order.currency, tickets: lines.length, providerPaymentId: paid?.providerPaymentId ?? null },
    }),
    queueEmail(ctx, {
      organizationId: order.organizationId,
      to: order.buyerEmail,
      template: 'order_confirmation',
      locale: order.locale,
      payload: { orderId: order.id, eventName: event!.name, tickets: lines.length, totalMinor: order.totalMinor, currency: order.currency },
    }),
    // The ticket link by SMS or WhatsApp too, if the buyer opted in at checkout (writes nothing otherwise).
    queuePhoneToOrderBuyer(ctx.db, { organizationId: order.organizationId, orderId: order.id, template: 'ticket_link', at: now }),
    ...(await emitWebhookEvent(ctx.db, {
      organizationId: order.organizationId,
      type: 'order.paid',
      payload: orderPaidPayload(order, event!.name, issued.tickets, now),
      once: { key: order.id, at: order.createdAt },
    })),
  ];
  try {
    await writeBatch(ctx.db, writes, { ...ledgerGuards, ...COUPON_GUARDS });
  } catch (error) {
    // Policy: a late payment is honoured only with everything it was promised. Its coupon use was handed back
    // when the order expired and taken by someone else since: nothing of this batch was written, so the places
    // go back on sale and the buyer is refunded in full (docs/orders.md, "Late payments").
    if (!(error instanceof AppError && LOST_COUPON_USE.has(error.code))) throw error;
    await stub.cancelSold({ key: `autorefund:${order.id}`, orderId: order.id });
    return autoRefund(ctx, order, paid, 'Your payment arrived after your order had expired, and the coupon it used has since been used up, so the price you were quoted can no longer be honoured');
  }
  recordServerStep(ctx, { kind: 'order_completed', organizationId: order.organizationId, eventId: order.eventId, visitorId: order.journeyVisitorId });
  return { outcome: 'paid', order: await loadOrder(ctx.db, order.organizationId, order.id) };
}

/**
 * Money in, straight back out: refunded at the provider, recorded in the ledger, the buyer told why. The right to
 * pay it back is claimed first, as a pending refund row under a key unique per payment (`autorefund:<order>:<payment>`),
 * so two deliveries of the same payment event pay out once; a payout interrupted (provider unreachable) is finished
 * by the provider's redelivery, under the same provider idempotency key. The refund row also shows the organizer
 * the refund on the order itself. It is not counted in orders.refundedMinor: the order was never paid.
 */
async function autoRefund(ctx: ServiceContext, order: OrderRow, paid: PaidWith | null, reason: string): Promise<Completion> {
  const now = new Date();
  const writes: Write[] = [];
  if (paid) {
    const key = `autorefund:${order.id}:${paid.paymentRowId}`;
    const claimed = await ctx.db
      .insert(refunds)
      .values({
        id: newId(ID_PREFIXES.refund),
        organizationId: order.organizationId,
        orderId: order.id,
        paymentId: paid.paymentRowId,
        amountMinor: paid.amountMinor,
        currency: paid.currency,
        reason,
        ticketIds: [],
        status: 'pending',
        idempotencyKey: key,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    const [claim] = claimed.length
      ? claimed
      : await ctx.db
          .select()
          .from(refunds)
          .where(and(eq(refunds.organizationId, order.organizationId), eq(refunds.idempotencyKey, key)))
          .limit(1);
    if (claim!.status === 'succeeded') return { outcome: 'auto_refunded', order: await loadOrder(ctx.db, order.organizationId, order.id), reason: claim!.reason };
    const refund = await paymentProvider(ctx.env, order.paymentProvider).refund({
      providerPaymentId: paid.providerPaymentId,
      amountMinor: claim!.amountMinor,
      currency: claim!.currency,
      idempotencyKey: key,
    });
    log('warn', 'late payment refunded automatically', { orderId: order.id, refundId: refund.refundId, reason });
    const journal = await buildJournalEntry(
      { db: ctx.db, organizationId: order.organizationId },
      {
        kind: 'auto_refund',
        currency: paid.currency,
        eventId: order.eventId,
        orderId: order.id,
        description: `Automatic refund of order ${order.id}: ${reason}`,
        idempotencyKey: key,
        lines: autoRefundLines({ amountMinor: paid.amountMinor }),
      },
    );
    writes.push(
      // First, so a second settlement of the same claim aborts its batch (refunds_settle_once, migrations/0012).
      ctx.db
        .update(refunds)
        .set({ status: 'succeeded', providerRefundId: refund.refundId, updatedAt: now })
        .where(and(eq(refunds.organizationId, order.organizationId), eq(refunds.id, claim!.id))),
      ctx.db
        .update(payments)
        .set({ status: 'refunded', providerPaymentId: paid.providerPaymentId, updatedAt: now })
        .where(and(eq(payments.organizationId, order.organizationId), eq(payments.id, paid.paymentRowId))),
      ...journal.writes,
    );
  }
  writes.push(
    ctx.db
      .update(orders)
      .set({ status: 'cancelled', cancelledAt: now, journeyVisitorId: null, updatedAt: now })
      .where(and(eq(orders.organizationId, order.organizationId), eq(orders.id, order.id))),
    ...(order.couponId ? releaseCouponWrites(ctx, { organizationId: order.organizationId, orderId: order.id, couponId: order.couponId }) : []),
    auditEntry(ctx, {
      organizationId: order.organizationId,
      actor: { type: 'system', id: 'payments' },
      action: 'order.auto_refunded',
      resourceType: 'order',
      resourceId: order.id,
      changes: { reason, amountMinor: paid?.amountMinor ?? 0 },
    }),
    queueEmail(ctx, {
      organizationId: order.organizationId,
      to: order.buyerEmail,
      template: 'order_auto_refunded',
      locale: order.locale,
      payload: { orderId: order.id, reason, amountMinor: paid?.amountMinor ?? 0, currency: paid?.currency ?? order.currency },
    }),
  );
  try {
    await writeBatch(ctx.db, writes, { ...ledgerGuards, refund_already_settled: () => new AppError(409, 'refund_already_settled', 'Conflict') });
  } catch (error) {
    // Settled by a concurrent delivery of the same payment: one payout, one record, one email.
    if (!(error instanceof AppError && error.code === 'refund_already_settled')) throw error;
  }
  return { outcome: 'auto_refunded', order: await loadOrder(ctx.db, order.organizationId, order.id), reason };
}

/** The buyer abandoned or failed the payment: the order is cancelled and its holds and coupon let go at once. */
export async function abandonOrder(ctx: ServiceContext, order: OrderRow, paymentRowId: string | null, outcome: 'failed' | 'cancelled') {
  if (order.status !== 'pending') return order;
  const stub = inventory(ctx.env, order.organizationId, order.eventId);
  await Promise.all(order.holdIds.map((holdId) => stub.releaseHold(holdId)));
  const now = new Date();
  if (outcome === 'failed') recordServerStep(ctx, { kind: 'payment_failed', organizationId: order.organizationId, eventId: order.eventId, visitorId: order.journeyVisitorId });
  await writeBatch(ctx.db, [
    ctx.db
      .update(orders)
      .set({ status: 'cancelled', cancelledAt: now, journeyVisitorId: null, updatedAt: now })
      .where(and(eq(orders.organizationId, order.organizationId), eq(orders.id, order.id), eq(orders.status, 'pending'))),
    ...(paymentRowId
      ? [ctx.db.update(payments).set({ status: 'failed', updatedAt: now }).where(and(eq(payments.organizationId, order.organizationId), eq(payments.id, paymentRowId)))]
      : []),
    ...(order.couponId ? releaseCouponWrites(ctx, { organizationId: order.organizationId, orderId: order.id, couponId: order.couponId }) : []),
    auditEntry(ctx, {
      organizationId: order.organizationId,
      actor: { type: 'system', id: 'payments' },
      action: `order.payment_${outcome}`,
      resourceType: 'order',
      resourceId: order.id,
    }),
  ]);
  return loadOrder(ctx.db, order.organizationId, order.id);
}

export { orderView };
