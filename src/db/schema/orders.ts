/** Orders and what hangs off them: lines (one per ticket), tickets, payments, refunds, provider webhook dedupe, ticket signing keys. */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant, organizationId, updatedAt } from './columns';
import { events } from './events';
import { organizations } from './tenancy';

export const ORDER_STATUSES = ['pending', 'paid', 'partially_refunded', 'refunded', 'cancelled', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The quote locked in at checkout: every amount the buyer was shown, line by line (see domains/pricing). */
export type LockedQuote = Record<string, unknown>;

export const orders = sqliteTable(
  'orders',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text()
      .notNull()
      .references(() => events.id),
    status: text({ enum: ORDER_STATUSES }).notNull(),
    /** SHA-256 of the buyer's order-link token (256 random bits); what the public order routes look up. */
    accessTokenHash: text().notNull(),
    /** The token sealed under TICKET_KEY_SECRET, opened only to write the link into the buyer's emails (access-token.ts). */
    accessTokenSealed: text(),
    buyerName: text().notNull(),
    buyerEmail: text().notNull(),
    locale: text().notNull(),
    currency: text().notNull(),
    subtotalMinor: integer().notNull(),
    discountMinor: integer().notNull(),
    buyerFeeMinor: integer().notNull(),
    /** Platform fee the organizer absorbs (not charged to the buyer). */
    organizerFeeMinor: integer().notNull(),
    vatMinor: integer().notNull(),
    donationMinor: integer().notNull(),
    totalMinor: integer().notNull(),
    /** What succeeded refunds paid back (the sum of this order's succeeded refunds). */
    refundedMinor: integer().notNull().default(0),
    /**
     * What refunds in flight have claimed but not yet paid back: a refund reserves its amount here BEFORE the
     * provider is called, so refunded + reserved can never pass the total (a trigger refuses it, migrations/0012).
     */
    refundReservedMinor: integer().notNull().default(0),
    couponId: text(),
    quote: text({ mode: 'json' }).$type<LockedQuote>().notNull(),
    holdIds: text({ mode: 'json' }).$type<string[]>().notNull(),
    paymentProvider: text().notNull(),
    /** When an unpaid order stops waiting (its holds' expiry plus a grace period). */
    expiresAt: instant().notNull(),
    paidAt: instant(),
    cancelledAt: instant(),
    /**
     * The storefront's random visitor id while the checkout is open (docs/analytics.md), so the step the payment's
     * webhook records (order completed, payment failed) joins the visitor's journey; null when the buyer opted out
     * (DNT/GPC) or sent none, and cleared when the order is paid, cancelled or expires: the link between a journey and
     * a named buyer lasts only as long as the checkout. Never shown, exported or copied to Postgres.
     */
    journeyVisitorId: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('orders_org_idx').on(t.organizationId, t.id),
    index('orders_org_event_status_idx').on(t.organizationId, t.eventId, t.status),
    index('orders_org_email_idx').on(t.organizationId, t.buyerEmail),
    uniqueIndex('orders_access_token_uq').on(t.accessTokenHash),
    // The cron sweep looks across organizations for unpaid orders past their expiry.
    index('orders_status_expires_idx').on(t.status, t.expiresAt),
    // The hourly D1 ↔ Postgres reconciliation finds events whose orders changed lately, across organizations.
    index('orders_updated_idx').on(t.updatedAt),
  ],
);

/** One line per ticket to be issued: its seat (or GA place), price breakdown and attendee. */
export const orderLines = sqliteTable(
  'order_lines',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    ticketTypeId: text().notNull(),
    holdId: text().notNull(),
    seatId: text(),
    attendeeName: text(),
    unitPriceMinor: integer().notNull(),
    discountMinor: integer().notNull(),
    buyerFeeMinor: integer().notNull(),
    organizerFeeMinor: integer().notNull(),
    vatMinor: integer().notNull(),
    totalMinor: integer().notNull(),
  },
  (t) => [index('order_lines_org_order_idx').on(t.organizationId, t.orderId)],
);

export const TICKET_STATUSES = ['valid', 'cancelled'] as const;

export const tickets = sqliteTable(
  'tickets',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text().notNull(),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    /** Unique: one ticket per order line, so a repeated completion can never issue a second. */
    orderLineId: text().notNull(),
    ticketTypeId: text().notNull(),
    seatId: text(),
    attendeeName: text(),
    status: text({ enum: TICKET_STATUSES }).notNull(),
    /** The signed QR token (docs/tickets.md); re-issuing bumps the version and revokes the old one. */
    qrToken: text().notNull(),
    secretVersion: integer().notNull(),
    issuedAt: instant().notNull(),
    cancelledAt: instant(),
    /**
     * Per event, rises on every change a scanner must learn (issued, cancelled, re-issued); set by
     * triggers (migrations/0007), so scanner manifests sync from a number instead of a clock.
     */
    changeSeq: integer().notNull().default(0),
  },
  (t) => [
    uniqueIndex('tickets_order_line_uq').on(t.orderLineId),
    index('tickets_event_change_idx').on(t.eventId, t.changeSeq),
    index('tickets_org_order_idx').on(t.organizationId, t.orderId),
    index('tickets_org_event_idx').on(t.organizationId, t.eventId),
  ],
);

export const PAYMENT_STATUSES = ['pending', 'completed', 'failed', 'refunded'] as const;

/** A payment attempt (Transaction): one checkout session at a provider. */
export const payments = sqliteTable(
  'payments',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    provider: text().notNull(),
    /** The provider's session id, known when the payment is created. */
    providerSessionId: text().notNull(),
    /** The provider's payment id, known once paid (what refunds refer to). */
    providerPaymentId: text(),
    amountMinor: integer().notNull(),
    currency: text().notNull(),
    status: text({ enum: PAYMENT_STATUSES }).notNull(),
    redirectUrl: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('payments_provider_session_uq').on(t.provider, t.providerSessionId), index('payments_org_order_idx').on(t.organizationId, t.orderId)],
);

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export const refunds = sqliteTable(
  'refunds',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    paymentId: text().notNull(),
    amountMinor: integer().notNull(),
    currency: text().notNull(),
    reason: text().notNull(),
    /** The tickets this refund cancels (empty for an amount-only refund). */
    ticketIds: text({ mode: 'json' }).$type<string[]>().notNull(),
    status: text({ enum: REFUND_STATUSES }).notNull(),
    providerRefundId: text(),
    /** Unique per organization: the same refund request twice refunds once. */
    idempotencyKey: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('refunds_org_key_uq').on(t.organizationId, t.idempotencyKey), index('refunds_org_order_idx').on(t.organizationId, t.orderId)],
);

/**
 * A ticket claimed by a refund, inserted in the same batch that reserves the refund's amount and BEFORE the
 * provider is called: the primary key makes a second refund of the same ticket fail its batch. A failed refund
 * deletes its claims; a succeeded one keeps them (the ticket is cancelled for good).
 */
export const refundTicketClaims = sqliteTable(
  'refund_ticket_claims',
  {
    ticketId: text().primaryKey(),
    organizationId: organizationId().references(() => organizations.id),
    orderId: text().notNull(),
    refundId: text().notNull(),
  },
  (t) => [index('refund_ticket_claims_org_refund_idx').on(t.organizationId, t.refundId)],
);

/**
 * A hold bound to the checkout that took it: inserted before any payment session starts, so a second checkout
 * of the same hold (another buyer, or a retry under another key) is refused with 409. Holds are never reused,
 * so a claim stays; a checkout that fails before its order is written deletes its claims.
 */
export const holdClaims = sqliteTable(
  'hold_claims',
  {
    holdId: text().primaryKey(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text().notNull(),
    orderId: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('hold_claims_org_order_idx').on(t.organizationId, t.orderId)],
);

/** Every provider webhook event seen, keyed by the provider's own id: a redelivery is recognised and not processed twice. */
export const providerEvents = sqliteTable(
  'provider_events',
  {
    id: id(),
    organizationId: text(),
    provider: text().notNull(),
    providerEventId: text().notNull(),
    type: text().notNull(),
    orderId: text(),
    receivedAt: instant().notNull(),
    processedAt: instant(),
    outcome: text(),
  },
  (t) => [uniqueIndex('provider_events_provider_event_uq').on(t.provider, t.providerEventId), index('provider_events_org_idx').on(t.organizationId, t.id)],
);

/** Per-event Ed25519 signing keys for QR tokens; the private key is stored encrypted (AES-GCM under TICKET_KEY_SECRET). */
export const eventKeys = sqliteTable(
  'event_keys',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text()
      .notNull()
      .references(() => events.id),
    version: integer().notNull(),
    publicKey: text().notNull(),
    encryptedPrivateKey: text().notNull(),
    createdAt: createdAt(),
    retiredAt: instant(),
  },
  (t) => [uniqueIndex('event_keys_event_version_uq').on(t.eventId, t.version), index('event_keys_org_event_idx').on(t.organizationId, t.eventId)],
);
