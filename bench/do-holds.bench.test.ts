/** DO-internal hold+release rate on a 50,000-seat event: the engine inside the object, no HTTP or RPC in the loop. */
import { env, runInDurableObject } from 'cloudflare:test';
import { expect, it } from 'vitest';
import type { EventInventory } from '../durable-objects/event-inventory';
import { smallEvent, seatGrid, type } from '../test/support/inventory';

it('measures hold+release inside the DO on 50,000 seats', async () => {
  const stub = env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName('bench:do-internal'));
  const seats = seatGrid(500, 100);
  expect((await stub.hydrate(smallEvent({ seats, ticketTypes: [type({ id: 'seat', kind: 'seated', categories: ['a', 'b'] })] }))).ok).toBe(true);
  const result = await runInDurableObject(stub, (instance: EventInventory) => {
    const engine = (instance as unknown as { engine: import('../durable-objects/inventory/engine').InventoryEngine }).engine;
    const sql = (instance as unknown as { ctx: DurableObjectState }).ctx.storage;
    const run = (n: number, pick: (i: number) => { seatIds?: string[]; bestAvailable?: { quantity: number } }) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const id = `b${i}-${Math.random()}`;
        const held = sql.transactionSync(() => engine.hold({ holdId: id, ticketTypeId: 'seat', ...pick(i) }, Date.now()));
        if (!held.ok) throw new Error(held.code);
        sql.transactionSync(() => engine.release(id, Date.now()));
        engine.takeChanges();
      }
      return n / ((performance.now() - t0) / 1000);
    };
    const explicit = run(5000, (i) => ({ seatIds: [seats[(i * 7919) % seats.length]!.id, seats[((i * 7919) % seats.length) ^ 1]!.id] }));
    const best = run(1000, () => ({ bestAvailable: { quantity: 4 } }));
    return { explicit, best };
  });
  console.log(`DO-internal on 50,000 seats: ${result.explicit.toFixed(0)} hold+release/s (chosen seats), ${result.best.toFixed(0)} hold+release/s (best available, 4 seats)`);
});

/**
 * The same work on a 50,000-seat event split into 1 and 4 section shards (issue #14, item 6). Shards are separate
 * objects, each single-threaded, which Cloudflare runs side by side; here they share one workerd thread, so each
 * shard's share of the work is timed in turn and the event's capacity is the work over the *busiest* shard's time.
 */
it('measures hold+release per shard on 50,000 seats in 1 and 4 section shards', async () => {
  const { InventoryClient } = await import('../src/domains/events/shards/client');
  const { shardName, shardOfSeat } = await import('../src/domains/events/shards/plan');
  const SECTIONS = 20;
  const seats = Array.from({ length: SECTIONS }, (_, si) =>
    seatGrid(25, 100).map((s) => ({ ...s, id: `S${si}:${s.row}:${s.label}`, section: `S${si}`, x: s.x + si * 1_100 })),
  ).flat();
  const types = [type({ id: 'seat', kind: 'seated', categories: ['a', 'b'], capacity: 40_000 })];
  const pairs = Array.from({ length: 8_000 }, (_, i) => {
    const k = (i * 7919) % seats.length;
    return [seats[k]!.id, seats[k ^ 1]!.id] as [string, string];
  });
  const measure = async (count: number) => {
    const name = `bench:shards${count}:${Date.now()}`;
    const [org, evt] = name.split(':').slice(0, 2) as [string, string];
    const event = `${evt}${name.split(':')[2]}`;
    const stubAt = (i: number) => env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(shardName(org, event, i)));
    const client = new InventoryClient(stubAt, `${org}:${event}`, async () => {
      throw new Error('not used');
    });
    const built = await client.hydrate(smallEvent({ organizationId: org, eventId: event, seats, ticketTypes: types, focal: { x: 11_000, y: 0 } }), count > 1 ? { threshold: 1, count } : undefined);
    expect(built.ok).toBe(true);
    const plan = await client.plan();
    const byShard = new Map<number, [string, string][]>();
    for (const p of pairs) {
      const shard = plan ? shardOfSeat(plan, p[0]) : 0;
      byShard.set(shard, [...(byShard.get(shard) ?? []), p]);
    }
    const times: number[] = [];
    for (const [shard, work] of byShard) {
      const ms = await runInDurableObject(stubAt(shard), (instance: EventInventory) => {
        const engine = (instance as unknown as { engine: import('../durable-objects/inventory/engine').InventoryEngine }).engine;
        const storage = (instance as unknown as { ctx: DurableObjectState }).ctx.storage;
        const t0 = performance.now();
        work.forEach((seatIds, i) => {
          const id = `b${i}-${Math.random()}`;
          const held = storage.transactionSync(() => engine.hold({ holdId: id, ticketTypeId: 'seat', seatIds }, Date.now()));
          if (!held.ok) throw new Error(held.code);
          storage.transactionSync(() => engine.release(id, Date.now()));
          engine.takeChanges();
        });
        return performance.now() - t0;
      });
      times.push(ms);
    }
    return { perSecond: pairs.length / (Math.max(...times) / 1000), busiest: Math.max(...times), shards: byShard.size };
  };
  // A first round warms the engine's code up (the first object measured would otherwise pay for it); the second counts.
  await measure(1);
  await measure(4);
  const one = await measure(1);
  const four = await measure(4);
  console.log(
    `DO-internal shards: 1 shard ${one.perSecond.toFixed(0)} hold+release/s; 4 shards ${four.perSecond.toFixed(0)} hold+release/s for the event (busiest shard ${four.busiest.toFixed(0)} ms of ${one.busiest.toFixed(0)} ms) = ${(four.perSecond / one.perSecond).toFixed(2)}× (goal ≥ 3×)`,
  );
});
