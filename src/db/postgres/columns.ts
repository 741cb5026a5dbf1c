/**
 * Column helpers shared by every Postgres (cold layer) table: every row is a replicated fact, keyed by its D1 id,
 * owned by one organization, and versioned so an upsert can refuse an older copy (see upsert.ts).
 */
import { bigint, text, timestamp } from 'drizzle-orm/pg-core';

/** The D1 row's id (a prefixed, time-sortable random id, see platform/ids.ts). */
export const id = () => text().notNull();

/** The owning tenant: every table has one, every index starts with it, and row-level security filters on it. */
export const organizationId = () => text().notNull();

/** A UTC instant. */
export const instant = () => timestamp({ withTimezone: true, mode: 'date' });

/** Minor currency units (cents); bigint so totals over years of orders never overflow. */
export const minor = () => bigint({ mode: 'number' }).notNull();

/**
 * The row's version at its source: a replayed or reordered copy carries a version no higher than the stored one
 * and changes nothing (upsertByVersion).
 */
export const version = () => bigint({ mode: 'number' }).notNull();

/** When this copy last reached Postgres (replication lag is measured against it). */
export const replicatedAt = () => instant().notNull().defaultNow();
