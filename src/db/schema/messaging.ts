/**
 * Messaging and background work (issue 6): notification templates and the dev mailbox, outgoing
 * webhooks (endpoints, events, deliveries), CSV exports, dead letters, occupancy snapshots and
 * reconciliation reports. Queues carry ids of these rows; the rows carry the state, so a redelivered
 * message finds its work done and does nothing twice.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant, organizationId, updatedAt } from './columns';
import { organizations } from './tenancy';

/** An organization's own wording for a template in one locale (the built-in defaults apply otherwise). */
export const notificationTemplates = sqliteTable(
  'notification_templates',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    template: text().notNull(),
    locale: text().notNull(),
    subject: text().notNull(),
    /** Plain text with {{placeholders}}; the HTML part is rendered from it. */
    body: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('notification_templates_org_template_locale_uq').on(t.organizationId, t.template, t.locale)],
);

/** Every message the dev mailbox provider "sent": readable through the API locally (and by tests). */
export const mailboxMessages = sqliteTable(
  'mailbox_messages',
  {
    id: id(),
    /** Null for messages outside any organization (password reset). */
    organizationId: text(),
    /** The outbox row it delivers: unique, so a redelivered queue message stores nothing twice. */
    notificationId: text().notNull(),
    recipient: text().notNull(),
    /** The From header it went out with (EMAIL_FROM at the time); empty for messages stored before it was kept. */
    sender: text().notNull().default(''),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    /** [{ filename, contentType, size, key }] — the bytes live in R2 under `key`. */
    attachments: text({ mode: 'json' }).$type<{ filename: string; contentType: string; size: number; key: string }[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('mailbox_messages_notification_uq').on(t.notificationId), index('mailbox_messages_org_idx').on(t.organizationId, t.id), index('mailbox_messages_recipient_idx').on(t.recipient, t.id)],
);

export const WEBHOOK_EVENT_TYPES = ['order.paid', 'order.refunded', 'order.cancelled', 'refund.requested', 'refund.declined', 'ticket.checked_in', 'ticket.transferred', 'event.published', 'event.cancelled', 'export.completed', 'waitlist.offered', 'waitlist.claimed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    url: text().notNull(),
    description: text(),
    eventTypes: text({ mode: 'json' }).$type<WebhookEventType[]>().notNull(),
    /** The signing secret (`whsec_…`), encrypted at rest; the previous one stays valid until `previousSecretExpiresAt`. */
    secret: text().notNull(),
    previousSecret: text(),
    previousSecretExpiresAt: instant(),
    status: text({ enum: ['active', 'disabled'] }).notNull(),
    disabledReason: text(),
    consecutiveFailures: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_org_idx').on(t.organizationId, t.id)],
);

/** Something that happened, once, for every subscribed endpoint (written in the same batch as the change). */
export const webhookEvents = sqliteTable(
  'webhook_events',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    type: text().notNull(),
    payload: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** Set when deliveries were created for it (the pump's marker). */
    fannedOutAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_events_org_idx').on(t.organizationId, t.id), index('webhook_events_pending_idx').on(t.fannedOutAt)],
);

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'dead'] as const;

/** One event to one endpoint: its attempts (status codes and timings) are the delivery log. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    endpointId: text()
      .notNull()
      .references(() => webhookEndpoints.id),
    eventId: text()
      .notNull()
      .references(() => webhookEvents.id),
    status: text({ enum: WEBHOOK_DELIVERY_STATUSES }).notNull(),
    attempts: text({ mode: 'json' }).$type<{ at: string; status: number | null; durationMs: number; error: string | null }[]>().notNull(),
    nextAttemptAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_uq').on(t.endpointId, t.eventId),
    index('webhook_deliveries_org_endpoint_idx').on(t.organizationId, t.endpointId, t.id),
    // The pump's reclaim scan: pending deliveries whose attempt was due long ago.
    index('webhook_deliveries_pending_idx').on(t.status, t.nextAttemptAt),
  ],
);

export const EXPORT_KINDS = ['orders', 'attendees', 'check_ins', 'settlement', 'sales_summary'] as const;
/** csv for every kind; pdf for the reports that are documents (settlement, sales_summary): src/domains/exports/report-pdf.ts. */
export const EXPORT_FORMATS = ['csv', 'pdf'] as const;
export const EXPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

export const exportJobs = sqliteTable(
  'export_jobs',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    kind: text({ enum: EXPORT_KINDS }).notNull(),
    format: text({ enum: EXPORT_FORMATS }).notNull().default('csv'),
    eventId: text(),
    status: text({ enum: EXPORT_STATUSES }).notNull(),
    /** Rows written so far and (when known up front) the total, for progress. */
    rowsWritten: integer().notNull().default(0),
    rowsTotal: integer(),
    objectKey: text(),
    sizeBytes: integer(),
    error: text(),
    requestedByUserId: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    completedAt: instant(),
    expiresAt: instant(),
  },
  (t) => [index('export_jobs_org_idx').on(t.organizationId, t.id)],
);

/** Messages that ran out of retries: kept for operators to inspect and replay. */
export const deadLetters = sqliteTable(
  'dead_letters',
  {
    id: id(),
    queue: text().notNull(),
    /** The queue message id: a dead letter delivered twice is stored once. */
    messageId: text().notNull(),
    body: text({ mode: 'json' }).$type<unknown>().notNull(),
    attempts: integer().notNull(),
    receivedAt: instant().notNull(),
    replayedAt: instant(),
    replayedByUserId: text(),
  },
  (t) => [uniqueIndex('dead_letters_message_uq').on(t.queue, t.messageId), index('dead_letters_queue_idx').on(t.queue, t.id)],
);

/** Per event, per cron tick: what the inventory said (sold, held, checked in, capacity). */
export const occupancySnapshots = sqliteTable(
  'occupancy_snapshots',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text().notNull(),
    takenAt: instant().notNull(),
    capacity: integer().notNull(),
    sold: integer().notNull(),
    held: integer().notNull(),
    checkedIn: integer().notNull(),
  },
  (t) => [uniqueIndex('occupancy_snapshots_event_time_uq').on(t.eventId, t.takenAt), index('occupancy_snapshots_org_event_idx').on(t.organizationId, t.eventId, t.takenAt)],
);

/** The nightly comparison of each event's DO with D1: drift is reported, never silently fixed. */
export const reconciliationReports = sqliteTable(
  'reconciliation_reports',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text().notNull(),
    ranAt: instant().notNull(),
    doSold: integer().notNull(),
    dbSold: integer().notNull(),
    doCheckedIn: integer().notNull(),
    dbCheckedIn: integer().notNull(),
    drift: integer({ mode: 'boolean' }).notNull(),
  },
  (t) => [index('reconciliation_reports_org_idx').on(t.organizationId, t.eventId, t.ranAt)],
);
