/**
 * Test helpers for the Postgres copy: wait until an organization's changes have all been replicated; a sale, a refund
 * and a scan (every kind of fact replication carries); a Postgres nobody listens on.
 */
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import type { ReplicatedTable } from '../../src/db/schema/replication';
import { applyReplication } from '../../src/domains/replication/apply';
import { pumpReplicationOf, replicationMessages } from '../../src/domains/replication/pump';
import { api } from './api';
import { buyTickets, deviceScan, eventToday, registerDevice, startSession } from './scanning';
import { until } from './wait';

/** Changes of the organization written in D1 and not yet in Postgres. */
export const pendingChanges = async (orgId: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM replication_outbox WHERE organization_id = ? AND done_at IS NULL').bind(orgId).first<{ n: number }>())!.n;
export const pending = pendingChanges;

/**
 * Every change of the organization in Postgres now: its pending outbox rows applied here, as the replication consumer
 * applies a message (src/domains/replication/apply.ts), instead of waiting behind the whole suite's backlog in the one
 * local queue. The path through the pump and the queue has its own test (test/domains/replication) and bench.
 */
export async function replicated(orgId: string, ms = 45_000) {
  const start = Date.now();
  let slowest = 0;
  let rounds = 0;
  for (;;) {
    const { results } = await env.DB.prepare('SELECT table_name, row_id, organization_id FROM replication_outbox WHERE organization_id = ? AND done_at IS NULL ORDER BY seq LIMIT 500')
      .bind(orgId)
      .all<{ table_name: ReplicatedTable; row_id: string; organization_id: string }>();
    if (!results.length) return;
    // Checked before applying again, never after an apply that finished (its rows are done: the next read says so).
    if (Date.now() - start > ms) {
      const tables = [...new Set(results.map((r) => r.table_name))].join(', ');
      throw new Error(`${orgId}'s changes not replicated within ${ms} ms: ${results.length} rows still pending (${tables}) after ${rounds} rounds, the slowest ${slowest} ms`);
    }
    const began = Date.now();
    for (const message of replicationMessages(results)) await applyReplication(env, message);
    slowest = Math.max(slowest, Date.now() - began);
    rounds += 1;
  }
}

/** Through the real pipeline: the organization's pending rows pumped to the replication queue, then waited for. */
export async function replicatedThroughQueue(orgId: string, ms = 60_000) {
  await pumpReplicationOf(env, new Date(), orgId);
  await until(`${orgId}'s changes replicated through the queue`, async () => ((await pendingChanges(orgId)) === 0 ? true : null), ms);
}
export const drained = (orgId: string) => replicated(orgId);

/** A paid order of three tickets, one refunded, one scanned in: every kind of fact replication carries. */
export async function saleRefundScan() {
  const { owner, f, north } = await eventToday();
  const bought = await buyTickets(f.eventId, f.gaTypeId, 3);
  const refunded = await api('POST', `/orgs/${owner.orgId}/orders/${bought.orderId}/refunds`, { token: owner.token, body: { reason: 'One ticket', ticketIds: [bought.tickets[0]!.id] } });
  expect(refunded.status, JSON.stringify(refunded.body)).toBe(201);
  const device = await registerDevice(owner, [f.eventId], north);
  await startSession(device.token, f.eventId, north);
  expect((await deviceScan(device.token, { eventId: f.eventId, token: bought.tickets[1]!.qrToken })).status).toBe(200);
  return { owner, f, bought, device };
}

/** An environment whose Postgres nobody listens on. */
export const postgresAway = () => ({ ...env, HYPERDRIVE: { ...env.HYPERDRIVE, connectionString: 'postgres://postgres:postgres@127.0.0.1:9/none' } }) as unknown as Cloudflare.Env;
