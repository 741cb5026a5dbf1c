/**
 * The replication outbox (docs/postgres.md, "Replication"): every insert or update of a durable fact's row — orders
 * and their lines, payments, refunds, tickets, journal entries and lines, scans, audit entries, occupancy snapshots —
 * writes one row here in the same transaction, by a trigger (migrations/0020_replication_outbox.sql), so no write path
 * can forget it and a batch that fails writes none. `seq` orders the changes of the whole database: the version a
 * replica keeps per row is the highest seq it has applied. The pump hands rows to the replication queue; the
 * consumer reads each row as it is now and upserts it into Postgres keyed by (id, version).
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The tables whose rows are replicated (each has a text `id` and an `organization_id`). */
export const REPLICATED_TABLES = [
  'orders',
  'order_lines',
  'payments',
  'refunds',
  'tickets',
  'journal_entries',
  'journal_lines',
  'scans',
  'audit_logs',
  'occupancy_snapshots',
] as const;
export type ReplicatedTable = (typeof REPLICATED_TABLES)[number];

export const replicationOutbox = sqliteTable(
  'replication_outbox',
  {
    seq: integer().primaryKey({ autoIncrement: true }),
    tableName: text().$type<ReplicatedTable>().notNull(),
    rowId: text().notNull(),
    organizationId: text().notNull(),
    /** When the change was written (epoch ms; set by the trigger). */
    changedAt: integer().notNull(),
    /** When the pump handed it to the queue (null: not yet; claimed long ago and not done: sent again). */
    enqueuedAt: integer(),
    /** When the consumer confirmed the replica holds this change (or a later one of the same row). */
    doneAt: integer(),
  },
  (t) => [
    index('replication_outbox_pending_idx').on(t.doneAt, t.enqueuedAt, t.seq),
    index('replication_outbox_row_idx').on(t.tableName, t.rowId, t.seq),
    index('replication_outbox_org_idx').on(t.organizationId, t.seq),
  ],
);
