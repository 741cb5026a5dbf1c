/** The shard plan (src/domains/events/shards/plan.ts): when an event is split, how evenly, and the first leases. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeatSpec } from '../../../../durable-objects/inventory/types';
import { firstLeases, planShards, shardHoldId, shardOfHold, shardOfSeat } from '../../../../src/domains/events/shards/plan';
import { type } from '../../../support/inventory';

function seats(sizes: number[]): SeatSpec[] {
  return sizes.flatMap((n, si) =>
    Array.from({ length: n }, (_, i): SeatSpec => ({ id: `S${si}:1:${i + 1}`, section: `S${si}`, row: '1', label: String(i + 1), position: i, x: si * 100 + i, y: 0, category: i % 2 ? 'a' : 'b', accessible: false, restrictedView: false, notForSale: false })),
  );
}

describe('the shard plan', () => {
  it('splits only above the threshold, never into more shards than sections, and never into one', () => {
    expect(planShards(seats([50, 50]), { x: 0, y: 0 }, { threshold: null, count: 4 })).toBeNull();
    expect(planShards(seats([50, 50]), { x: 0, y: 0 }, { threshold: 100, count: 4 })).toBeNull();
    expect(planShards(seats([101]), { x: 0, y: 0 }, { threshold: 100, count: 4 })).toBeNull();
    expect(planShards(seats([60, 60]), { x: 0, y: 0 }, { threshold: 100, count: 4 })?.count).toBe(2);
    expect(planShards(seats([30, 30, 30, 30, 30]), { x: 0, y: 0 }, { threshold: 100, count: 4 })?.count).toBe(4);
  });

  it('puts every section in one shard, keeps shards within one section of even, and orders shards by the focal point', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 2, maxLength: 12 }), fc.integer({ min: 2, max: 6 }), (sizes, count) => {
        const all = seats(sizes);
        const plan = planShards(all, { x: 0, y: 0 }, { threshold: 0, count })!;
        expect(plan.count).toBe(Math.min(count, sizes.length));
        expect(Object.keys(plan.sections).sort()).toEqual(sizes.map((_, i) => `S${i}`).sort());
        const load = new Array<number>(plan.count).fill(0);
        for (const s of all) load[shardOfSeat(plan, s.id)]! += 1;
        // Greedy largest-first: the heaviest shard is at most the lightest plus the largest section.
        expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(Math.max(...sizes));
        expect([...plan.order].sort()).toEqual([...Array(plan.count).keys()]);
        // Section S0 sits at the focal point: its shard is tried first.
        expect(plan.order[0]).toBe(plan.sections.S0);
      }),
    );
  });

  it('gives first leases that never add up to more than the capacity', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 8 }), fc.integer({ min: 0, max: 500 }), (sizes, capacity) => {
        const all = seats(sizes);
        const plan = planShards(all, { x: 0, y: 0 }, { threshold: 0, count: 4 })!;
        const leases = firstLeases(plan, all, [type({ id: 't', kind: 'seated', categories: ['a'], capacity }), type({ id: 'free', kind: 'seated', categories: ['a', 'b'] })]);
        const total = Object.values(leases).reduce((n, byType) => n + (byType.t ?? 0), 0);
        expect(total).toBeLessThanOrEqual(capacity);
        expect(Object.values(leases).every((byType) => byType.free === undefined)).toBe(true);
      }),
    );
  });

  it('names a hold’s shard in its id', () => {
    const plan = { count: 4, sections: {}, order: [0, 1, 2, 3] };
    expect(shardOfHold(plan, shardHoldId('hld_abc', 3))).toBe(3);
    expect(shardOfHold(plan, 'hld_abc')).toBe(0);
    expect(shardOfHold(plan, 'hld_abc.s9')).toBe(0);
  });
});
