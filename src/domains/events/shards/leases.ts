/**
 * The Worker's half of the capacity leases (durable-objects/inventory/leases.ts): a shard short of a ticket type's
 * lease asks the coordinator for a grant, then applies it; when the coordinator's pool is too small, the other shards
 * first give back what their leases hold beyond their holds and sales, and the coordinator is credited. Every step is
 * keyed by an operation id (a retried call answers the same), and the order — grant before apply, give back before
 * credit — means a step that never happens only leaves capacity unused, never oversold.
 */
import type { Result } from '../../../../durable-objects/inventory/engine-types';
import type { ShardPlan } from './plan';

export type LeaseStub = {
  grantLease(input: { opId: string; shard: number; ticketTypeId: string; need: number; capacity?: number }): Promise<Result<{ amount: number; pool: number }>>;
  applyLease(input: { opId: string; ticketTypeId: string; amount: number }): Promise<Result<{ lease: number }>>;
  giveBackLease(input: { opId: string; ticketTypeId: string }): Promise<Result<{ amount: number }>>;
  creditLease(input: { opId: string; shard: number; ticketTypeId: string; amount: number }): Promise<Result<{ pool: number }>>;
};

export type LeaseStubAt = (shard: number) => LeaseStub;

/**
 * Gets `shard` at least `need` more of a lease subject (a ticket type's capacity, or an admission session's seat cap:
 * `session:<id>` with the cap as `capacity`); false when there is none left anywhere.
 */
export async function topUpLease(plan: ShardPlan, stubAt: LeaseStubAt, input: { shard: number; ticketTypeId: string; need: number; capacity?: number }): Promise<boolean> {
  const opId = crypto.randomUUID();
  const ask = (suffix: string) =>
    stubAt(0).grantLease({ opId: `${opId}${suffix}`, shard: input.shard, ticketTypeId: input.ticketTypeId, need: input.need, ...(input.capacity !== undefined ? { capacity: input.capacity } : {}) });
  let granted = await ask('');
  if (!granted.ok) return false;
  if (granted.value.amount === 0) {
    await reclaim(plan, stubAt, { opId, except: input.shard, ticketTypeId: input.ticketTypeId });
    granted = await ask(':after-reclaim');
    if (!granted.ok || granted.value.amount === 0) return false;
  }
  const applied = await stubAt(input.shard).applyLease({ opId, ticketTypeId: input.ticketTypeId, amount: granted.value.amount });
  return applied.ok;
}

/** Takes every other shard's unused lease of a type back into the coordinator's pool (used at the tail of a sale and after a capacity change). */
export async function reclaim(plan: ShardPlan, stubAt: LeaseStubAt, input: { opId: string; except?: number; ticketTypeId: string }) {
  await Promise.all(
    [...Array(plan.count).keys()]
      .filter((shard) => shard !== input.except)
      .map(async (shard) => {
        const opId = `${input.opId}:give:${shard}`;
        const given = await stubAt(shard).giveBackLease({ opId, ticketTypeId: input.ticketTypeId });
        // The coordinator's own give-back credits itself in the same transaction.
        if (given.ok && given.value.amount > 0 && shard !== 0) await stubAt(0).creditLease({ opId, shard, ticketTypeId: input.ticketTypeId, amount: given.value.amount });
      }),
  );
}
