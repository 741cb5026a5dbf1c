/** The orders export: one row per order, by id on `orders_org_idx` (an event filter applied as a plain filter). */
import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import { events } from '../../../db/schema/events';
import { orders, tickets } from '../../../db/schema/orders';
import { coupons } from '../../../db/schema/pricing';
import { localDateTime, money, utc } from '../csv';
import { next, type ExportKindSpec } from '../kind-spec';

const orderColumns = [
  'order_id',
  'created_at_utc',
  'created_at_local',
  'status',
  'buyer_name',
  'buyer_email',
  'event_id',
  'event_name',
  'event_timezone',
  'currency',
  'subtotal',
  'discount',
  'buyer_fee',
  'organizer_fee',
  'vat',
  'donation',
  'total',
  'refunded',
  'coupon_code',
  'tickets',
  'paid_at_utc',
  'cancelled_at_utc',
  'payment_provider',
  'locale',
] as const;

export const ordersKind: ExportKindSpec = {
  reads: ['orders.read'],
  needsEvent: false,
  header: orderColumns,
  async count({ db, organizationId, eventId }) {
    const [row] = await db
      .select({ n: count() })
      .from(orders)
      .where(and(eq(orders.organizationId, organizationId), eventId ? eq(orders.eventId, eventId) : undefined));
    return row?.n ?? 0;
  },
  async page({ db, organizationId, eventId }, after, limit) {
    const rows = await db
      .select({
        id: orders.id,
        createdAt: orders.createdAt,
        status: orders.status,
        buyerName: orders.buyerName,
        buyerEmail: orders.buyerEmail,
        eventId: orders.eventId,
        eventName: events.name,
        timezone: events.timezone,
        currency: orders.currency,
        subtotalMinor: orders.subtotalMinor,
        discountMinor: orders.discountMinor,
        buyerFeeMinor: orders.buyerFeeMinor,
        organizerFeeMinor: orders.organizerFeeMinor,
        vatMinor: orders.vatMinor,
        donationMinor: orders.donationMinor,
        totalMinor: orders.totalMinor,
        refundedMinor: orders.refundedMinor,
        couponCode: coupons.code,
        tickets: sql<number>`(select count(*) from ${tickets} where ${tickets.organizationId} = ${orders.organizationId} and ${tickets.orderId} = ${orders.id})`.mapWith(Number),
        paidAt: orders.paidAt,
        cancelledAt: orders.cancelledAt,
        paymentProvider: orders.paymentProvider,
        locale: orders.locale,
      })
      .from(orders)
      .innerJoin(events, and(eq(events.organizationId, orders.organizationId), eq(events.id, orders.eventId)))
      .leftJoin(coupons, and(eq(coupons.organizationId, orders.organizationId), eq(coupons.id, orders.couponId)))
      .where(and(eq(orders.organizationId, organizationId), eventId ? sql`+${orders.eventId} = ${eventId}` : undefined, after ? gt(orders.id, after) : undefined))
      .orderBy(asc(orders.id))
      .limit(limit);
    return {
      rows: rows.map((o) => [
        o.id,
        utc(o.createdAt),
        localDateTime(o.createdAt, o.timezone),
        o.status,
        o.buyerName,
        o.buyerEmail,
        o.eventId,
        o.eventName,
        o.timezone,
        o.currency,
        money(o.subtotalMinor, o.currency),
        money(o.discountMinor, o.currency),
        money(o.buyerFeeMinor, o.currency),
        money(o.organizerFeeMinor, o.currency),
        money(o.vatMinor, o.currency),
        money(o.donationMinor, o.currency),
        money(o.totalMinor, o.currency),
        money(o.refundedMinor, o.currency),
        o.couponCode,
        o.tickets,
        utc(o.paidAt),
        utc(o.cancelledAt),
        o.paymentProvider,
        o.locale,
      ]),
      next: next(rows, limit),
    };
  },
};

