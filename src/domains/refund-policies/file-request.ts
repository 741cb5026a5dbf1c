/**
 * A buyer asks for a refund from the order page (the whole order or some tickets). One batch files the request and
 * claims its tickets (refund_request_tickets: a ticket is in one live request at a time, so of N racing requests for
 * the same tickets one commits and the others answer 409). Inside the policy the request is then refunded at once
 * through the hardened refund path (orders/refunds.ts, keyed by the request: it pays out once however often it is
 * driven); outside it waits for the organizer, and the buyer and the organizer's webhooks are told.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { tickets } from '../../db/schema/orders';
import { writeBatch } from '../../db/client';
import { refundRequests, refundRequestTickets } from '../../db/schema/refund-policies';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import type { OrderRow } from '../orders/views';
import { announceRefundRequest } from './announce';
import { orderQuote } from './order-quote';
import { sumQuotes } from './policy-math';
import { payRefundRequest } from './pay-request';
import type { FileRefundRequest } from './schemas';
import type { RefundRequestRow } from './views';

const REFUNDABLE = new Set(['paid', 'partially_refunded']);

class SameKeyFiled extends Error {}

/** The order's buyer, acting through the order link: audited as such. */
export function buyerContext(ctx: Omit<TenantContext, 'actor' | 'organizationId'>, order: OrderRow): TenantContext {
  return {
    ...ctx,
    organizationId: order.organizationId,
    actor: { type: 'system', id: `buyer:${order.id}`, userId: null, organizationId: order.organizationId, role: null, isPlatformAdmin: false, isPlatformStaff: false },
  };
}

/** Which of `ids` are tickets of the order that are no longer valid (refunded or cancelled). */
async function cancelledOf(ctx: TenantContext, orderId: string, ids: string[]) {
  return ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.organizationId, ctx.organizationId), eq(tickets.orderId, orderId), inArray(tickets.id, ids), ne(tickets.status, 'valid')));
}

async function requestByKey(ctx: TenantContext, key: string) {
  const [row] = await ctx.db
    .select()
    .from(refundRequests)
    .where(and(eq(refundRequests.organizationId, ctx.organizationId), eq(refundRequests.idempotencyKey, key)))
    .limit(1);
  return row;
}

export async function fileRefundRequest({ ctx, order, input, idempotencyKey }: { ctx: TenantContext; order: OrderRow; input: FileRefundRequest; idempotencyKey?: string }): Promise<RefundRequestRow> {
  const key = `buyer:${order.id}:${idempotencyKey ?? crypto.randomUUID()}`;
  const existing = await requestByKey(ctx, key);
  if (existing) return existing.withinPolicy ? payRefundRequest(ctx, existing, existing.quotedMinor) : existing;
  if (!REFUNDABLE.has(order.status)) throw new ConflictError(`A ${order.status} order cannot be refunded.`, 'order_not_refundable');

  const q = await orderQuote(ctx.db, order);
  const wanted = input.ticketIds ? [...new Set(input.ticketIds)] : q.options.filter((o) => o.refundable).map((o) => o.ticketId);
  const chosen = wanted.map((id) => q.options.find((o) => o.ticketId === id));
  const unknown = wanted.filter((_, i) => !chosen[i]);
  if (unknown.length && (await cancelledOf(ctx, order.id, unknown)).length) throw new ConflictError(`Already refunded or cancelled: ${unknown.join(', ')}`, 'refund_in_progress');
  if (unknown.length) throw new ValidationError([{ path: 'body.ticketIds', message: `Not valid tickets of this order: ${unknown.join(', ')}` }]);
  const found = chosen as NonNullable<(typeof chosen)[number]>[];
  if (!found.length) throw new ConflictError('Nothing on this order can be refunded any more.', 'nothing_to_refund');
  const blocked = (why: string) => found.filter((o) => o.why === why).map((o) => o.ticketId);
  if (blocked('checked_in').length) throw new ConflictError(`Checked-in tickets cannot be refunded: ${blocked('checked_in').join(', ')}`, 'ticket_checked_in');
  if (blocked('refunded').length) throw new ConflictError(`Already refunded or being refunded: ${blocked('refunded').join(', ')}`, 'refund_in_progress');
  if (blocked('requested').length) throw new ConflictError(`A refund request for these tickets is already open: ${blocked('requested').join(', ')}`, 'refund_request_open');

  const sum = sumQuotes(found);
  const now = new Date();
  const row: RefundRequestRow = {
    id: newId(ID_PREFIXES.refundRequest),
    organizationId: ctx.organizationId,
    orderId: order.id,
    eventId: order.eventId,
    ticketIds: found.map((o) => o.ticketId),
    reason: input.reason ?? null,
    // Inside the policy it is approved from the start, so no decline can come between the filing and the payout.
    status: q.within ? 'approved' : 'open',
    withinPolicy: q.within,
    baseMinor: sum.baseMinor,
    feeMinor: sum.feeMinor,
    quotedMinor: sum.refundMinor,
    currency: order.currency,
    refundId: null,
    refundedMinor: null,
    declineReason: null,
    decidedBy: null,
    decidedAt: null,
    idempotencyKey: key,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await writeBatch(
      ctx.db,
      [
        ctx.db.insert(refundRequests).values(row),
        ...row.ticketIds.map((ticketId) => ctx.db.insert(refundRequestTickets).values({ ticketId, organizationId: ctx.organizationId, requestId: row.id })),
        auditEntry(ctx, {
          organizationId: ctx.organizationId,
          action: 'order.refund_requested',
          resourceType: 'order',
          resourceId: order.id,
          changes: { requestId: row.id, ticketIds: row.ticketIds, withinPolicy: row.withinPolicy, quotedMinor: row.quotedMinor, feeMinor: row.feeMinor, reason: row.reason },
        }),
        ...(row.withinPolicy ? [] : await announceRefundRequest(ctx, order, row, 'open')),
      ],
      {
        'refund_requests.organization_id, refund_requests.idempotency_key': () => new SameKeyFiled(),
        'refund_request_tickets.ticket_id': () => new ConflictError('A refund request for these tickets is already open or done; reload the order.', 'refund_request_open'),
      },
    );
  } catch (error) {
    if (!(error instanceof SameKeyFiled)) throw error;
    // The same request (same key) filed a moment ago by a twin: answer that one, driving it if it is to be paid.
    const twin = (await requestByKey(ctx, key))!;
    return twin.withinPolicy ? payRefundRequest(ctx, twin, twin.quotedMinor) : twin;
  }
  return payRefundRequest(ctx, row, row.quotedMinor);
}
