/** What a refund request tells the buyer (email) and the organizer (webhook) when it waits for a decision or is declined. */
import type { Write } from '../../db/client';
import type { TenantContext } from '../../platform/context';
import { queueEmail } from '../notifications/port';
import { emitWebhookEvent } from '../webhooks/emit';
import type { OrderRow } from '../orders/views';
import type { RefundRequestRow } from './views';

export function refundRequestPayload(order: OrderRow, r: RefundRequestRow) {
  return {
    requestId: r.id,
    orderId: order.id,
    eventId: order.eventId,
    buyer: { name: order.buyerName, email: order.buyerEmail },
    ticketIds: [...r.ticketIds],
    reason: r.reason,
    withinPolicy: r.withinPolicy,
    currency: r.currency,
    baseMinor: r.baseMinor,
    feeMinor: r.feeMinor,
    quotedMinor: r.quotedMinor,
    status: r.status,
    declineReason: r.declineReason,
  };
}

/** The writes that announce `r` in its new state (`open`: asked; `declined`): for the batch that makes the change. */
export async function announceRefundRequest(ctx: TenantContext, order: OrderRow, r: RefundRequestRow, state: 'open' | 'declined'): Promise<Write[]> {
  const email = queueEmail(ctx, {
    organizationId: ctx.organizationId,
    to: order.buyerEmail,
    template: state === 'open' ? 'order_refund_requested' : 'order_refund_declined',
    locale: order.locale,
    payload: { orderId: order.id, amountMinor: r.quotedMinor, feeMinor: r.feeMinor, currency: r.currency, tickets: r.ticketIds.length, reason: state === 'open' ? (r.reason ?? '') : (r.declineReason ?? '') },
    dedupeKey: `refund_request_${state}:${r.id}`,
  });
  const hook = await emitWebhookEvent(ctx.db, {
    organizationId: ctx.organizationId,
    type: state === 'open' ? 'refund.requested' : 'refund.declined',
    payload: refundRequestPayload(order, r),
    once: { key: r.id, at: r.createdAt },
  });
  return [email, ...hook];
}
