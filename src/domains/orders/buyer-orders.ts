/**
 * The orders one buyer email holds with one organization, for "Email me my orders" (email-order-links.ts): paid,
 * partially refunded and still-payable pending ones, across all of the organization's events, upcoming and running
 * events first (soonest first), then past ones (latest first), newest order first within an event, at most
 * MAX_LISTED_ORDERS. Emails are stored lowercased (EmailSchema trims and lowercases at checkout), so the lookup by the
 * lowercased address is case-insensitive and uses orders_org_email_idx.
 */
import { and, asc, desc, eq, gt, inArray, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { events } from '../../db/schema/events';
import { orders } from '../../db/schema/orders';
import { normalizedEmail } from '../shared-schemas';

export const LISTED_ORDER_STATUSES = ['paid', 'partially_refunded', 'pending'] as const;
export const MAX_LISTED_ORDERS = 20;

export type BuyerOrder = {
  id: string;
  status: (typeof LISTED_ORDER_STATUSES)[number];
  locale: string;
  buyerName: string;
  accessTokenSealed: string | null;
  createdAt: Date;
  eventId: string;
  eventName: string;
  startsAt: Date;
  timezone: string;
};

/** `orderIds` narrows the list to those orders (the email is written from the ids the request found, if they still qualify). */
export async function buyerOrders(db: Database, input: { organizationId: string; email: string; now: Date; orderIds?: readonly string[] }): Promise<BuyerOrder[]> {
  if (input.orderIds && !input.orderIds.length) return [];
  const now = input.now.getTime();
  const rows = await db
    .select({
      id: orders.id,
      status: orders.status,
      locale: orders.locale,
      buyerName: orders.buyerName,
      accessTokenSealed: orders.accessTokenSealed,
      createdAt: orders.createdAt,
      eventId: events.id,
      eventName: events.name,
      startsAt: events.startsAt,
      timezone: events.timezone,
    })
    .from(orders)
    .innerJoin(events, and(eq(events.organizationId, orders.organizationId), eq(events.id, orders.eventId)))
    .where(
      and(
        eq(orders.organizationId, input.organizationId),
        eq(orders.buyerEmail, normalizedEmail(input.email)),
        inArray(orders.status, [...LISTED_ORDER_STATUSES]),
        // A pending order past its expiry can't be paid any more (the sweep cancels it soon): not worth a link.
        or(ne(orders.status, 'pending'), gt(orders.expiresAt, input.now)),
        input.orderIds ? inArray(orders.id, [...input.orderIds]) : undefined,
      ),
    )
    .orderBy(
      sql`case when ${events.endsAt} >= ${now} then 0 else 1 end`,
      sql`case when ${events.endsAt} >= ${now} then ${events.startsAt} end asc`,
      desc(events.startsAt),
      desc(orders.createdAt),
      asc(orders.id),
    )
    .limit(MAX_LISTED_ORDERS);
  return rows as BuyerOrder[];
}
