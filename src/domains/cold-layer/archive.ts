/**
 * Archival (docs/postgres.md, "Archival"): a completed event older than ARCHIVE_AFTER_DAYS (default 400; 0 = never)
 * has its hot rows — orders, order lines, tickets, payments, refunds, scans — pruned from D1, chunk by chunk, each
 * chunk only once Postgres holds every one of its rows at the row's D1 version (its highest outbox seq) and the
 * outbox has nothing pending for them. The ledger (journal entries and lines) stays in D1: it is the books.
 * Payments and refunds go with their orders because they reference them (foreign keys): Postgres holds them too.
 * Deletes don't replicate (the outbox has no delete triggers), so the copy keeps everything. Each chunk's deletes
 * are one D1 batch, children first, each guarded by the version that was confirmed: a row changed since is kept
 * (and a parent whose child was kept fails the batch on its foreign key, so the chunk is tried again next run).
 * Idempotent: a second run finds nothing left to delete and marks the event archived.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { checkIns, orderLines, orders, payments, refunds, tickets } from '../../db/postgres';
import { postgres, type PostgresClient } from '../../db/postgres-client';
import type { ReplicatedTable } from '../../db/schema/replication';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { log } from '../../platform/logger';

export const DEFAULT_ARCHIVE_AFTER_DAYS = 400;
/** Orders (with their lines, tickets, payments and refunds) or scans per chunk. */
export const ARCHIVE_CHUNK = 50;
/** Chunks per run, over all events (the rest next run). */
export const ARCHIVE_CHUNKS_PER_RUN = 40;

type Env = Pick<Cloudflare.Env, 'DB' | 'HYPERDRIVE'> & { ARCHIVE_AFTER_DAYS?: string };

/** Days after its end a completed event is archived; null: never (the platform var ARCHIVE_AFTER_DAYS, 0 or "none"). */
export function archiveAfterDays(env: { ARCHIVE_AFTER_DAYS?: string }): number | null {
  const raw = env.ARCHIVE_AFTER_DAYS?.trim();
  if (raw === undefined || raw === '') return DEFAULT_ARCHIVE_AFTER_DAYS;
  const days = Number(raw);
  return Number.isFinite(days) && days > 0 ? days : null;
}

/** Children before parents: the order of each chunk's deletes. */
const ORDER_TABLES = ['tickets', 'order_lines', 'refunds', 'payments', 'orders'] as const satisfies readonly ReplicatedTable[];
const PG_TABLES = { tickets, order_lines: orderLines, refunds, payments, orders, scans: checkIns } as const;
type ArchTable = keyof typeof PG_TABLES;

export type ChunkResult = { outcome: 'deleted'; counts: Record<string, number> } | { outcome: 'done' } | { outcome: 'refused'; reason: string };

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

/** The rows of the event's next chunk, per table. */
async function nextChunk(db: D1Database, org: string, eventId: string): Promise<Partial<Record<ArchTable, string[]>>> {
  const { results: orderRows } = await db.prepare('SELECT id FROM orders WHERE organization_id = ?1 AND event_id = ?2 ORDER BY id LIMIT ?3').bind(org, eventId, ARCHIVE_CHUNK).all<{ id: string }>();
  if (orderRows.length) {
    const list = JSON.stringify(ids(orderRows));
    const child = (table: string) => db.prepare(`SELECT id FROM ${table} WHERE organization_id = ?1 AND order_id IN (SELECT value FROM json_each(?2))`).bind(org, list);
    const [t, l, r, p] = await db.batch<{ id: string }>([child('tickets'), child('order_lines'), child('refunds'), child('payments')]);
    return { tickets: ids(t!.results), order_lines: ids(l!.results), refunds: ids(r!.results), payments: ids(p!.results), orders: ids(orderRows) };
  }
  const { results: scanRows } = await db.prepare('SELECT id FROM scans WHERE organization_id = ?1 AND event_id = ?2 ORDER BY id LIMIT ?3').bind(org, eventId, ARCHIVE_CHUNK * 4).all<{ id: string }>();
  return scanRows.length ? { scans: ids(scanRows) } : {};
}

/** Each row's D1 version (highest outbox seq) and whether any of its changes is still pending. */
async function d1Versions(db: D1Database, org: string, chunk: Partial<Record<ArchTable, string[]>>) {
  const tables = Object.keys(chunk) as ArchTable[];
  const answers = await db.batch<{ row_id: string; v: number; pending: number }>(
    tables.map((table) =>
      db
        .prepare('SELECT row_id, max(seq) AS v, sum(done_at IS NULL) AS pending FROM replication_outbox WHERE organization_id = ?1 AND table_name = ?2 AND row_id IN (SELECT value FROM json_each(?3)) GROUP BY row_id')
        .bind(org, table, JSON.stringify(chunk[table])),
    ),
  );
  return new Map(tables.map((table, i) => [table, new Map(answers[i]!.results.map((r) => [r.row_id, { version: Number(r.v), pending: Number(r.pending) }]))]));
}

/** Checks one chunk against Postgres and deletes it from D1 when every row is there at its D1 version. */
export async function archiveChunk(env: Env, pg: PostgresClient, org: string, eventId: string, at: Date): Promise<ChunkResult> {
  const chunk = await nextChunk(env.DB, org, eventId);
  const tables = Object.keys(chunk) as ArchTable[];
  if (!tables.length) return { outcome: 'done' };
  const versions = await d1Versions(env.DB, org, chunk);
  for (const table of tables) {
    for (const id of chunk[table]!) {
      const v = versions.get(table)?.get(id);
      if (!v) return { outcome: 'refused', reason: `${table} ${id} has no outbox row (its version is unknown)` };
      if (v.pending > 0) return { outcome: 'refused', reason: `${table} ${id} has replication pending` };
    }
  }
  const inPg = await pg.forOrganization(org, async (tx) => {
    const out = new Map<ArchTable, Map<string, number>>();
    for (const table of tables) {
      const t = PG_TABLES[table];
      const rows = await tx.select({ id: t.id, version: t.version }).from(t).where(and(eq(t.organizationId, org), inArray(t.id, chunk[table]!)));
      out.set(table, new Map(rows.map((r) => [r.id, Number(r.version)])));
    }
    return out;
  });
  for (const table of tables) {
    for (const id of chunk[table]!) {
      const want = versions.get(table)!.get(id)!.version;
      const have = inPg.get(table)?.get(id);
      if (have === undefined) return { outcome: 'refused', reason: `Postgres is missing ${table} ${id}` };
      if (have < want) return { outcome: 'refused', reason: `Postgres holds ${table} ${id} at version ${have}, D1 at ${want}` };
    }
  }
  const order: ArchTable[] = tables.includes('orders') ? [...ORDER_TABLES] : ['scans'];
  const deletes = order.map((table) =>
    env.DB.prepare(
      `DELETE FROM ${table} WHERE organization_id = ?1 AND id IN (SELECT json_extract(j.value, '$[0]') FROM json_each(?2) j
         WHERE (SELECT max(x.seq) FROM replication_outbox x WHERE x.organization_id = ?1 AND x.table_name = ?3 AND x.row_id = json_extract(j.value, '$[0]')) = json_extract(j.value, '$[1]'))`,
    ).bind(org, JSON.stringify((chunk[table] ?? []).map((id) => [id, versions.get(table)!.get(id)!.version])), table),
  );
  // In the same batch: the event is (being) archived, so from now on its history reads Postgres.
  const archiving = env.DB.prepare(
    `INSERT INTO event_archives (id, organization_id, event_id, status, started_at, counts) VALUES (?1, ?2, ?3, 'archiving', ?4, '{}') ON CONFLICT (organization_id, event_id) DO NOTHING`,
  ).bind(newId(ID_PREFIXES.eventArchive), org, eventId, at.getTime());
  const results = await env.DB.batch([archiving, ...deletes]);
  const counts = Object.fromEntries(order.map((table, i) => [table, results[i + 1]!.meta.changes ?? 0]));
  return { outcome: 'deleted', counts };
}

async function addCounts(db: D1Database, org: string, eventId: string, counts: Record<string, number>) {
  const statements = Object.entries(counts).map(([table, n]) =>
    db.prepare(`UPDATE event_archives SET counts = json_set(counts, '$.' || ?3, coalesce(json_extract(counts, '$.' || ?3), 0) + ?4) WHERE organization_id = ?1 AND event_id = ?2`).bind(org, eventId, table, n),
  );
  if (statements.length) await db.batch(statements);
}

export type ArchiveOutcome = { eventId: string; organizationId: string; status: 'archived' | 'archiving' | 'refused'; reason?: string; counts: Record<string, number> };

/** Archives one event as far as maxChunks allows; refuses (deleting nothing more) at the first chunk Postgres can't confirm. */
export async function archiveEvent(env: Env, org: string, eventId: string, at: Date, maxChunks = ARCHIVE_CHUNKS_PER_RUN, pg = postgres(env)): Promise<ArchiveOutcome> {
  const counts: Record<string, number> = {};
  let status: ArchiveOutcome['status'] = 'archiving';
  let reason: string | undefined;
  try {
    for (let i = 0; i < maxChunks; i++) {
      const result = await archiveChunk(env, pg, org, eventId, at);
      if (result.outcome === 'refused') {
        status = 'refused';
        reason = result.reason;
        break;
      }
      if (result.outcome === 'done') {
        status = 'archived';
        break;
      }
      for (const [table, n] of Object.entries(result.counts)) counts[table] = (counts[table] ?? 0) + n;
      await addCounts(env.DB, org, eventId, result.counts);
    }
  } finally {
    await pg.close();
  }
  if (status === 'archived') {
    await env.DB.prepare(
      `INSERT INTO event_archives (id, organization_id, event_id, status, started_at, archived_at, counts) VALUES (?1, ?2, ?3, 'archived', ?4, ?4, '{}')
       ON CONFLICT (organization_id, event_id) DO UPDATE SET status = 'archived', archived_at = coalesce(event_archives.archived_at, excluded.archived_at)`,
    )
      .bind(newId(ID_PREFIXES.eventArchive), org, eventId, at.getTime())
      .run();
  }
  if (status === 'refused') log('warn', 'archival refused: Postgres does not confirm the rows yet', { organizationId: org, eventId, reason });
  return { eventId, organizationId: org, status, reason, counts };
}

/** Completed events past the age, not archived yet (oldest first). */
export async function eventsToArchive(db: D1Database, at: Date, days: number, limit = 10) {
  const { results } = await db
    .prepare(
      `SELECT e.organization_id, e.id FROM events e WHERE e.status = 'completed' AND e.ends_at <= ?1
         AND NOT EXISTS (SELECT 1 FROM event_archives x WHERE x.organization_id = e.organization_id AND x.event_id = e.id AND x.status = 'archived')
       ORDER BY e.ends_at LIMIT ?2`,
    )
    .bind(at.getTime() - days * 86_400_000, limit)
    .all<{ organization_id: string; id: string }>();
  return results;
}

/** The scheduled job: archives what is due, never failing the cron for Postgres (a refusal or an outage waits for the next run). */
export async function archiveOldEvents(env: Env, at: Date): Promise<ArchiveOutcome[]> {
  const days = archiveAfterDays(env);
  if (days === null) return [];
  const out: ArchiveOutcome[] = [];
  let budget = ARCHIVE_CHUNKS_PER_RUN;
  for (const e of await eventsToArchive(env.DB, at, days)) {
    if (budget <= 0) break;
    try {
      const result = await archiveEvent(env, e.organization_id, e.id, at, budget);
      budget -= Math.max(1, Math.ceil(Object.values(result.counts).reduce((a, b) => a + b, 0) / ARCHIVE_CHUNK));
      out.push(result);
    } catch (error) {
      log('error', 'archival failed for an event (tried again next run)', { organizationId: e.organization_id, eventId: e.id, error: String(error) });
      out.push({ eventId: e.id, organizationId: e.organization_id, status: 'refused', reason: String(error), counts: {} });
    }
  }
  return out;
}
