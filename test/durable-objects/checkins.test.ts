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
    expect(undone).toMatchObject({ ok: true, value: { undone: true, first: { scanId: 'a', gate: 'north' } } });
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

describe('offline scans and sync (inventory side)', () => {
  const minutesAgo = (m: number) => Date.now() - m * 60_000;

  it('lets an earlier offline scan that arrives late take the check-in over, and tells both devices', async () => {
    const stub = await soldOut();
    const online = await stub.checkIn({ scanId: 'dev_on/1', ticketRef: 't1', gate: 'north', deviceId: 'dev_on', at: minutesAgo(5) });
    expect(online.ok && online.value.result).toBe('valid');
    const before = await stub.syncCheckIns('dev_on', 0);
    expect(before.duplicates).toEqual([]);

    const [late] = await stub.checkInMany([{ scanId: 'dev_off/9', ticketRef: 't1', gate: 'south', deviceId: 'dev_off', at: minutesAgo(20) }]);
    expect(late!.ok && late!.value).toMatchObject({ result: 'valid', first: { scanId: 'dev_off/9', gate: 'south' }, superseded: { scanId: 'dev_on/1' } });
    expect((await stub.availability()).counts).toMatchObject({ checkedIn: 1, gates: { south: 1 } });

    // The online device hears of it from where it last synced; so does the offline one.
    const onSync = await stub.syncCheckIns('dev_on', before.cursor);
    expect(onSync.duplicates).toMatchObject([{ ticketRef: 't1', scan: { scanId: 'dev_on/1' }, winner: { scanId: 'dev_off/9', deviceId: 'dev_off' } }]);
    expect(onSync.checkIns).toMatchObject([{ ticketRef: 't1', checkedIn: true, first: { scanId: 'dev_off/9' } }]);
    expect((await stub.syncCheckIns('dev_off', 0)).duplicates).toHaveLength(1);
    expect((await stub.syncCheckIns('dev_other', 0)).duplicates).toHaveLength(0);
    // Nothing new after the cursor: an up-to-date device gets an empty page.
    expect(await stub.syncCheckIns('dev_on', onSync.cursor)).toMatchObject({ checkIns: [], duplicates: [], hasMore: false, cursor: onSync.cursor });

    // Asked again, the superseded online scan is a duplicate now.
    const retried = await stub.checkIn({ scanId: 'dev_on/1', ticketRef: 't1', gate: 'north', deviceId: 'dev_on', at: minutesAgo(5) });
    expect(retried.ok && retried.value).toMatchObject({ result: 'duplicate', first: { scanId: 'dev_off/9' } });
  });

  it('pages check-in changes and never puts a scan in the future', async () => {
    const stub = await soldOut();
    const scans = Array.from({ length: 7 }, (_, i) => ({ scanId: `d/${i}`, ticketRef: `t${i}`, gate: 'north', deviceId: 'd', at: Date.now() + 3_600_000 }));
    const answers = await stub.checkInMany(scans);
    for (const a of answers) expect(a.ok && a.value.first!.at).toBeLessThanOrEqual(Date.now());
    const seen: string[] = [];
    let cursor = 0;
    for (let page = 0; page < 10; page++) {
      const sync = await stub.syncCheckIns('d', cursor, 3);
      seen.push(...sync.checkIns.map((c) => c.ticketRef));
      expect(sync.cursor).toBeGreaterThanOrEqual(cursor);
      cursor = sync.cursor;
      if (!sync.hasMore) break;
    }
    expect(seen.sort()).toEqual(scans.map((s) => s.ticketRef).sort());
  });

  it('reports an undone check-in as not checked in on the next sync', async () => {
    const stub = await soldOut();
    await stub.checkIn({ scanId: 'd/1', ticketRef: 't1', gate: 'north', deviceId: 'd' });
    await stub.checkIn({ scanId: 'e/1', ticketRef: 't1', gate: 'north', deviceId: 'e' });
    const { cursor } = await stub.syncCheckIns('d', 0);
    await stub.undoCheckIn({ scanId: 'undo-1', ticketRef: 't1' });
    const after = await stub.syncCheckIns('e', cursor);
    expect(after.checkIns).toMatchObject([{ ticketRef: 't1', checkedIn: false, first: null }]);
    expect((await stub.syncCheckIns('e', 0)).duplicates).toEqual([]);
  });
});
