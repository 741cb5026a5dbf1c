/**
 * Notifications outbox: domain code writes a row in the same batch as the change it announces; the
 * outbox pump hands it to the notifications queue; the consumer renders and sends it once.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant } from './columns';

export const NOTIFICATION_STATUSES = ['queued', 'sent', 'failed', 'suppressed'] as const;

export const notificationOutbox = sqliteTable(
  'notification_outbox',
  {
    id: id(),
    /** Null only for messages to a person outside any tenant's context (password reset). */
    organizationId: text(),
    channel: text({ enum: ['email', 'sms', 'whatsapp'] }).notNull(),
    recipient: text().notNull(),
    template: text().notNull(),
    locale: text().notNull(),
    payload: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text({ enum: NOTIFICATION_STATUSES }).notNull(),
    /** When the pump handed it to the queue (null: not yet; the pump picks it up). */
    enqueuedAt: instant(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /** The provider's id for the sent message (the dev mailbox's message id locally). */
    providerMessageId: text(),
    /** Messages that must go once per occasion (a reminder per order, a daily report per day) carry a key; unique. */
    dedupeKey: text(),
    /** Not before this time (event reminders are written ahead). */
    sendAfter: instant(),
    createdAt: createdAt(),
    sentAt: instant(),
  },
  (t) => [
    index('notification_outbox_org_idx').on(t.organizationId, t.id),
    index('notification_outbox_status_idx').on(t.status),
    index('notification_outbox_pump_idx').on(t.enqueuedAt, t.status),
    uniqueIndex('notification_outbox_dedupe_uq').on(t.dedupeKey),
  ],
);
