/**
 * One tick of the room (its alarm, ~1 s while it has work): how many places the cursor moves on, from the fixed rate
 * or ("auto") from what the inventory can absorb, never letting the active shoppers exceed maxActive nor the seats
 * left to buy; and the state buyers see (sold_out once nothing is available and no hold is left; paused or closed by
 * the organizer: nobody admitted).
 */
import type { RoomConfig, RoomState } from './types';

export type InventoryFigures = { status: string | null; capacity: number; held: number; sold: number };

export type TickInput = {
  config: RoomConfig;
  now: number;
  lastTickAt: number;
  carry: number;
  active: number;
  waiting: number;
  inventory: InventoryFigures;
};

export type TickDecision = { admit: number; carry: number; state: RoomState };

export function decideTick(t: TickInput): TickDecision {
  const { config, inventory } = t;
  if (inventory.status === 'sales_closed' || inventory.status === 'cancelled' || inventory.status === 'completed') return { admit: 0, carry: 0, state: 'closed' };
  // The organizer closed the room, or paused admission (sold out still says sold out: more use to whoever waits).
  const control = config.admission ?? 'open';
  if (control === 'closed') return { admit: 0, carry: 0, state: 'closed' };
  const available = Math.max(0, inventory.capacity - inventory.held - inventory.sold);
  if (available === 0 && inventory.held <= 0) return { admit: 0, carry: 0, state: 'sold_out' };
  if (control === 'paused') return { admit: 0, carry: 0, state: 'paused' };
  // Seats not sold yet (available or in someone's hold): never more shoppers in than that, nor more than maxActive.
  const seatsLeft = Math.max(0, inventory.capacity - inventory.sold);
  const room = Math.max(0, Math.min(config.maxActive - t.active, seatsLeft - t.active, t.waiting));
  let admit = room;
  let carry = 0;
  if (config.ratePerMinute !== null) {
    const elapsed = Math.max(0, t.now - t.lastTickAt);
    // At most a minute's worth saved up: an idle room does not release a burst later.
    carry = Math.min(config.ratePerMinute, t.carry + (config.ratePerMinute * elapsed) / 60_000);
    admit = Math.min(room, Math.floor(carry));
    carry -= admit;
  }
  // People still waiting and every seat left has a shopper already: paused until seats come back (expired holds, sessions).
  const blocked = t.waiting - admit > 0 && seatsLeft - (t.active + admit) <= 0;
  return { admit, carry, state: blocked ? 'paused' : 'open' };
}
