/**
 * The room tells waiting buyers at once and frees a paid shopper's slot (issue #14, docs/waiting-room.md): a `queue`
 * message on the public channel in the tick that sees the last seat sold (a waiting buyer's `?only=queue` socket gets
 * nothing else); a shopper whose order is paid stops counting against maxActive; a paused room admits nobody.
 */
import { env, runDurableObjectAlarm, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { LiveQueue } from '../../../src/shared/live-protocol';
import { api, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';

const roomOf = (orgId: string, eventId: string) => env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(`${orgId}:${eventId}`));
const inventoryOf = (orgId: string, eventId: string) => env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(`${orgId}:${eventId}`));

async function roomFor(owner: { orgId: string; token: string }, eventId: string, body: Record<string, unknown>) {
  const res = await api('PUT', `/orgs/${owner.orgId}/events/${eventId}/waiting-room`, { token: owner.token, body: { enabled: true, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return roomOf(owner.orgId, eventId);
}

/** A waiting buyer's socket through the Worker (`?only=queue`), collecting every frame. */
async function queueSocket(eventId: string, ip: string) {
  const res = await SELF.fetch(`https://voelgoed.test/api/v1/events/${eventId}/live?only=queue`, { headers: { Upgrade: 'websocket', 'CF-Connecting-IP': ip } });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const frames: Record<string, unknown>[] = [];
  ws.accept();
  ws.addEventListener('message', (e) => frames.push(JSON.parse(String(e.data))));
  /** Waits (briefly: the message must already be on its way) for a frame that matches. */
  const seen = async (pred: (m: Record<string, unknown>) => boolean, ms = 1_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const found = frames.find(pred);
      if (found) return found;
      if (Date.now() > end) throw new Error(`not seen within ${ms} ms; got ${JSON.stringify(frames)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { ws, frames, seen };
}

async function sell(orgId: string, eventId: string, ticketTypeId: string, quantity: number, session?: { id: string; maxSeats: number }) {
  const inventory = inventoryOf(orgId, eventId);
  const held = await inventory.hold({ holdId: `hld_${crypto.randomUUID()}`, ticketTypeId, quantity, ...(session ? { session } : {}) });
  if (!held.ok) throw new Error(JSON.stringify(held));
  const paid = await inventory.confirmHold(held.value.id, `ord_${crypto.randomUUID()}`);
  expect(paid.ok).toBe(true);
}

describe('the live queue message', () => {
  it('reaches a waiting buyer’s socket in the tick that sees the last place sold, and such a socket gets no seat deltas', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 3 });
    const room = await roomFor(owner, f.eventId, { ratePerMinute: null, maxActive: 1 });
    for (let i = 0; i < 4; i++) expect(await room.join()).toMatchObject({ ok: true });
    const buyer = await queueSocket(f.eventId, '203.0.113.7');

    // The cursor moves: the socket hears of it (state, admitted through, the rate to compute an ETA from).
    await room.tick();
    const moved = await buyer.seen((m) => m.type === 'queue' && m.admittedThrough === 1);
    expect(LiveQueue.parse(moved)).toMatchObject({ audience: 'public', state: 'open', admittedThrough: 1 });

    // The last places sell: the very tick that reads it tells the socket "sold out".
    await sell(owner.orgId, f.eventId, f.gaTypeId, 3);
    const tickedAt = Date.now();
    expect(await room.tick()).toMatchObject({ state: 'sold_out' });
    await buyer.seen((m) => m.type === 'queue' && m.state === 'sold_out', 200);
    expect(Date.now() - tickedAt).toBeLessThan(1_000);

    // Only queue messages: the sale's seat-map deltas never reached this socket.
    expect(buyer.frames.every((m) => m.type === 'queue')).toBe(true);
    // A buyer connecting later gets the newest message first.
    const late = await queueSocket(f.eventId, '203.0.113.8');
    expect(await late.seen((m) => m.type === 'queue')).toMatchObject({ state: 'sold_out' });
    buyer.ws.close();
    late.ws.close();
  });

  it('is sent when the organizer pauses the room (and again when admission resumes), and a paused room admits nobody', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 50 });
    const room = await roomFor(owner, f.eventId, { ratePerMinute: null, maxActive: 10 });
    for (let i = 0; i < 5; i++) await room.join();
    const buyer = await queueSocket(f.eventId, '203.0.113.9');
    const paused = await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { admission: 'paused' } });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    await buyer.seen((m) => m.type === 'queue' && m.state === 'paused');
    expect(await room.tick()).toMatchObject({ state: 'paused', admittedThrough: 0 });
    await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { admission: 'open' } });
    expect(await room.tick()).toMatchObject({ state: 'open', admittedThrough: 5 });
    await buyer.seen((m) => m.type === 'queue' && m.state === 'open' && m.admittedThrough === 5);
    buyer.ws.close();
  });
});

describe('admission slots', () => {
  it('go to the next buyer once a shopper has paid and holds nothing more (maxActive 1)', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 20 });
    const room = await roomFor(owner, f.eventId, { ratePerMinute: null, maxActive: 1, maxSeatsPerBuyer: 4 });
    const a = await room.join();
    const b = await room.join();
    if (!a.ok || !b.ok) throw new Error('joins refused');
    await room.tick();
    const admitted = await room.admit(a.joinId);
    if (!admitted.admitted) throw new Error('first buyer not admitted');
    const session = { id: admitted.sessionId, maxSeats: admitted.maxSeats };

    // Holding (not paid yet): still shopping, the slot stays taken.
    const inventory = inventoryOf(owner.orgId, f.eventId);
    const held = await inventory.hold({ holdId: `hld_${crypto.randomUUID()}`, ticketTypeId: f.gaTypeId, quantity: 2, session });
    if (!held.ok) throw new Error(JSON.stringify(held));
    expect(await room.tick()).toMatchObject({ admittedThrough: 1 });
    expect(await room.admit(b.joinId)).toMatchObject({ admitted: false });

    // Paid: the next tick lets the next buyer in.
    expect((await inventory.confirmHold(held.value.id, `ord_${crypto.randomUUID()}`)).ok).toBe(true);
    expect(await inventory.paidSessions([session.id, 'qss_unknown'])).toEqual([session.id]);
    expect(await room.tick()).toMatchObject({ admittedThrough: 2 });
    expect(await room.admit(b.joinId)).toMatchObject({ admitted: true });
    expect(await room.figures()).toMatchObject({ active: 1, paid: 1, admittedThrough: 2 });
  });

  it('go to the next buyer once a shopper let a hold run out and holds nothing (seats released by expired holds re-open admission)', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 2 });
    // Two places, two shoppers in: the third waits (never more shoppers than places left to buy).
    const room = await roomFor(owner, f.eventId, { ratePerMinute: null, maxActive: 10, maxSeatsPerBuyer: 2, sessionMinutes: 30 });
    const joins = [await room.join(), await room.join(), await room.join()];
    if (!joins.every((j) => j.ok)) throw new Error('joins refused');
    const [a, b, c] = joins as Extract<(typeof joins)[number], { ok: true }>[];
    expect(await room.tick()).toMatchObject({ admittedThrough: 2 });
    const inventory = inventoryOf(owner.orgId, f.eventId);
    const sessionOf = async (joinId: string) => {
      const admitted = await room.admit(joinId);
      if (!admitted.admitted) throw new Error('not admitted');
      return { id: admitted.sessionId, maxSeats: admitted.maxSeats };
    };
    const first = await sessionOf(a!.joinId);
    await sessionOf(b!.joinId);
    const held = await inventory.hold({ holdId: `hld_${crypto.randomUUID()}`, ticketTypeId: f.gaTypeId, quantity: 2, session: first });
    if (!held.ok) throw new Error(JSON.stringify(held));
    expect(await room.tick()).toMatchObject({ admittedThrough: 2 });
    expect(await room.admit(c!.joinId)).toMatchObject({ admitted: false });

    // The hold runs out (the sessions have 30 minutes): the first shopper holds nothing, and the third gets in.
    await inventory.advanceClockForTests(10 * 60_000);
    expect(await inventory.shopperSessions([first.id])).toEqual({ paid: [], lapsed: [first.id] });
    expect(await room.tick()).toMatchObject({ admittedThrough: 3 });
    expect(await room.admit(c!.joinId)).toMatchObject({ admitted: true });

    // Holding again counts again (a session that merely has not held yet is not lapsed either). The expired hold's
    // places come back with the inventory's sweep (its alarm).
    await runDurableObjectAlarm(inventory as unknown as DurableObjectStub);
    const again = await inventory.hold({ holdId: `hld_${crypto.randomUUID()}`, ticketTypeId: f.gaTypeId, quantity: 1, session: first });
    expect(again.ok, JSON.stringify(again)).toBe(true);
    expect(await inventory.shopperSessions([first.id])).toEqual({ paid: [], lapsed: [] });
    await room.tick();
    expect((await room.figures()).active).toBe(3);
  });

  it('stay taken by a shopper who paid one order but still holds more seats', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 20 });
    const room = await roomFor(owner, f.eventId, { ratePerMinute: null, maxActive: 1, maxSeatsPerBuyer: 4 });
    const a = await room.join();
    await room.join();
    if (!a.ok) throw new Error('join refused');
    await room.tick();
    const admitted = await room.admit(a.joinId);
    if (!admitted.admitted) throw new Error('not admitted');
    const session = { id: admitted.sessionId, maxSeats: 4 };
    await sell(owner.orgId, f.eventId, f.gaTypeId, 1, session);
    const inventory = inventoryOf(owner.orgId, f.eventId);
    expect((await inventory.hold({ holdId: `hld_${crypto.randomUUID()}`, ticketTypeId: f.gaTypeId, quantity: 1, session })).ok).toBe(true);
    expect(await inventory.paidSessions([session.id])).toEqual([]);
    expect(await room.tick()).toMatchObject({ admittedThrough: 1 });
  });

  it('count the seats of a hold running out before the next tick as coming back (auto): the next buyer is let in a tick early', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 2 });
    const room = await roomFor(owner, f.eventId, { ratePerMinute: null, maxActive: 10, maxSeatsPerBuyer: 2, sessionMinutes: 30 });
    const joins = [await room.join(), await room.join(), await room.join()];
    if (!joins.every((j) => j.ok)) throw new Error('joins refused');
    const [a, b, c] = joins as Extract<(typeof joins)[number], { ok: true }>[];
    expect(await room.tick()).toMatchObject({ admittedThrough: 2 });
    const admittedA = await room.admit(a!.joinId);
    expect(await room.admit(b!.joinId)).toMatchObject({ admitted: true });
    if (!admittedA.admitted) throw new Error('not admitted');
    const inventory = inventoryOf(owner.orgId, f.eventId);
    const held = await inventory.hold({ holdId: `hld_${crypto.randomUUID()}`, ticketTypeId: f.gaTypeId, quantity: 2, session: { id: admittedA.sessionId, maxSeats: 2 } });
    if (!held.ok) throw new Error(JSON.stringify(held));
    // Both seats held, the hold far from its end: the third waits.
    expect(await room.tick()).toMatchObject({ admittedThrough: 2, state: 'paused' });
    expect((await inventory.availability({ expiringWithinMs: 1_000 })).room).toEqual({ expiringSoon: 0, holders: 1 });

    // The hold has less than a tick left (not run out yet: the first shopper still holds both seats): its seats count as
    // about to come back, so the third buyer is let in now, not a tick after the sweep.
    await inventory.advanceClockForTests(held.value.expiresAt - Date.now() - 900);
    expect(await room.tick()).toMatchObject({ admittedThrough: 3 });
    expect(await room.admit(c!.joinId)).toMatchObject({ admitted: true });
  });
});
