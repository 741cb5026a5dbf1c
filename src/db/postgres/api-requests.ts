/**
 * The API request log (docs/postgres.md, "API request log"): one row per request an API key or a member's session
 * made inside an organization. Written only by the replication queue's consumer (insert … on conflict do nothing),
 * never updated; old months are dropped by the retention job. Partitioned by month on created_at (hand-written
 * PARTITION BY in migrations/postgres/0003), so it is keyed by (id, created_at): the request id and the time the
 * request arrived — a redelivered batch carries both unchanged and inserts nothing.
 *
 * Deliberately absent: the raw URL and query string, bodies, headers, IP addresses and user agents. The route is the
 * matched pattern (`/api/v1/orgs/:orgId/events/:eventId`), which carries no ids or tokens.
 */
import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { id, instant, organizationId } from './columns';

export const apiRequests = pgTable(
  'api_requests',
  {
    /** The request id (X-Request-Id as the API echoed it). */
    id: id(),
    organizationId: organizationId(),
    /** When the request arrived (ms precision). */
    createdAt: instant().notNull(),
    method: text().notNull(),
    /** The matched route pattern, never the raw path. */
    route: text().notNull(),
    status: integer().notNull(),
    latencyMs: integer().notNull(),
    /** `api_key` or `user`. */
    actorType: text().notNull(),
    /** The key's id when an API key made the request. */
    apiKeyId: text(),
    /** When the row reached Postgres. */
    recordedAt: instant().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.createdAt] }),
    index('pg_api_requests_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    index('pg_api_requests_org_key_idx').on(t.organizationId, t.apiKeyId, t.createdAt),
  ],
);
