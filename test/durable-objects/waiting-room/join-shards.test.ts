/**
 * Join shards (durable-objects/waiting-room/join-shard.ts): a huge crowd's pre-queue joins spread over several objects,
 * gathered by the room at the draw. Every join, wherever it landed, gets exactly one place; a shard the room sealed
 * takes no more joins; later joins queue first come, first served behind the whole pre-queue.
 */
import { env as _env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { compareKeys, joinShardName } from '../../../durable-objects/waiting-room/join-shard';
import { latePlace } from '../../../src/domains/waiting-room/status';
import { smallEvent, stubFor } from '../../support/inventory';
import { roomConfig } from '../../support/rooms';

const env = _env;
const room = (name: string) => env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(name));

/** A room with join shards, places to sell, and its pre-queue of `pre` joins drawn (the sale started). */
async function drawnRoom(over: NonNullable<Parameters<typeof roomConfig>[0]>, pre: number) {
  const c = roomConfig({ shuffleAtStart: true, ...over });
  const coordinator = room(`${c.organizationId}:${c.eventId}`);
  expect((await stubFor(`${c.organizationId}:${c.eventId}`).hydrate(smallEvent({ organizationId: c.organizationId, eventId: c.eventId }))).ok).toBe(true);
  await coordinator.configure(c);
  for (let i = 0; i < pre; i++) expect((await coordinator.join()).ok).toBe(true);
  await coordinator.advanceClockForTests(61_000);
  const cursor = await coordinator.tick();
  expect(cursor.preQueue?.size).toBe(pre);
  const shards = Array.from({ length: (over.queueShards ?? 1) - 1 }, (_, i) => room(joinShardName(c.organizationId, c.eventId, i + 1)));
  return { c, coordinator, shards };
}

describe('join shards', () => {
  it('are gathered at the draw: every pre-queue join placed once, in lottery order, the shards sealed, later joins after them', async () => {
    const c = roomConfig({ queueShards: 3, shuffleAtStart: true, ratePerMinute: 600 });
    const coordinator = room(`${c.organizationId}:${c.eventId}`);
    const shards = [1, 2].map((i) => room(joinShardName(c.organizationId, c.eventId, i)));
    // Places to sell, so the room admits (it never lets in more shoppers than places left).
    expect((await stubFor(`${c.organizationId}:${c.eventId}`).hydrate(smallEvent({ organizationId: c.organizationId, eventId: c.eventId }))).ok).toBe(true);
    await coordinator.configure(c);

    const lotteries = new Map<string, number>();
    for (let i = 0; i < 5; i++) {
      const joined = await coordinator.join();
      expect(joined, JSON.stringify(joined)).toMatchObject({ ok: true, place: null });
      if (joined.ok) lotteries.set(joined.joinId, joined.lottery!);
    }
    for (const [i, shard] of shards.entries()) {
      for (let n = 0; n < 4 + i; n++) {
        const joined = await shard.shardJoin({ preQueueOpensAt: null });
        expect(joined.ok).toBe(true);
        if (joined.ok) lotteries.set(joined.joinId, joined.lottery);
      }
    }
    expect(lotteries.size).toBe(5 + 4 + 5);
    // Before the sale nothing is drawn, and a room that cannot gather its shards yet does not draw either.
    expect((await coordinator.cursor()).state).toBe('prequeue');

    await coordinator.advanceClockForTests(61_000);
    const cursor = await coordinator.tick();
    expect(cursor.preQueue).toMatchObject({ size: 14, byLottery: true });

    const joins = await coordinator.joinsForTests();
    expect(joins).toHaveLength(14);
    const places = joins.map((j) => j.place!).sort((a, b) => a - b);
    expect(places).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    // The order is the lottery numbers' order, wherever each join landed.
    const byPlace = [...joins].sort((a, b) => a.place! - b.place!).map((j) => lotteries.get(j.join_id)!);
    expect(byPlace).toEqual([...byPlace].sort((a, b) => a - b));

    // Sealed: a shard takes no more pre-queue joins (the Worker then joins late); a late join is placed at the next tick.
    for (const shard of shards) expect(await shard.shardJoin({ preQueueOpensAt: null })).toEqual({ ok: false, code: 'sealed' });
    const late = await coordinator.join();
    expect(late).toMatchObject({ ok: true, place: null });
    expect(cursor.late).toMatchObject({ shards: 3, through: null });
    await coordinator.tick();
    expect((await coordinator.joinsForTests()).find((j) => late.ok && j.join_id === late.joinId)?.place).toBe(15);

    // Whoever the cursor passed may redeem, wherever they joined.
    const first = [...joins].sort((a, b) => a.place! - b.place!)[0]!;
    await coordinator.advanceClockForTests(2_000);
    await coordinator.tick();
    expect((await coordinator.admit(first.join_id)).admitted).toBe(true);
  });

  it('spread late joins too: each placed once at the next tick, behind the pre-queue, in key order; its key alone says whether the cursor passed it', async () => {
    // maxActive 7: the cursor stops after 7 places (3 pre-queue + 4 late), so some late tickets are passed and some not.
    const { c, coordinator, shards } = await drawnRoom({ queueShards: 3, ratePerMinute: null, maxActive: 7 }, 3);
    const keys = new Map<string, { at: number; lottery: number }>();
    for (let i = 0; i < 12; i++) {
      if (i % 3 === 0) {
        // The room is shard 0: after the draw it takes late joins the same way.
        const j = await coordinator.join();
        if (!j.ok) throw new Error(JSON.stringify(j));
        expect(j.place).toBeNull();
        keys.set(j.joinId, { at: j.joinedAt!, lottery: j.lottery! });
      } else {
        const j = await shards[(i % 3) - 1]!.lateJoin({ organizationId: c.organizationId, eventId: c.eventId });
        keys.set(j.joinId, { at: j.joinedAt, lottery: j.lottery });
      }
    }
    // Not gathered yet: no place, so not admitted (and not an unknown ticket either: the Worker answers 409).
    const first = [...keys.keys()][0]!;
    expect(await coordinator.admit(first)).toMatchObject({ admitted: false, place: null });

    const cursor = await coordinator.tick();
    const joins = await coordinator.joinsForTests();
    expect(joins).toHaveLength(15);
    const late = joins.filter((j) => keys.has(j.join_id)).sort((a, b) => a.place! - b.place!);
    expect(late.map((j) => j.place)).toEqual(Array.from({ length: 12 }, (_, i) => i + 4));
    const byPlace = late.map((j) => keys.get(j.join_id)!);
    expect(byPlace).toEqual([...byPlace].sort(compareKeys));
    // Gathering again (a lost answer asked for again) places nobody twice.
    await coordinator.tick();
    expect(await coordinator.joinsForTests()).toHaveLength(15);

    expect(cursor.admittedThrough).toBe(7);
    expect(cursor.late?.through).toEqual(byPlace[3]);
    for (const j of late) {
      const ticket = { joinId: j.join_id, eventId: 'evt', place: null, lottery: keys.get(j.join_id)!.lottery, joinedAt: keys.get(j.join_id)!.at };
      const at = latePlace(ticket, cursor)!;
      expect(at.place <= cursor.admittedThrough, `place ${j.place}`).toBe(j.place! <= 7);
      expect((await coordinator.admit(j.join_id)).admitted).toBe(j.place! <= 7);
    }
    // The estimate is the place itself where a mark falls on it, and always on the right side of the cursor.
    const last = late[late.length - 1]!;
    expect(latePlace({ joinId: last.join_id, eventId: 'evt', place: null, ...{ lottery: keys.get(last.join_id)!.lottery, joinedAt: keys.get(last.join_id)!.at } }, cursor)!.place).toBe(15);
  });

  it('a late join at a shard wakes a room that went idle', async () => {
    const { c, coordinator, shards } = await drawnRoom({ queueShards: 2, ratePerMinute: null, maxActive: 5 }, 0);
    // Nobody waits or shops: the room's last tick told its shards it stops ticking.
    await runInDurableObject(coordinator, async (_, state) => {
      await state.storage.deleteAlarm();
    });
    await coordinator.tick();
    const alarmOf = () => runInDurableObject(coordinator, (_, state) => state.storage.getAlarm());
    expect(await alarmOf()).toBeNull();
    expect((await coordinator.cursor()).late).toBeDefined();
    const joined = await shards[0]!.lateJoin({ organizationId: c.organizationId, eventId: c.eventId });
    expect(await alarmOf()).not.toBeNull();
    // Woken, it gathers and places the join.
    await coordinator.tick();
    expect((await coordinator.joinsForTests()).map((j) => j.join_id)).toEqual([joined.joinId]);
  });

  it('refuses a join before the pre-queue opens, at a shard as at the room', async () => {
    const c = roomConfig({ queueShards: 2 });
    const shard = room(joinShardName(c.organizationId, c.eventId, 1));
    const opensAt = Date.now() + 3_600_000;
    expect(await shard.shardJoin({ preQueueOpensAt: opensAt })).toEqual({ ok: false, code: 'queue_not_open', opensAt });
  });
});
