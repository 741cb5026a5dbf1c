/** A refund request as the API shows it (to its buyer and to the organizer alike: it holds no secret). */
import type { refundRequests } from '../../db/schema/refund-policies';
import { isoOrNull } from '../../platform/time';

export type RefundRequestRow = typeof refundRequests.$inferSelect;

export const toRefundRequest = (r: RefundRequestRow) => ({
  id: r.id,
  orderId: r.orderId,
  eventId: r.eventId,
  ticketIds: r.ticketIds,
  reason: r.reason,
  status: r.status,
  withinPolicy: r.withinPolicy,
  baseMinor: r.baseMinor,
  feeMinor: r.feeMinor,
  quotedMinor: r.quotedMinor,
  currency: r.currency,
  refundId: r.refundId,
  refundedMinor: r.refundedMinor,
  declineReason: r.declineReason,
  decidedAt: isoOrNull(r.decidedAt),
  createdAt: r.createdAt.toISOString(),
});
