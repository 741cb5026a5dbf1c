/**
 * Keyset pagination over time-first ids (src/platform/ids.ts), newest first: the lists of the API page by the last
 * id of the page before (`?cursor=`), never by offset, so a page costs the same at any depth and a row written
 * meanwhile neither repeats nor skips a row (it sorts before the first page). The query walks the index that leads
 * with the organization and ends with the id (or the primary key).
 */
import { desc, lt, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/** What a page's query adds to its own filter and order: rows below the cursor, newest first, one more than a page. */
export type Keyset = { after: SQL | undefined; order: SQL; limit: number };

export type Page<T> = { items: T[]; nextCursor: string | null };

/** At most `limit` rows and the next page's cursor: the last id, if the query found more than a page (else null). */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * One page of a list, newest first by `id`: `read` builds the query with its own filter (the organization first)
 * and the keyset's `after` (in its where), `order` and `limit`.
 *
 *   newestFirstPage(gates.id, input, (k) => db.select().from(gates).where(and(eq(gates.organizationId, org), k.after)).orderBy(k.order).limit(k.limit))
 */
export async function newestFirstPage<T extends { id: string }>(
  id: SQLiteColumn,
  input: { limit: number; cursor?: string | undefined },
  read: (keyset: Keyset) => PromiseLike<T[]>,
): Promise<Page<T>> {
  const rows = await read({ after: input.cursor ? lt(id, input.cursor) : undefined, order: desc(id), limit: input.limit + 1 });
  return toPage(rows, input.limit);
}
