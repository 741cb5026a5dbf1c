/** The platform fee policy in force for an organization and currency: its own row, else the platform default, else the built-in one. */
import { and, eq, isNull, or } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { feePolicies } from '../../db/schema/pricing';
import type { FeeTerms } from './quote';

export type FeePolicy = FeeTerms & {
  id: string | null;
  organizationId: string | null;
  currency: string;
  source: 'organization' | 'platform' | 'built_in';
  updatedAt: Date | null;
};

/** When neither the organization nor the platform has a row for the currency: 2.5 % + 300 minor units, capped at 5000 per ticket, paid by the buyer. */
export const BUILT_IN_FEE_POLICY: FeeTerms = { percentBps: 250, fixedMinor: 300, capMinor: 5000, payer: 'buyer' };

/**
 * Every quote needs the policy, and policies change rarely (a platform admin edits them): each isolate
 * keeps what it read for a minute. An edit clears this isolate's copy at once; other isolates pick it
 * up within FEE_POLICY_CACHE_MS. The checkout locks the fee into the order, so a quote is never re-priced later.
 */
export const FEE_POLICY_CACHE_MS = 60_000;
const cache = new Map<string, { policy: FeePolicy; until: number }>();

/** Forgets every cached policy (after an edit, and in tests). */
export function clearFeePolicyCache() {
  cache.clear();
}

export async function effectiveFeePolicy(db: Database, organizationId: string, currency: string): Promise<FeePolicy> {
  const key = `${organizationId}:${currency}`;
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.policy;
  const rows = await db
    .select()
    .from(feePolicies)
    .where(and(eq(feePolicies.currency, currency), or(eq(feePolicies.organizationId, organizationId), isNull(feePolicies.organizationId))));
  const row = rows.find((r) => r.organizationId === organizationId) ?? rows.find((r) => r.organizationId === null);
  const policy: FeePolicy = row
    ? {
        id: row.id,
        organizationId: row.organizationId,
        currency,
        percentBps: row.percentBps,
        fixedMinor: row.fixedMinor,
        capMinor: row.capMinor,
        payer: row.payer,
        source: row.organizationId ? 'organization' : 'platform',
        updatedAt: row.updatedAt,
      }
    : { id: null, organizationId: null, currency, ...BUILT_IN_FEE_POLICY, source: 'built_in', updatedAt: null };
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { policy, until: Date.now() + FEE_POLICY_CACHE_MS });
  return policy;
}

export function toFeePolicyOut(p: FeePolicy) {
  return {
    id: p.id,
    organizationId: p.organizationId,
    currency: p.currency,
    percentBps: p.percentBps,
    fixedMinor: p.fixedMinor,
    capMinor: p.capMinor,
    payer: p.payer,
    source: p.source,
    updatedAt: p.updatedAt ? p.updatedAt.toISOString() : null,
  };
}
