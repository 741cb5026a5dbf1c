/** Column helpers shared by every schema file: ids, UTC timestamps, tenant keys. */
import { integer, text } from 'drizzle-orm/sqlite-core';

/** Primary key: a prefixed, time-sortable random id (see platform/ids.ts). */
export const id = () => text().primaryKey();

/** A UTC instant stored as epoch milliseconds. */
export const instant = () => integer({ mode: 'timestamp_ms' });

export const createdAt = () => instant().notNull();
export const updatedAt = () => instant().notNull();

/** The owning tenant; every tenant-owned table has one, indexed. */
export const organizationId = () => text().notNull();
