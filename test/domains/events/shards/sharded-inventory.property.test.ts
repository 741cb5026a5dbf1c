/**
 * Zero oversell on a sharded event (issue #14, item 6), with fast-check: random interleavings of holds for chosen
 * seats (some across shards), best available, GA, extensions, releases, confirmations, refunds and restarts of every
 * shard, through the same InventoryClient the Worker uses. After every step each shard's own inspection (recomputed
 * from its storage) finds nothing broken, and across the shards no ticket type, GA area or seat is held + sold beyond
 * its capacity. At the end the capacity leases have stranded nothing: with every hold released, buyers can still
 * take the leased type up to its capacity or until its seats run out.
 */
import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test';
import type { EventInventory } from '../../../../durable-objects/event-inventory';
import type { InventoryEngine } from '../../../../durable-objects/inventory/engine';
import { sessionSeats } from '../../../../durable-objects/inventory/leases';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HydrateInput } from '../../../../durable-objects/inventory/engine-types';
import type { SeatSpec } from '../../../../durable-objects/inventory/types';
import { InventoryClient } from '../../../../src/domains/events/shards/client';
import { shardName, type ShardPlan } from '../../../../src/domains/events/shards/plan';
import { freshName, stubFor, type } from '../../../support/inventory';

const SECTIONS = ['A', 'B', 'C', 'D'] as const;
const ROWS = 2;
const PER_ROW = 4;
/** The leased type: fewer than its seats, so the capacity binds before the seats do. */
const SEAT_CAPACITY = 14;

function seats(): SeatSpec[] {
  const out: SeatSpec[] = [];
  SECTIONS.forEach((section, si) => {
    for (let r = 1; r <= ROWS; r++) {
      for (let s = 1; s <= PER_ROW; s++) {
        out.push({ id: `${section}:${r}:${s}`, section, row: String(r), label: String(s), position: s - 1, x: si * 100 + s * 10, y: r * 10, category: r === 1 ? 'a' : 'b', accessible: false, restrictedView: false, notForSale: false });
      }
    }
  });
  return out;
}

const SEATS = seats().map((s) => s.id);

/** The event named `org:event` (a shard feeds the coordinator by the ids in its configuration). */
function event(name: string): HydrateInput {
  const [organizationId, eventId] = name.split(':') as [string, string];
  return {
    eventId,
    organizationId,
    status: 'on_sale',
    holdTtlMs: 600_000,
    saleStartsAt: null,
    saleEndsAt: null,
    layoutVersion: 1,
    seats: seats(),
    gaAreas: [{ key: 'floor', name: 'Floor', capacity: 5 }],
    focal: { x: 150, y: 0 },
    categories: [
      { key: 'a', name: 'Front', color: '#aa0000' },
      { key: 'b', name: 'Back', color: '#0000aa' },
    ],
    ticketTypes: [
      type({ id: 'seat', kind: 'seated', categories: ['a', 'b'], capacity: SEAT_CAPACITY }),
      type({ id: 'front', kind: 'seated', categories: ['a'] }),
      type({ id: 'floor', kind: 'ga', gaAreaKey: 'floor' }),
      type({ id: 'lawn', kind: 'ga', capacity: 4 }),
    ],
  };
}

type Op =
  | { kind: 'holdSeats'; type: 'seat' | 'front'; seats: number[]; session?: number }
  | { kind: 'holdBest'; type: 'seat' | 'front'; quantity: number; session?: number }
  | { kind: 'holdGa'; type: 'floor' | 'lawn'; quantity: number }
  | { kind: 'extend'; ref: number }
  | { kind: 'release'; ref: number }
  | { kind: 'confirm'; ref: number; order: number }
  | { kind: 'cancel'; order: number }
  | { kind: 'restart' };

const ref = fc.nat({ max: 40 });
/** Three waiting-room admissions, each capped at SESSION_CAP seats across every shard. */
const SESSION_CAP = 3;
const session = fc.option(fc.nat({ max: 2 }), { nil: undefined });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('holdSeats' as const), type: fc.constantFrom('seat' as const, 'front' as const), seats: fc.uniqueArray(fc.nat({ max: SEATS.length - 1 }), { minLength: 1, maxLength: 3 }), session }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('holdBest' as const), type: fc.constantFrom('seat' as const, 'front' as const), quantity: fc.integer({ min: 1, max: 3 }), session }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('holdGa' as const), type: fc.constantFrom('floor' as const, 'lawn' as const), quantity: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extend' as const), ref }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), ref }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('confirm' as const), ref, order: fc.nat({ max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), order: fc.nat({ max: 5 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

function clientFor(name: string) {
  const [org, evt] = name.split(':') as [string, string];
  const stubAt = (i: number) => stubFor(shardName(org, evt, i));
  return new InventoryClient(stubAt, name, async (i, o) => {
    const [answer] = await stubAt(i).holdOps([o]);
    if (answer && 'result' in answer) return answer.result;
    throw new Error(answer?.error ?? 'no answer');
  });
}

async function checkInvariants(client: InventoryClient, plan: ShardPlan, org: string, evt: string) {
  for (let i = 0; i < plan.count; i++) expect((await stubFor(shardName(org, evt, i)).inspect()).violations, `shard ${i}`).toEqual([]);
  const { counts } = await client.availability();
  const seat = counts.ticketTypes.seat!;
  expect(seat.held + seat.sold).toBeLessThanOrEqual(SEAT_CAPACITY);
  expect(seat.available).toBeGreaterThanOrEqual(0);
  const floor = counts.areas.floor!;
  expect(floor.held + floor.sold).toBeLessThanOrEqual(5);
  const lawn = counts.ticketTypes.lawn!;
  expect(lawn.held + lawn.sold).toBeLessThanOrEqual(4);
  // Each admission within its cap across every shard (held and unexpired, or bought).
  for (let s = 0; s < 3; s++) {
    let seats = 0;
    for (let i = 0; i < plan.count; i++) {
      seats += await runInDurableObject(stubFor(shardName(org, evt, i)), (instance: EventInventory) =>
        sessionSeats((instance as unknown as { engine: InventoryEngine }).engine, `sess_${s}`, Date.now()),
      );
    }
    expect(seats, `session ${s}`).toBeLessThanOrEqual(SESSION_CAP);
  }
  return counts;
}

async function run(ops: Op[]) {
  const name = freshName('sharded');
  const [org, evt] = name.split(':') as [string, string];
  const client = clientFor(name);
  expect((await client.hydrate(event(name), { threshold: 1, count: 4 })).ok).toBe(true);
  const plan = (await client.plan())!;
  expect(plan.count).toBe(4);
  const holds: string[] = [];
  let n = 0;
  for (const step of ops) {
    n += 1;
    const holdId = `hld_p${n}`;
    switch (step.kind) {
      case 'holdSeats':
      case 'holdBest':
      case 'holdGa': {
        const admitted = step.kind !== 'holdGa' && step.session !== undefined ? { session: { id: `sess_${step.session}`, maxSeats: SESSION_CAP } } : {};
        const request =
          step.kind === 'holdSeats'
            ? { holdId, ticketTypeId: step.type, seatIds: step.seats.map((i) => SEATS[i]!), ...admitted }
            : step.kind === 'holdBest'
              ? { holdId, ticketTypeId: step.type, bestAvailable: { quantity: step.quantity }, ...admitted }
              : { holdId, ticketTypeId: step.type, quantity: step.quantity };
        const answer = await client.holdOp({ op: 'hold', request });
        if (answer.ok) {
          holds.push(answer.value.id);
          // A retry with the same id lands on the same hold.
          const again = await client.holdOp({ op: 'hold', request });
          expect(again.ok && again.value.id).toBe(answer.value.id);
        } else {
          expect(['seats_unavailable', 'no_adjacent_seats', 'sold_out', 'seats_span_sections', 'wrong_category', 'quantity_out_of_range', 'admission_seat_limit']).toContain(answer.code);
        }
        break;
      }
      case 'extend':
        if (holds.length) await client.holdOp({ op: 'extend', holdId: holds[step.ref % holds.length]! });
        break;
      case 'release':
        if (holds.length) await client.holdOp({ op: 'release', holdId: holds[step.ref % holds.length]! });
        break;
      case 'confirm':
        if (holds.length) await client.confirmHold(holds[step.ref % holds.length]!, `ord_${step.order}`);
        break;
      case 'cancel':
        await client.cancelSold({ key: `refund_${n}`, orderId: `ord_${step.order}` });
        break;
      case 'restart':
        await abortAllDurableObjects();
        break;
    }
    await checkInvariants(client, plan, org, evt);
  }
  // Nothing stranded: with every hold let go, the leased type sells to its capacity or to its last seat.
  for (const id of holds) await client.holdOp({ op: 'release', holdId: id });
  for (let i = 0; i < SEATS.length; i++) {
    const answer = await client.holdOp({ op: 'hold', request: { holdId: `hld_tail${i}`, ticketTypeId: 'seat', bestAvailable: { quantity: 1 } } });
    if (!answer.ok) break;
  }
  const counts = await checkInvariants(client, plan, org, evt);
  const seat = counts.ticketTypes.seat!;
  const seatsLeft = counts.ticketTypes.front!.available; // category a's free seats …
  const { seats: map } = await client.seatMap();
  const freeAb = map.filter((s) => s[5] === 'available').length;
  expect(seat.held + seat.sold === SEAT_CAPACITY || freeAb === 0, `seat type stopped at ${seat.held + seat.sold} with ${freeAb} seats free (front free ${seatsLeft})`).toBe(true);
}

describe('a sharded inventory', () => {
  it('never oversells a seat, a GA area or a ticket type across shards, with restarts, and strands no capacity', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 30 }), run), { numRuns: 25 });
  }, 240_000);

  it('tells the waiting room a session paid only when it holds nothing more in any shard', async () => {
    const name = freshName('sharded-sessions');
    const client = clientFor(name);
    expect((await client.hydrate(event(name), { threshold: 1, count: 4 })).ok).toBe(true);
    const plan = (await client.plan())!;
    const inShard = (i: number) => SEATS.find((id) => plan.sections[id.split(':')[0]!] === i)!;
    const session = { id: 'sess_1', maxSeats: 6 };
    const bought = await client.holdOp({ op: 'hold', request: { holdId: 'hld_s1a', ticketTypeId: 'front', seatIds: [inShard(1)], session } });
    expect(bought.ok).toBe(true);
    expect((await client.confirmHold(bought.ok ? bought.value.id : '', 'ord_s1')).ok).toBe(true);
    expect(await client.paidSessions(['sess_1', 'sess_other'])).toEqual(['sess_1']);
    // Still shopping in another shard: not done yet.
    const more = await client.holdOp({ op: 'hold', request: { holdId: 'hld_s1b', ticketTypeId: 'front', seatIds: [inShard(2)], session } });
    expect(more.ok).toBe(true);
    expect(await client.paidSessions(['sess_1'])).toEqual([]);
    await client.holdOp({ op: 'release', holdId: more.ok ? more.value.id : '' });
    expect(await client.paidSessions(['sess_1'])).toEqual(['sess_1']);
  });

  it('caps an admission across shards, and gives its seats back to it when it lets a hold go', async () => {
    const name = freshName('sharded-cap');
    const client = clientFor(name);
    expect((await client.hydrate(event(name), { threshold: 1, count: 4 })).ok).toBe(true);
    const plan = (await client.plan())!;
    const inShard = (i: number) => SEATS.filter((id) => plan.sections[id.split(':')[0]!] === i);
    const session = { id: 'sess_cap', maxSeats: 3 };
    const first = await client.holdOp({ op: 'hold', request: { holdId: 'hld_c1', ticketTypeId: 'front', seatIds: inShard(1).slice(0, 2), session } });
    expect(first.ok).toBe(true);
    // Two more in another shard would make four: refused, though that shard alone has never seen this admission.
    const over = await client.holdOp({ op: 'hold', request: { holdId: 'hld_c2', ticketTypeId: 'front', seatIds: inShard(2).slice(0, 2), session } });
    expect(over).toMatchObject({ ok: false, code: 'admission_seat_limit' });
    const one = await client.holdOp({ op: 'hold', request: { holdId: 'hld_c3', ticketTypeId: 'front', seatIds: inShard(3).slice(0, 1), session } });
    expect(one.ok).toBe(true);
    // Let the first go: its two seats' worth of the cap comes back from its shard.
    await client.holdOp({ op: 'release', holdId: first.ok ? first.value.id : '' });
    const again = await client.holdOp({ op: 'hold', request: { holdId: 'hld_c4', ticketTypeId: 'front', seatIds: inShard(2).slice(0, 2), session } });
    expect(again.ok, JSON.stringify(again)).toBe(true);
  });

  it('keeps a hold for seats of two shards out, and routes a retried best-available to the same shard', async () => {
    const name = freshName('sharded-route');
    const client = clientFor(name);
    expect((await client.hydrate(event(name), { threshold: 1, count: 4 })).ok).toBe(true);
    const plan = (await client.plan())!;
    const a = SEATS.find((id) => plan.sections[id.split(':')[0]!] === 0)!;
    const b = SEATS.find((id) => plan.sections[id.split(':')[0]!] === 1)!;
    const span = await client.holdOp({ op: 'hold', request: { holdId: 'hld_span', ticketTypeId: 'front', seatIds: [a, b] } });
    expect(span).toMatchObject({ ok: false, code: 'seats_span_sections' });
    // Best available starts at the preferred shard: the one whose best seat is nearest the focal point.
    const best = await client.holdOp({ op: 'hold', request: { holdId: 'hld_best', ticketTypeId: 'front', bestAvailable: { quantity: 2 } } });
    expect(best.ok).toBe(true);
    if (!best.ok) return;
    expect(best.value.id).toBe(`hld_best.s${plan.order[0]}`);
    expect(best.value.seats.every((id) => plan.sections[id.split(':')[0]!] === plan.order[0])).toBe(true);
    expect(await client.getHold(best.value.id)).toMatchObject({ id: best.value.id, status: 'active' });
  });
});
