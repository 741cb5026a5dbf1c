/** Access control: API keys (shown once, stored hashed, scoped, revocable). */
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant, organizationId } from './columns';
import { organizations } from './tenancy';

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    name: text().notNull(),
    /** The visible start of the key (`vge_live_ab12cd34`), shown in lists so people can tell keys apart. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key: keys carry 160+ bits of entropy, so a slow hash buys nothing. */
    secretHash: text().notNull(),
    scopes: text({ mode: 'json' }).$type<string[]>().notNull(),
    createdByUserId: text().notNull(),
    expiresAt: instant(),
    lastUsedAt: instant(),
    revokedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_keys_secret_hash_uq').on(t.secretHash), index('api_keys_org_idx').on(t.organizationId)],
);
