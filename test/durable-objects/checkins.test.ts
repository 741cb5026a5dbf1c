import { describe, expect, it } from 'vitest';
import { abortAllDurableObjects } from 'cloudflare:test';
import { freshName, smallEvent, stubFor, type } from '../support/inventory';

async function soldOut(overrides = {}, name = freshName('gate')) {
  const stub = stubFor(name);
  const ticketTypes = [
    type({ id: 'seat', kind: 'seated', categories: ['a', 'b'] }),
    type({ id: 'floor', kind: 'ga', gaAreaKey: 'floor', gateIds: ['north'] }),
  ];
  expect((await stub.hydrate(smallEvent({ ticketTypes, ...overrides }))).ok).toBe(true);
  await stub.hold({ holdId: 's', ticketTypeId: 'seat', seatIds: ['A:1:1'] });
  await stub.hold({ holdId: 'g', ticketTypeId: 'floor', quantity: 2 });
  await stub.confirmHold('s', 'ord');
  await stub.confirmHold('g', 'ord');
  return stub;
}

describe('scanning at the gate (inventory side)', () => {
  it('admits a ticket type only at its gates', async () => {
    const stub = await soldOut();
    const wrong = await stub.checkIn({ scanId: 'w1', ticketRef: 'tkt_ga1', ticketTypeId: 'floor', gate: 'south' });
    expect(wrong.ok && wrong.value.result).toBe('wrong_gate');
    const right = await stub.checkIn({ scanId: 'w2', ticketRef: 'tkt_ga1', ticketTypeId: 'floor', gate: 'north' });
    expect(right.ok && right.value.result).toBe('valid');
    // Seated tickets have no gate rule: any gate admits them.
    const seat = await stub.checkIn({ scanId: 'w3', ticketRef: 'tkt_s1', ticketTypeId: 'seat', seatId: 'A:1:1', gate: 'south' });
    expect(seat.ok && seat.value.result).toBe('valid');
  });

  it('lets people out and back in when the event allows it, counting each ticket once', async () => {
    const stub = await soldOut({ reentryAllowed: true });
    expect((await stub.checkIn({ scanId: 'a', ticketRef: 't1', gate: 'north' })).ok).toBe(true);
    const out = await stub.checkIn({ scanId: 'b', ticketRef: 't1', gate: 'north', direction: 'out' });
    expect(out.ok && out.value.result).toBe('exit');
    expect((await stub.availability()).counts).toMatchObject({ checkedIn: 1, inside: 0 });
    const back = await stub.checkIn({ scanId: 'c', ticketRef: 't1', gate: 'north' });
    expect(back.ok && back.value.result).toBe('valid');
    const again = await stub.checkIn({ scanId: 'd', ticketRef: 't1', gate: 'north' });
    expect(again.ok && again.value.result).toBe('duplicate');
    expect((await stub.availability()).counts).toMatchObject({ checkedIn: 1, inside: 1 });
  });

  it('refuses an exit when re-entry is not allowed, and treats a second entry as a duplicate', async () => {
    const stub = await soldOut();
    await stub.checkIn({ scanId: 'a', ticketRef: 't1', gate: 'north' });
    expect(await stub.checkIn({ scanId: 'b', ticketRef: 't1', gate: 'north', direction: 'out' })).toMatchObject({ ok: false, code: 'reentry_not_allowed' });
    const dup = await stub.checkIn({ scanId: 'c', ticketRef: 't1', gate: 'south', deviceId: 'dev_2' });
    expect(dup.ok && dup.value).toMatchObject({ result: 'duplicate', first: { gate: 'north', scanId: 'a' } });
  });

  it('undoes a mistaken check-in so the ticket can enter again, once per undo', async () => {
    const stub = await soldOut();
    await stub.checkIn({ scanId: 'a', ticketRef: 't1', seatId: 'A:1:1', gate: 'north' });
    const undone = await stub.undoCheckIn({ scanId: 'u1', ticketRef: 't1' });
    expect(undone).toEqual({ ok: true, value: { undone: true } });
    expect(await stub.undoCheckIn({ scanId: 'u1', ticketRef: 't1' })).toEqual(undone);
    expect((await stub.availability()).counts.checkedIn).toBe(0);
    const map = await stub.seatMap();
    expect(map.seats.find((s) => s[0] === 'A:1:1')![5]).toBe('sold');
    const again = await stub.checkIn({ scanId: 'b', ticketRef: 't1', seatId: 'A:1:1', gate: 'north' });
    expect(again.ok && again.value.result).toBe('valid');
  });

  it('counts check-ins per gate and per minute, and rebuilds the same counts after a restart', async () => {
    const name = freshName('gate-restart');
    const stub = await soldOut({}, name);
    await stub.checkIn({ scanId: 'a', ticketRef: 't1', gate: 'north' });
    await stub.checkIn({ scanId: 'b', ticketRef: 't2', gate: 'north' });
    await stub.checkIn({ scanId: 'c', ticketRef: 't3', gate: 'south' });
    const counts = (await stub.availability()).counts;
    expect(counts.gates).toEqual({ north: 2, south: 1 });
    expect(counts.checkInsPerMinute).toHaveLength(30);
    expect(counts.checkInsPerMinute.reduce((n, m) => n + m.count, 0)).toBe(3);
    await abortAllDurableObjects();
    const restarted = stubFor(name);
    expect((await restarted.availability()).counts.gates).toEqual({ north: 2, south: 1 });
    expect(await restarted.inspect()).toEqual({ violations: [] });
  });
});
