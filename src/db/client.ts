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

/** Runs writes as one atomic D1 batch (all or nothing); D1 has no interactive transactions. */
export async function writeBatch(db: Database, writes: Write[]): Promise<void> {
  if (writes.length === 0) return;
  await db.batch(writes as [Write, ...Write[]]);
}
