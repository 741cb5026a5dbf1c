import { describe, expect, it } from 'vitest';
import {
  clampQuantity,
  earliestExpiry,
  gaLimit,
  holdRequests,
  limitIssues,
  priceForCategory,
  quoteItems,
  seatsNamedIn,
  selectionTotal,
  sellableCategories,
  stepQuantity,
  ticketSlots,
  toggleSeat,
  type Hold,
  type TicketType,
} from '../../../web/src/store/cart';

const tt = (over: Partial<TicketType>): TicketType => ({ id: 'x', name: 'X', kind: 'seated', categories: [], priceMinor: 10000, currency: 'ZAR', minPerOrder: 1, maxPerOrder: 10, available: 100, ...over });
const adult = tt({ id: 'adult', name: 'Adult', categories: ['a', 'b'], priceMinor: 35000 });
const child = tt({ id: 'child', name: 'Child', categories: ['b'], priceMinor: 20000 });
const lawn = tt({ id: 'lawn', name: 'Lawn', kind: 'ga', priceMinor: 18000, minPerOrder: 2, maxPerOrder: 6, available: 4 });
const types = [adult, child, lawn];

const hold = (over: Partial<Hold>): Hold => ({ id: 'hld_1', eventId: 'evt', ticketTypeId: 'adult', status: 'active', seats: [], quantity: 0, expiresAt: '2026-12-01T10:05:00.000Z', extended: false, ...over });

describe('seat picks', () => {
  it('a seat sells as the first ticket type for its category; picking again removes it', () => {
    let picks = toggleSeat([], 'L:A:1', 'b', types);
    expect(picks).toEqual([{ seatId: 'L:A:1', category: 'b', ticketTypeId: 'adult' }]);
    picks = toggleSeat(picks, 'L:A:2', 'a', types);
    expect(picks.map((p) => p.seatId)).toEqual(['L:A:1', 'L:A:2']);
    expect(toggleSeat(picks, 'L:A:1', 'b', types).map((p) => p.seatId)).toEqual(['L:A:2']);
    // A category nobody sells can't be picked.
    expect(toggleSeat(picks, 'L:Z:1', 'zz', types)).toEqual(picks);
  });

  it('knows which categories are for sale and their lowest price', () => {
    expect(sellableCategories(['a', 'b', 'c'], types)).toEqual([true, true, false]);
    expect(priceForCategory(types, 'b')).toEqual({ minor: 20000, currency: 'ZAR', several: true });
    expect(priceForCategory(types, 'a')).toEqual({ minor: 35000, currency: 'ZAR', several: false });
    expect(priceForCategory(types, 'c')).toBeNull();
  });

  it('turns the selection into one hold per ticket type', () => {
    const picks = [
      { seatId: 'L:A:1', category: 'b', ticketTypeId: 'adult' },
      { seatId: 'L:A:2', category: 'b', ticketTypeId: 'child' },
      { seatId: 'L:A:3', category: 'a', ticketTypeId: 'adult' },
    ];
    expect(holdRequests(picks, { lawn: 2, other: 0 })).toEqual([
      { ticketTypeId: 'adult', seats: ['L:A:1', 'L:A:3'] },
      { ticketTypeId: 'child', seats: ['L:A:2'] },
      { ticketTypeId: 'lawn', quantity: 2 },
    ]);
    expect(selectionTotal(picks, { lawn: 2 }, types)).toEqual({ minor: 35000 * 2 + 20000 + 18000 * 2, currency: 'ZAR', count: 5 });
  });

  it('flags ticket types outside their per-order limits', () => {
    expect(limitIssues([], { lawn: 1 }, types)).toEqual([{ ticketTypeId: 'lawn', name: 'Lawn', min: 2, max: 6, count: 1 }]);
    expect(limitIssues([], { lawn: 2 }, types)).toEqual([]);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ seatId: `L:A:${i}`, category: 'a', ticketTypeId: 'adult' }));
    expect(limitIssues(eleven, {}, types)[0]).toMatchObject({ ticketTypeId: 'adult', count: 11, max: 10 });
  });
});

describe('GA quantities', () => {
  it('caps at what is left and the per-order maximum', () => {
    expect(gaLimit(lawn)).toBe(4);
    expect(gaLimit({ ...lawn, available: null })).toBe(6);
    expect(gaLimit({ ...lawn, available: 0 })).toBe(0);
    expect(clampQuantity(9, lawn)).toBe(4);
    expect(clampQuantity(-3, lawn)).toBe(0);
    expect(clampQuantity(Number.NaN, lawn)).toBe(0);
  });

  it('+ jumps to the minimum per order, − below it goes back to none', () => {
    expect(stepQuantity(0, 1, lawn)).toBe(2);
    expect(stepQuantity(2, 1, lawn)).toBe(3);
    expect(stepQuantity(4, 1, lawn)).toBe(4);
    expect(stepQuantity(3, -1, lawn)).toBe(2);
    expect(stepQuantity(2, -1, lawn)).toBe(0);
  });
});

describe('holds to checkout', () => {
  const holds = [hold({ id: 'h1', seats: ['L:A:1', 'L:A:2'], expiresAt: '2026-12-01T10:05:00.000Z' }), hold({ id: 'h2', ticketTypeId: 'lawn', quantity: 2, expiresAt: '2026-12-01T10:04:00.000Z' })];

  it('quotes seats for seated holds and a quantity for GA holds', () => {
    expect(quoteItems(holds)).toEqual([
      { ticketTypeId: 'adult', seats: ['L:A:1', 'L:A:2'] },
      { ticketTypeId: 'lawn', quantity: 2 },
    ]);
  });

  it('has one attendee slot per ticket, in checkout line order', () => {
    expect(ticketSlots(holds).map((s) => [s.holdId, s.seatId ?? s.index])).toEqual([
      ['h1', 'L:A:1'],
      ['h1', 'L:A:2'],
      ['h2', 0],
      ['h2', 1],
    ]);
  });

  it('counts down to the first hold that expires', () => {
    expect(earliestExpiry(holds)).toBe(Date.parse('2026-12-01T10:04:00.000Z'));
    expect(earliestExpiry([hold({ status: 'released' })])).toBeNull();
  });

  it('finds the seats a 409 says were taken', () => {
    const errors = [{ message: 'L:A:2 is not available' }];
    expect(seatsNamedIn(errors, ['L:A:1', 'L:A:2', 'L:A:20'])).toEqual(['L:A:2']);
    expect(seatsNamedIn(undefined, ['L:A:1'])).toEqual([]);
  });
});
