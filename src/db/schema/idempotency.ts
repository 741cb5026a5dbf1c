/** Stored answers to POSTs sent with an Idempotency-Key: replayed on a retry, 409 while the first is still running. */
import { sqliteTable, text, integer, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant } from './columns';

export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    id: id(),
    /** The tenant when the caller acts inside one; null for public (buyer) calls. */
    organizationId: text(),
    /** Who sent it (user, API key, device or public) plus method and a SHA-256 of the path: keys never collide across callers. */
    scope: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    /** `secret_withheld`: the request succeeded but its answer carried a secret shown once, so none is kept (replay → 409). */
    status: text({ enum: ['in_flight', 'done', 'secret_withheld'] }).notNull(),
    responseStatus: integer(),
    responseBody: text(),
    responseHeaders: text({ mode: 'json' }).$type<Record<string, string>>(),
    createdAt: createdAt(),
    expiresAt: instant().notNull(),
  },
  (t) => [uniqueIndex('idempotency_keys_scope_key_uq').on(t.scope, t.key), index('idempotency_keys_org_idx').on(t.organizationId, t.id)],
);
