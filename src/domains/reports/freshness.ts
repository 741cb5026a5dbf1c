/**
 * How fresh a report read from Postgres is (docs/postgres.md, "Reports"): the organization's changes still waiting in
 * the D1 replication outbox — how many and since when. Zero pending: the copy holds every change D1 has.
 */
import { z } from '@hono/zod-openapi';

export const FreshnessSchema = z
  .object({
    source: z.literal('postgres'),
    pendingChanges: z.number().int().openapi({ description: 'Changes of this organization written in D1 and not yet in Postgres' }),
    oldestPendingAt: z.string().nullable().openapi({ description: 'When the oldest of them was written (null: none pending)' }),
    lagSeconds: z.number().int().openapi({ description: 'How far behind the copy is: seconds since the oldest pending change (0: up to date)' }),
    readAt: z.string(),
  })
  .openapi('ReportFreshness');
export type Freshness = z.infer<typeof FreshnessSchema>;

export async function freshness(db: D1Database, organizationId: string, now = Date.now()): Promise<Freshness> {
  const row = await db
    .prepare('SELECT count(*) AS n, min(changed_at) AS oldest FROM replication_outbox WHERE organization_id = ? AND done_at IS NULL')
    .bind(organizationId)
    .first<{ n: number; oldest: number | null }>();
  const oldest = row?.oldest ?? null;
  return {
    source: 'postgres',
    pendingChanges: row?.n ?? 0,
    oldestPendingAt: oldest === null ? null : new Date(oldest).toISOString(),
    lagSeconds: oldest === null ? 0 : Math.max(0, Math.round((now - oldest) / 1000)),
    readAt: new Date(now).toISOString(),
  };
}
