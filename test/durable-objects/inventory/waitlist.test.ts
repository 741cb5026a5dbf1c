/** The waiting list inside the inventory: returned places kept back for it, offers as holds, claims, lapses, the line rule. */
import { runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { MAX_JUMPS, type WaitlistPushEntry } from '../../../durable-objects/inventory/waitlist';
import { freshStub, smallEvent } from '../../support/inventory';

const TTL = 30 * 60_000;
type Stub = ReturnType<typeof freshStub>;

async function soldOutLawn(stub: Stub) {
  expect((await stub.hydrate(smallEvent())).ok).toBe(true);
  expect((await stub.hold({ holdId: 'h-all', ticketTypeId: 'lawn', quantity: 4 })).ok).toBe(true);
  expect((await stub.confirmHold('h-all', 'ord_1')).ok).toBe(true);
}

const entry = (entryId: string, quantity: number, position: number, ticketTypeId: string | null = 'lawn'): WaitlistPushEntry => ({ entryId, ticketTypeId, quantity, position });

describe('the waiting list in the inventory', () => {
  it('keeps a refunded place back for a waiting buyer: the public cannot hold it, the buyer is offered it', async () => {
    const stub = freshStub('wl');
    await soldOutLawn(stub);
    await stub.waitlist({ entries: [entry('e1', 2, 1)], offerTtlMs: TTL });
    expect((await stub.cancelSold({ key: 'r1', orderId: 'ord_1', ticketTypeId: 'lawn', quantity: 2 })).ok).toBe(true);
    const snipe = await stub.hold({ holdId: 'h-snipe', ticketTypeId: 'lawn', quantity: 1 });
    expect(snipe.ok ? 'held' : snipe.code).toBe('sold_out');
    expect((await stub.availability()).counts.ticketTypes.lawn).toMatchObject({ held: 2, available: 0 });

    const answer = await stub.waitlist({ entries: [entry('e1', 2, 1)], offerTtlMs: TTL, serve: true });
    expect(answer.offered).toEqual(['e1']);
    const e1 = answer.entries.find((e) => e.entryId === 'e1')!;
    expect(e1.state).toBe('offered');
    const hold = await stub.getHold(e1.holdId!);
    expect(hold).toMatchObject({ status: 'active', quantity: 2, ticketTypeId: 'lawn' });
    expect(hold!.expiresAt - Date.now()).toBeGreaterThan(TTL - 60_000);
    // An offer is not extended (its window is the organizer's), and it is never offered twice at once.
    expect((await stub.extendHold(e1.holdId!)).ok).toBe(true);
    expect((await stub.getHold(e1.holdId!))!.expiresAt).toBe(hold!.expiresAt);
    const again = await stub.waitlist({ entries: [entry('e1', 2, 1)], offerTtlMs: TTL, serve: true, offerTo: 'e1' });
    expect(again.offered).toEqual([]);
    expect(again.manual?.ok ? 'offered' : again.manual?.code).toBe('waitlist_entry_not_waiting');
    expect((await stub.inspect()).violations).toEqual([]);
  });

  it('marks an offer claimed when its hold is bought, and gives a lapsed offer to the next in line', async () => {
    const stub = freshStub('wl');
    await soldOutLawn(stub);
    const list = [entry('e1', 1, 1), entry('e2', 1, 2)];
    await stub.waitlist({ entries: list, offerTtlMs: TTL });
    await stub.cancelSold({ key: 'r1', orderId: 'ord_1', ticketTypeId: 'lawn', quantity: 1 });
    const first = await stub.waitlist({ entries: list, offerTtlMs: TTL, serve: true });
    expect(first.offered).toEqual(['e1']);
    // e1 lets its offer run out: the place goes straight back to the list (e2 waits), never to the public.
    await stub.advanceClockForTests(TTL + 1_000);
    await runDurableObjectAlarm(stub);
    const snipe = await stub.hold({ holdId: 'h-snipe', ticketTypeId: 'lawn', quantity: 1 });
    expect(snipe.ok).toBe(false);
    const second = await stub.waitlist({ entries: list, offerTtlMs: TTL, serve: true });
    expect(second.entries.find((e) => e.entryId === 'e1')?.state).toBe('lapsed');
    expect(second.offered).toEqual(['e2']);
    const e2 = second.entries.find((e) => e.entryId === 'e2')!;
    expect((await stub.confirmHold(e2.holdId!, 'ord_2')).ok).toBe(true);
    const after = await stub.waitlistState();
    expect(after.entries.find((e) => e.entryId === 'e2')).toMatchObject({ state: 'claimed', orderId: 'ord_2' });
    expect((await stub.availability()).counts.ticketTypes.lawn).toMatchObject({ sold: 4, held: 0, available: 0 });
  });

  it('offers a group together, lets a smaller later entry go ahead at most MAX_JUMPS times, then keeps places for the group', async () => {
    const stub = freshStub('wl');
    expect((await stub.hydrate(smallEvent({ ticketTypes: smallEvent().ticketTypes.map((t) => (t.id === 'lawn' ? { ...t, capacity: 8 } : t)) }))).ok).toBe(true);
    expect((await stub.hold({ holdId: 'h-all', ticketTypeId: 'lawn', quantity: 8 })).ok).toBe(true);
    expect((await stub.confirmHold('h-all', 'ord_1')).ok).toBe(true);
    let list = [entry('big', 4, 1), ...Array.from({ length: MAX_JUMPS + 1 }, (_, i) => entry(`small${i}`, 1, i + 2))];
    await stub.waitlist({ entries: list, offerTtlMs: TTL });
    const offered: string[] = [];
    for (let i = 0; i < MAX_JUMPS + 1; i++) {
      await stub.cancelSold({ key: `r${i}`, orderId: 'ord_1', ticketTypeId: 'lawn', quantity: 1 });
      const answer = await stub.waitlist({ entries: list, offerTtlMs: TTL, serve: true });
      offered.push(...answer.offered);
      // Claimed offers leave the Worker's list.
      list = list.filter((e) => !answer.offered.includes(e.entryId));
      for (const id of answer.offered) await stub.confirmHold(answer.entries.find((e) => e.entryId === id)!.holdId!, `ord_${id}`);
    }
    // Three smaller entries went ahead; the fourth waits behind the blocked group, whose places are kept back.
    expect(offered).toEqual(['small0', 'small1', 'small2']);
    let state = await stub.waitlistState();
    expect(state.entries.find((e) => e.entryId === 'big')?.jumps).toBe(MAX_JUMPS);
    expect(state.pool.lawn).toBe(1);
    for (let i = 10; i < 13; i++) await stub.cancelSold({ key: `r${i}`, orderId: 'ord_1', ticketTypeId: 'lawn', quantity: 1 });
    const answer = await stub.waitlist({ entries: list, offerTtlMs: TTL, serve: true });
    expect(answer.offered).toEqual(['big']);
    state = await stub.waitlistState();
    expect((await stub.getHold(state.entries.find((e) => e.entryId === 'big')!.holdId!))?.quantity).toBe(4);
    expect((await stub.inspect()).violations).toEqual([]);
  });

  it('offers seated groups adjacent seats where it can', async () => {
    const stub = freshStub('wl');
    expect((await stub.hydrate(smallEvent())).ok).toBe(true);
    const seats = smallEvent().seats.map((s) => s.id);
    expect((await stub.hold({ holdId: 'h-all', ticketTypeId: 'seat', seatIds: seats.slice(0, 10) })).ok).toBe(true);
    expect((await stub.confirmHold('h-all', 'ord_1')).ok).toBe(true);
    await stub.waitlist({ entries: [entry('pair', 2, 1, 'seat')], offerTtlMs: TTL });
    await stub.cancelSold({ key: 'r1', orderId: 'ord_1', seatIds: ['A:2:2', 'A:2:3'] });
    const answer = await stub.waitlist({ entries: [entry('pair', 2, 1, 'seat')], offerTtlMs: TTL, serve: true });
    const hold = await stub.getHold(answer.entries[0]!.holdId!);
    expect(hold?.seats.sort()).toEqual(['A:2:2', 'A:2:3']);
  });

  it('lets go of an offer when its buyer leaves, and of kept-back places nobody waits for', async () => {
    const stub = freshStub('wl');
    await soldOutLawn(stub);
    await stub.waitlist({ entries: [entry('e1', 1, 1), entry('e2', 1, 2, null)], offerTtlMs: TTL });
    await stub.cancelSold({ key: 'r1', orderId: 'ord_1', ticketTypeId: 'lawn', quantity: 2 });
    const answer = await stub.waitlist({ entries: [entry('e1', 1, 1), entry('e2', 1, 2, null)], offerTtlMs: TTL, offerTo: 'e2' });
    expect(answer.manual?.ok).toBe(true);
    const holdId = answer.entries.find((e) => e.entryId === 'e2')!.holdId!;
    await stub.waitlist({ entries: [entry('e1', 1, 1)], removed: ['e2'], offerTtlMs: TTL });
    expect((await stub.getHold(holdId))?.status).toBe('released');
    // e1 still waits for one place; the other is the public's again.
    expect((await stub.availability()).counts.ticketTypes.lawn).toMatchObject({ held: 1, available: 1 });
    await stub.waitlist({ entries: [], removed: ['e1'], offerTtlMs: TTL });
    expect((await stub.availability()).counts.ticketTypes.lawn).toMatchObject({ held: 0, available: 2 });
    expect((await stub.hold({ holdId: 'h-public', ticketTypeId: 'lawn', quantity: 2 })).ok).toBe(true);
  });
});
