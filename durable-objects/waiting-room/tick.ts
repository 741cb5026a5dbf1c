/**
 * One tick of the room (its alarm, ~1 s while it has work): how many places the cursor moves on, from the fixed rate
 * or ("auto") from what the inventory can absorb; and the state buyers see (sold_out once nothing is available and no
 * hold is left; paused or closed by the organizer: nobody admitted). A pure function (tick.test.ts: fast-check).
 *
 * Seats left to buy = available + seats in holds running out before the next tick (about to come back). Shoppers in
 * the room who hold seats have theirs; the others are looking. Never more shoppers looking than seats left to buy, and
 * never more active than maxActive. In auto the room aims at the shoppers the seats left can take: each buys the
 * learnt seats per paying shopper, and only the learnt share of shoppers whose session ended paid at all (admitting a
 * little ahead where shoppers tend to leave without buying) — both 1 until enough sessions ended to learn from.
 */
import type { RoomConfig, RoomState } from './types';

export type InventoryFigures = {
  status: string | null;
  capacity: number;
  held: number;
  sold: number;
  /** Seats in holds that run out within the next tick window (room-reading.ts; absent: none). */
  expiringSoon?: number;
  /** Admission sessions holding seats now (absent: none known). */
  holders?: number;
};

/** What the room measured of its shoppers so far: paid sessions, sessions ended (paid or run out), seats sold since the draw. */
export type ShopperHistory = { paid: number; ended: number; seatsBought: number };

export type TickInput = {
  config: RoomConfig;
  now: number;
  lastTickAt: number;
  carry: number;
  active: number;
  waiting: number;
  inventory: InventoryFigures;
  history?: ShopperHistory;
};

export type TickDecision = { admit: number; carry: number; state: RoomState };

/** Sessions the room needs before it trusts what it learnt (seats per shopper, completion rate). */
export const MIN_LEARNT_SESSIONS = 10;
/** The completion rate is never taken below this: at most 4× as many shoppers as the seats would take. */
export const MIN_COMPLETION = 0.25;

/** Seats per paying shopper (1..maxSeatsPerBuyer) and the share of ended sessions that paid (MIN_COMPLETION..1). */
export function learnt(history: ShopperHistory | undefined, maxSeatsPerBuyer: number): { seatsPerShopper: number; completion: number } {
  const h = history ?? { paid: 0, ended: 0, seatsBought: 0 };
  const seatsPerShopper = h.paid >= MIN_LEARNT_SESSIONS ? clamp(h.seatsBought / h.paid, 1, Math.max(1, maxSeatsPerBuyer)) : 1;
  const completion = h.ended >= MIN_LEARNT_SESSIONS ? clamp(h.paid / h.ended, MIN_COMPLETION, 1) : 1;
  return { seatsPerShopper, completion };
}

/** Seats a newly admitted shopper could get: available now or back before the next tick. */
export function seatsLeftToBuy(inventory: InventoryFigures): number {
  const available = Math.max(0, inventory.capacity - inventory.held - inventory.sold);
  return available + clamp(inventory.expiringSoon ?? 0, 0, Math.max(0, inventory.held));
}

/** Active shoppers without a hold (a holder holds at least one seat, so never more holders than held seats). */
export function lookingShoppers(active: number, inventory: InventoryFigures): number {
  return active - clamp(inventory.holders ?? 0, 0, Math.min(active, Math.max(0, inventory.held)));
}

export function decideTick(t: TickInput): TickDecision {
  const { config, inventory } = t;
  if (inventory.status === 'sales_closed' || inventory.status === 'cancelled' || inventory.status === 'completed') return { admit: 0, carry: 0, state: 'closed' };
  // The organizer closed the room, or paused admission (sold out still says sold out: more use to whoever waits).
  const control = config.admission ?? 'open';
  if (control === 'closed') return { admit: 0, carry: 0, state: 'closed' };
  const available = Math.max(0, inventory.capacity - inventory.held - inventory.sold);
  if (available === 0 && inventory.held <= 0) return { admit: 0, carry: 0, state: 'sold_out' };
  if (control === 'paused') return { admit: 0, carry: 0, state: 'paused' };
  const toBuy = seatsLeftToBuy(inventory);
  const looking = lookingShoppers(t.active, inventory);
  let admit: number;
  let carry = 0;
  if (config.ratePerMinute !== null) {
    // A fixed rate replaces the formula's rate but keeps the seats-left bound.
    const room = Math.max(0, Math.min(config.maxActive - t.active, toBuy - looking, t.waiting));
    const elapsed = Math.max(0, t.now - t.lastTickAt);
    // At most a minute's worth saved up: an idle room does not release a burst later.
    carry = Math.min(config.ratePerMinute, t.carry + (config.ratePerMinute * elapsed) / 60_000);
    admit = Math.min(room, Math.floor(carry));
    carry -= admit;
  } else {
    const { seatsPerShopper, completion } = learnt(t.history, config.maxSeatsPerBuyer);
    // The shoppers the seats left can take (rounded up: the last seat still gets a shopper), never more than one a seat.
    const target = Math.min(toBuy, Math.ceil(toBuy / (seatsPerShopper * completion) - 1e-9));
    admit = Math.max(0, Math.min(config.maxActive - t.active, target - looking, t.waiting));
  }
  // People still waiting and every seat left to buy has a shopper looking: paused until seats come back.
  const blocked = t.waiting - admit > 0 && toBuy - (looking + admit) <= 0;
  return { admit, carry, state: blocked ? 'paused' : 'open' };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
