/** An event's buyer refund policy: read it (no row = `none`) and set it (audited). */
import { and, eq } from 'drizzle-orm';
import { writeBatch, type Database } from '../../db/client';
import { refundPolicies } from '../../db/schema/refund-policies';
import { auditEntry, diff } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { loadEvent } from '../events/events';
import { NO_REFUNDS, refundDeadline, type PolicyTerms } from './policy-math';
import type { RefundPolicyInput } from './schemas';

export async function policyTerms(db: Database, organizationId: string, eventId: string): Promise<PolicyTerms> {
  const [row] = await db
    .select()
    .from(refundPolicies)
    .where(and(eq(refundPolicies.organizationId, organizationId), eq(refundPolicies.eventId, eventId)))
    .limit(1);
  if (!row) return NO_REFUNDS;
  return { mode: row.mode, daysBefore: row.daysBefore, feeBasisPoints: row.feeBasisPoints, feeFixedMinor: row.feeFixedMinor, refundBookingFee: row.refundBookingFee };
}

export function policyView(eventId: string, terms: PolicyTerms, event: { startsAt: Date; timezone: string }) {
  return { eventId, ...terms, deadline: refundDeadline(terms, event)?.toISOString() ?? null };
}

export async function getRefundPolicy({ ctx, eventId }: { ctx: TenantContext; eventId: string }) {
  const event = await loadEvent(ctx, eventId);
  return policyView(event.id, await policyTerms(ctx.db, ctx.organizationId, event.id), event);
}

export async function setRefundPolicy({ ctx, eventId, input }: { ctx: TenantContext; eventId: string; input: RefundPolicyInput }) {
  const event = await loadEvent(ctx, eventId);
  const before = await policyTerms(ctx.db, ctx.organizationId, event.id);
  const terms: PolicyTerms = input.mode === 'none' ? { ...NO_REFUNDS } : { mode: input.mode, daysBefore: input.daysBefore, feeBasisPoints: input.feeBasisPoints, feeFixedMinor: input.feeFixedMinor, refundBookingFee: input.refundBookingFee };
  const now = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .insert(refundPolicies)
      .values({ eventId: event.id, organizationId: ctx.organizationId, ...terms, updatedAt: now })
      .onConflictDoUpdate({ target: refundPolicies.eventId, set: { ...terms, updatedAt: now } }),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'event.refund_policy_set', resourceType: 'event', resourceId: event.id, changes: diff(before, terms) }),
  ]);
  return policyView(event.id, terms, event);
}
