/** Test helpers for the EventInventory DO: a small event (seats, GA areas, ticket types) and a stub per test. */
import { env } from 'cloudflare:test';
import type { HydrateInput } from '../../durable-objects/inventory/engine';
import type { SeatSpec, TicketTypeSpec } from '../../durable-objects/inventory/types';

let n = 0;
/** A name no other test uses, so every test gets its own inventory. */
export function freshName(label = 'evt'): string {
  n += 1;
  return `org_test:${label}_${Date.now().toString(36)}_${n}`;
}

/** A stub for a named inventory; after abortAllDurableObjects() take a new one (the old stub is broken). */
export function stubFor(name: string) {
  return env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(name));
}

export function freshStub(label = 'evt') {
  return stubFor(freshName(label));
}

/** rows × seatsPerRow seats in one section "A", rows "1".., category `a` for the front half, `b` behind. */
export function seatGrid(rows: number, seatsPerRow: number, opts: { accessibleFirst?: boolean } = {}): SeatSpec[] {
  const seats: SeatSpec[] = [];
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < seatsPerRow; s++) {
      seats.push({
        id: `A:${r + 1}:${s + 1}`,
        section: 'A',
        row: String(r + 1),
        label: String(s + 1),
        position: s,
        x: s * 10,
        y: 100 + r * 10,
        category: r < rows / 2 ? 'a' : 'b',
        accessible: !!opts.accessibleFirst && s === 0,
        restrictedView: false,
        notForSale: false,
      });
    }
  }
  return seats;
}

export const type = (t: Partial<TicketTypeSpec> & Pick<TicketTypeSpec, 'id' | 'kind'>): TicketTypeSpec => ({
  name: t.id,
  categories: [],
  gaAreaKey: null,
  capacity: null,
  minPerOrder: 1,
  maxPerOrder: 10,
  saleStartsAt: null,
  saleEndsAt: null,
  visible: true,
  gateIds: [],
  ...t,
});

export function smallEvent(overrides: Partial<HydrateInput> = {}): HydrateInput {
  return {
    eventId: 'evt_test',
    organizationId: 'org_test',
    status: 'on_sale',
    holdTtlMs: 60_000,
    saleStartsAt: null,
    saleEndsAt: null,
    layoutVersion: 1,
    seats: seatGrid(3, 4),
    gaAreas: [{ key: 'floor', name: 'Floor', capacity: 5 }],
    focal: { x: 15, y: 0 },
    categories: [
      { key: 'a', name: 'Front', color: '#aa0000' },
      { key: 'b', name: 'Back', color: '#0000aa' },
    ],
    ticketTypes: [
      type({ id: 'seat', kind: 'seated', categories: ['a', 'b'], capacity: 10 }),
      type({ id: 'floor', kind: 'ga', gaAreaKey: 'floor' }),
      type({ id: 'floor-vip', kind: 'ga', gaAreaKey: 'floor', capacity: 3 }),
      type({ id: 'lawn', kind: 'ga', capacity: 4 }),
    ],
    ...overrides,
  };
}
