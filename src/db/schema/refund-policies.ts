/** Buyer refunds by policy: each event's refund policy, and the refund requests buyers send from their order page. */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant, organizationId, updatedAt } from './columns';
import { events } from './events';
import { orders } from './orders';
import { organizations } from './tenancy';

/** `none`: no automatic buyer refunds (the buyer may still ask); `until_days_before`: automatic until N days before the start. */
export const REFUND_POLICY_MODES = ['none', 'until_days_before'] as const;
export type RefundPolicyMode = (typeof REFUND_POLICY_MODES)[number];

/** One row per event; an event without a row has the policy `none`. */
export const refundPolicies = sqliteTable(
  'refund_policies',
  {
    eventId: text()
      .primaryKey()
      .references(() => events.id),
    organizationId: organizationId().references(() => organizations.id),
    mode: text({ enum: REFUND_POLICY_MODES }).notNull(),
    /** Automatic refunds end this many calendar days before the event starts (wall clock in the event's time zone). */
    daysBefore: integer().notNull().default(0),
    /** Kept per ticket: this share of the ticket's refundable amount, in basis points (250 = 2.5 %)… */
    feeBasisPoints: integer().notNull().default(0),
    /** …plus this fixed amount per ticket, in the event's currency (never more than the ticket's refundable amount). */
    feeFixedMinor: integer().notNull().default(0),
    /** Whether the booking fee the buyer paid comes back (false: it is kept, like the fee above). */
    refundBookingFee: integer({ mode: 'boolean' }).notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [index('refund_policies_org_idx').on(t.organizationId, t.eventId)],
);

/**
 * `open`: waiting for the organizer; `approved`: being paid (inside the policy from the start, or approved by the
 * organizer); `refunded`: paid back; `declined`: the organizer said no, with a reason. A trigger allows only
 * open → approved | declined and approved → refunded | open (nothing was paid: back to the organizer), so a
 * request is decided once; a second approval (approved → approved) aborts too (`refund_requests_decide_once`).
 */
export const REFUND_REQUEST_STATUSES = ['open', 'approved', 'refunded', 'declined'] as const;
export type RefundRequestStatus = (typeof REFUND_REQUEST_STATUSES)[number];

export const refundRequests = sqliteTable(
  'refund_requests',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    eventId: text().notNull(),
    ticketIds: text({ mode: 'json' }).$type<string[]>().notNull(),
    reason: text(),
    status: text({ enum: REFUND_REQUEST_STATUSES }).notNull(),
    /** Whether the policy allowed it when asked (then it was refunded at once). */
    withinPolicy: integer({ mode: 'boolean' }).notNull(),
    /** What the tickets can give back (their totals, less the booking fee unless the policy returns it). */
    baseMinor: integer().notNull(),
    /** What the policy keeps of that. */
    feeMinor: integer().notNull(),
    /** What the policy gives back (base − fee); an approving organizer may pay another amount (refundedMinor). */
    quotedMinor: integer().notNull(),
    currency: text().notNull(),
    refundId: text(),
    refundedMinor: integer(),
    declineReason: text(),
    decidedBy: text(),
    decidedAt: instant(),
    /** The buyer's Idempotency-Key (or a random one): the same request twice files one. */
    idempotencyKey: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('refund_requests_org_key_uq').on(t.organizationId, t.idempotencyKey),
    index('refund_requests_org_status_idx').on(t.organizationId, t.status, t.id),
    index('refund_requests_org_order_idx').on(t.organizationId, t.orderId),
  ],
);

/**
 * A ticket in an open or refunded request, inserted in the batch that files the request: the primary key makes a
 * second request for the same ticket fail its batch (409). A declined request deletes its rows, so the buyer may ask again.
 */
export const refundRequestTickets = sqliteTable(
  'refund_request_tickets',
  {
    ticketId: text().primaryKey(),
    organizationId: organizationId().references(() => organizations.id),
    requestId: text().notNull(),
  },
  (t) => [index('refund_request_tickets_org_request_idx').on(t.organizationId, t.requestId)],
);
