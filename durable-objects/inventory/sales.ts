/** Selling verbs of the inventory engine: a hold confirmed to an order, sold seats/places cancelled back on sale. */
import type { InventoryEngine } from './engine';
import { fail, type HoldView, type Result } from './engine-types';
import { capacityFor, pickSeats } from './holds';
import { waitlistHoldEnded } from './waitlist-hooks';

/**
 * Turns a hold into sold seats/places bound to an order. Repeating with the same order answers the
 * same. A hold that expired or was released is still honoured when `allowLate` and what it held is free.
 */
export function confirm(inv: InventoryEngine, holdId: string, orderId: string, now: number, allowLate: boolean): Result<HoldView> {
  const hold = inv.storedHold(holdId);
  if (!hold) return fail('hold_not_found', 'No such hold.');
  if (hold.status === 'confirmed') {
    return hold.orderId === orderId ? { ok: true, value: inv.view(hold) } : fail('hold_confirmed_elsewhere', 'This hold was already bought by another order.');
  }
  const live = hold.status === 'active' && hold.expiresAt > now;
  if (!live && !allowLate) return fail('hold_expired', 'The hold has expired.');
  const type = inv.types.get(hold.ticketTypeId);
  if (!type) return fail('unknown_ticket_type', 'The ticket type is gone.');
  if (!live) {
    const stillHeld = hold.status === 'active';
    const room = capacityFor(inv, type, hold.quantity, stillHeld ? { type: hold.quantity, area: hold.area ? hold.quantity : 0 } : { type: 0, area: 0 });
    if (room) return fail('hold_expired_unavailable', 'The hold expired and its tickets were taken by someone else.');
    if (hold.seats.length) {
      const picked = pickSeats(inv, type, { holdId, ticketTypeId: type.id, seatIds: hold.seats }, stillHeld ? holdId : undefined);
      if (!picked.ok) return fail('hold_expired_unavailable', 'The hold expired and its seats were taken by someone else.', picked.seats);
    }
  }
  inv.sql.exec("UPDATE holds SET status = 'confirmed', order_id = ?, updated_at = ? WHERE id = ?", orderId, now, holdId);
  for (const id of hold.seats) {
    inv.sql.exec("UPDATE seats SET status = 'sold', hold_id = NULL, order_id = ?, ticket_type_id = ? WHERE id = ?", orderId, type.id, id);
    inv.sql.exec('INSERT INTO sales (order_id, hold_id, ticket_type_id, area, seat_id, quantity) VALUES (?, ?, ?, NULL, ?, 1)', orderId, holdId, type.id, id);
  }
  if (!hold.seats.length) {
    inv.sql.exec('INSERT INTO sales (order_id, hold_id, ticket_type_id, area, seat_id, quantity) VALUES (?, ?, ?, ?, NULL, ?)', orderId, holdId, type.id, hold.area, hold.quantity);
  }
  inv.bumpVersion();
  inv.outbox('hold.confirmed', { holdId, orderId, ticketTypeId: type.id, seats: hold.seats, quantity: hold.quantity, late: !live }, now);
  if (hold.status === 'active') {
    inv.holds.delete(holdId);
    inv.addUsage(type.id, hold.area, -hold.quantity, 'held');
  }
  hold.status = 'confirmed';
  hold.orderId = orderId;
  inv.addUsage(type.id, hold.area, hold.quantity, 'sold');
  for (const id of hold.seats) inv.setSeat(id, 'sold', null, orderId, type.id);
  inv.emit('sold', hold.seats);
  waitlistHoldEnded(inv, holdId, 'claimed', orderId);
  return { ok: true, value: inv.view(hold) };
}

/**
 * Puts sold seats/places of an order back on sale (refund, cancellation): the given seats, or a GA
 * quantity of a ticket type, or everything the order holds. Keyed, so a retried refund does it once.
 */
export type CancelInput = { key: string; orderId: string; seatIds?: string[]; ticketTypeId?: string; quantity?: number };

export function cancel(inv: InventoryEngine, input: CancelInput, now: number): Result<{ seats: string[]; quantity: number }> {
  const fingerprint = JSON.stringify([input.orderId, input.seatIds ?? null, input.ticketTypeId ?? null, input.quantity ?? null]);
  const seen = inv.remembered<{ seats: string[]; quantity: number }>(`cancel:${input.key}`, fingerprint);
  if (seen) return seen;
  const sales = inv.sql
    .exec<{ id: number; ticket_type_id: string; area: string | null; seat_id: string | null; quantity: number; cancelled: number }>(
      'SELECT id, ticket_type_id, area, seat_id, quantity, cancelled FROM sales WHERE order_id = ? AND quantity > cancelled ORDER BY id',
      input.orderId,
    )
    .toArray();
  if (!sales.length) return fail('nothing_to_cancel', 'This order has nothing sold to cancel.');
  let picks: { id: number; typeId: string; area: string | null; seat: string | null; n: number }[];
  if (input.seatIds) {
    const bySeat = new Map(sales.filter((s) => s.seat_id).map((s) => [s.seat_id!, s]));
    const missing = input.seatIds.filter((id) => !bySeat.has(id));
    if (missing.length) return fail('seat_not_in_order', 'Some seats are not sold to this order.', missing);
    picks = input.seatIds.map((id) => {
      const s = bySeat.get(id)!;
      return { id: s.id, typeId: s.ticket_type_id, area: s.area, seat: id, n: 1 };
    });
  } else if (input.ticketTypeId) {
    let left = input.quantity ?? Number.POSITIVE_INFINITY;
    picks = [];
    for (const s of sales.filter((s) => s.ticket_type_id === input.ticketTypeId)) {
      if (left <= 0) break;
      const n = Math.min(left, s.quantity - s.cancelled);
      picks.push({ id: s.id, typeId: s.ticket_type_id, area: s.area, seat: s.seat_id, n });
      left -= n;
    }
    if (!picks.length || (input.quantity !== undefined && left > 0)) return fail('nothing_to_cancel', 'The order does not have that many of this ticket type.');
  } else {
    picks = sales.map((s) => ({ id: s.id, typeId: s.ticket_type_id, area: s.area, seat: s.seat_id, n: s.quantity - s.cancelled }));
  }
  for (const p of picks) {
    inv.sql.exec('UPDATE sales SET cancelled = cancelled + ? WHERE id = ?', p.n, p.id);
    if (p.seat) inv.sql.exec("UPDATE seats SET status = 'available', order_id = NULL, ticket_type_id = NULL, checked_in = 0 WHERE id = ?", p.seat);
  }
  const seats = picks.filter((p) => p.seat).map((p) => p.seat!);
  const result: Result<{ seats: string[]; quantity: number }> = { ok: true, value: { seats, quantity: picks.reduce((n, p) => n + p.n, 0) } };
  inv.remember(`cancel:${input.key}`, fingerprint, result, now);
  inv.bumpVersion();
  inv.outbox('sale.cancelled', { orderId: input.orderId, seats, quantity: result.value.quantity }, now);
  for (const p of picks) inv.addUsage(p.typeId, p.area, -p.n, 'sold');
  for (const id of seats) inv.setSeat(id, 'available', null, null, null);
  inv.emit('cancelled', seats);
  return result;
}
