/** Holding verbs of the inventory engine: hold, extend, release, expire (and the checks a hold makes). Each runs inside the DO's one transaction. */
import { bestAvailable } from './best-available';
import type { InventoryEngine } from './engine';
import { fail, MAX_HOLD_LIFETIME_FACTOR, type Failure, type HoldRequest, type HoldRow, type HoldView, type Result } from './engine-types';
import type { TicketTypeSpec } from './types';
import { leased, leaseRoom, sessionLeaseRoom, sessionSeats } from './leases';
import { waitlistHoldEnded } from './waitlist-hooks';

/** Hidden ticket types are held only with an access code that unlocks them (`unlocked`: their ids, or '*' for all). */
export function unlocked(type: TicketTypeSpec, unlockedIds: readonly string[] | undefined): boolean {
  return type.visible || (unlockedIds ?? []).some((id) => id === '*' || id === type.id);
}

export function saleOpen(inv: InventoryEngine, type: TicketTypeSpec, now: number): Failure | null {
  const c = inv.config!;
  if (c.status !== 'on_sale') return fail('not_on_sale', 'Tickets for this event are not on sale.');
  if (c.saleStartsAt !== null && now < c.saleStartsAt) return fail('sale_not_started', 'The sale has not started yet.');
  if (c.saleEndsAt !== null && now >= c.saleEndsAt) return fail('sale_ended', 'The sale has ended.');
  if (type.saleStartsAt !== null && now < type.saleStartsAt) return fail('sale_not_started', `${type.name} is not on sale yet.`);
  if (type.saleEndsAt !== null && now >= type.saleEndsAt) return fail('sale_ended', `${type.name} is no longer on sale.`);
  return null;
}

/** Room left for n more of `type` (its own cap and its area's), or why not. */
export function capacityFor(inv: InventoryEngine, type: TicketTypeSpec, n: number, releasing = { type: 0, area: 0 }): Failure | null {
  const used = inv.typeUsage.get(type.id) ?? { held: 0, sold: 0 };
  if (type.capacity !== null && used.held + used.sold - releasing.type + n > type.capacity) {
    return fail('sold_out', `Only ${Math.max(0, type.capacity - used.held - used.sold + releasing.type)} ${type.name} left.`);
  }
  if (leased(inv, type)) {
    const short = leaseRoom(inv, type, used.held + used.sold - releasing.type, n);
    if (short) return short;
  }
  if (type.kind === 'ga' && type.gaAreaKey) {
    const area = inv.areas.get(type.gaAreaKey)!;
    const a = inv.areaUsage.get(area.key) ?? { held: 0, sold: 0 };
    if (a.held + a.sold - releasing.area + n > area.capacity) return fail('sold_out', `Only ${Math.max(0, area.capacity - a.held - a.sold + releasing.area)} places left in ${area.name}.`);
  }
  return null;
}

/** Chooses the seats a seated request wants, or says why it can't have them. */
export function pickSeats(inv: InventoryEngine, type: TicketTypeSpec, req: HoldRequest, allowHoldId?: string): Result<string[]> {
  if (req.seatIds) {
    const ids = [...new Set(req.seatIds)];
    if (ids.length !== req.seatIds.length) return fail('duplicate_seats', 'The same seat is listed twice.');
    const unknown = ids.filter((id) => !inv.seats.has(id));
    if (unknown.length) return fail('seat_unknown', 'Some seats do not exist at this event.', unknown);
    const wrong = ids.filter((id) => !type.categories.includes(inv.seats.get(id)!.category));
    if (wrong.length) return fail('wrong_category', `${type.name} is not sold for some of these seats.`, wrong);
    const taken = ids.filter((id) => {
      const s = inv.seats.get(id)!;
      return s.notForSale || (s.status !== 'available' && !(allowHoldId && s.status === 'held' && s.holdId === allowHoldId));
    });
    if (taken.length) return fail('seats_unavailable', 'Some seats are no longer available.', taken);
    return { ok: true, value: ids };
  }
  const best = req.bestAvailable!;
  if (best.category && !type.categories.includes(best.category)) return fail('wrong_category', `${type.name} is not sold in category ${best.category}.`);
  const chosen = bestAvailable(inv.rows, {
    quantity: best.quantity,
    categories: best.category ? [best.category] : type.categories,
    accessible: best.accessible ?? false,
    focal: inv.focal,
  });
  if (!chosen) return fail('no_adjacent_seats', `No ${best.quantity} seats together are available${best.category ? ` in ${best.category}` : ''}.`);
  return { ok: true, value: chosen };
}

export function hold(inv: InventoryEngine, req: HoldRequest, now: number): Result<HoldView> {
  if (!inv.config) return fail('not_on_sale', 'Tickets for this event are not on sale.');
  const fingerprint = JSON.stringify([req.ticketTypeId, req.seatIds ?? null, req.quantity ?? null, req.bestAvailable ?? null]);
  const existing = inv.storedHold(req.holdId);
  if (existing) {
    if (existing.fingerprint !== fingerprint) return fail('idempotency_conflict', 'This hold id was already used for a different request.');
    return { ok: true, value: inv.view(existing) };
  }
  // A shard of a sharded event remembers a best-available refusal, so a retried request tries the shards as the first
  // did and lands on the same hold (src/domains/events/shards/hold.ts).
  const refusalKey = `hold-refused:${req.holdId}`;
  if (inv.shard && req.bestAvailable) {
    const refused = inv.remembered<HoldView>(refusalKey, fingerprint);
    if (refused) return refused;
  }
  const type = inv.types.get(req.ticketTypeId);
  // A hidden type (a presale) answers exactly as one that does not exist, unless the buyer's code unlocks it.
  if (!type || !unlocked(type, req.unlocked)) return fail('unknown_ticket_type', 'No such ticket type for this event.');
  const closed = saleOpen(inv, type, now);
  if (closed) return closed;
  const modes = [req.seatIds !== undefined, req.quantity !== undefined, req.bestAvailable !== undefined].filter(Boolean).length;
  if (modes !== 1) return fail('invalid_request', 'Ask for seats, a quantity, or best available: exactly one.');
  if (type.kind === 'ga' && req.quantity === undefined) return fail('invalid_request', `${type.name} is general admission: ask for a quantity.`);
  if (type.kind === 'seated' && req.quantity !== undefined) return fail('invalid_request', `${type.name} is seated: pick seats or ask for best available.`);
  const quantity = req.quantity ?? req.seatIds?.length ?? req.bestAvailable!.quantity;
  if (!Number.isInteger(quantity) || quantity < type.minPerOrder || quantity > type.maxPerOrder) {
    return fail('quantity_out_of_range', `${type.name}: between ${type.minPerOrder} and ${type.maxPerOrder} per order.`);
  }
  if (req.session) {
    const mine = sessionSeats(inv, req.session.id, now);
    if (mine + quantity > req.session.maxSeats) {
      return fail('admission_seat_limit', `Your admission allows ${req.session.maxSeats} seats; you hold or bought ${mine} already.`);
    }
    // A sharded event caps the session across its shards: its seats here within its lease (leases.ts).
    if (inv.shard) {
      const short = sessionLeaseRoom(inv, req.session, mine, quantity);
      if (short) return short;
    }
  }
  const full = capacityFor(inv, type, quantity);
  if (full) return full;
  let seatIds: string[] = [];
  if (type.kind === 'seated') {
    const picked = pickSeats(inv, type, req);
    if (!picked.ok) {
      if (inv.shard && req.bestAvailable && picked.code === 'no_adjacent_seats') inv.remember(refusalKey, fingerprint, picked, now);
      return picked;
    }
    seatIds = picked.value;
  }
  const hold = placeHold(inv, { id: req.holdId, ticketTypeId: type.id, seats: seatIds, quantity, area: type.kind === 'ga' ? type.gaAreaKey : null, expiresAt: now + inv.config.holdTtlMs, fingerprint }, now);
  if (req.session) inv.sql.exec('INSERT INTO hold_sessions (hold_id, session_id) VALUES (?, ?)', hold.id, req.session.id);
  return { ok: true, value: inv.view(hold) };
}

/**
 * Writes an active hold whose room was already checked (hold above; the waiting list's kept-back places and offers,
 * waitlist.ts): the row, its seats, the usage and the live change. `extended` marks a hold that may not be extended.
 */
export function placeHold(
  inv: InventoryEngine,
  h: { id: string; ticketTypeId: string; seats: string[]; quantity: number; area: string | null; expiresAt: number; fingerprint: string; extended?: boolean },
  now: number,
): HoldRow {
  const hold: HoldRow = { ...h, status: 'active', extended: h.extended ?? false, orderId: null, createdAt: now };
  inv.sql.exec(
    'INSERT INTO holds (id, ticket_type_id, quantity, seats, area, status, expires_at, extended, order_id, fingerprint, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)',
    hold.id, hold.ticketTypeId, hold.quantity, JSON.stringify(hold.seats), hold.area, 'active', hold.expiresAt, hold.extended ? 1 : 0, hold.fingerprint, now, now,
  );
  for (const id of hold.seats) inv.sql.exec("UPDATE seats SET status = 'held', hold_id = ?, ticket_type_id = ? WHERE id = ?", hold.id, hold.ticketTypeId, id);
  inv.bumpVersion();
  inv.outbox('hold.created', { holdId: hold.id, ticketTypeId: hold.ticketTypeId, quantity: hold.quantity, seats: hold.seats }, now);
  inv.holds.set(hold.id, hold);
  inv.addUsage(hold.ticketTypeId, hold.area, hold.quantity, 'held');
  for (const id of hold.seats) inv.setSeat(id, 'held', hold.id, null, hold.ticketTypeId);
  inv.emit('held', hold.seats);
  return hold;
}

/** Once per hold: pushes expiry out by one TTL, never beyond creation + 2 TTLs. Repeating answers the same. */
export function extend(inv: InventoryEngine, holdId: string, now: number): Result<HoldView> {
  const hold = inv.storedHold(holdId);
  if (!hold) return fail('hold_not_found', 'No such hold.');
  if (hold.status !== 'active' || hold.expiresAt <= now) return fail('hold_not_active', `The hold is ${hold.status === 'active' ? 'expired' : hold.status}.`);
  if (hold.extended) return { ok: true, value: inv.view(hold) };
  const ttl = inv.config!.holdTtlMs;
  const expiresAt = Math.min(hold.expiresAt + ttl, hold.createdAt + MAX_HOLD_LIFETIME_FACTOR * ttl);
  inv.sql.exec('UPDATE holds SET expires_at = ?, extended = 1, updated_at = ? WHERE id = ?', expiresAt, now, holdId);
  inv.bumpVersion();
  hold.expiresAt = expiresAt;
  hold.extended = true;
  return { ok: true, value: inv.view(hold) };
}

/** Frees an active hold (by request or by expiry). Releasing a hold that is no longer active answers its state. */
export function release(inv: InventoryEngine, holdId: string, now: number, reason: 'released' | 'expired' = 'released'): Result<HoldView> {
  const hold = inv.storedHold(holdId);
  if (!hold) return fail('hold_not_found', 'No such hold.');
  if (hold.status !== 'active') return { ok: true, value: inv.view(hold) };
  inv.sql.exec('UPDATE holds SET status = ?, updated_at = ? WHERE id = ?', reason, now, holdId);
  for (const id of hold.seats) inv.sql.exec("UPDATE seats SET status = 'available', hold_id = NULL, ticket_type_id = NULL WHERE id = ? AND hold_id = ?", id, holdId);
  inv.bumpVersion();
  inv.outbox(`hold.${reason}`, { holdId, seats: hold.seats, quantity: hold.quantity }, now);
  inv.holds.delete(holdId);
  hold.status = reason;
  inv.addUsage(hold.ticketTypeId, hold.area, -hold.quantity, 'held');
  for (const id of hold.seats) inv.setSeat(id, 'available', null, null, null);
  inv.emit(reason, hold.seats);
  waitlistHoldEnded(inv, holdId, 'lapsed');
  return { ok: true, value: inv.view(hold) };
}

/** Frees every active hold whose time is up; the alarm calls inv. */
export function expireDue(inv: InventoryEngine, now: number): string[] {
  const due = [...inv.holds.values()].filter((h) => h.expiresAt <= now).map((h) => h.id);
  for (const id of due) release(inv, id, now, 'expired');
  return due;
}
