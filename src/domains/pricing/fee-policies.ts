/** Platform operators' view of fee policies: list them, and set one (an organization's own, or the platform default for a currency). */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { writeBatch, type Write } from '../../db/client';
import { feePolicies } from '../../db/schema/pricing';
import { organizations } from '../../db/schema/tenancy';
import { auditEntry } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';
import { NotFoundError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { newestFirstPage } from '../../db/keyset';
import { clearFeePolicyCache, toFeePolicyOut } from './fees';
import type { PutFeePolicy } from './schemas';

type FeePolicyRow = typeof feePolicies.$inferSelect;

export const toFeePolicyRowOut = (r: FeePolicyRow) =>
  toFeePolicyOut({ ...r, source: r.organizationId ? 'organization' : 'platform' });

export async function listFeePolicies(ctx: ServiceContext, input: { limit: number; cursor?: string; organizationId?: string }) {
  const page = await newestFirstPage(feePolicies.id, input, (k) =>
    ctx.db
      .select()
      .from(feePolicies)
      .where(and(input.organizationId ? eq(feePolicies.organizationId, input.organizationId) : undefined, k.after))
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map(toFeePolicyRowOut), nextCursor: page.nextCursor };
}

/**
 * Creates or replaces the policy for (organization or platform, currency) in one upsert. Platform
 * defaults have organization_id NULL, which a plain unique index treats as distinct, so they conflict
 * on the partial unique index of migration 0004 instead.
 */
export async function putFeePolicy({ ctx, userId, input }: { ctx: ServiceContext; userId: string; input: PutFeePolicy }) {
  const organizationId = input.organizationId ?? null;
  if (organizationId) {
    const [org] = await ctx.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).limit(1);
    if (!org) throw new NotFoundError('Organization');
  }
  const scope = organizationId ? eq(feePolicies.organizationId, organizationId) : isNull(feePolicies.organizationId);
  const [before] = await ctx.db.select().from(feePolicies).where(and(scope, eq(feePolicies.currency, input.currency))).limit(1);
  const now = new Date();
  const terms = { percentBps: input.percentBps, fixedMinor: input.fixedMinor, capMinor: input.capMinor, payer: input.payer, updatedAt: now };
  const row = { id: newId(ID_PREFIXES.feePolicy), organizationId, currency: input.currency, ...terms, createdAt: now };
  const upsert = organizationId
    ? ctx.db.insert(feePolicies).values(row).onConflictDoUpdate({ target: [feePolicies.organizationId, feePolicies.currency], set: terms })
    : ctx.db.insert(feePolicies).values(row).onConflictDoUpdate({ target: [feePolicies.currency], targetWhere: sql`organization_id is null`, set: terms });
  const writes: Write[] = [upsert];
  if (organizationId) {
    const changes = before
      ? Object.fromEntries(
          (['percentBps', 'fixedMinor', 'capMinor', 'payer'] as const).filter((k) => before[k] !== input[k]).map((k) => [k, { from: before[k], to: input[k] }]),
        )
      : { currency: input.currency, percentBps: input.percentBps, fixedMinor: input.fixedMinor, capMinor: input.capMinor, payer: input.payer };
    writes.push(
      auditEntry(ctx, {
        organizationId,
        action: before ? 'fee_policy.updated' : 'fee_policy.created',
        resourceType: 'fee_policy',
        resourceId: before?.id ?? row.id,
        changes,
        actor: { type: 'user', id: userId },
      }),
    );
  }
  await writeBatch(ctx.db, writes);
  clearFeePolicyCache();
  const [saved] = await ctx.db.select().from(feePolicies).where(and(scope, eq(feePolicies.currency, input.currency))).limit(1);
  return toFeePolicyRowOut(saved!);
}
