/** The orders export: one row per order from the Postgres copy, by id on `pg_orders_org_id_idx` (organization, id). */
import { and, asc, count, eq, gt, inArray } from 'drizzle-orm';
import { orders, tickets } from '../../../db/postgres';
import { localDateTime, money, utc } from '../csv';
import { eventsById, namesById } from '../lookups';
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
  async count({ pg, organizationId, eventId }) {
    const [row] = await pg((tx) =>
      tx
        .select({ n: count() })
        .from(orders)
        .where(and(eq(orders.organizationId, organizationId), eventId ? eq(orders.eventId, eventId) : undefined)),
    );
    return Number(row?.n ?? 0);
  },
  async page({ db, pg, organizationId, eventId }, after, limit) {
    const { rows, ticketsOf } = await pg(async (tx) => {
      const rows = await tx
        .select()
        .from(orders)
        .where(and(eq(orders.organizationId, organizationId), eventId ? eq(orders.eventId, eventId) : undefined, after ? gt(orders.id, after) : undefined))
        .orderBy(asc(orders.id))
        .limit(limit);
      const counts = rows.length
        ? await tx
            .select({ orderId: tickets.orderId, n: count() })
            .from(tickets)
            .where(and(eq(tickets.organizationId, organizationId), inArray(tickets.orderId, rows.map((r) => r.id))))
            .groupBy(tickets.orderId)
        : [];
      return { rows, ticketsOf: new Map(counts.map((c) => [c.orderId, Number(c.n)])) };
    });
    const [eventOf, couponOf] = await Promise.all([eventsById(db, organizationId, rows.map((r) => r.eventId)), namesById(db, organizationId, 'coupons', rows.map((r) => r.couponId))]);
    return {
      rows: rows.map((o) => {
        const event = eventOf.get(o.eventId);
        return [
          o.id,
          utc(o.createdAt),
          localDateTime(o.createdAt, event?.timezone ?? 'UTC'),
          o.status,
          o.buyerName,
          o.buyerEmail,
          o.eventId,
          event?.name ?? null,
          event?.timezone ?? null,
          o.currency,
          money(o.subtotalMinor, o.currency),
          money(o.discountMinor, o.currency),
          money(o.buyerFeeMinor, o.currency),
          money(o.organizerFeeMinor, o.currency),
          money(o.vatMinor, o.currency),
          money(o.donationMinor, o.currency),
          money(o.totalMinor, o.currency),
          money(o.refundedMinor, o.currency),
          o.couponId ? (couponOf.get(o.couponId) ?? null) : null,
          ticketsOf.get(o.id) ?? 0,
          utc(o.paidAt),
          utc(o.cancelledAt),
          o.paymentProvider,
          o.locale,
        ];
      }),
      next: next(rows, limit),
    };
  },
};
