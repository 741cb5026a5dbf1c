/** API keys: create (secret shown once, SHA-256 stored), list, revoke. Keys never carry more than their creator may do. */
import { isDevelopmentLike } from '../../platform/app-env';
import { isoOrNull as iso } from '../../platform/time';
import { and, eq } from 'drizzle-orm';
import { apiKeys } from '../../db/schema/access';
import { auditEntry } from '../../platform/audit';
import { API_KEY_PREFIX } from '../../platform/auth';
import type { TenantContext } from '../../platform/context';
import { sha256Hex } from '../../platform/crypto';
import { ForbiddenError, NotFoundError } from '../../platform/errors';
import { ID_PREFIXES, newId, randomToken } from '../../platform/ids';
import { newestFirstPage } from '../../db/keyset';
import { can, type Action } from '../../platform/rbac';
import { credentialStatus } from '../shared-schemas';
import type { ApiKey, CreateApiKey } from './schemas';

type ApiKeyRow = typeof apiKeys.$inferSelect;


const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  createdByUserId: r.createdByUserId,
  expiresAt: iso(r.expiresAt),
  status: credentialStatus(r),
  lastUsedAt: iso(r.lastUsedAt),
  revokedAt: iso(r.revokedAt),
  createdAt: r.createdAt.toISOString(),
});

export async function createApiKey({ ctx, input }: { ctx: TenantContext; input: CreateApiKey }) {
  const beyond = input.scopes.filter((scope) => !can(ctx.actor, scope as Action));
  if (beyond.length > 0) throw new ForbiddenError(`You cannot grant scopes you do not hold: ${beyond.join(', ')}.`, 'scope_not_held');
  const env = isDevelopmentLike(ctx.env) ? 'test' : 'live';
  const secret = `${API_KEY_PREFIX}${env}_${randomToken(24)}`;
  const row: ApiKeyRow = {
    id: newId(ID_PREFIXES.apiKey),
    organizationId: ctx.organizationId,
    name: input.name,
    prefix: secret.slice(0, API_KEY_PREFIX.length + env.length + 9),
    secretHash: await sha256Hex(secret),
    scopes: input.scopes,
    createdByUserId: ctx.actor.userId ?? ctx.actor.id,
    expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    lastUsedAt: null,
    revokedAt: null,
    createdAt: new Date(),
  };
  await ctx.db.batch([
    ctx.db.insert(apiKeys).values(row),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'api_key.created',
      resourceType: 'api_key',
      resourceId: row.id,
      changes: { name: row.name, prefix: row.prefix, scopes: row.scopes, expiresAt: iso(row.expiresAt) },
    }),
  ]);
  return { ...toApiKey(row), secret };
}

export async function listApiKeys({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string } }) {
  const page = await newestFirstPage(apiKeys.id, input, (k) =>
    ctx.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.organizationId, ctx.organizationId), k.after))
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map(toApiKey), nextCursor: page.nextCursor };
}

async function getRow(ctx: TenantContext, apiKeyId: string) {
  const [row] = await ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.organizationId, ctx.organizationId), eq(apiKeys.id, apiKeyId)))
    .limit(1);
  if (!row) throw new NotFoundError('API key');
  return row;
}

export async function getApiKey(ctx: TenantContext, apiKeyId: string) {
  return toApiKey(await getRow(ctx, apiKeyId));
}

/** Revoking twice answers the same key, revoked at the first time. */
export async function revokeApiKey({ ctx, apiKeyId }: { ctx: TenantContext; apiKeyId: string }) {
  const row = await getRow(ctx, apiKeyId);
  if (row.revokedAt) return toApiKey(row);
  const revokedAt = new Date();
  await ctx.db.batch([
    ctx.db
      .update(apiKeys)
      .set({ revokedAt })
      .where(and(eq(apiKeys.organizationId, ctx.organizationId), eq(apiKeys.id, apiKeyId))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'api_key.revoked', resourceType: 'api_key', resourceId: apiKeyId, changes: { name: row.name, prefix: row.prefix } }),
  ]);
  return toApiKey({ ...row, revokedAt });
}
