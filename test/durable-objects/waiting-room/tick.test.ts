/** The room's admission decision per tick (durable-objects/waiting-room/tick.ts), over any inputs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideTick, type TickInput } from '../../../durable-objects/waiting-room/tick';
import type { RoomConfig } from '../../../durable-objects/waiting-room/types';
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
  })
  .map((r): TickInput => {
    const sold = Math.floor(r.capacity * r.soldShare);
    const held = Math.floor((r.capacity - sold) * r.heldShare);
    return {
      config: config({ ratePerMinute: r.rate, maxActive: r.maxActive }),
      now: 1_000_000 + r.elapsed,
      lastTickAt: 1_000_000,
      carry: r.carry,
      active: r.active,
      waiting: r.waiting,
      inventory: { status: 'on_sale', capacity: r.capacity, held, sold },
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
          expect(t.active + d.admit).toBeLessThanOrEqual(t.config.maxActive);
          expect(t.active + d.admit).toBeLessThanOrEqual(t.inventory.capacity - t.inventory.sold);
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
});

