/** Notifications port: messages waiting for delivery. The delivery queue (issue 6) drains this outbox. */
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant } from './columns';

export const NOTIFICATION_STATUSES = ['queued', 'sent', 'failed'] as const;

export const notificationOutbox = sqliteTable(
  'notification_outbox',
  {
    id: id(),
    /** Null only for messages to a person outside any tenant's context (password reset). */
    organizationId: text(),
    channel: text({ enum: ['email'] }).notNull(),
    recipient: text().notNull(),
    template: text().notNull(),
    locale: text().notNull(),
    payload: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text({ enum: NOTIFICATION_STATUSES }).notNull(),
    createdAt: createdAt(),
    sentAt: instant(),
  },
  (t) => [index('notification_outbox_org_idx').on(t.organizationId, t.id), index('notification_outbox_status_idx').on(t.status)],
);
