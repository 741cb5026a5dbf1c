/**
 * Reads an organization's API request log from Postgres, newest first, filtered, with keyset pagination on
 * (created_at, id): the table is partitioned by created_at, so a page reads only the months it reaches. Request ids
 * are not time-ordered (a client may send its own X-Request-Id), hence the cursor `<epoch ms>.<id>` rather than the id
 * alone. Scoped twice: the query filters by organization_id, and row-level security admits only that organization.
 * Postgres away: 503 `postgres_unavailable` with Retry-After (src/db/postgres-client.ts).
 */
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { postgres } from '../../db/postgres-client';
import { apiRequests } from '../../db/postgres';
import type { TenantContext } from '../../platform/context';
import type { ApiRequestQuery } from './schemas';

function statusFilter(status: string) {
  if (/^[1-5]xx$/.test(status)) {
    const floor = Number(status[0]) * 100;
    return and(gte(apiRequests.status, floor), lt(apiRequests.status, floor + 100));
  }
  return eq(apiRequests.status, Number(status));
}

function afterCursor(cursor: string) {
  const dot = cursor.indexOf('.');
  const at = new Date(Number(cursor.slice(0, dot)));
  const id = cursor.slice(dot + 1);
  return sql`(${apiRequests.createdAt}, ${apiRequests.id}) < (${at.toISOString()}::timestamptz, ${id})`;
}

export async function listApiRequests({ ctx, input }: { ctx: TenantContext; input: ApiRequestQuery }) {
  const { organizationId } = ctx;
  const pg = postgres(ctx.env);
  try {
    const rows = await pg.forOrganization(organizationId, (tx) =>
      tx
        .select()
        .from(apiRequests)
        .where(
          and(
            eq(apiRequests.organizationId, organizationId),
            input.cursor ? afterCursor(input.cursor) : undefined,
            input.apiKeyId ? eq(apiRequests.apiKeyId, input.apiKeyId) : undefined,
            input.actorType ? eq(apiRequests.actorType, input.actorType) : undefined,
            input.status ? statusFilter(input.status) : undefined,
            input.method ? eq(apiRequests.method, input.method) : undefined,
            input.route ? eq(apiRequests.route, input.route) : undefined,
            input.from ? gte(apiRequests.createdAt, new Date(input.from)) : undefined,
            input.to ? lt(apiRequests.createdAt, new Date(input.to)) : undefined,
          ),
        )
        .orderBy(desc(apiRequests.createdAt), desc(apiRequests.id))
        .limit(input.limit + 1),
    );
    const items = rows.slice(0, input.limit);
    const last = items.at(-1);
    return {
      items: items.map((r) => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        method: r.method,
        route: r.route,
        status: r.status,
        latencyMs: r.latencyMs,
        actorType: r.actorType as 'api_key' | 'user',
        apiKeyId: r.apiKeyId,
      })),
      nextCursor: rows.length > input.limit && last ? `${last.createdAt.getTime()}.${last.id}` : null,
    };
  } finally {
    await pg.close();
  }
}
