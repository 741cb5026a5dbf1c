/**
 * What an organizer sees of the cold layer (docs/postgres.md, "Reconciliation"): the replication lag (outbox rows not
 * done, the oldest one's age), the latest D1 ↔ Postgres check per event and the archived events. D1 only, so it
 * answers while Postgres is away. Scoped by organization_id.
 */
import type { ReplicaCheckStatus } from '../../db/schema/cold-layer';
import { freshness } from '../reports/freshness';

const iso = (ms: number | null) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

/** The replication lag, as the reports state their freshness (src/domains/reports/freshness.ts: one definition). */
export async function replicationLag(db: D1Database, organizationId: string, now: number) {
  const f = await freshness(db, organizationId, now);
  return { pending: f.pendingChanges, oldestPendingAt: f.oldestPendingAt, oldestPendingSeconds: f.lagSeconds };
}

type CheckRow = { id: string; event_id: string; ran_at: number; status: ReplicaCheckStatus; differences: string; pending: number; resent: number };
const toCheck = (r: CheckRow) => ({
  id: r.id,
  eventId: r.event_id,
  ranAt: iso(r.ran_at)!,
  status: r.status,
  differences: JSON.parse(r.differences) as Record<string, { d1: number; pg: number }>,
  pending: Number(r.pending),
  resent: Number(r.resent),
});

/** The latest check of each event (most recent first), at most `limit` events; or one event's recent checks. */
export async function latestChecks(db: D1Database, organizationId: string, limit = 50) {
  const { results } = await db
    .prepare(
      `SELECT c.id, c.event_id, c.ran_at, c.status, c.differences, c.pending, c.resent FROM replica_checks c
        WHERE c.organization_id = ?1 AND c.id = (SELECT c2.id FROM replica_checks c2 WHERE c2.organization_id = ?1 AND c2.event_id = c.event_id ORDER BY c2.ran_at DESC, c2.id DESC LIMIT 1)
        ORDER BY c.ran_at DESC, c.id DESC LIMIT ?2`,
    )
    .bind(organizationId, limit)
    .all<CheckRow>();
  return results.map(toCheck);
}

export async function eventChecks(db: D1Database, organizationId: string, eventId: string, limit = 20) {
  const { results } = await db
    .prepare('SELECT id, event_id, ran_at, status, differences, pending, resent FROM replica_checks WHERE organization_id = ?1 AND event_id = ?2 ORDER BY ran_at DESC, id DESC LIMIT ?3')
    .bind(organizationId, eventId, limit)
    .all<CheckRow>();
  return results.map(toCheck);
}

export async function archives(db: D1Database, organizationId: string, limit = 100) {
  const { results } = await db
    .prepare('SELECT event_id, status, started_at, archived_at, counts FROM event_archives WHERE organization_id = ?1 ORDER BY started_at DESC LIMIT ?2')
    .bind(organizationId, limit)
    .all<{ event_id: string; status: 'archiving' | 'archived'; started_at: number; archived_at: number | null; counts: string }>();
  return results.map((r) => ({ eventId: r.event_id, status: r.status, startedAt: iso(r.started_at)!, archivedAt: iso(r.archived_at), counts: JSON.parse(r.counts) as Record<string, number> }));
}
