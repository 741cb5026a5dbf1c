/** Waiting lists (issue #17, docs/buyers.md "Waiting list"): settings per event and the entries; offers are holds in the event's inventory. */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant, organizationId, updatedAt } from './columns';
import { organizations } from './tenancy';
import { events } from './events';
import { PHONE_CHANNELS } from './channels';

export const WAITLIST_ENTRY_STATUSES = ['waiting', 'offered', 'claimed', 'lapsed', 'left'] as const;
export type WaitlistEntryStatus = (typeof WAITLIST_ENTRY_STATUSES)[number];
/** Statuses of an entry still in line (one per email per event). */
export const OPEN_WAITLIST_STATUSES = ['waiting', 'offered'] as const;

export const waitlistSettings = sqliteTable('waitlist_settings', {
  eventId: text()
    .primaryKey()
    .references(() => events.id),
  organizationId: organizationId().references(() => organizations.id),
  enabled: integer({ mode: 'boolean' }).notNull(),
  /** How long an offer's held seats wait for their buyer. */
  offerMinutes: integer().notNull(),
  updatedAt: updatedAt(),
}, (t) => [index('waitlist_settings_org_event_idx').on(t.organizationId, t.eventId)]);

export const waitlistEntries = sqliteTable(
  'waitlist_entries',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text()
      .notNull()
      .references(() => events.id),
    /** Null: any ticket type. */
    ticketTypeId: text(),
    email: text().notNull(),
    name: text().notNull(),
    quantity: integer().notNull(),
    locale: text().notNull(),
    /** Place in line (1, 2, …) within the event, by joining order. */
    position: integer().notNull(),
    status: text({ enum: WAITLIST_ENTRY_STATUSES }).notNull(),
    /** The current (or last) offer: its hold in the inventory and when it lapses. */
    offerHoldId: text(),
    offerExpiresAt: instant(),
    offers: integer().notNull().default(0),
    orderId: text(),
    /** SMS or WhatsApp for the offer too (opted in when joining, channel_consent_events); null: email only. */
    phoneChannel: text({ enum: PHONE_CHANNELS }),
    /** E.164, with phoneChannel. */
    phone: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('waitlist_entries_event_idx').on(t.organizationId, t.eventId, t.status, t.position),
    // The minute cron's "which events have a line" (serveWaitlists): across tenants by status, so status leads.
    index('waitlist_entries_status_idx').on(t.status, t.organizationId, t.eventId),
    uniqueIndex('waitlist_entries_event_position_idx').on(t.eventId, t.position),
    // One entry in line per email per event: joining again updates it.
    uniqueIndex('waitlist_entries_open_email_idx').on(t.eventId, t.email).where(sql`status in ('waiting', 'offered')`),
  ],
);
