/**
 * Late joins spread over join shards (durable-objects/waiting-room/join-shard.ts, gather.ts), under any interleaving of
 * joins at any shard, ticks, gather answers the room lost (the shard handed them over, the room never got them), room
 * restarts and clock steps: every join is placed exactly once, the places are contiguous after the pre-queue and in key
 * order, and for every ticket its key and the cursor alone (src/domains/waiting-room/status.ts latePlace) say exactly
 * whether the cursor passed it — the same answer the room gives on redeeming it.
 */
import { abortAllDurableObjects, env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys, joinShardName } from '../../../durable-objects/waiting-room/join-shard';
import { latePlace } from '../../../src/domains/waiting-room/status';
import { smallEvent, stubFor } from '../../support/inventory';
import { roomConfig } from '../../support/rooms';

const room = (name: string) => env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(name));

type Op = { kind: 'join'; shard: number } | { kind: 'tick'; ms: number } | { kind: 'lost'; shard: number } | { kind: 'restart' };

const SHARDS = 3;
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('join' as const), shard: fc.integer({ min: 0, max: SHARDS - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 3_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lost' as const), shard: fc.integer({ min: 1, max: SHARDS - 1 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

describe('late joins over join shards (property)', () => {
  it('places every join once, in key order, and the key alone tells whether its turn has come', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), fc.array(op, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 12 }), async (pre, ops, maxActive) => {
        const c = roomConfig({ shuffleAtStart: true, queueShards: SHARDS, ratePerMinute: null, maxActive });
        const name = `${c.organizationId}:${c.eventId}`;
        let coordinator = room(name);
        expect((await stubFor(name).hydrate(smallEvent({ organizationId: c.organizationId, eventId: c.eventId }))).ok).toBe(true);
        await coordinator.configure(c);
        for (let i = 0; i < pre; i++) await coordinator.join();
        // The room's clock: the tests move it (advanceClockForTests), the shards keep real time.
        let offset = 61_000;
        await coordinator.advanceClockForTests(61_000);
        await coordinator.tick();
        const shards = Array.from({ length: SHARDS - 1 }, (_, i) => room(joinShardName(c.organizationId, c.eventId, i + 1)));
        const keys = new Map<string, { at: number; lottery: number }>();

        for (const o of ops) {
          if (o.kind === 'join') {
            if (o.shard === 0) {
              const j = await coordinator.join();
              if (!j.ok) throw new Error(JSON.stringify(j));
              keys.set(j.joinId, { at: j.joinedAt!, lottery: j.lottery! });
            } else {
              const j = await shards[o.shard - 1]!.lateJoin({ organizationId: c.organizationId, eventId: c.eventId });
              keys.set(j.joinId, { at: j.joinedAt, lottery: j.lottery });
            }
          } else if (o.kind === 'tick') {
            offset += o.ms;
            await coordinator.advanceClockForTests(o.ms);
            await coordinator.tick();
          } else if (o.kind === 'lost') {
            // A gather the room started now: this shard handed its joins over, and the answer never arrived.
            await shards[o.shard - 1]!.gatherLate({ after: (await coordinator.cursor()).late!.gatheredThrough, through: Date.now() + offset, idle: false });
          } else {
            // Every object restarts (the room and its shards): what each kept is what its storage kept.
            await abortAllDurableObjects();
            coordinator = room(name);
            shards.splice(0, shards.length, ...shards.map((_, i) => room(joinShardName(c.organizationId, c.eventId, i + 1))));
          }
        }
        await coordinator.advanceClockForTests(1);
        const cursor = await coordinator.tick();
        const joins = await coordinator.joinsForTests();
        const late = joins.filter((j) => keys.has(j.join_id)).sort((a, b) => a.place! - b.place!);
        // Each join placed once, right behind the pre-queue, contiguously, in key order.
        expect(late.map((j) => j.join_id).sort()).toEqual([...keys.keys()].sort());
        expect(late.map((j) => j.place)).toEqual(Array.from({ length: keys.size }, (_, i) => pre + 1 + i));
        const byPlace = late.map((j) => keys.get(j.join_id)!);
        expect(byPlace).toEqual([...byPlace].sort(compareKeys));
        // The key and the cursor alone agree with the room about every ticket.
        for (const j of late) {
          const key = keys.get(j.join_id)!;
          const at = latePlace({ joinId: j.join_id, eventId: c.eventId, place: null, lottery: key.lottery, joinedAt: key.at }, cursor)!;
          const passed = j.place! <= cursor.admittedThrough;
          expect(at.place <= cursor.admittedThrough).toBe(passed);
          expect((await coordinator.admit(j.join_id)).admitted).toBe(passed);
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
