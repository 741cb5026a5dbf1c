/**
 * The append-only history, partitioned by month (hand-written PARTITION BY in migrations/postgres/0000 and 0002;
 * drizzle-kit cannot declare partitions): journal entries and lines, check-ins, audit entries by created_at,
 * occupancy snapshots by taken_at. Postgres requires a partitioned table's primary key to include the partition
 * key, so these are keyed by (id, created_at) or (id, taken_at): the fact's immutable time at its source, so the
 * pair names the same row as id does (docs/postgres.md, "Partitioning").
 */
import { boolean, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { id, instant, minor, organizationId, replicatedAt, version } from './columns';

export const journalEntries = pgTable(
  'journal_entries',
  {
    id: id(),
    organizationId: organizationId(),
    eventId: text(),
    orderId: text(),
    kind: text().notNull(),
    description: text().notNull(),
    currency: text().notNull(),
    createdAt: instant().notNull(),
    version: version(),
    replicatedAt: replicatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.createdAt] }),
    index('pg_journal_entries_org_event_idx').on(t.organizationId, t.eventId),
    index('pg_journal_entries_org_order_idx').on(t.organizationId, t.orderId),
  ],
);

/** A debit or a credit (exactly one non-zero), in minor units; created_at is its entry's. */
export const journalLines = pgTable(
  'journal_lines',
  {
    id: id(),
    organizationId: organizationId(),
    entryId: text().notNull(),
    /** Its entry's event (null for entries of no event), so an event's settlement reads only its own lines. */
    eventId: text(),
    accountId: text().notNull(),
    /** The ledger account's code (organizer_payable, vat_payable …), so balances need no join back to D1. */
    accountCode: text().notNull(),
    debitMinor: minor(),
    creditMinor: minor(),
    createdAt: instant().notNull(),
    version: version(),
    replicatedAt: replicatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.createdAt] }),
    index('pg_journal_lines_org_entry_idx').on(t.organizationId, t.entryId),
    index('pg_journal_lines_org_event_idx').on(t.organizationId, t.eventId),
    index('pg_journal_lines_org_account_idx').on(t.organizationId, t.accountCode),
  ],
);

/** Every scan a gate answered (valid or not), from D1's scans; created_at is when the edge received it. */
export const checkIns = pgTable(
  'check_ins',
  {
    id: id(),
    organizationId: organizationId(),
    eventId: text().notNull(),
    ticketId: text(),
    deviceId: text().notNull(),
    gateId: text(),
    /** The gate session (operator) the scan was made in, if any. */
    sessionId: text(),
    result: text().notNull(),
    direction: text().notNull(),
    offline: boolean().notNull().default(false),
    /** What the gate showed when it scanned offline (the server's answer is `result`); null for online scans. */
    shownResult: text(),
    /** The scan let someone in on a ticket already used (docs/scanning.md, "Double admissions"). */
    doubleAdmission: boolean().notNull().default(false),
    scannedAt: instant().notNull(),
    createdAt: instant().notNull(),
    version: version(),
    replicatedAt: replicatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.createdAt] }),
    index('pg_check_ins_org_event_idx').on(t.organizationId, t.eventId, t.scannedAt),
    index('pg_check_ins_org_ticket_idx').on(t.organizationId, t.ticketId),
  ],
);

/** The audit log's copy: never updated or deleted by the product (a replay only rewrites the same version). */
export const auditEntries = pgTable(
  'audit_entries',
  {
    id: id(),
    organizationId: organizationId(),
    actorType: text().notNull(),
    actorId: text(),
    action: text().notNull(),
    resourceType: text().notNull(),
    resourceId: text(),
    changes: jsonb().$type<Record<string, unknown>>(),
    requestId: text(),
    createdAt: instant().notNull(),
    version: version(),
    replicatedAt: replicatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.createdAt] }),
    index('pg_audit_entries_org_created_idx').on(t.organizationId, t.createdAt),
    index('pg_audit_entries_org_resource_idx').on(t.organizationId, t.resourceType, t.resourceId),
  ],
);

/** Per event, per cron tick: what the inventory said (D1's occupancy_snapshots); partitioned by taken_at's month. */
export const occupancySnapshots = pgTable(
  'occupancy_snapshots',
  {
    id: id(),
    organizationId: organizationId(),
    eventId: text().notNull(),
    takenAt: instant().notNull(),
    capacity: integer().notNull(),
    sold: integer().notNull(),
    held: integer().notNull(),
    checkedIn: integer().notNull(),
    version: version(),
    replicatedAt: replicatedAt(),
  },
  (t) => [primaryKey({ columns: [t.id, t.takenAt] }), index('pg_occupancy_snapshots_org_event_idx').on(t.organizationId, t.eventId, t.takenAt)],
);
