/**
 * Test helpers for the Postgres copy: wait until an organization's changes have all been replicated; a sale, a refund
 * and a scan (every kind of fact replication carries); a Postgres nobody listens on.
 */
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { createDb } from '../../src/db/client';
import { runPumps } from '../../src/queues/pump';
import { api } from './api';
import { buyTickets, deviceScan, eventToday, registerDevice, startSession } from './scanning';
import { until } from './wait';

/** Changes of the organization written in D1 and not yet in Postgres. */
export const pendingChanges = async (orgId: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM replication_outbox WHERE organization_id = ? AND done_at IS NULL').bind(orgId).first<{ n: number }>())!.n;
export const pending = pendingChanges;

/** Pumps the outbox and waits until every change of the organization is in Postgres. */
export async function replicated(orgId: string, ms = 20_000) {
  await runPumps(env, createDb(env.DB));
  await until(`${orgId}'s changes replicated`, async () => ((await pendingChanges(orgId)) === 0 ? true : null), ms);
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
