/** Test helpers for the Postgres copy: wait until an organization's changes have all been replicated. */
import { env } from 'cloudflare:test';
import { createDb } from '../../src/db/client';
import { runPumps } from '../../src/queues/pump';
import { until } from './wait';

/** Changes of the organization written in D1 and not yet in Postgres. */
export const pendingChanges = async (orgId: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM replication_outbox WHERE organization_id = ? AND done_at IS NULL').bind(orgId).first<{ n: number }>())!.n;

/** Pumps the outbox and waits until every change of the organization is in Postgres. */
export async function replicated(orgId: string, ms = 20_000) {
  await runPumps(env, createDb(env.DB));
  await until(`${orgId}'s changes replicated`, async () => ((await pendingChanges(orgId)) === 0 ? true : null), ms);
}
