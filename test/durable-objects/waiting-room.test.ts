/**
 * The WaitingRoom object: pre-queue placed once at sale start (shuffled), later joins after it; the cursor moves at
 * the fixed rate; "auto" never lets in more than maxActive nor more than the seats left, and says sold_out when
 * nothing is left to buy.
 */
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signup } from '../support/api';
import { onSaleEvent } from '../support/events';
import { roomConfig } from '../support/rooms';

const roomOf = (orgId: string, eventId: string) => env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(`${orgId}:${eventId}`));
const inventoryOf = (orgId: string, eventId: string) => env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(`${orgId}:${eventId}`));

const config = roomConfig;

async function roomFor(owner: { orgId: string; token: string }, eventId: string, body: Record<string, unknown>) {
  const res = await api('PUT', `/orgs/${owner.orgId}/events/${eventId}/waiting-room`, { token: owner.token, body: { enabled: true, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return roomOf(owner.orgId, eventId);
}

describe('the waiting room object', () => {
  it('places the pre-queue once at sale start in a random order, and every later join after all of it', async () => {
    for (let run = 0; run < 5; run++) {
      const c = config();
      const room = roomOf(c.organizationId, c.eventId);
      await room.configure(c);
      const early = [];
      for (let i = 0; i < 12; i++) early.push(await room.join());
      expect(early.every((j) => j.ok && j.place === null && j.state === 'prequeue')).toBe(true);
      expect((await room.cursor()).state).toBe('prequeue');

      await room.advanceClockForTests(61_000);
      const late = [];
      for (let i = 0; i < 4; i++) late.push(await room.join());
      expect(late.map((j) => (j.ok ? j.place : null))).toEqual([13, 14, 15, 16]);

      const joins = await room.joinsForTests();
      const pre = joins.filter((j) => j.pre_queue === 1).map((j) => j.place!);
      expect([...pre].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      const post = joins.filter((j) => j.pre_queue === 0).map((j) => j.place!);
      expect(Math.min(...post)).toBeGreaterThan(Math.max(...pre));
      // A pre-queue ticket learns its place from the room after the draw.
      const first = early[0]!;
      if (first.ok) expect((await room.placeOf(first.joinId))?.place).toBe(pre[0]);
    }
  });

  it('keeps the pre-queue in join order when the organizer turned shuffling off, and refuses joins before the pre-queue opens', async () => {
    const c = config({ shuffleAtStart: false, preQueueOpensAt: Date.now() + 30_000 });
    const room = roomOf(c.organizationId, c.eventId);
    await room.configure(c);
    expect(await room.join()).toMatchObject({ ok: false, code: 'queue_not_open' });
    await room.advanceClockForTests(31_000);
    for (let i = 0; i < 5; i++) await room.join();
    await room.advanceClockForTests(30_000);
    await room.cursor();
    expect((await room.joinsForTests()).map((j) => j.place)).toEqual([1, 2, 3, 4, 5]);
  });

  it('moves the cursor on at the fixed rate per minute, tick by tick (the alarm)', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 500 });
    const room = await roomFor(owner, f.eventId, { ratePerMinute: 6, maxActive: 1000 });
    for (let i = 0; i < 30; i++) await room.join();
    // The alarm is armed while people wait; its first tick starts the clock (nothing admitted yet at a fixed rate).
    expect(await runDurableObjectAlarm(room)).toBe(true);
    const start = (await room.cursor()).admittedThrough;
    expect(start).toBeLessThanOrEqual(1);

    await room.advanceClockForTests(60_000);
    expect(await runDurableObjectAlarm(room)).toBe(true);
    expect((await room.cursor()).admittedThrough).toBe(6);
    await room.advanceClockForTests(30_000);
    await room.tick();
    const cursor = await room.cursor();
    expect(cursor).toMatchObject({ admittedThrough: 9, state: 'open', ratePerMinute: 6, waiting: 21 });
  });

  it('in "auto", never lets in more than maxActive nor more than the seats left, and flips to sold_out when nothing is left', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 5 });
    let room = await roomFor(owner, f.eventId, { ratePerMinute: null, maxActive: 3 });
    for (let i = 0; i < 8; i++) await room.join();
    await room.tick();
    expect((await room.cursor()).admittedThrough).toBe(3);
    await room.tick();
    expect((await room.cursor()).admittedThrough).toBe(3);

    // More shoppers allowed at once: still no more than the 5 places there are to sell.
    room = await roomFor(owner, f.eventId, { ratePerMinute: null, maxActive: 100 });
    await room.tick();
    expect((await room.cursor())).toMatchObject({ admittedThrough: 5, state: 'paused', waiting: 3 });

    // Every place sold: sold out, and nobody else is let in.
    const inventory = inventoryOf(owner.orgId, f.eventId);
    const held = await inventory.hold({ holdId: `hld_${crypto.randomUUID()}`, ticketTypeId: f.gaTypeId, quantity: 5 });
    expect(held.ok).toBe(true);
    if (held.ok) expect((await inventory.confirmHold(held.value.id, `ord_${crypto.randomUUID()}`)).ok).toBe(true);
    await room.tick();
    expect(await room.cursor()).toMatchObject({ admittedThrough: 5, state: 'sold_out' });
  });

  it('redeems a place at or below the cursor once, answering the same session again', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 50 });
    const room = await roomFor(owner, f.eventId, { ratePerMinute: null, maxActive: 1, sessionMinutes: 5, maxSeatsPerBuyer: 2 });
    const a = await room.join();
    const b = await room.join();
    if (!a.ok || !b.ok) throw new Error('joins refused');
    expect(await room.admit(a.joinId)).toMatchObject({ admitted: false, place: 1 });
    await room.tick();
    const first = await room.admit(a.joinId);
    expect(first).toMatchObject({ admitted: true, maxSeats: 2 });
    expect(await room.admit(a.joinId)).toEqual(first);
    // maxActive 1: the second waits until the first's session is over.
    await room.tick();
    expect(await room.admit(b.joinId)).toMatchObject({ admitted: false, place: 2 });
    await room.advanceClockForTests(5 * 60_000 + 1_000);
    await room.tick();
    expect(await room.admit(b.joinId)).toMatchObject({ admitted: true });
  });
});
