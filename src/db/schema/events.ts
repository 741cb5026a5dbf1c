/** Events (lifecycle, sale window, doors) and their ticket types. Live inventory lives in the event's Durable Object. */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant, organizationId, updatedAt } from './columns';
import { organizations } from './tenancy';
import { layouts, venues } from './venues';

export const EVENT_STATUSES = ['draft', 'published', 'on_sale', 'sales_closed', 'completed', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const events = sqliteTable(
  'events',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    venueId: text()
      .notNull()
      .references(() => venues.id),
    /** Null for an event with general admission only. */
    layoutId: text().references(() => layouts.id),
    /** The layout version copied into the event's inventory at publish; later layout edits don't touch it. */
    layoutVersion: integer(),
    name: text().notNull(),
    description: text(),
    status: text({ enum: EVENT_STATUSES }).notNull(),
    /** IANA zone the event displays in (the venue's unless overridden). */
    timezone: text().notNull(),
    startsAt: instant().notNull(),
    endsAt: instant().notNull(),
    doorsAt: instant(),
    saleStartsAt: instant(),
    saleEndsAt: instant(),
    holdTtlSeconds: integer().notNull(),
    /** Scanning out and back in again is allowed (otherwise a second entry is a duplicate). */
    reentryAllowed: integer({ mode: 'boolean' }).notNull().default(false),
    /**
     * Section shards (docs/waiting-room.md): a seated event with more seats for sale than this is split at publish into
     * up to `shardCount` inventory objects by section. Null: never split. Fixed once published.
     */
    shardThreshold: integer(),
    shardCount: integer().notNull().default(4),
    publishedAt: instant(),
    cancelledAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('events_org_idx').on(t.organizationId, t.id), index('events_org_status_idx').on(t.organizationId, t.status)],
);

export const TICKET_TYPE_KINDS = ['seated', 'ga'] as const;
export const TICKET_TYPE_VISIBILITIES = ['visible', 'hidden'] as const;

export const ticketTypes = sqliteTable(
  'ticket_types',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text()
      .notNull()
      .references(() => events.id),
    name: text().notNull(),
    kind: text({ enum: TICKET_TYPE_KINDS }).notNull(),
    /** Seated: the seat categories this type sells. */
    categories: text({ mode: 'json' }).$type<string[]>().notNull(),
    /** GA: the layout's area it admits to (shares that area's capacity), if any. */
    gaAreaKey: text(),
    /** A cap on this type alone (GA without an area needs one; seated may have one). */
    capacity: integer(),
    priceMinor: integer().notNull(),
    currency: text().notNull(),
    minPerOrder: integer().notNull(),
    maxPerOrder: integer().notNull(),
    saleStartsAt: instant(),
    saleEndsAt: instant(),
    visibility: text({ enum: TICKET_TYPE_VISIBILITIES }).notNull(),
    /** The gates that admit this ticket type; empty = every gate. */
    gateIds: text({ mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    position: integer().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('ticket_types_org_event_idx').on(t.organizationId, t.eventId)],
);
