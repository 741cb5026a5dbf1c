/**
 * Join shards (durable-objects/waiting-room/join-shard.ts): a huge crowd's pre-queue joins spread over several objects,
 * gathered by the room at the draw. Every join, wherever it landed, gets exactly one place; a shard the room sealed
 * takes no more joins; later joins queue first come, first served behind the whole pre-queue.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { joinShardName } from '../../../durable-objects/waiting-room/join-shard';
import { smallEvent, stubFor } from '../../support/inventory';
import { roomConfig } from '../../support/rooms';

const room = (name: string) => env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(name));

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

    // Sealed: a shard takes no more joins (the Worker then joins at the room), and the room queues them in order.
    for (const shard of shards) expect(await shard.shardJoin({ preQueueOpensAt: null })).toEqual({ ok: false, code: 'sealed' });
    const late = await coordinator.join();
    expect(late.ok && late.place).toBe(15);

    // Whoever the cursor passed may redeem, wherever they joined.
    const first = [...joins].sort((a, b) => a.place! - b.place!)[0]!;
    await coordinator.advanceClockForTests(2_000);
    await coordinator.tick();
    expect((await coordinator.admit(first.join_id)).admitted).toBe(true);
  });

  it('refuses a join before the pre-queue opens, at a shard as at the room', async () => {
    const c = roomConfig({ queueShards: 2 });
    const shard = room(joinShardName(c.organizationId, c.eventId, 1));
    const opensAt = Date.now() + 3_600_000;
    expect(await shard.shardJoin({ preQueueOpensAt: opensAt })).toEqual({ ok: false, code: 'queue_not_open', opensAt });
  });
});
