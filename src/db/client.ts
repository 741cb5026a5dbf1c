/** The drizzle client over D1, with the snake_case column mapping the migrations use. */
import type { BatchItem } from 'drizzle-orm/batch';
import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema, casing: 'snake_case' });
}

export type Database = ReturnType<typeof createDb>;
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
