/**
 * Upsert keyed by primary key and version: the one way replicated facts are written to Postgres. A copy whose
 * version is not newer than the stored row's changes nothing, so redelivery, reordering and replays of the same
 * fact leave the table as it was (docs/postgres.md, "Writes: upsert by version").
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { getTableConfig, type PgColumn, type PgDatabase, type PgQueryResultHKT, type PgTable } from 'drizzle-orm/pg-core';

/** A table whose rows carry the source's version. */
export type VersionedTable = PgTable & { version: PgColumn };

/** A drizzle Postgres database or a transaction on it. */
export type PgExecutor = PgDatabase<PgQueryResultHKT, any>;

/**
 * A column's name in the database: the schema names columns by their keys and the client and drizzle-kit map them
 * with casing 'snake_case' (src/db/postgres-client.ts, drizzle.postgres.config.ts); `excluded."…"` is raw SQL, so
 * the mapping is applied here.
 */
function dbName(column: PgColumn): string {
  return column.keyAsName ? toSnakeCase(column.name) : column.name;
}

/** The primary key's columns: (id) for the mutable tables, (id, created_at) for the partitioned history. */
function primaryKeyColumns(table: PgTable): PgColumn[] {
  const config = getTableConfig(table);
  const key = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
  if (key.length === 0) throw new Error(`upsertByVersion: table ${config.name} has no primary key`);
  return key;
}

/** The property name (the schema's key) under which a row object carries a column's value. */
function propertyOf(table: PgTable, column: PgColumn): string {
  return Object.entries(getTableColumns(table)).find(([, c]) => c === column)?.[0] ?? column.name;
}

/**
 * Inserts rows, or updates the stored row with the same primary key when (and only when) the incoming version is
 * higher. Resolves to how many rows were inserted or updated (0: everything was already there, as new or newer).
 */
export async function upsertByVersion<T extends VersionedTable>(db: PgExecutor, table: T, rows: T['$inferInsert'][]): Promise<number> {
  if (rows.length === 0) return 0;
  const key = primaryKeyColumns(table);
  const set: Record<string, SQL> = {};
  for (const [property, column] of Object.entries(getTableColumns(table))) {
    if (!key.includes(column)) set[property] = sql`excluded.${sql.identifier(dbName(column))}`;
  }
  // Rows in primary-key order: two transactions upserting overlapping rows then lock them in the same order, so they
  // wait for each other instead of deadlocking (each would otherwise hold a row the other needs next).
  const keyOf = (row: T['$inferInsert']) => key.map((column) => String((row as Record<string, unknown>)[propertyOf(table, column)] ?? '')).join('\u0000');
  const ordered = [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const result = await db
    .insert(table)
    .values(ordered as never)
    .onConflictDoUpdate({ target: key, set, setWhere: sql`${table.version} < excluded.${sql.identifier(dbName(table.version))}` });
  return (result as unknown as { rowCount?: number | null }).rowCount ?? 0;
}
