/**
 * Orders and what hangs off them, as replicated from D1 (src/db/schema/orders.ts): orders, their lines, tickets,
 * payments, refunds. They change over their life (paid, refunded, cancelled), so each is keyed by id alone and
 * upserted by (id, version); they are not partitioned (docs/postgres.md, "Partitioning").
 */
import { index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { id, instant, minor, organizationId, replicatedAt, version } from './columns';

export const orders = pgTable(
  'orders',
  {
    id: id(),
    organizationId: organizationId(),
    eventId: text().notNull(),
    status: text().notNull(),
    buyerName: text().notNull(),
    buyerEmail: text().notNull(),
    currency: text().notNull(),
    subtotalMinor: minor(),
    discountMinor: minor(),
    buyerFeeMinor: minor(),
    organizerFeeMinor: minor(),
    vatMinor: minor(),
    donationMinor: minor(),
    totalMinor: minor(),
    refundedMinor: minor(),
    couponId: text(),
    paymentProvider: text().notNull(),
    /** The buyer's language (en, af): the orders export shows it. */
    locale: text(),
    /** Where the order came from (storefront, box office, API key …), for sales by channel. */
    channel: text().notNull().default('storefront'),
    paidAt: instant(),
    cancelledAt: instant(),
    createdAt: instant().notNull(),
    updatedAt: instant().notNull(),
    version: version(),
    replicatedAt: replicatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.id] }),
    index('pg_orders_org_event_idx').on(t.organizationId, t.eventId, t.status),
    index('pg_orders_org_created_idx').on(t.organizationId, t.createdAt),
    // The orders export's keyset (organization, id).
    index('pg_orders_org_id_idx').on(t.organizationId, t.id),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: id(),
    organizationId: organizationId(),
    orderId: text().notNull(),
    eventId: text().notNull(),
    ticketTypeId: text().notNull(),
    seatId: text(),
    unitPriceMinor: minor(),
    discountMinor: minor(),
    buyerFeeMinor: minor(),
    organizerFeeMinor: minor(),
    vatMinor: minor(),
    totalMinor: minor(),
    createdAt: instant().notNull(),
    version: version(),
    replicatedAt: replicatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.id] }),
    index('pg_order_lines_org_order_idx').on(t.organizationId, t.orderId),
    index('pg_order_lines_org_event_type_idx').on(t.organizationId, t.eventId, t.ticketTypeId),
  ],
);

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    organizationId: organizationId(),
    eventId: text().notNull(),
    orderId: text().notNull(),
    orderLineId: text().notNull(),
    ticketTypeId: text().notNull(),
    seatId: text(),
    attendeeName: text(),
    status: text().notNull(),
    /** The QR secret's generation (a re-issue bumps it); the token itself never leaves D1. */
    secretVersion: integer().notNull(),
    issuedAt: instant().notNull(),
    cancelledAt: instant(),
    checkedInAt: instant(),
    version: version(),
    replicatedAt: replicatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.id] }),
    index('pg_tickets_org_event_idx').on(t.organizationId, t.eventId, t.status),
    index('pg_tickets_org_order_idx').on(t.organizationId, t.orderId),
    // The attendees export's keyset (organization, event, id).
    index('pg_tickets_org_event_id_idx').on(t.organizationId, t.eventId, t.id),
  ],
);

export const payments = pgTable(
  'payments',
  {
    id: id(),
    organizationId: organizationId(),
    orderId: text().notNull(),
    provider: text().notNull(),
    providerPaymentId: text(),
    amountMinor: minor(),
    currency: text().notNull(),
    status: text().notNull(),
    createdAt: instant().notNull(),
    updatedAt: instant().notNull(),
    version: version(),
    replicatedAt: replicatedAt(),
  },
  (t) => [primaryKey({ columns: [t.id] }), index('pg_payments_org_order_idx').on(t.organizationId, t.orderId)],
);

export const refunds = pgTable(
  'refunds',
  {
    id: id(),
    organizationId: organizationId(),
    orderId: text().notNull(),
    paymentId: text().notNull(),
    amountMinor: minor(),
    currency: text().notNull(),
    reason: text().notNull(),
    ticketIds: jsonb().$type<string[]>().notNull(),
    status: text().notNull(),
    createdAt: instant().notNull(),
    updatedAt: instant().notNull(),
    version: version(),
    replicatedAt: replicatedAt(),
  },
  (t) => [primaryKey({ columns: [t.id] }), index('pg_refunds_org_order_idx').on(t.organizationId, t.orderId)],
);
