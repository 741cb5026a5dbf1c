/**
 * Archival (src/domains/cold-layer/archive.ts): a completed event past ARCHIVE_AFTER_DAYS loses its orders, lines,
 * tickets, payments, refunds and scans in D1 only once Postgres holds every one of them at its D1 version — refused
 * while the outbox has them pending or Postgres misses a row —; Postgres keeps them all, the ledger stays in D1, the
 * organizer's order list for the event answers from Postgres, and another tenant sees none of it.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { archiveAfterDays, archiveEvent, archiveOldEvents, eventsToArchive } from '../../../src/domains/cold-layer/archive';
import { api, signup } from '../../support/api';
import { rawPostgres } from '../../support/postgres-rows';
import { drained, postgresAway, saleRefundScan } from '../../support/replication';
import { fetchWorker } from '../../support/worker-fetch';

const DAY = 86_400_000;
const HOT = ['orders', 'order_lines', 'tickets', 'payments', 'refunds', 'scans'] as const;

async function d1Counts(orgId: string, eventId: string) {
  const q = (sql: string) => env.DB.prepare(sql).bind(orgId, eventId).first<{ n: number }>().then((r) => r!.n);
  const byOrder = (t: string) => q(`SELECT count(*) AS n FROM ${t} WHERE organization_id = ?1 AND order_id IN (SELECT id FROM orders WHERE organization_id = ?1 AND event_id = ?2)`);
  return {
    orders: await q('SELECT count(*) AS n FROM orders WHERE organization_id = ?1 AND event_id = ?2'),
    order_lines: await byOrder('order_lines'),
    tickets: await q('SELECT count(*) AS n FROM tickets WHERE organization_id = ?1 AND event_id = ?2'),
    payments: await byOrder('payments'),
    refunds: await byOrder('refunds'),
    scans: await q('SELECT count(*) AS n FROM scans WHERE organization_id = ?1 AND event_id = ?2'),
    journal_entries: await q('SELECT count(*) AS n FROM journal_entries WHERE organization_id = ?1 AND event_id = ?2'),
  };
}

async function pgCounts(orgId: string, eventId: string) {
  return rawPostgres(async (c) => {
    const n = async (sql: string) => Number((await c.query(sql, [orgId, eventId])).rows[0].n);
    const byOrder = (t: string) => n(`SELECT count(*) AS n FROM ${t} WHERE organization_id = $1 AND order_id IN (SELECT id FROM orders WHERE organization_id = $1 AND event_id = $2)`);
    return {
      orders: await n('SELECT count(*) AS n FROM orders WHERE organization_id = $1 AND event_id = $2'),
      order_lines: await byOrder('order_lines'),
      tickets: await n('SELECT count(*) AS n FROM tickets WHERE organization_id = $1 AND event_id = $2'),
      payments: await byOrder('payments'),
      refunds: await byOrder('refunds'),
      scans: await n('SELECT count(*) AS n FROM check_ins WHERE organization_id = $1 AND event_id = $2'),
    };
  });
}

/** The event ended long ago and is completed. */
const age = (orgId: string, eventId: string, days = 401) =>
  env.DB.prepare("UPDATE events SET status = 'completed', starts_at = ?3, ends_at = ?3 WHERE organization_id = ?1 AND id = ?2").bind(orgId, eventId, Date.now() - days * DAY).run();

describe('archival', () => {
  it('reads the age setting: default 400 days, 0 or none never', () => {
    expect(archiveAfterDays({})).toBe(400);
    expect(archiveAfterDays({ ARCHIVE_AFTER_DAYS: '30' })).toBe(30);
    expect(archiveAfterDays({ ARCHIVE_AFTER_DAYS: '0' })).toBeNull();
    expect(archiveAfterDays({ ARCHIVE_AFTER_DAYS: 'none' })).toBeNull();
  });

  it('archives an old completed event only once Postgres holds every row: refused while pending or a row is missing; D1 pruned, Postgres intact, history still there', async () => {
    const { owner, f, bought } = await saleRefundScan();
    await age(owner.orgId, f.eventId);
    // Recent events are not due; this one is, once old enough.
    expect((await eventsToArchive(env.DB, new Date(), 400, 10_000)).some((e) => e.id === f.eventId)).toBe(true);
    expect((await eventsToArchive(env.DB, new Date(), 500, 10_000)).some((e) => e.id === f.eventId)).toBe(false);
    const before = await d1Counts(owner.orgId, f.eventId);
    expect(before).toMatchObject({ orders: 1, tickets: 3, refunds: 1, scans: 1 });

    // 1. Changes still pending in the outbox (claimed now, so no pump sends them meanwhile): refused, nothing deleted.
    await env.DB.prepare('UPDATE replication_outbox SET enqueued_at = ? WHERE organization_id = ? AND done_at IS NULL').bind(Date.now(), owner.orgId).run();
    const pendingRun = await archiveEvent(env, owner.orgId, f.eventId, new Date());
    expect(pendingRun.status).toBe('refused');
    expect(pendingRun.reason).toMatch(/pending/);
    expect(await d1Counts(owner.orgId, f.eventId)).toEqual(before);

    // 2. Replicated, but Postgres lost a ticket: refused, nothing deleted.
    await env.DB.prepare('UPDATE replication_outbox SET enqueued_at = NULL WHERE organization_id = ? AND done_at IS NULL').bind(owner.orgId).run();
    await drained(owner.orgId);
    await rawPostgres((c) => c.query('DELETE FROM tickets WHERE organization_id = $1 AND id = $2', [owner.orgId, bought.tickets[2]!.id]));
    const missingRun = await archiveEvent(env, owner.orgId, f.eventId, new Date());
    expect(missingRun.status).toBe('refused');
    expect(missingRun.reason).toMatch(/missing tickets/);
    expect(await d1Counts(owner.orgId, f.eventId)).toEqual(before);
    expect((await env.DB.prepare('SELECT count(*) AS n FROM event_archives WHERE organization_id = ?').bind(owner.orgId).first<{ n: number }>())!.n).toBe(0);

    // 3. Postgres away: the job refuses quietly (the cron does not fail) and deletes nothing.
    const away = await archiveOldEvents({ ...postgresAway(), ARCHIVE_AFTER_DAYS: '400' } as never, new Date());
    expect(away.find((a) => a.eventId === f.eventId)?.status).toBe('refused');
    expect(await d1Counts(owner.orgId, f.eventId)).toEqual(before);

    // 4. The ticket sent again: Postgres holds everything, the job archives the event.
    await env.DB.prepare("UPDATE replication_outbox SET done_at = NULL, enqueued_at = NULL WHERE organization_id = ? AND table_name = 'tickets' AND row_id = ?").bind(owner.orgId, bought.tickets[2]!.id).run();
    await drained(owner.orgId);
    const inPgBefore = await pgCounts(owner.orgId, f.eventId);
    const outboxBefore = (await env.DB.prepare('SELECT count(*) AS n FROM replication_outbox').first<{ n: number }>())!.n;
    const runs = await archiveOldEvents({ ...env, ARCHIVE_AFTER_DAYS: '400' } as never, new Date());
    const mine = runs.find((a) => a.eventId === f.eventId)!;
    expect(mine.status).toBe('archived');
    expect(mine.counts).toMatchObject({ orders: 1, order_lines: before.order_lines, tickets: 3, payments: before.payments, refunds: 1, scans: 1 });

    // D1's hot rows are gone (the ledger stays), no delete reached the outbox, Postgres holds every row still.
    const after = await d1Counts(owner.orgId, f.eventId);
    for (const t of HOT) expect(after[t], t).toBe(0);
    expect(after.journal_entries).toBe(before.journal_entries);
    expect((await env.DB.prepare('SELECT count(*) AS n FROM replication_outbox').first<{ n: number }>())!.n).toBe(outboxBefore);
    expect(await pgCounts(owner.orgId, f.eventId)).toEqual(inPgBefore);
    expect(inPgBefore).toMatchObject({ orders: 1, tickets: 3, refunds: 1, scans: 1 });

    // Idempotent: a second run finds nothing to do for it.
    expect((await archiveOldEvents({ ...env, ARCHIVE_AFTER_DAYS: '400' } as never, new Date())).some((a) => a.eventId === f.eventId)).toBe(false);

    // The organizer's history: the event's order list (and lookup by id or email) answers from Postgres.
    const list = await api('GET', `/orgs/${owner.orgId}/orders?eventId=${f.eventId}`, { token: owner.token });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([bought.orderId]);
    expect(list.body.items[0]).toMatchObject({ eventId: f.eventId, status: 'partially_refunded' });
    const byId = await api('GET', `/orgs/${owner.orgId}/orders?eventId=${f.eventId}&q=${bought.orderId}`, { token: owner.token });
    expect(byId.body.items).toHaveLength(1);
    const byEmail = await api('GET', `/orgs/${owner.orgId}/orders?eventId=${f.eventId}&q=${encodeURIComponent(list.body.items[0].buyerEmail)}`, { token: owner.token });
    expect(byEmail.body.items).toHaveLength(1);
    // The order itself, with its tickets and refund, from Postgres.
    const detail = await api('GET', `/orgs/${owner.orgId}/archived-orders/${bought.orderId}`, { token: owner.token });
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    expect(detail.body.archived).toBe(true);
    expect(detail.body.tickets.map((t: { id: string }) => t.id).sort()).toEqual(bought.tickets.map((t) => t.id).sort());
    expect(detail.body.refunds).toHaveLength(1);
    expect(detail.body.payments.length).toBe(before.payments);
    expect(JSON.stringify(detail.body)).not.toContain('qrToken');
    // Postgres away: that list is a 503 with Retry-After, not a 500 and not an empty list.
    const down = await fetchWorker(postgresAway(), new Request(`https://voelgoed.test/api/v1/orgs/${owner.orgId}/orders?eventId=${f.eventId}`, { headers: { Authorization: `Bearer ${owner.token}` } }));
    expect(down.status).toBe(503);
    expect(down.headers.get('Retry-After')).toBeTruthy();
    // The organizer sees the archive in the replication status.
    const status = await api('GET', `/orgs/${owner.orgId}/replication`, { token: owner.token });
    expect(status.body.archives).toEqual([expect.objectContaining({ eventId: f.eventId, status: 'archived', counts: expect.objectContaining({ orders: 1, tickets: 3 }) })]);

    // Another tenant: no archive of theirs, the event's orders not in their list, this organization's status 404.
    const other = await signup();
    const theirs = await api('GET', `/orgs/${other.orgId}/orders?eventId=${f.eventId}`, { token: other.token });
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
    expect((await api('GET', `/orgs/${other.orgId}/replication`, { token: other.token })).body.archives).toEqual([]);
    expect((await api('GET', `/orgs/${owner.orgId}/orders?eventId=${f.eventId}`, { token: other.token })).status).toBe(404);
    expect((await api('GET', `/orgs/${other.orgId}/archived-orders/${bought.orderId}`, { token: other.token })).status).toBe(404);
    expect((await api('GET', `/orgs/${owner.orgId}/archived-orders/${bought.orderId}`, { token: other.token })).status).toBe(404);
  });
});
