/**
 * Paying an approved refund request (inside the policy at once, or approved by the organizer) through the one refund
 * path (orders/refunds.ts: claim before the provider call, settle once), keyed by the request and the attempt:
 * driving it again — a retry, a twin request — resumes or answers the same refund and never pays twice.
 */
import { and, eq } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { refundRequests } from '../../db/schema/refund-policies';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { AppError, ConflictError } from '../../platform/errors';
import { PaymentProviderError } from '../payments/provider';
import { refundOrder } from '../orders/refunds';
import type { RefundRequestRow } from './views';

export const decidedGuard = { refund_request_decided: () => new ConflictError('This refund request was already decided; reload it.', 'refund_request_decided') };

export async function loadRequestById(ctx: TenantContext, id: string): Promise<RefundRequestRow> {
  const [row] = await ctx.db.select().from(refundRequests).where(and(eq(refundRequests.organizationId, ctx.organizationId), eq(refundRequests.id, id))).limit(1);
  return row!;
}

export async function payRefundRequest(ctx: TenantContext, request: RefundRequestRow, amountMinor: number, attempt = 'policy'): Promise<RefundRequestRow> {
  if (request.status !== 'approved') return request;
  const reason = request.reason ? `Buyer's request ${request.id}: ${request.reason}` : `Buyer's request ${request.id}`;
  const where = and(eq(refundRequests.organizationId, ctx.organizationId), eq(refundRequests.id, request.id));
  let refund: Awaited<ReturnType<typeof refundOrder>>;
  try {
    refund = await refundOrder({
      ctx,
      orderId: request.orderId,
      input: { ticketIds: request.ticketIds, amountMinor, reason: reason.slice(0, 500) },
      idempotencyKey: `refund-request:${request.id}:${attempt}`,
    });
  } catch (error) {
    // Refused — by the provider, or by the refund's claim (another refund took the tickets first): nothing was paid
    // and the request goes back to the organizer. Anything else (the provider unreachable) may have paid: it stays
    // approved, and the same call again resumes that refund.
    const refused = (error instanceof PaymentProviderError && error.providerCode) || (error instanceof AppError && error.status < 500);
    if (refused) {
      await writeBatch(
        ctx.db,
        [
          ctx.db.update(refundRequests).set({ status: 'open', updatedAt: new Date() }).where(where),
          auditEntry(ctx, { organizationId: ctx.organizationId, action: 'order.refund_request_reopened', resourceType: 'order', resourceId: request.orderId, changes: { requestId: request.id, reason: String((error as Error).message) } }),
        ],
        decidedGuard,
      ).catch(() => undefined);
    }
    throw error;
  }
  const now = new Date();
  const fresh = await loadRequestById(ctx, request.id);
  if (fresh.status === 'approved') {
    await writeBatch(
      ctx.db,
      [
        ctx.db.update(refundRequests).set({ status: 'refunded', refundId: refund.id, refundedMinor: refund.amountMinor, decidedAt: fresh.decidedAt ?? now, updatedAt: now }).where(where),
        auditEntry(ctx, {
          organizationId: ctx.organizationId,
          action: 'order.refund_request_refunded',
          resourceType: 'order',
          resourceId: request.orderId,
          changes: { requestId: request.id, refundId: refund.id, amountMinor: refund.amountMinor, withinPolicy: request.withinPolicy },
        }),
      ],
      // A twin marked it refunded a moment ago: nothing left to record.
      { refund_request_decided: () => new ConflictError('settled', 'refund_request_decided') },
    ).catch((error) => {
      if (!(error instanceof ConflictError)) throw error;
    });
  }
  return loadRequestById(ctx, request.id);
}
