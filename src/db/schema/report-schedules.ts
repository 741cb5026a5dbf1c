/**
 * Scheduled reports (issue #16 item 6): a member's standing order for a report PDF by email — which report, which
 * events (none: every event in play), daily or weekly at a local hour in the organization's time zone.
 * `last_sent_key` is the period (local day, ISO week) last queued, so a schedule sends once per period however often
 * the cron runs. The unsubscribe link is signed, not stored (src/domains/report-schedules/unsubscribe-link.ts).
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organizations, users } from './tenancy';
import { createdAt, id, organizationId, updatedAt } from './columns';

export const SCHEDULED_REPORT_KINDS = ['settlement', 'sales_summary'] as const;
export const REPORT_FREQUENCIES = ['daily', 'weekly'] as const;

export const reportSchedules = sqliteTable(
  'report_schedules',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    userId: text()
      .notNull()
      .references(() => users.id),
    kind: text({ enum: SCHEDULED_REPORT_KINDS }).notNull(),
    /** The events reported on; empty: every event in play when it is sent (at most 10). */
    eventIds: text({ mode: 'json' }).$type<string[]>().notNull(),
    frequency: text({ enum: REPORT_FREQUENCIES }).notNull(),
    /** ISO weekday for weekly schedules (1 Monday … 7 Sunday); null for daily ones. */
    weekday: integer(),
    /** The local hour (0–23) it goes out, in the organization's time zone. */
    hour: integer().notNull(),
    lastSentKey: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('report_schedules_org_user_idx').on(t.organizationId, t.userId)],
);
