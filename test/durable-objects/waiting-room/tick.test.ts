/** The room's admission decision per tick (durable-objects/waiting-room/tick.ts), over any inputs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideTick, learnt, lookingShoppers, seatsLeftToBuy, type TickInput } from '../../../durable-objects/waiting-room/tick';
import type { RoomConfig } from '../../../durable-objects/waiting-room/types';
import { roomFigures } from '../../../durable-objects/waiting-room/figures';
import { roomConfig } from '../../support/rooms';

const config = (over: Partial<RoomConfig>): RoomConfig => roomConfig({ organizationId: 'org_x', eventId: 'evt_x', saleStartsAt: 0, ...over });

const input = fc
  .record({
    rate: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
    maxActive: fc.integer({ min: 1, max: 5_000 }),
    active: fc.integer({ min: 0, max: 6_000 }),
    waiting: fc.integer({ min: 0, max: 100_000 }),
    capacity: fc.integer({ min: 0, max: 20_000 }),
    soldShare: fc.double({ min: 0, max: 1, noNaN: true }),
    heldShare: fc.double({ min: 0, max: 1, noNaN: true }),
    elapsed: fc.integer({ min: 0, max: 120_000 }),
    carry: fc.double({ min: 0, max: 100, noNaN: true }),
    expiringShare: fc.double({ min: 0, max: 1, noNaN: true }),
    holders: fc.integer({ min: 0, max: 6_000 }),
    ended: fc.integer({ min: 0, max: 500 }),
    paidShare: fc.double({ min: 0, max: 1, noNaN: true }),
    seatsEach: fc.double({ min: 0, max: 8, noNaN: true }),
  })
  .map((r): TickInput => {
    const sold = Math.floor(r.capacity * r.soldShare);
    const held = Math.floor((r.capacity - sold) * r.heldShare);
    const paid = Math.floor(r.ended * r.paidShare);
    return {
      config: config({ ratePerMinute: r.rate, maxActive: r.maxActive }),
      now: 1_000_000 + r.elapsed,
      lastTickAt: 1_000_000,
      carry: r.carry,
      active: r.active,
      waiting: r.waiting,
      inventory: { status: 'on_sale', capacity: r.capacity, held, sold, expiringSoon: Math.floor(held * r.expiringShare), holders: r.holders },
      history: { paid, ended: r.ended, seatsBought: Math.floor(paid * r.seatsEach) },
    };
  });

describe('a tick’s decision', () => {
  it('never lets the active shoppers past maxActive nor past the seats not sold yet, nor admits more than wait', () => {
    fc.assert(
      fc.property(input, (t) => {
        const d = decideTick(t);
        expect(d.admit).toBeGreaterThanOrEqual(0);
        expect(d.admit).toBeLessThanOrEqual(t.waiting);
        if (d.admit > 0) {
          const { capacity, held, sold, expiringSoon = 0 } = t.inventory;
          const holders = Math.min(t.inventory.holders ?? 0, t.active, held);
          expect(t.active + d.admit).toBeLessThanOrEqual(t.config.maxActive);
          // Never more shoppers looking for seats than seats left to buy (available + about to come back)…
          expect(t.active - holders + d.admit).toBeLessThanOrEqual(capacity - held - sold + expiringSoon);
          // …so never more shoppers in than seats not sold, but for the holds about to run out.
          expect(t.active + d.admit).toBeLessThanOrEqual(capacity - sold + expiringSoon);
        }
        if (t.config.ratePerMinute !== null) expect(d.admit).toBeLessThanOrEqual(Math.floor(t.carry + (t.config.ratePerMinute * (t.now - t.lastTickAt)) / 60_000));
      }),
      { numRuns: 2_000 },
    );
  });

  it('says sold_out exactly when nothing is available and no hold is left, and closed once the sale is', () => {
    const base = { config: config({}), now: 1, lastTickAt: 0, carry: 0, active: 0, waiting: 10 };
    expect(decideTick({ ...base, inventory: { status: 'on_sale', capacity: 10, held: 0, sold: 10 } })).toMatchObject({ admit: 0, state: 'sold_out' });
    expect(decideTick({ ...base, inventory: { status: 'on_sale', capacity: 10, held: 2, sold: 8 } }).state).not.toBe('sold_out');
    expect(decideTick({ ...base, inventory: { status: 'sales_closed', capacity: 10, held: 0, sold: 0 } })).toMatchObject({ admit: 0, state: 'closed' });
  });

  it('admits rate × elapsed at a fixed rate, keeping the fraction for the next tick', () => {
    const t = { config: config({ ratePerMinute: 90 }), lastTickAt: 0, active: 0, waiting: 1_000, inventory: { status: 'on_sale', capacity: 10_000, held: 0, sold: 0 } };
    const first = decideTick({ ...t, now: 1_000, carry: 0 });
    expect(first).toMatchObject({ admit: 1, state: 'open' });
    expect(first.carry).toBeCloseTo(0.5);
    expect(decideTick({ ...t, now: 1_000, carry: first.carry }).admit).toBe(2);
  });

  it('admits nobody while the organizer has paused or closed the room (sold out still says sold out)', () => {
    fc.assert(
      fc.property(input, fc.constantFrom('paused' as const, 'closed' as const), (t, admission) => {
        const d = decideTick({ ...t, config: { ...t.config, admission } });
        expect(d.admit).toBe(0);
        expect(d.carry).toBe(0);
        const soldOut = t.inventory.capacity - t.inventory.held - t.inventory.sold <= 0 && t.inventory.held <= 0;
        expect(d.state).toBe(admission === 'closed' ? 'closed' : soldOut ? 'sold_out' : 'paused');
      }),
    );
  });

  it('admits at least as many when more of the held seats are about to come back, and more where seats bind', () => {
    fc.assert(
      fc.property(input, fc.double({ min: 0, max: 1, noNaN: true }), (t, more) => {
        const held = t.inventory.held;
        const before = t.inventory.expiringSoon ?? 0;
        const after = before + Math.floor((held - before) * more);
        const d0 = decideTick(t);
        const d1 = decideTick({ ...t, inventory: { ...t.inventory, expiringSoon: after } });
        expect(d1.admit).toBeGreaterThanOrEqual(d0.admit);
      }),
      { numRuns: 1_000 },
    );
    // 10 seats, all held by 10 shoppers; 4 of those holds run out before the next tick: 4 more let in (none without).
    const base = { config: config({ maxActive: 100 }), now: 1, lastTickAt: 0, carry: 0, active: 10, waiting: 50 };
    const inventory = { status: 'on_sale', capacity: 10, held: 10, sold: 0, holders: 10 };
    expect(decideTick({ ...base, inventory: { ...inventory, expiringSoon: 0 } })).toMatchObject({ admit: 0, state: 'paused' });
    expect(decideTick({ ...base, inventory: { ...inventory, expiringSoon: 4 } })).toMatchObject({ admit: 4, state: 'paused' });
  });

  it('admits ahead where shoppers leave without buying, fewer where each buys several, never past a seat each', () => {
    const base = { config: config({ maxActive: 1_000, maxSeatsPerBuyer: 4 }), now: 1, lastTickAt: 0, carry: 0, active: 0, waiting: 1_000 };
    const inventory = { status: 'on_sale', capacity: 100, held: 0, sold: 0 };
    // Nothing learnt yet: one shopper per seat, as before.
    expect(decideTick({ ...base, inventory }).admit).toBe(100);
    // Each paying shopper bought 2 seats: 50 shoppers take the 100 seats.
    expect(decideTick({ ...base, inventory, history: { paid: 20, ended: 20, seatsBought: 40 } }).admit).toBe(50);
    // …and only half the sessions paid: 100 let in.
    expect(decideTick({ ...base, inventory, history: { paid: 20, ended: 40, seatsBought: 40 } }).admit).toBe(100);
    // A tenth paid (floored at a quarter), one seat each: still never more than a shopper per seat.
    expect(decideTick({ ...base, inventory, history: { paid: 20, ended: 200, seatsBought: 20 } }).admit).toBe(100);
    // Too few sessions to learn from: ignored.
    expect(learnt({ paid: 3, ended: 9, seatsBought: 12 }, 4)).toEqual({ seatsPerShopper: 1, completion: 1 });
    // The last seat still gets a shopper however many seats each buys.
    expect(decideTick({ ...base, inventory: { status: 'on_sale', capacity: 100, held: 0, sold: 99 }, history: { paid: 40, ended: 40, seatsBought: 160 } }).admit).toBe(1);
    // Monotone: a lower completion rate never admits fewer.
    fc.assert(
      fc.property(input, fc.integer({ min: 10, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), (t, ended, p1, p2) => {
        const auto = { ...t, config: { ...t.config, ratePerMinute: null } };
        const [lo, hi] = [Math.min(p1, p2, ended), Math.min(Math.max(p1, p2), ended)];
        // Two seats per paying shopper in both: only the completion rate differs.
        const fewer = decideTick({ ...auto, history: { paid: Math.max(lo, 10), ended: Math.max(ended, 10), seatsBought: Math.max(lo, 10) * 2 } });
        const more = decideTick({ ...auto, history: { paid: Math.max(hi, 10), ended: Math.max(ended, 10), seatsBought: Math.max(hi, 10) * 2 } });
        expect(fewer.admit).toBeGreaterThanOrEqual(more.admit);
      }),
    );
  });

  it('pauses at sold out: nobody let in once nothing is available and no hold is left, whatever was learnt', () => {
    fc.assert(
      fc.property(input, (t) => {
        const soldOut = { ...t, inventory: { ...t.inventory, held: 0, sold: t.inventory.capacity, expiringSoon: 0 } };
        expect(decideTick(soldOut)).toMatchObject({ admit: 0, state: 'sold_out' });
      }),
    );
    expect(seatsLeftToBuy({ status: 'on_sale', capacity: 10, held: 3, sold: 5, expiringSoon: 9 })).toBe(5);
    expect(lookingShoppers(4, { status: 'on_sale', capacity: 10, held: 2, sold: 0, holders: 3 })).toBe(2);
  });

  it('shows the organizer what it learnt (the console’s figures): nothing before 10 sessions, then the rates', () => {
    const cursor = { admittedThrough: 0, state: 'open' as const, ratePerMinute: 0, waiting: 0, updatedAt: new Date(0).toISOString() };
    const base = { cursor, admission: 'open' as const, active: 0, paid: 0, admittedLastMinute: 0, sales: [], seatsLeft: 10 };
    expect(roomFigures({ ...base, history: { paid: 5, ended: 9, seatsBought: 10 } })).toMatchObject({ completionRate: null, seatsPerShopper: null });
    expect(roomFigures({ ...base, history: { paid: 10, ended: 16, seatsBought: 23 } })).toMatchObject({ completionRate: 0.63, seatsPerShopper: 2.3 });
    expect(roomFigures(base)).toMatchObject({ completionRate: null, seatsPerShopper: null });
  });
});
