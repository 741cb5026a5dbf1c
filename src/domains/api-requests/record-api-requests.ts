/**
 * The replication queue's `api_requests` messages (src/domains/replication/consumer.ts): inserts the entries into
 * Postgres' api_requests, one transaction per organization (row-level security set to it), `on conflict (id,
 * created_at) do nothing` — a redelivered or replayed message inserts nothing twice. A failure throws, so the queue
 * retries the message (and dead-letters it after its retries, like any replication message).
 */
import { postgres } from '../../db/postgres-client';
import { apiRequests } from '../../db/postgres';
import type { ApiRequestEntry, ApiRequestsMessage } from './schemas';

type Env = Pick<Cloudflare.Env, 'HYPERDRIVE'>;

const toRow = (e: ApiRequestEntry) => ({
  id: e.id,
  organizationId: e.organizationId,
  createdAt: new Date(e.at),
  method: e.method,
  route: e.route,
  status: e.status,
  latencyMs: e.latencyMs,
  actorType: e.actorType,
  apiKeyId: e.apiKeyId,
});

/** Resolves to the number of rows inserted (entries already there count nowhere). */
export async function recordApiRequests(env: Env, message: ApiRequestsMessage): Promise<number> {
  const byOrganization = new Map<string, ApiRequestEntry[]>();
  for (const entry of message.entries) byOrganization.set(entry.organizationId, [...(byOrganization.get(entry.organizationId) ?? []), entry]);
  let inserted = 0;
  const pg = postgres(env);
  try {
    for (const [organizationId, entries] of byOrganization) {
      inserted += await pg.forOrganization(organizationId, async (tx) => {
        const rows = await tx
          .insert(apiRequests)
          .values(entries.map(toRow))
          .onConflictDoNothing({ target: [apiRequests.id, apiRequests.createdAt] })
          .returning({ id: apiRequests.id });
        return rows.length;
      });
    }
  } finally {
    await pg.close();
  }
  return inserted;
}
