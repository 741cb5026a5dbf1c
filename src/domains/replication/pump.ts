/**
 * The replication outbox's pump (docs/postgres.md, "Replication"): claims the outbox rows not done yet (and those
 * claimed long ago and still not done: a message lost, dead-lettered, or Postgres away for a while) and hands them to
 * the replication queue, one message per organization and up to ROWS_PER_MESSAGE rows, each row once however many
 * changes it had (the consumer reads it as it is now). Runs with the other pumps: after every mutating request and
 * every minute from cron. Claiming is one statement, so two pumps never claim the same row.
 */
import type { Pump } from '../../queues/pump';
import { producer } from '../../queues/producers';
import type { ReplicatedTable } from '../../db/schema/replication';
import type { ReplicateMessage } from './apply';

/** Outbox rows claimed per pump run. */
export const REPLICATION_BATCH = 500;
/** Rows per queue message (one Postgres transaction each). */
export const ROWS_PER_MESSAGE = 500;
/** A claimed row not done after this long is sent again (the consumer is idempotent: a copy only moves forward). */
export const REPLICATION_RECLAIM_MS = 5 * 60_000;

type Claimed = { seq: number; table_name: ReplicatedTable; row_id: string; organization_id: string };

export const pumpReplication: Pump = (env, db, now) => pumpReplicationOf(env, now);

/**
 * Claims and sends pending outbox rows: the oldest of every organization, or — `organizationId` — one organization's
 * only (its own changes sent now whatever the backlog: the reconciliation's repair, and the tests).
 */
export async function pumpReplicationOf(env: Cloudflare.Env, now: Date, organizationId?: string): Promise<number> {
  const at = now.getTime();
  const { results: claimed } = await env.DB.prepare(
    `UPDATE replication_outbox SET enqueued_at = ?1
      WHERE seq IN (SELECT seq FROM replication_outbox WHERE done_at IS NULL AND (enqueued_at IS NULL OR enqueued_at <= ?2) AND (?4 IS NULL OR organization_id = ?4) ORDER BY seq LIMIT ?3)
      RETURNING seq, table_name, row_id, organization_id`,
  )
    .bind(at, at - REPLICATION_RECLAIM_MS, REPLICATION_BATCH, organizationId ?? null)
    .all<Claimed>();
  if (!claimed.length) return 0;
  const messages = replicationMessages(claimed);
  try {
    for (let i = 0; i < messages.length; i += 100) await producer(env, 'replication').sendBatch(messages.slice(i, i + 100).map((body) => ({ body })));
  } catch (error) {
    // Not sent: unclaimed, so the next pump sends them (not the reclaim minutes later). Nothing is lost either way.
    await env.DB.prepare(`UPDATE replication_outbox SET enqueued_at = NULL WHERE enqueued_at = ?1 AND seq IN (SELECT value FROM json_each(?2))`)
      .bind(at, JSON.stringify(claimed.map((c) => c.seq)))
      .run();
    throw error;
  }
  return claimed.length;
}

/** One message per organization and up to ROWS_PER_MESSAGE distinct rows. */
export function replicationMessages(claimed: readonly Omit<Claimed, 'seq'>[]): ReplicateMessage[] {
  const byOrg = new Map<string, Map<string, { table: ReplicatedTable; rowId: string }>>();
  for (const c of claimed) {
    const rows = byOrg.get(c.organization_id) ?? new Map();
    rows.set(`${c.table_name}/${c.row_id}`, { table: c.table_name, rowId: c.row_id });
    byOrg.set(c.organization_id, rows);
  }
  const out: ReplicateMessage[] = [];
  for (const [organizationId, rows] of byOrg) {
    const list = [...rows.values()];
    for (let i = 0; i < list.length; i += ROWS_PER_MESSAGE) out.push({ kind: 'replicate', organizationId, rows: list.slice(i, i + ROWS_PER_MESSAGE) });
  }
  return out;
}
