/**
 * Replication from the D1 outbox into Postgres (src/domains/replication/): a sale, a refund, a scan and a snapshot
 * reach Postgres through the pump and the queue with the same counts and sums as D1; redelivery, an older copy and a
 * full replay change nothing; Postgres away fails no sale and loses nothing — the outbox drains once it is back.
 */
import { env } from 'cloudflare:test';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { postgres } from '../../../src/db/postgres-client';
import { checkIns, journalLines, orders, refunds, tickets } from '../../../src/db/postgres';
import { applyReplication } from '../../../src/domains/replication/apply';
import { pumpReplicationOf, REPLICATION_RECLAIM_MS, replicationMessages } from '../../../src/domains/replication/pump';
import { pending, replicated, replicatedThroughQueue, saleRefundScan } from '../../support/replication';
import { until } from '../../support/wait';
import { fetchWorker } from '../../support/worker-fetch';

/** What D1 and Postgres each say about one organization's sales, refunds, tickets, ledger and check-ins. */
async function figures(orgId: string) {
  const d1 = async (q: string) => (await env.DB.prepare(q).bind(orgId).first<Record<string, number>>())!;
  const inD1 = {
    orders: await d1('SELECT count(*) AS n, coalesce(sum(total_minor), 0) AS total, coalesce(sum(refunded_minor), 0) AS refunded FROM orders WHERE organization_id = ?'),
    tickets: await d1("SELECT count(*) AS n, sum(status = 'valid') AS valid FROM tickets WHERE organization_id = ?"),
    refunds: await d1('SELECT count(*) AS n, coalesce(sum(amount_minor), 0) AS amount FROM refunds WHERE organization_id = ?'),
    ledger: await d1('SELECT count(*) AS n, coalesce(sum(debit_minor), 0) AS debit, coalesce(sum(credit_minor), 0) AS credit FROM journal_lines WHERE organization_id = ?'),
    scans: await d1('SELECT count(*) AS n FROM scans WHERE organization_id = ?'),
  };
  const pg = postgres(env);
  try {
    const inPg = await pg.forOrganization(orgId, async (tx) => {
      const one = async <T>(q: Promise<T[]>) => (await q)[0]!;
      return {
        orders: await one(tx.select({ n: sql<number>`count(*)::int`, total: sql<number>`coalesce(sum(${orders.totalMinor}), 0)::int`, refunded: sql<number>`coalesce(sum(${orders.refundedMinor}), 0)::int` }).from(orders).where(eq(orders.organizationId, orgId))),
        tickets: await one(tx.select({ n: sql<number>`count(*)::int`, valid: sql<number>`count(*) filter (where ${tickets.status} = 'valid')::int` }).from(tickets).where(eq(tickets.organizationId, orgId))),
        refunds: await one(tx.select({ n: sql<number>`count(*)::int`, amount: sql<number>`coalesce(sum(${refunds.amountMinor}), 0)::int` }).from(refunds).where(eq(refunds.organizationId, orgId))),
        ledger: await one(tx.select({ n: sql<number>`count(*)::int`, debit: sql<number>`coalesce(sum(${journalLines.debitMinor}), 0)::int`, credit: sql<number>`coalesce(sum(${journalLines.creditMinor}), 0)::int` }).from(journalLines).where(eq(journalLines.organizationId, orgId))),
        scans: await one(tx.select({ n: sql<number>`count(*)::int` }).from(checkIns).where(eq(checkIns.organizationId, orgId))),
      };
    });
    return { inD1, inPg };
  } finally {
    await pg.close();
  }
}

/** How long a test waits for the real queue, behind the rest of the suite's replication backlog (one local consumer). */
const THROUGH_QUEUE_MS = 150_000;

describe('replication to Postgres', () => {
  it('carries a sale, a refund and a scan through the pump and the queue into Postgres with the same counts and sums as D1, the outbox drained', async () => {
    const { owner } = await saleRefundScan();
    // Through the one local queue, behind whatever the rest of the suite has sent it: a generous wait.
    await replicatedThroughQueue(owner.orgId, THROUGH_QUEUE_MS);
    const { inD1, inPg } = await figures(owner.orgId);
    expect(inD1.orders.n).toBe(1);
    expect(inD1.refunds.n).toBe(1);
    expect(inD1.scans.n).toBeGreaterThan(0);
    expect(inPg).toEqual(inD1);
    // The ledger balances in the copy as at the source.
    expect(inPg.ledger.debit).toBe(inPg.ledger.credit);
  }, THROUGH_QUEUE_MS + 30_000);

  it('is exactly once in effect: a redelivered message, a replay of the whole outbox and an older copy change nothing', async () => {
    const { owner, bought } = await saleRefundScan();
    await replicated(owner.orgId);
    const before = await figures(owner.orgId);
    const all = (await env.DB.prepare('SELECT table_name, row_id, organization_id FROM replication_outbox WHERE organization_id = ?').bind(owner.orgId).all<{ table_name: never; row_id: string; organization_id: string }>()).results;
    const [message] = replicationMessages(all);
    // The same message again: every row already as new in Postgres.
    expect(await applyReplication(env, message!)).toMatchObject({ written: 0, missing: 0 });
    // Even with its changes pending again (an outbox replayed), the copy is as new: nothing written, all marked done.
    await env.DB.prepare('UPDATE replication_outbox SET done_at = NULL WHERE organization_id = ?').bind(owner.orgId).run();
    expect(await applyReplication(env, message!)).toMatchObject({ written: 0, missing: 0 });
    // Replay: every outbox row pending again, pumped and consumed again.
    await env.DB.prepare('UPDATE replication_outbox SET done_at = NULL, enqueued_at = NULL WHERE organization_id = ?').bind(owner.orgId).run();
    await replicated(owner.orgId);
    expect(await figures(owner.orgId)).toEqual(before);
    // An older copy (a late, reordered delivery of an earlier state) never overwrites a newer one.
    const pg = postgres(env);
    try {
      const stored = await pg.forOrganization(owner.orgId, (tx) => tx.select().from(orders).where(and(eq(orders.organizationId, owner.orgId), eq(orders.id, bought.orderId))));
      expect(stored[0]!.refundedMinor).toBeGreaterThan(0);
      const { upsertByVersion } = await import('../../../src/db/postgres/upsert');
      const older = { ...stored[0]!, refundedMinor: 0, version: stored[0]!.version - 1 };
      expect(await pg.forOrganization(owner.orgId, (tx) => upsertByVersion(tx, orders, [older]))).toBe(0);
      const after = await pg.forOrganization(owner.orgId, (tx) => tx.select().from(orders).where(and(eq(orders.organizationId, owner.orgId), eq(orders.id, bought.orderId))));
      expect(after[0]!.refundedMinor).toBe(stored[0]!.refundedMinor);
    } finally {
      await pg.close();
    }
  });

  it('fails no sale while Postgres is away, and loses nothing: the outbox waits and drains once it is back', async () => {
    const { owner, f } = await saleRefundScan();
    await replicated(owner.orgId);
    // A Postgres nobody listens on. Every outbox row pending again, claimed now (so only this test moves them).
    const away = { ...env, HYPERDRIVE: { ...env.HYPERDRIVE, connectionString: 'postgres://postgres:postgres@127.0.0.1:9/none' } } as unknown as Cloudflare.Env;
    // A message the sale's own pumps sent may still be in the suite's queue and, arriving after the reset, mark rows
    // done through the real Postgres: the reset and the failed attempts are tried again until none interferes.
    let results: { table_name: never; row_id: string; organization_id: string }[] = [];
    for (let attempt = 0; ; attempt++) {
      await env.DB.prepare('UPDATE replication_outbox SET done_at = NULL, enqueued_at = ? WHERE organization_id = ?').bind(Date.now(), owner.orgId).run();
      results = (await env.DB.prepare('SELECT table_name, row_id, organization_id FROM replication_outbox WHERE organization_id = ?').bind(owner.orgId).all<(typeof results)[number]>()).results;
      for (const message of replicationMessages(results)) await expect(applyReplication(away, message)).rejects.toThrow();
      if ((await pending(owner.orgId)) === results.length || attempt === 4) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(await pending(owner.orgId)).toBe(results.length);
    // Buyers go on holding and checking out through the Worker with Postgres away (the answers and the pump after them).
    const post = (path: string, body: unknown) =>
      fetchWorker(away, new Request(`https://voelgoed.test/api/v1${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.50' }, body: JSON.stringify(body) }));
    const held = await post(`/public/events/${f.eventId}/holds`, { ticketTypeId: f.gaTypeId, quantity: 1 });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    const started = await post(`/public/events/${f.eventId}/checkout`, { holds: [held.body.id], buyer: { name: 'Away Buyer', email: 'away@example.com' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    // Back: the pump's reclaim sends every change not done, and they drain; the copy agrees with D1 again.
    await pumpReplicationOf(env, new Date(Date.now() + REPLICATION_RECLAIM_MS + 1_000), owner.orgId);
    await until('the outbox drained', async () => ((await pending(owner.orgId)) === 0 ? true : null), THROUGH_QUEUE_MS);
    const { inD1, inPg } = await figures(owner.orgId);
    expect(inPg).toEqual(inD1);
  }, THROUGH_QUEUE_MS + 30_000);
});
