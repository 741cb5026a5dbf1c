/**
 * The `data` of each webhook event type (docs/webhooks.md): ids and the facts a receiver needs to act
 * without calling back (amounts in minor units with their currency, instants in UTC ISO 8601). Never a
 * secret: no QR tokens, no order-link tokens, no payment provider credentials.
 */
import type { events } from '../../db/schema/events';
import type { orders, tickets } from '../../db/schema/orders';

type OrderRow = typeof orders.$inferSelect;
type EventRow = typeof events.$inferSelect;
type TicketRow = typeof tickets.$inferSelect;

const orderFacts = (order: OrderRow) => ({
  orderId: order.id,
  eventId: order.eventId,
  buyer: { name: order.buyerName, email: order.buyerEmail },
  currency: order.currency,
  totalMinor: order.totalMinor,
});

export function orderPaidPayload(order: OrderRow, eventName: string, issued: readonly Pick<TicketRow, 'id' | 'ticketTypeId' | 'seatId' | 'attendeeName'>[], paidAt: Date) {
  return {
    ...orderFacts(order),
    eventName,
    status: 'paid',
    subtotalMinor: order.subtotalMinor,
    discountMinor: order.discountMinor,
    buyerFeeMinor: order.buyerFeeMinor,
    vatMinor: order.vatMinor,
    donationMinor: order.donationMinor,
    couponId: order.couponId,
    paidAt: paidAt.toISOString(),
    tickets: issued.map((t) => ({ id: t.id, ticketTypeId: t.ticketTypeId, seatId: t.seatId, attendeeName: t.attendeeName })),
  };
}

export function orderRefundedPayload(
  order: OrderRow,
  refund: { id: string; amountMinor: number; reason: string; ticketIds: readonly string[] },
  after: { status: string; refundedMinor: number },
) {
  return {
    ...orderFacts(order),
    refundId: refund.id,
    amountMinor: refund.amountMinor,
    reason: refund.reason,
    cancelledTicketIds: [...refund.ticketIds],
    status: after.status,
    refundedMinor: after.refundedMinor,
  };
}

export function orderCancelledPayload(order: OrderRow, reason: 'cancelled_by_organizer' | 'expired', at: Date) {
  return { ...orderFacts(order), status: reason === 'expired' ? 'expired' : 'cancelled', reason, cancelledAt: at.toISOString() };
}

export function eventStatusPayload(event: EventRow, status: 'published' | 'cancelled', at: Date) {
  return {
    eventId: event.id,
    name: event.name,
    venueId: event.venueId,
    status,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    timezone: event.timezone,
    at: at.toISOString(),
  };
}

export function ticketCheckedInPayload(scan: {
  ticketId: string;
  ticketTypeId: string;
  eventId: string;
  deviceId: string;
  gateId: string | null;
  scannedAt: Date;
  offline: boolean;
}) {
  return { ...scan, scannedAt: scan.scannedAt.toISOString() };
}

/** `ticket.transferred`: who holds the ticket now and its new secret version (every older QR is revoked). */
export function ticketTransferredPayload(input: {
  ticket: Pick<typeof tickets.$inferSelect, 'id' | 'eventId' | 'ticketTypeId' | 'seatId' | 'secretVersion'>;
  orderId: string;
  transferId: string;
  seq: number;
  recipient: { name: string; email: string };
  at: Date;
}) {
  return {
    ticketId: input.ticket.id,
    eventId: input.ticket.eventId,
    orderId: input.orderId,
    ticketTypeId: input.ticket.ticketTypeId,
    seatId: input.ticket.seatId,
    transferId: input.transferId,
    transferNumber: input.seq,
    secretVersion: input.ticket.secretVersion,
    holder: input.recipient,
    transferredAt: input.at.toISOString(),
  };
}
