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
