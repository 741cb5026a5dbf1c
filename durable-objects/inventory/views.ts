/** Read-only views of the inventory engine: live counts, seat lists by status, and the invariant check (inspect). */
import type { LiveCounts } from '../../src/shared/live-protocol';
import type { InventoryEngine } from './engine';
import type { Usage } from './engine-types';
import type { TicketTypeSpec } from './types';
import { leased, leaseViolations } from './leases';

export function counts(inv: InventoryEngine, now = Date.now()): LiveCounts {
  const { capacity: seatCapacity, held: heldSeats, sold: soldSeats } = inv.seatTally;
  const areas: LiveCounts['areas'] = {};
  let gaCapacity = 0;
  let gaHeld = 0;
  let gaSold = 0;
  for (const a of inv.areas.values()) {
    const u = inv.areaUsage.get(a.key) ?? { held: 0, sold: 0 };
    areas[a.key] = { capacity: a.capacity, held: u.held, sold: u.sold, available: a.capacity - u.held - u.sold };
    gaCapacity += a.capacity;
    gaHeld += u.held;
    gaSold += u.sold;
  }
  const ticketTypes: LiveCounts['ticketTypes'] = {};
  // GA is the coordinator's alone on a sharded event: the other shards don't count it.
  const gaHere = inv.shard === null || inv.shard.index === 0;
  for (const t of inv.types.values()) {
    if (t.kind === 'ga' && !gaHere) continue;
    const u = inv.typeUsage.get(t.id) ?? { held: 0, sold: 0 };
    if (t.kind === 'ga' && !t.gaAreaKey) {
      gaCapacity += t.capacity ?? 0;
      gaHeld += u.held;
      gaSold += u.sold;
    }
    ticketTypes[t.id] = { capacity: t.capacity, held: u.held, sold: u.sold, available: availableFor(inv, t, u) };
  }
  const gates = inv.gate.live(now);
  return {
    capacity: seatCapacity + gaCapacity,
    held: heldSeats + gaHeld,
    sold: soldSeats + gaSold,
    checkedIn: inv.checkedIn,
    inside: gates.inside,
    gates: gates.byGate,
    checkInsPerMinute: gates.perMinute,
    ticketTypes,
    areas,
  };
}

export function availableFor(inv: InventoryEngine, t: TicketTypeSpec, u: Usage): number | null {
  const own = t.capacity === null ? null : t.capacity - u.held - u.sold;
  let pool: number | null = null;
  if (t.kind === 'ga' && t.gaAreaKey) {
    const a = inv.areas.get(t.gaAreaKey)!;
    const au = inv.areaUsage.get(a.key) ?? { held: 0, sold: 0 };
    pool = a.capacity - au.held - au.sold;
  } else if (t.kind === 'seated') {
    pool = t.categories.reduce((n, c) => n + (inv.freeByCategory.get(c) ?? 0), 0);
  }
  // A shard counts only its seats: the Worker caps the sum by the type's capacity (src/domains/events/shards/merge.ts).
  if (own === null || leased(inv, t)) return pool;
  return pool === null ? own : Math.min(own, pool);
}

/** Seat ids by status, for the live channel's first message. */
export function statusLists(inv: InventoryEngine) {
  const lists = { held: [] as string[], sold: [] as string[], checked_in: [] as string[], blocked: [] as string[] };
  for (const s of inv.seats.values()) {
    const status = inv.seatStatus(s);
    if (status !== 'available') lists[status].push(s.id);
  }
  return lists;
}

/**
 * Recomputes everything from SQLite (not memory) and lists every broken invariant: the property
 * tests call it after each step, and so can reconciliation.
 */
export function inspect(inv: InventoryEngine, now: number): { violations: string[] } {
  const violations: string[] = [];
  const activeHolds = inv.sql.exec<Record<string, string | number | null>>("SELECT * FROM holds WHERE status = 'active'").toArray().map((h) => inv.holdFromRow(h));
  const seatRows = inv.sql.exec<{ id: string; status: string; hold_id: string | null; order_id: string | null }>('SELECT id, status, hold_id, order_id FROM seats').toArray();
  const seatHolders = new Map<string, number>();
  for (const h of activeHolds) {
    if (h.expiresAt <= now - 60_000) violations.push(`hold ${h.id} expired a minute ago and still holds`);
    for (const id of h.seats) seatHolders.set(id, (seatHolders.get(id) ?? 0) + 1);
  }
  const soldSeats = inv.sql.exec<{ seat_id: string; n: number; orders: number }>(
    'SELECT seat_id, SUM(quantity - cancelled) AS n, COUNT(DISTINCT order_id) AS orders FROM sales WHERE seat_id IS NOT NULL AND quantity > cancelled GROUP BY seat_id',
  ).toArray();
  const soldBy = new Map(soldSeats.map((s) => [s.seat_id, s]));
  for (const s of soldSeats) if (s.n > 1 || s.orders > 1) violations.push(`seat ${s.seat_id} sold ${s.n} times to ${s.orders} orders`);
  for (const seat of seatRows) {
    const held = seatHolders.get(seat.id) ?? 0;
    const sold = soldBy.get(seat.id)?.n ?? 0;
    if (held + sold > 1) violations.push(`seat ${seat.id}: held ${held} + sold ${sold} > 1`);
    if (seat.status === 'held' && held !== 1) violations.push(`seat ${seat.id} marked held by ${held} active holds`);
    if (seat.status === 'sold' && sold !== 1) violations.push(`seat ${seat.id} marked sold but sold ${sold} times`);
    if (seat.status === 'available' && held + sold > 0) violations.push(`seat ${seat.id} marked available but held/sold`);
    const mem = inv.seats.get(seat.id);
    if (!mem || mem.status !== seat.status) violations.push(`seat ${seat.id}: memory ${mem?.status} ≠ storage ${seat.status}`);
  }
  const typeTotals = new Map<string, number>();
  const areaTotals = new Map<string, number>();
  for (const h of activeHolds) {
    typeTotals.set(h.ticketTypeId, (typeTotals.get(h.ticketTypeId) ?? 0) + h.quantity);
    if (h.area) areaTotals.set(h.area, (areaTotals.get(h.area) ?? 0) + h.quantity);
  }
  for (const s of inv.sql.exec<{ ticket_type_id: string; area: string | null; n: number }>('SELECT ticket_type_id, area, SUM(quantity - cancelled) AS n FROM sales GROUP BY ticket_type_id, area')) {
    typeTotals.set(s.ticket_type_id, (typeTotals.get(s.ticket_type_id) ?? 0) + Number(s.n));
    if (s.area) areaTotals.set(s.area, (areaTotals.get(s.area) ?? 0) + Number(s.n));
  }
  for (const t of inv.types.values()) {
    const total = typeTotals.get(t.id) ?? 0;
    if (t.capacity !== null && total > t.capacity) violations.push(`ticket type ${t.id}: held + sold ${total} > capacity ${t.capacity}`);
    const mem = inv.typeUsage.get(t.id) ?? { held: 0, sold: 0 };
    if (mem.held + mem.sold !== total) violations.push(`ticket type ${t.id}: memory ${mem.held + mem.sold} ≠ storage ${total}`);
  }
  for (const a of inv.areas.values()) {
    const total = areaTotals.get(a.key) ?? 0;
    if (total > a.capacity) violations.push(`area ${a.key}: held + sold ${total} > capacity ${a.capacity}`);
  }
  violations.push(...leaseViolations(inv, typeTotals, now));
  return { violations };
}
