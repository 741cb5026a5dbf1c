/** What a buyer may ask back for an order now: each valid ticket's quote under the event's policy, or why it can't be asked for. */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { events } from '../../db/schema/events';
import { orderLines, refundTicketClaims, tickets } from '../../db/schema/orders';
import { refundRequests, refundRequestTickets } from '../../db/schema/refund-policies';
import { scans } from '../../db/schema/scanning';
import { NotFoundError } from '../../platform/errors';
import type { OrderRow } from '../orders/views';
import { policyTerms, policyView } from './policy';
import { quoteTicket, withinPolicy, type PolicyTerms, type TicketQuote } from './policy-math';
import { toRefundRequest } from './views';

export type TicketOption = TicketQuote & { refundable: boolean; why: 'checked_in' | 'refunded' | 'requested' | null };

export async function orderQuote(db: Database, order: OrderRow, now = new Date()) {
  const org = order.organizationId;
  const [event] = await db
    .select()
    .from(events)
    .where(and(eq(events.organizationId, org), eq(events.id, order.eventId)))
    .limit(1);
  if (!event) throw new NotFoundError('Event');
  const terms = await policyTerms(db, org, event.id);
  const rows = await db
    .select({ id: tickets.id, totalMinor: orderLines.totalMinor, buyerFeeMinor: orderLines.buyerFeeMinor, refundId: refundTicketClaims.refundId, requestId: refundRequestTickets.requestId })
    .from(tickets)
    .innerJoin(orderLines, eq(orderLines.id, tickets.orderLineId))
    .leftJoin(refundTicketClaims, eq(refundTicketClaims.ticketId, tickets.id))
    .leftJoin(refundRequestTickets, eq(refundRequestTickets.ticketId, tickets.id))
    .where(and(eq(tickets.organizationId, org), eq(tickets.orderId, order.id), eq(tickets.status, 'valid')))
    .orderBy(tickets.id);
  const admitted = rows.length
    ? new Set(
        (
          await db
            .selectDistinct({ ticketId: scans.ticketId })
            .from(scans)
            .where(and(eq(scans.organizationId, org), inArray(scans.ticketId, rows.map((r) => r.id)), eq(scans.result, 'valid'), eq(scans.direction, 'in')))
        ).map((s) => s.ticketId),
      )
    : new Set<string | null>();
  const options: TicketOption[] = rows.map((r) => {
    const why = admitted.has(r.id) ? 'checked_in' : r.refundId ? 'refunded' : r.requestId ? 'requested' : null;
    return { ...quoteTicket(terms, { ticketId: r.id, totalMinor: r.totalMinor, buyerFeeMinor: r.buyerFeeMinor }), refundable: why === null, why };
  });
  const requests = await db
    .select()
    .from(refundRequests)
    .where(and(eq(refundRequests.organizationId, org), eq(refundRequests.orderId, order.id)))
    .orderBy(desc(refundRequests.id));
  return { event, terms, within: withinPolicy(terms, event, now), options, requests };
}

/** The buyer's view: the policy, whether a request now is refunded at once, each ticket's quote, and their requests. */
export function buyerOptionsView(order: OrderRow, q: Awaited<ReturnType<typeof orderQuote>>) {
  return {
    policy: policyView(q.event.id, q.terms as PolicyTerms, q.event),
    withinPolicy: q.within,
    currency: order.currency,
    tickets: q.options,
    requests: q.requests.map(toRefundRequest),
  };
}
