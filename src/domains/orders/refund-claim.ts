/**
 * A refund's claim on the money and tickets it pays back, taken in one D1 batch BEFORE the provider is called:
 * the refund row (pending), one claim row per ticket (primary key: a ticket is claimed once), and the amount
 * reserved on the order (a trigger refuses refunded + reserved > total, and new claims on an order that is no
 * longer paid, migrations/0012). Whichever of N racing refunds commits first wins; the others' batches abort
 * whole, so they pay nothing and leave nothing behind. A claim is released only when the provider refused.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { orderLines, orders, payments, refunds, refundTicketClaims, tickets } from '../../db/schema/orders';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import type { RefundRequest } from './schemas';
import type { OrderRow } from './views';

export type RefundRow = typeof refunds.$inferSelect;

const REFUNDABLE = new Set(['paid', 'partially_refunded']);

/** Raised when the refunds_org_key_uq index refuses a second row under the same key: another request took it. */
export class SameKeyClaimed extends Error {}

const claimGuards = {
  'refunds.organization_id, refunds.idempotency_key': () => new SameKeyClaimed(),
  'refund_ticket_claims.ticket_id': () => new ConflictError('Another refund of these tickets is under way or done; reload the order.', 'refund_in_progress'),
  refund_claim_refused: () => new ConflictError('Another refund of this order took what is left first; reload the order.', 'refund_in_progress'),
};

/** Valid tickets of the order that no refund has claimed, with what each line cost. */
async function unclaimedTickets(ctx: TenantContext, orderId: string) {
  return ctx.db
    .select({ ticket: tickets, lineTotal: orderLines.totalMinor })
    .from(tickets)
    .innerJoin(orderLines, eq(orderLines.id, tickets.orderLineId))
    .leftJoin(refundTicketClaims, eq(refundTicketClaims.ticketId, tickets.id))
    .where(and(eq(tickets.organizationId, ctx.organizationId), eq(tickets.orderId, orderId), eq(tickets.status, 'valid'), isNull(refundTicketClaims.ticketId)));
}

/** What this request refunds (tickets and amount), checked against what is left; throws 4xx when it can't be. */
async function planRefund(ctx: TenantContext, order: OrderRow, input: RefundRequest) {
  if (!REFUNDABLE.has(order.status)) throw new ConflictError(`A ${order.status} order cannot be refunded.`, 'order_not_refundable');
  const valid = await unclaimedTickets(ctx, order.id);
  const left = order.totalMinor - order.refundedMinor - order.refundReservedMinor;
  let chosen: typeof valid;
  let amount: number;
  if (input.ticketIds) {
    chosen = valid.filter((v) => input.ticketIds!.includes(v.ticket.id));
    const missing = input.ticketIds.filter((id) => !chosen.some((v) => v.ticket.id === id));
    if (missing.length) {
      const claimed = await ctx.db.select({ id: refundTicketClaims.ticketId }).from(refundTicketClaims).where(and(eq(refundTicketClaims.organizationId, ctx.organizationId), eq(refundTicketClaims.orderId, order.id)));
      if (missing.some((id) => claimed.some((c) => c.id === id))) throw new ConflictError(`Already refunded or being refunded: ${missing.join(', ')}`, 'refund_in_progress');
      throw new ValidationError([{ path: 'body.ticketIds', message: `Not valid tickets of this order: ${missing.join(', ')}` }]);
    }
    const ticketsTotal = chosen.reduce((n, v) => n + v.lineTotal, 0);
    // Only from inside (a buyer's refund by policy keeps a fee): the API refuses tickets and an amount together.
    if (input.amountMinor !== undefined && input.amountMinor > ticketsTotal) {
      throw new ValidationError([{ path: 'body.amountMinor', message: `At most ${ticketsTotal} ${order.currency} for these tickets` }], `At most ${ticketsTotal} for these tickets.`);
    }
    amount = input.amountMinor ?? ticketsTotal;
  } else if (input.amountMinor !== undefined) {
    chosen = [];
    amount = input.amountMinor;
  } else {
    chosen = valid;
    amount = left;
  }
  if (amount > left) throw new ValidationError([{ path: 'body.amountMinor', message: `At most ${left} ${order.currency} is left to refund` }], `At most ${left} is left to refund.`);
  if (amount === 0 && chosen.length === 0) throw new ConflictError('Nothing is left to refund on this order.', 'nothing_to_refund');
  const [payment] = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.organizationId, ctx.organizationId), eq(payments.orderId, order.id), eq(payments.status, 'completed')))
    .limit(1);
  if (amount > 0 && !payment?.providerPaymentId) throw new ConflictError('The order has no completed payment to refund.', 'no_payment');
  return { ticketIds: chosen.map((v) => v.ticket.id), amount, payment: payment ?? null };
}

/**
 * Claims the refund: answers the pending refund row, or throws SameKeyClaimed (another request holds this key:
 * drive that one), or a 409 when another refund got the tickets or the amount first.
 */
export async function claimRefund(ctx: TenantContext, order: OrderRow, input: RefundRequest, key: string): Promise<RefundRow> {
  const plan = await planRefund(ctx, order, input);
  const now = new Date();
  const row: RefundRow = {
    id: newId(ID_PREFIXES.refund),
    organizationId: ctx.organizationId,
    orderId: order.id,
    paymentId: plan.payment?.id ?? '',
    amountMinor: plan.amount,
    currency: order.currency,
    reason: input.reason,
    ticketIds: plan.ticketIds,
    status: 'pending',
    providerRefundId: null,
    idempotencyKey: key,
    createdAt: now,
    updatedAt: now,
  };
  await writeBatch(
    ctx.db,
    [
      ctx.db.insert(refunds).values(row),
      ...plan.ticketIds.map((ticketId) => ctx.db.insert(refundTicketClaims).values({ ticketId, organizationId: ctx.organizationId, orderId: order.id, refundId: row.id })),
      // No status or amount condition here on purpose: the trigger aborts the whole batch instead of matching no row.
      ctx.db
        .update(orders)
        .set({ refundReservedMinor: sql`${orders.refundReservedMinor} + ${plan.amount}`, updatedAt: now })
        .where(and(eq(orders.organizationId, ctx.organizationId), eq(orders.id, order.id))),
      auditEntry(ctx, {
        organizationId: ctx.organizationId,
        action: 'order.refund_started',
        resourceType: 'order',
        resourceId: order.id,
        changes: { refundId: row.id, amountMinor: plan.amount, ticketIds: plan.ticketIds, reason: input.reason },
      }),
    ],
    claimGuards,
  );
  return row;
}

/**
 * The provider refused the refund (nothing was paid): the refund is marked failed and its claim let go in one
 * batch, so the amount and tickets can be refunded again (under a new key). The settle-once trigger makes a
 * second release of the same refund abort instead of releasing twice.
 */
export async function releaseRefund(ctx: TenantContext, refund: RefundRow, why: string) {
  const now = new Date();
  await writeBatch(
    ctx.db,
    [
      ctx.db.update(refunds).set({ status: 'failed', updatedAt: now }).where(and(eq(refunds.organizationId, ctx.organizationId), eq(refunds.id, refund.id))),
      ctx.db.delete(refundTicketClaims).where(and(eq(refundTicketClaims.organizationId, ctx.organizationId), eq(refundTicketClaims.refundId, refund.id))),
      ctx.db
        .update(orders)
        .set({ refundReservedMinor: sql`${orders.refundReservedMinor} - ${refund.amountMinor}`, updatedAt: now })
        .where(and(eq(orders.organizationId, ctx.organizationId), eq(orders.id, refund.orderId))),
      auditEntry(ctx, {
        organizationId: ctx.organizationId,
        action: 'order.refund_failed',
        resourceType: 'order',
        resourceId: refund.orderId,
        changes: { refundId: refund.id, amountMinor: refund.amountMinor, reason: why },
      }),
    ],
    { refund_already_settled: () => new ConflictError('This refund was already settled.', 'refund_already_settled') },
  );
}
