/**
 * SMS and WhatsApp (issue 17): what each buyer chose at checkout or later on the order page (one row per order, the
 * consent as it stands), the history of those choices (what was agreed to, when, in which wording), and the dev
 * outbox where the `outbox` providers keep messages instead of sending them (development/test only).
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant, organizationId, updatedAt } from './columns';
import { organizations } from './tenancy';

export const PHONE_CHANNELS = ['sms', 'whatsapp'] as const;
export type PhoneChannel = (typeof PHONE_CHANNELS)[number];
export const CONSENT_ACTIONS = ['opt_in', 'change', 'opt_out'] as const;
export const CONSENT_SOURCES = ['checkout', 'order_page', 'waitlist'] as const;

/** The buyer's current choice for an order: a channel and number while opted in; opted out keeps the row (optedOutAt). */
export const orderChannels = sqliteTable(
  'order_channels',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    orderId: text().notNull(),
    channel: text({ enum: PHONE_CHANNELS }).notNull(),
    /** E.164, e.g. +27821234567. */
    phone: text().notNull(),
    /** The opt-in wording's version the buyer ticked (channel-consent.ts). */
    wordingVersion: text().notNull(),
    optedInAt: instant().notNull(),
    /** Set: nothing goes out on any phone channel for this order (STOP, or the order page's opt-out). */
    optedOutAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('order_channels_order_uq').on(t.orderId), index('order_channels_org_idx').on(t.organizationId, t.orderId)],
);

/** Every choice as it was made: what the buyer agreed to, in which words, for which channel and number. */
export const channelConsentEvents = sqliteTable(
  'channel_consent_events',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    /** The order the choice is for, or null when it is for a waiting-list entry (waitlistEntryId). */
    orderId: text(),
    waitlistEntryId: text(),
    action: text({ enum: CONSENT_ACTIONS }).notNull(),
    source: text({ enum: CONSENT_SOURCES }).notNull(),
    channel: text({ enum: PHONE_CHANNELS }).notNull(),
    phone: text().notNull(),
    wordingVersion: text().notNull(),
    /** The exact sentence shown next to the checkbox (in the buyer's language), or the opt-out's. */
    wording: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('channel_consent_events_order_idx').on(t.organizationId, t.orderId, t.id), index('channel_consent_events_waitlist_idx').on(t.organizationId, t.waitlistEntryId, t.id)],
);

/** What the dev outbox "sent": readable by owners and admins through the API and the admin app. */
export const phoneOutboxMessages = sqliteTable(
  'phone_outbox_messages',
  {
    id: id(),
    organizationId: text(),
    /** The notification_outbox row it delivers: unique, so a redelivered queue message stores nothing twice. */
    notificationId: text().notNull(),
    channel: text({ enum: PHONE_CHANNELS }).notNull(),
    recipient: text().notNull(),
    template: text().notNull(),
    locale: text().notNull(),
    text: text().notNull(),
    encoding: text({ enum: ['gsm7', 'ucs2'] }).notNull(),
    segments: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('phone_outbox_notification_uq').on(t.notificationId), index('phone_outbox_org_idx').on(t.organizationId, t.id), index('phone_outbox_recipient_idx').on(t.recipient, t.id)],
);
