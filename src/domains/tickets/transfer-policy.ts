/**
 * Each event's transfer policy: whether buyers may hand tickets on, and how long before doors transfers close.
 * Without a saved row an event runs on the defaults (allowed, closing an hour before doors), so scanners that work
 * offline have that hour to sync the re-keyed tickets before the gates open.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { writeBatch } from '../../db/client';
import type { events } from '../../db/schema/events';
import { eventTransferPolicies } from '../../db/schema/transfers';
import { auditEntry, diff } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { AppError, ConflictError } from '../../platform/errors';
import { loadEvent } from '../events/events';

export const DEFAULT_TRANSFER_POLICY = { allowed: true, cutoffMinutes: 60 } as const;

type EventRow = typeof events.$inferSelect;
export type TransferPolicy = { allowed: boolean; cutoffMinutes: number; updatedAt: Date | null };

export async function transferPolicyOf(db: Database, organizationId: string, eventId: string): Promise<TransferPolicy> {
  const [row] = await db
    .select()
    .from(eventTransferPolicies)
    .where(and(eq(eventTransferPolicies.organizationId, organizationId), eq(eventTransferPolicies.eventId, eventId)))
    .limit(1);
  return row ? { allowed: row.allowed, cutoffMinutes: row.cutoffMinutes, updatedAt: row.updatedAt } : { ...DEFAULT_TRANSFER_POLICY, updatedAt: null };
}

/** When transfers close: the cut-off before doors, or before the start when the event has no doors time. */
export const transfersCloseAt = (policy: TransferPolicy, event: Pick<EventRow, 'doorsAt' | 'startsAt'>) =>
  new Date((event.doorsAt ?? event.startsAt).getTime() - policy.cutoffMinutes * 60_000);

/** Why a transfer would be refused now, as the problem to answer; null when it would be accepted. */
export function transferRefusal(policy: TransferPolicy, event: Pick<EventRow, 'doorsAt' | 'startsAt' | 'endsAt' | 'status'>, now: Date): AppError | null {
  if (!policy.allowed) return new AppError(422, 'transfers_not_allowed', 'Unprocessable Content', 'The organizer does not allow ticket transfers for this event.');
  if (event.status === 'cancelled' || event.status === 'completed' || event.endsAt <= now) return new ConflictError('This event is over or cancelled; its tickets can no longer be transferred.', 'event_not_transferable');
  const closesAt = transfersCloseAt(policy, event);
  if (now >= closesAt) return new ConflictError(`Transfers for this event closed at ${closesAt.toISOString()}.`, 'transfer_cutoff_passed');
  return null;
}

export function transferPolicyView(eventId: string, policy: TransferPolicy, event: EventRow, now = new Date()) {
  return {
    eventId,
    allowed: policy.allowed,
    cutoffMinutes: policy.cutoffMinutes,
    closesAt: transfersCloseAt(policy, event).toISOString(),
    open: transferRefusal(policy, event, now) === null,
    updatedAt: policy.updatedAt ? policy.updatedAt.toISOString() : null,
  };
}

export async function getTransferPolicy({ ctx, eventId }: { ctx: TenantContext; eventId: string }) {
  const event = await loadEvent(ctx, eventId);
  return transferPolicyView(event.id, await transferPolicyOf(ctx.db, ctx.organizationId, event.id), event);
}

export async function putTransferPolicy({ ctx, eventId, input }: { ctx: TenantContext; eventId: string; input: { allowed: boolean; cutoffMinutes: number } }) {
  const event = await loadEvent(ctx, eventId);
  const before = await transferPolicyOf(ctx.db, ctx.organizationId, event.id);
  const updatedAt = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .insert(eventTransferPolicies)
      .values({ eventId: event.id, organizationId: ctx.organizationId, ...input, updatedAt })
      .onConflictDoUpdate({ target: eventTransferPolicies.eventId, set: { ...input, updatedAt } }),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'event.transfer_policy_updated',
      resourceType: 'event',
      resourceId: event.id,
      changes: diff({ allowed: before.allowed, cutoffMinutes: before.cutoffMinutes }, input),
    }),
  ]);
  return transferPolicyView(event.id, { ...input, updatedAt }, event);
}
