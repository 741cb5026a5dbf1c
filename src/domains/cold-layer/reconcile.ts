/**
 * Reconciliation D1 ↔ Postgres, hourly (docs/postgres.md, "Reconciliation"). For the events with activity lately —
 * bounded per run and taken in turns, the least recently checked first — compares the figures of figures.ts. Where
 * they differ: outbox rows still pending for the organization → lag, re-sent now (their claim cleared so the pump
 * sends them at once); nothing pending → every outbox row of the event's facts sent once more (a replay changes
 * nothing that is right: upserts by version), and if they still differ at the next check → drift, reported with the
 * figures. Postgres away → "postgres_unavailable" is recorded and the cron goes on. Idempotent: a second run only
 * records another check.
 */
import { log } from '../../platform/logger';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { postgres } from '../../db/postgres-client';
import type { ReplicaCheckStatus } from '../../db/schema/cold-layer';
import { d1Figures, differences, pgFigures, type Differences } from './figures';

/** Events checked per run (the rest wait for the next hour, least recently checked first). */
export const RECONCILE_EVENTS_PER_RUN = 25;
/** Activity that makes an event due: it ended within this window, or one of its orders changed within it. */
export const RECONCILE_WINDOW_MS = 7 * 24 * 3600_000;

type Env = Pick<Cloudflare.Env, 'DB' | 'HYPERDRIVE'>;
type Due = { organization_id: string; event_id: string };
export type ReconcileSummary = Record<ReplicaCheckStatus, number>;

/** Events due a check: recently active, not archived (their D1 rows are gone on purpose), least recently checked first. */
export async function dueEvents(db: D1Database, at: number, limit = RECONCILE_EVENTS_PER_RUN): Promise<Due[]> {
  const since = at - RECONCILE_WINDOW_MS;
  const { results } = await db
    .prepare(
      `WITH active AS (
         SELECT organization_id, id AS event_id FROM events WHERE ends_at >= ?1 AND status <> 'draft'
         UNION SELECT organization_id, event_id FROM orders WHERE updated_at >= ?1
       )
       SELECT a.organization_id, a.event_id FROM active a
        WHERE NOT EXISTS (SELECT 1 FROM event_archives x WHERE x.organization_id = a.organization_id AND x.event_id = a.event_id)
        ORDER BY (SELECT max(c.ran_at) FROM replica_checks c WHERE c.organization_id = a.organization_id AND c.event_id = a.event_id) ASC NULLS FIRST, a.event_id
        LIMIT ?2`,
    )
    .bind(since, limit)
    .all<Due>();
  return results;
}

/** Every outbox row of the event's facts pending again (claim cleared), so the pump sends each row once more. */
export async function replayEvent(db: D1Database, organizationId: string, eventId: string): Promise<number> {
  const r = await db
    .prepare(
      `UPDATE replication_outbox SET done_at = NULL, enqueued_at = NULL WHERE organization_id = ?1 AND (
         (table_name = 'orders' AND row_id IN (SELECT id FROM orders WHERE organization_id = ?1 AND event_id = ?2))
         OR (table_name = 'order_lines' AND row_id IN (SELECT l.id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.organization_id = ?1 AND o.organization_id = ?1 AND o.event_id = ?2))
         OR (table_name = 'tickets' AND row_id IN (SELECT id FROM tickets WHERE organization_id = ?1 AND event_id = ?2))
         OR (table_name = 'payments' AND row_id IN (SELECT p.id FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.organization_id = ?1 AND o.organization_id = ?1 AND o.event_id = ?2))
         OR (table_name = 'refunds' AND row_id IN (SELECT r.id FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.organization_id = ?1 AND o.organization_id = ?1 AND o.event_id = ?2))
         OR (table_name = 'journal_entries' AND row_id IN (SELECT id FROM journal_entries WHERE organization_id = ?1 AND event_id = ?2))
         OR (table_name = 'journal_lines' AND row_id IN (SELECT l.id FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.organization_id = ?1 AND e.organization_id = ?1 AND e.event_id = ?2))
         OR (table_name = 'scans' AND row_id IN (SELECT id FROM scans WHERE organization_id = ?1 AND event_id = ?2)))`,
    )
    .bind(organizationId, eventId)
    .run();
  return r.meta.changes ?? 0;
}

async function record(db: D1Database, at: number, due: Due, status: ReplicaCheckStatus, diff: Differences, pending: number, resent: number) {
  await db
    .prepare('INSERT INTO replica_checks (id, organization_id, event_id, ran_at, status, differences, pending, resent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)')
    .bind(newId(ID_PREFIXES.replicaCheck), due.organization_id, due.event_id, at, status, JSON.stringify(diff), pending, resent)
    .run();
}

/** Compares one event and repairs or reports; the status recorded. Throws only when Postgres cannot be reached. */
export async function reconcileReplicaEvent(env: Env, due: Due, at: number, pg = postgres(env)): Promise<ReplicaCheckStatus> {
  const { organization_id: org, event_id: eventId } = due;
  // Postgres first: a change landing in between is then newer in D1 and still pending there (lag), not a false replay.
  const inPg = await pgFigures(pg, org, eventId);
  const inD1 = await d1Figures(env.DB, org, eventId);
  const diff = differences(inD1, inPg);
  if (!Object.keys(diff).length) {
    await record(env.DB, at, due, 'ok', diff, 0, 0);
    return 'ok';
  }
  const pending = (await env.DB.prepare('SELECT count(*) AS n FROM replication_outbox WHERE organization_id = ?1 AND done_at IS NULL').bind(org).first<{ n: number }>())?.n ?? 0;
  if (pending > 0) {
    // Lag: the copy is behind what the outbox still holds. Sent now rather than at the claim's reclaim time.
    const resent = await env.DB.prepare('UPDATE replication_outbox SET enqueued_at = NULL WHERE organization_id = ?1 AND done_at IS NULL').bind(org).run();
    await record(env.DB, at, due, 'lag', diff, pending, resent.meta.changes ?? 0);
    return 'lag';
  }
  const last = await env.DB.prepare(
    "SELECT status FROM replica_checks WHERE organization_id = ?1 AND event_id = ?2 AND status IN ('ok', 'replayed', 'drift') ORDER BY ran_at DESC, id DESC LIMIT 1",
  )
    .bind(org, eventId)
    .first<{ status: ReplicaCheckStatus }>();
  if (last?.status === 'replayed' || last?.status === 'drift') {
    log('error', 'replica drift', { organizationId: org, eventId, differences: diff });
    await record(env.DB, at, due, 'drift', diff, 0, 0);
    return 'drift';
  }
  const resent = await replayEvent(env.DB, org, eventId);
  log('warn', 'replica differs with nothing pending: replaying the event', { organizationId: org, eventId, differences: diff, resent });
  await record(env.DB, at, due, 'replayed', diff, 0, resent);
  return 'replayed';
}

/** The hourly job. Never throws for Postgres: away, it records "postgres_unavailable" for the events due. */
export async function reconcileReplica(env: Env, at: Date): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = { ok: 0, lag: 0, replayed: 0, drift: 0, postgres_unavailable: 0 };
  const due = await dueEvents(env.DB, at.getTime());
  const pg = postgres(env);
  try {
    let unavailable: string | null = null;
    for (const event of due) {
      if (unavailable === null) {
        try {
          summary[await reconcileReplicaEvent(env, event, at.getTime(), pg)]++;
          continue;
        } catch (error) {
          unavailable = error instanceof Error ? error.message : String(error);
          log('error', 'reconciliation: postgres unavailable', { error: unavailable });
        }
      }
      await record(env.DB, at.getTime(), event, 'postgres_unavailable', {}, 0, 0);
      summary.postgres_unavailable++;
    }
  } finally {
    await pg.close();
  }
  return summary;
}
