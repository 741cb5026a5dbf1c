/**
 * What D1 keeps about the cold layer (docs/postgres.md, "Reconciliation" and "Archival"): each hourly comparison of
 * an event's figures in D1 and Postgres, and each event whose hot rows were archived (pruned from D1 once Postgres
 * held every one of them at its D1 version).
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, instant, organizationId } from './columns';
import { organizations } from './tenancy';

export const REPLICA_CHECK_STATUSES = ['ok', 'lag', 'replayed', 'drift', 'postgres_unavailable'] as const;
export type ReplicaCheckStatus = (typeof REPLICA_CHECK_STATUSES)[number];

/** One event's D1 ↔ Postgres comparison: its outcome, the figures that differ (both sides), what was done. */
export const replicaChecks = sqliteTable(
  'replica_checks',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text().notNull(),
    ranAt: instant().notNull(),
    status: text({ enum: REPLICA_CHECK_STATUSES }).notNull(),
    /** The figures that differ: { key: { d1, pg } } (empty when they agree or Postgres was away). */
    differences: text({ mode: 'json' }).$type<Record<string, { d1: number; pg: number }>>().notNull(),
    /** The organization's outbox rows not done when the check ran (lag), or re-sent by a replay. */
    pending: integer().notNull(),
    resent: integer().notNull(),
  },
  (t) => [index('replica_checks_org_event_idx').on(t.organizationId, t.eventId, t.ranAt), index('replica_checks_ran_idx').on(t.ranAt)],
);

export const ARCHIVE_STATUSES = ['archiving', 'archived'] as const;

/**
 * An event whose orders, order lines, tickets, scans, payments and refunds were pruned from D1 (archiving: under way,
 * chunk by chunk; archived: none left). From the first chunk on, the event's order history reads Postgres.
 */
export const eventArchives = sqliteTable(
  'event_archives',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text().notNull(),
    status: text({ enum: ARCHIVE_STATUSES }).notNull(),
    startedAt: instant().notNull(),
    archivedAt: instant(),
    /** Rows deleted from D1 per table (all of them copies Postgres confirmed at the D1 version). */
    counts: text({ mode: 'json' }).$type<Record<string, number>>().notNull(),
  },
  (t) => [uniqueIndex('event_archives_org_event_uq').on(t.organizationId, t.eventId)],
);
