/** For the replication, reconciliation and archival tests: a sale, a refund and a scan, and waiting for the outbox to drain. */
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { createDb } from '../../src/db/client';
import { runPumps } from '../../src/queues/pump';
import { api } from './api';
import { buyTickets, deviceScan, eventToday, registerDevice, startSession } from './scanning';
import { until } from './wait';

/** The organization's outbox rows not done. */
export const pending = async (orgId: string) => (await env.DB.prepare('SELECT count(*) AS n FROM replication_outbox WHERE organization_id = ? AND done_at IS NULL').bind(orgId).first<{ n: number }>())!.n;

/** Pumps the outbox and waits until the organization's rows are all in Postgres. */
export async function drained(orgId: string) {
  await runPumps(env, createDb(env.DB));
  await until('the outbox drained', async () => ((await pending(orgId)) === 0 ? true : null), 20_000);
}

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
