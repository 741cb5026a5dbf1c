/**
 * Reconciliation D1 ↔ Postgres (src/domains/cold-layer/reconcile.ts): agreeing figures are "ok"; a difference with
 * outbox rows pending is lag, re-sent at once; a difference with nothing pending replays the event (and a replay
 * repairs a lost change), and one a replay cannot repair is drift at the next check, with the figures; Postgres away
 * is recorded and fails nothing. The organizer reads it all at /orgs/{orgId}/replication; another tenant's event is 404.
 */
import { env } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tickets } from '../../../src/db/postgres';
import { withOrganization } from '../../../src/db/postgres-client';
import { upsertByVersion } from '../../../src/db/postgres/upsert';
import { dueEvents, reconcileReplica, reconcileReplicaEvent } from '../../../src/domains/cold-layer/reconcile';
import { api, signup } from '../../support/api';
import { drained, pending, postgresAway, saleRefundScan } from '../../support/replication';
import { fetchWorker } from '../../support/worker-fetch';

const check = (orgId: string, eventId: string) => reconcileReplicaEvent(env, { organization_id: orgId, event_id: eventId }, Date.now());
const lastCheck = (orgId: string, eventId: string) =>
  env.DB.prepare('SELECT status, differences, pending, resent FROM replica_checks WHERE organization_id = ? AND event_id = ? ORDER BY ran_at DESC, id DESC LIMIT 1').bind(orgId, eventId).first<{ status: string; differences: string; pending: number; resent: number }>();

describe('reconciliation D1 ↔ Postgres', () => {
  it('is ok when they agree; lag (re-sent now) while the outbox holds a change; ok again once it drained', async () => {
    const { owner, f, bought } = await saleRefundScan();
    await drained(owner.orgId);
    expect(await check(owner.orgId, f.eventId)).toBe('ok');
    expect(JSON.parse((await lastCheck(owner.orgId, f.eventId))!.differences)).toEqual({});
    // A change not yet replicated, claimed a moment ago (so the pump would wait for the reclaim): lag, sent now.
    await env.DB.prepare("UPDATE tickets SET status = 'cancelled' WHERE organization_id = ? AND id = ?").bind(owner.orgId, bought.tickets[2]!.id).run();
    await env.DB.prepare('UPDATE replication_outbox SET enqueued_at = ? WHERE organization_id = ? AND done_at IS NULL').bind(Date.now(), owner.orgId).run();
    expect(await check(owner.orgId, f.eventId)).toBe('lag');
    const lag = (await lastCheck(owner.orgId, f.eventId))!;
    expect(JSON.parse(lag.differences)).toMatchObject({ 'tickets.valid': { d1: 1, pg: 2 }, 'tickets.cancelled': { d1: 2, pg: 1 } });
    expect(lag.pending).toBeGreaterThan(0);
    expect(lag.resent).toBe(lag.pending);
    expect((await env.DB.prepare('SELECT count(*) AS n FROM replication_outbox WHERE organization_id = ? AND done_at IS NULL AND enqueued_at IS NOT NULL').bind(owner.orgId).first<{ n: number }>())!.n).toBe(0);
    await drained(owner.orgId);
    expect(await check(owner.orgId, f.eventId)).toBe('ok');
  });

  it('replays an event whose change was lost with nothing pending, which repairs it', async () => {
    const { owner, f, bought } = await saleRefundScan();
    await drained(owner.orgId);
    // A change whose outbox row is marked done in the same batch, so it never reaches Postgres (a lost change).
    await env.DB.batch([
      env.DB.prepare("UPDATE tickets SET status = 'cancelled' WHERE organization_id = ? AND id = ?").bind(owner.orgId, bought.tickets[2]!.id),
      env.DB.prepare('UPDATE replication_outbox SET done_at = ? WHERE organization_id = ? AND done_at IS NULL').bind(Date.now(), owner.orgId),
    ]);
    expect(await pending(owner.orgId)).toBe(0);
    expect(await check(owner.orgId, f.eventId)).toBe('replayed');
    const replayed = (await lastCheck(owner.orgId, f.eventId))!;
    expect(JSON.parse(replayed.differences)).toEqual({ 'tickets.valid': { d1: 1, pg: 2 }, 'tickets.cancelled': { d1: 2, pg: 1 } });
    expect(replayed.resent).toBeGreaterThan(0);
    await drained(owner.orgId);
    expect(await check(owner.orgId, f.eventId)).toBe('ok');
  });

  it('reports drift with the figures when a replay cannot repair it (the copy holds a newer, wrong state)', async () => {
    const { owner, f, bought } = await saleRefundScan();
    await drained(owner.orgId);
    // Postgres's ticket says cancelled at a version D1 never reaches: a replay moves nothing (upserts only go forward).
    await withOrganization(env, owner.orgId, async (tx) => {
      const [row] = await tx.select().from(tickets).where(and(eq(tickets.organizationId, owner.orgId), eq(tickets.id, bought.tickets[1]!.id)));
      await upsertByVersion(tx, tickets, [{ ...row!, status: 'cancelled', version: row!.version + 1_000_000 }]);
    });
    expect(await check(owner.orgId, f.eventId)).toBe('replayed');
    await drained(owner.orgId);
    expect(await check(owner.orgId, f.eventId)).toBe('drift');
    const drift = (await lastCheck(owner.orgId, f.eventId))!;
    expect(JSON.parse(drift.differences)).toEqual({ 'tickets.valid': { d1: 2, pg: 1 }, 'tickets.cancelled': { d1: 1, pg: 2 } });

    // The organizer sees it, with the lag; the live comparison shows the figures of both sides.
    const status = await api('GET', `/orgs/${owner.orgId}/replication`, { token: owner.token });
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    expect(status.body.lag).toMatchObject({ pending: 0, oldestPendingSeconds: 0 });
    expect(status.body.checks.find((c: { eventId: string }) => c.eventId === f.eventId)).toMatchObject({ status: 'drift', differences: { 'tickets.valid': { d1: 2, pg: 1 } } });
    const live = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/replication`, { token: owner.token });
    expect(live.status, JSON.stringify(live.body)).toBe(200);
    expect(live.body.d1['tickets.valid']).toBe(2);
    expect(live.body.postgres['tickets.valid']).toBe(1);
    expect(live.body.d1['revenue.paid_minor']).toBe(live.body.postgres['revenue.paid_minor']);
    expect(live.body.d1['refunds.succeeded.minor'] ?? live.body.d1['refunds.pending.minor']).toBeGreaterThan(0);

    // Another tenant: its own report does not show this event, and this event's id is 404 in its organization.
    const other = await signup();
    const theirs = await api('GET', `/orgs/${other.orgId}/replication`, { token: other.token });
    expect(theirs.status).toBe(200);
    expect(theirs.body.checks).toEqual([]);
    const probe = await api('GET', `/orgs/${other.orgId}/events/${f.eventId}/replication`, { token: other.token });
    expect(probe.status).toBe(404);
    expect((await api('GET', `/orgs/${owner.orgId}/replication`, { token: other.token })).status).toBe(404);
  });

  it('records "postgres unavailable" without failing the cron; the live comparison answers 503 with Retry-After', async () => {
    const { owner, f } = await saleRefundScan();
    const away = postgresAway();
    const due = await dueEvents(env.DB, Date.now(), 10_000);
    expect(due.some((d) => d.event_id === f.eventId)).toBe(true);
    const summary = await reconcileReplica(away, new Date());
    expect(summary.postgres_unavailable).toBeGreaterThan(0);
    expect(summary.ok + summary.lag + summary.replayed + summary.drift).toBe(0);
    const res = await fetchWorker(away, new Request(`https://voelgoed.test/api/v1/orgs/${owner.orgId}/events/${f.eventId}/replication`, { headers: { Authorization: `Bearer ${owner.token}` } }));
    expect(res.status).toBe(503);
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
    // The status needs only D1: it answers, showing the lag. (One of the sale's changes made pending again and
    // claimed just now, so no pump sends it meanwhile: the suite's queue consumer may have copied the rest already.)
    await env.DB.prepare('update replication_outbox set done_at = null, enqueued_at = ? where seq = (select max(seq) from replication_outbox where organization_id = ?)').bind(Date.now(), owner.orgId).run();
    const status = await fetchWorker(away, new Request(`https://voelgoed.test/api/v1/orgs/${owner.orgId}/replication`, { headers: { Authorization: `Bearer ${owner.token}` } }));
    expect(status.status).toBe(200);
    expect(status.body.lag.pending).toBeGreaterThan(0);
  });
});
