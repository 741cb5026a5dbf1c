/**
 * A buyer's hold on a sharded event (plan.ts): chosen seats go to the shard of their section (seats of two shards
 * are refused: `seats_span_sections`), a GA quantity to the coordinator, best available to the shards in order of
 * preference until one has the block. A shard whose capacity lease of the ticket type is short gets a grant from the
 * coordinator (leases.ts) and is asked again. Extensions and releases go to the shard the hold id names.
 */
import type { HoldOp } from '../../../../durable-objects/inventory/hold-ops';
import { fail, type HoldView, type Result } from '../../../../durable-objects/inventory/engine-types';
import { topUpLease, type LeaseStubAt } from './leases';
import { shardHoldId, shardOfHold, shardOfSeat, type ShardPlan } from './plan';

export type SendOp = (shard: number, op: HoldOp) => Promise<Result<HoldView>>;

/**
 * A lease top-up and another try, at most this often per shard asked (each grant is at least what was short, but
 * other buyers in the same shard may take it first).
 */
const LEASE_TRIES = 4;

export async function shardedHoldOp(plan: ShardPlan, op: HoldOp, send: SendOp, stubAt: LeaseStubAt): Promise<Result<HoldView>> {
  if (op.op !== 'hold') return send(shardOfHold(plan, op.holdId), op);
  const request = op.request;
  const on = async (shard: number): Promise<Result<HoldView>> => {
    const mine: HoldOp = { op: 'hold', request: { ...request, holdId: shardHoldId(request.holdId, shard) } };
    let answer = await send(shard, mine);
    for (let i = 0; i < LEASE_TRIES && !answer.ok && answer.code === 'lease_exhausted'; i++) {
      // What is short: the ticket type's capacity, or the admission session's seat cap (leased across the shards too).
      const subject = answer.lease ?? request.ticketTypeId;
      const session = subject.startsWith('session:') ? request.session : undefined;
      const granted = await topUpLease(plan, stubAt, { shard, ticketTypeId: subject, need: answer.short ?? 1, ...(session ? { capacity: session.maxSeats } : {}) });
      if (!granted) {
        return session
          ? fail('admission_seat_limit', `Your admission allows ${session.maxSeats} seats in all, and you hold or bought them already.`)
          : fail('sold_out', 'No more tickets of this type are left.');
      }
      answer = await send(shard, mine);
    }
    if (!answer.ok && answer.code === 'lease_exhausted') return fail('capacity_busy', 'Many buyers are after the last tickets of this type: try again in a moment.');
    return answer;
  };
  if (request.seatIds) {
    const shards = new Set(request.seatIds.map((id) => shardOfSeat(plan, id)));
    if (shards.size > 1) {
      return fail('seats_span_sections', 'These seats are in different parts of the venue: hold the seats of one part at a time.', [...request.seatIds]);
    }
    return on(shards.values().next().value ?? 0);
  }
  if (request.quantity !== undefined) return on(0);
  let last: Result<HoldView> = fail('no_adjacent_seats', 'No seats together are available.');
  for (const shard of plan.order) {
    last = await on(shard);
    if (last.ok || last.code !== 'no_adjacent_seats') return last;
  }
  return last;
}
