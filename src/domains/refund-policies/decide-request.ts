/**
 * The organizer decides an open refund request: approve (then paid through the one refund path, the quote or another
 * amount up to what the tickets cost) or decline with a reason (its tickets are let go, so the buyer may ask again;
 * the buyer is emailed and `refund.declined` sent). Each decision is one batch whose status change the
 * `refund_requests_decide_once` trigger allows only from `open`: of two decisions at once, one wins and the other
 * answers 409 with nothing written.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { orderLines, tickets } from '../../db/schema/orders';
import { refundRequests, refundRequestTickets } from '../../db/schema/refund-policies';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import { loadOrder } from '../orders/views';
import { announceRefundRequest } from './announce';
import { decidedGuard, loadRequestById, payRefundRequest } from './pay-request';
import type { RefundRequestRow } from './views';

export async function loadRefundRequest(ctx: TenantContext, requestId: string): Promise<RefundRequestRow> {
  const [row] = await ctx.db
    .select()
    .from(refundRequests)
    .where(and(eq(refundRequests.organizationId, ctx.organizationId), eq(refundRequests.id, requestId)))
    .limit(1);
  if (!row) throw new NotFoundError('Refund request');
  return row;
}

function assertOpen(r: RefundRequestRow) {
  if (r.status !== 'open') throw new ConflictError(`This refund request is already ${r.status}.`, 'refund_request_decided');
}

/** What the tickets cost, booking fee included: an organizer may give back more than the policy, never more than this. */
async function ticketsTotal(ctx: TenantContext, orderId: string, ticketIds: string[]) {
  const rows = await ctx.db
    .select({ total: orderLines.totalMinor })
    .from(tickets)
    .innerJoin(orderLines, eq(orderLines.id, tickets.orderLineId))
    .where(and(eq(tickets.organizationId, ctx.organizationId), eq(tickets.orderId, orderId), inArray(tickets.id, ticketIds)));
  return rows.reduce((n, r) => n + r.total, 0);
}

export async function approveRefundRequest({ ctx, requestId, amountMinor, idempotencyKey }: { ctx: TenantContext; requestId: string; amountMinor?: number; idempotencyKey?: string }) {
  const request = await loadRefundRequest(ctx, requestId);
  assertOpen(request);
  const amount = amountMinor ?? request.quotedMinor;
  const ceiling = await ticketsTotal(ctx, request.orderId, request.ticketIds);
  if (amount > ceiling) throw new ValidationError([{ path: 'body.amountMinor', message: `At most ${ceiling} ${request.currency} for these tickets` }], `At most ${ceiling} for these tickets.`);
  const now = new Date();
  await writeBatch(
    ctx.db,
    [
      ctx.db
        .update(refundRequests)
        .set({ status: 'approved', decidedBy: ctx.actor.id, decidedAt: now, updatedAt: now })
        .where(and(eq(refundRequests.organizationId, ctx.organizationId), eq(refundRequests.id, request.id))),
      auditEntry(ctx, { organizationId: ctx.organizationId, action: 'order.refund_request_approved', resourceType: 'order', resourceId: request.orderId, changes: { requestId: request.id, amountMinor: amount, quotedMinor: request.quotedMinor } }),
    ],
    decidedGuard,
  );
  return payRefundRequest(ctx, await loadRequestById(ctx, request.id), amount, `approve:${idempotencyKey ?? now.getTime()}`);
}

export async function declineRefundRequest({ ctx, requestId, reason }: { ctx: TenantContext; requestId: string; reason: string }) {
  const request = await loadRefundRequest(ctx, requestId);
  assertOpen(request);
  const order = await loadOrder(ctx.db, ctx.organizationId, request.orderId);
  const now = new Date();
  const declined: RefundRequestRow = { ...request, status: 'declined', declineReason: reason, decidedBy: ctx.actor.id, decidedAt: now, updatedAt: now };
  await writeBatch(
    ctx.db,
    [
      // First, and with no status condition: the trigger aborts the whole batch when the request is no longer open.
      ctx.db
        .update(refundRequests)
        .set({ status: 'declined', declineReason: reason, decidedBy: ctx.actor.id, decidedAt: now, updatedAt: now })
        .where(and(eq(refundRequests.organizationId, ctx.organizationId), eq(refundRequests.id, request.id))),
      ctx.db.delete(refundRequestTickets).where(and(eq(refundRequestTickets.organizationId, ctx.organizationId), eq(refundRequestTickets.requestId, request.id))),
      auditEntry(ctx, { organizationId: ctx.organizationId, action: 'order.refund_request_declined', resourceType: 'order', resourceId: order.id, changes: { requestId: request.id, reason } }),
      ...(await announceRefundRequest(ctx, order, declined, 'declined')),
    ],
    decidedGuard,
  );
  return loadRefundRequest(ctx, request.id);
}
