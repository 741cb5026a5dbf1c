/** Ticket transfers (issue #17, docs/buyers.md "Ticket transfer"): each event's transfer policy, and every hand-over of a ticket with the recipient's own link. */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, organizationId, updatedAt } from './columns';
import { events } from './events';
import { organizations } from './tenancy';

/** Whether an event's tickets may be handed on, and until when; an event without a row has the defaults (transfer.ts). */
export const eventTransferPolicies = sqliteTable(
  'event_transfer_policies',
  {
    eventId: text()
      .primaryKey()
      .references(() => events.id),
    organizationId: organizationId().references(() => organizations.id),
    allowed: integer({ mode: 'boolean' }).notNull(),
    /** Transfers close this many minutes before doors (or the start, without doors). */
    cutoffMinutes: integer().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [index('event_transfer_policies_org_idx').on(t.organizationId, t.eventId)],
);

/**
 * One hand-over of a ticket: the ticket's n-th (`seq`) transfer, to a named recipient, who gets a link of their own
 * (`linkHash`: SHA-256 of 256 random bits; `linkSealed`: the token sealed under TICKET_KEY_SECRET, opened only to
 * write the recipient's email). The newest row of a ticket is its current holder; an older row's link shows the
 * ticket as passed on. A trigger (migration, hand-written part) refuses a row unless the ticket is still valid, at
 * `fromSecretVersion`, and not claimed by a refund: of two racing transfers exactly one batch commits.
 */
export const ticketTransfers = sqliteTable(
  'ticket_transfers',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text().notNull(),
    orderId: text().notNull(),
    /** No foreign key: archival (docs/postgres.md) prunes tickets from D1 and must not be blocked by their transfers. */
    ticketId: text().notNull(),
    seq: integer().notNull(),
    fromSecretVersion: integer().notNull(),
    toSecretVersion: integer().notNull(),
    recipientName: text().notNull(),
    recipientEmail: text().notNull(),
    recipientPhone: text(),
    locale: text().notNull(),
    linkHash: text().notNull(),
    linkSealed: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ticket_transfers_ticket_seq_uq').on(t.ticketId, t.seq),
    uniqueIndex('ticket_transfers_link_uq').on(t.linkHash),
    index('ticket_transfers_org_order_idx').on(t.organizationId, t.orderId),
  ],
);
