/** The drizzle client over D1, with the snake_case column mapping the migrations use. */
import type { BatchItem } from 'drizzle-orm/batch';
import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';

const build = (d1: D1Database) => drizzle(d1, { schema, casing: 'snake_case' });

export type Database = ReturnType<typeof build>;

/**
 * One client per D1 binding per isolate: building one maps every table's relations (drizzle's
 * extractTablesRelationalConfig over the whole schema), which cost a no-op request about a fifth of its CPU when
 * it ran per request (docs/benchmarks.md). The client holds no per-request state, so sharing it is safe.
 */
const clients = new WeakMap<D1Database, Database>();

export function createDb(d1: D1Database): Database {
  let db = clients.get(d1);
  if (!db) {
    db = build(d1);
    clients.set(d1, db);
  }
  return db;
}
export { schema };

export type Write = BatchItem<'sqlite'>;

/**
 * Maps a database refusal (a unique index, or a guard trigger's RAISE message) to the error the
 * caller should answer with, keyed by a substring of the database's message.
 */
export type BatchGuards = Record<string, () => Error>;

/** Runs writes as one atomic D1 batch (all or nothing); D1 has no interactive transactions. */
export async function writeBatch(db: Database, writes: Write[], guards: BatchGuards = {}): Promise<void> {
  if (writes.length === 0) return;
  try {
    await db.batch(writes as [Write, ...Write[]]);
  } catch (error) {
    const message = `${String(error)} ${String((error as { cause?: unknown }).cause ?? '')}`;
    for (const [needle, toError] of Object.entries(guards)) if (message.includes(needle)) throw toError();
    throw error;
  }
}
