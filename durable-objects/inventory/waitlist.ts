/**
 * The waiting list inside the inventory (docs/buyers.md "Waiting list"): the Worker pushes the list's open entries
 * (syncWaitlist); while an entry waits, every place of its line that becomes free is kept back for the list as a
 * list-owned "pool" hold (rebalance, run at the end of every mutation), so the public never sees it; serving turns
 * pooled places into an entry's offer hold, which its claim link checks out like any hold. Everything here runs
 * inside the DO's one transaction, so a returned place is pooled before anyone else can hold it.
 */
import { bestAvailable } from './best-available';
import type { InventoryEngine } from './engine';
import { fail, type HoldRow, type Result } from './engine-types';
import { capacityFor, placeHold, release, saleOpen } from './holds';
import type { TicketTypeSpec } from './types';
import { waitlistInUse } from './waitlist-hooks';

/** A line is a ticket type id, or ANY for entries that take any ticket type. */
export const ANY = '*';
/** How often a later, smaller entry may go ahead of one whose group does not fit before that one blocks its line. */
export const MAX_JUMPS = 3;
/** Pool holds never run out on their own: they end when the list no longer needs them. */
const POOL_HOLD_MS = 5 * 365 * 24 * 3600_000;

export type WaitlistEntryState = 'waiting' | 'offered' | 'claimed' | 'lapsed';
export type WaitlistPushEntry = { entryId: string; ticketTypeId: string | null; quantity: number; position: number };
export type WaitlistSync = {
  /** The list's waiting and offered entries (D1's view); entries missing here that still wait are dropped. */
  entries: WaitlistPushEntry[];
  /** Entries that left: an open offer of theirs is let go. */
  removed?: string[];
  offerTtlMs: number;
  /** Make offers in line order (the automatic path) after syncing. */
  serve?: boolean;
  /** The organizer's manual offer to this entry (waiting), whatever its place in line. */
  offerTo?: string;
};
export type WaitlistEntryView = {
  entryId: string;
  ticketTypeId: string | null;
  quantity: number;
  position: number;
  state: WaitlistEntryState;
  jumps: number;
  holdId: string | null;
  expiresAt: number | null;
  orderId: string | null;
  offers: number;
};
export type WaitlistAnswer = { entries: WaitlistEntryView[]; pool: Record<string, number>; offered: string[]; manual?: Result<WaitlistEntryView> };

type Row = { entry_id: string; ticket_type_id: string | null; quantity: number; position: number; state: WaitlistEntryState; jumps: number; hold_id: string | null; expires_at: number | null; order_id: string | null; offers: number };

const toView = (r: Row): WaitlistEntryView => ({
  entryId: r.entry_id,
  ticketTypeId: r.ticket_type_id,
  quantity: r.quantity,
  position: r.position,
  state: r.state,
  jumps: r.jumps,
  holdId: r.hold_id,
  expiresAt: r.expires_at,
  orderId: r.order_id,
  offers: r.offers,
});

const rows = (inv: InventoryEngine, where = '1', ...args: (string | number)[]) =>
  inv.sql.exec<Row>(`SELECT * FROM waitlist_entries WHERE ${where} ORDER BY position, entry_id`, ...args).toArray();

function randomHoldId(kind: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `hld_${kind}${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function poolOf(inv: InventoryEngine, owner: string, typeId?: string): string[] {
  const q = typeId === undefined ? inv.sql.exec<{ hold_id: string }>('SELECT hold_id FROM waitlist_pool WHERE owner = ? ORDER BY rowid DESC', owner) : inv.sql.exec<{ hold_id: string }>('SELECT hold_id FROM waitlist_pool WHERE owner = ? AND ticket_type_id = ? ORDER BY rowid DESC', owner, typeId);
  return q.toArray().map((r) => r.hold_id);
}

function releasePool(inv: InventoryEngine, holdId: string, now: number) {
  release(inv, holdId, now);
  inv.sql.exec('DELETE FROM waitlist_pool WHERE hold_id = ?', holdId);
}

/** Seats of `type` that are free now: an adjacent block where best-available finds one, else any free seats. */
function freeSeats(inv: InventoryEngine, type: TicketTypeSpec, quantity: number): string[] | null {
  const request = { quantity, categories: type.categories, focal: inv.focal };
  const block = bestAvailable(inv.rows, { ...request, accessible: false }) ?? bestAvailable(inv.rows, { ...request, accessible: true });
  if (block) return block;
  const loose: string[] = [];
  for (const row of inv.rows) {
    for (const s of row.seats) if (s.free && type.categories.includes(s.category)) loose.push(s.id);
    if (loose.length >= quantity) return loose.slice(0, quantity);
  }
  return null;
}

/** Holds `quantity` of `type` from what is free now, or null (nothing is written then). */
function placeFree(inv: InventoryEngine, type: TicketTypeSpec, quantity: number, hold: { id: string; expiresAt: number; fingerprint: string; extended: boolean }, now: number): HoldRow | null {
  if (capacityFor(inv, type, quantity)) return null;
  let seats: string[] = [];
  if (type.kind === 'seated') {
    const picked = freeSeats(inv, type, quantity);
    if (!picked) return null;
    seats = picked;
  }
  return placeHold(inv, { ...hold, ticketTypeId: type.id, seats, quantity, area: type.kind === 'ga' ? type.gaAreaKey : null }, now);
}

/**
 * Keeps back, per line, exactly the places its waiting entries want, as far as places are free: adds one-place pool
 * holds while short, lets the newest go while over. Typed lines come first, then ANY (from every type in turn).
 */
export function rebalance(inv: InventoryEngine, now: number) {
  if (!inv.config || inv.shard) return;
  const demand = new Map<string, number>();
  for (const r of inv.sql.exec<{ line: string; n: number }>("SELECT COALESCE(ticket_type_id, '*') AS line, SUM(quantity) AS n FROM waitlist_entries WHERE state = 'waiting' GROUP BY 1")) demand.set(r.line, Number(r.n));
  const pooled = new Map<string, number>();
  for (const r of inv.sql.exec<{ owner: string; n: number }>('SELECT owner, COUNT(*) AS n FROM waitlist_pool GROUP BY owner')) pooled.set(r.owner, Number(r.n));
  // Over: let go first, so what is freed can go to a line that is short.
  for (const [owner, have] of pooled) {
    const want = inv.types.has(owner) || owner === ANY ? (demand.get(owner) ?? 0) : 0;
    if (have > want) for (const id of poolOf(inv, owner).slice(0, have - want)) releasePool(inv, id, now);
  }
  if (inv.config.status !== 'on_sale') return;
  const lines = [...demand.keys()].filter((l) => l !== ANY).concat(demand.has(ANY) ? [ANY] : []);
  for (const line of lines) {
    let short = (demand.get(line) ?? 0) - Math.min(pooled.get(line) ?? 0, demand.get(line) ?? 0);
    const types = line === ANY ? [...inv.types.values()] : [inv.types.get(line)].filter((t): t is TicketTypeSpec => !!t);
    for (const type of types) {
      if (saleOpen(inv, type, now)) continue;
      while (short > 0) {
        const id = randomHoldId('wlp');
        if (!placeFree(inv, type, 1, { id, expiresAt: now + POOL_HOLD_MS, fingerprint: 'waitlist:pool', extended: true }, now)) break;
        inv.sql.exec('INSERT INTO waitlist_pool (hold_id, owner, ticket_type_id) VALUES (?, ?, ?)', id, line, type.id);
        short -= 1;
      }
    }
  }
}

/** The entry's whole group as one offer hold: its line's pooled places let go and taken again together (same transaction), or null. */
function offerGroup(inv: InventoryEngine, entry: Row, ttlMs: number, now: number): HoldRow | null {
  const line = entry.ticket_type_id ?? ANY;
  const types = entry.ticket_type_id ? [inv.types.get(entry.ticket_type_id)].filter((t): t is TicketTypeSpec => !!t) : [...inv.types.values()];
  for (const type of types) {
    if (saleOpen(inv, type, now) || entry.quantity < type.minPerOrder || entry.quantity > type.maxPerOrder) continue;
    for (const id of poolOf(inv, line, type.id)) releasePool(inv, id, now);
    const hold = placeFree(inv, type, entry.quantity, { id: randomHoldId(''), expiresAt: now + ttlMs, fingerprint: `waitlist:offer:${entry.entry_id}`, extended: true }, now);
    if (hold) {
      inv.sql.exec("UPDATE waitlist_entries SET state = 'offered', hold_id = ?, expires_at = ?, offers = offers + 1 WHERE entry_id = ?", hold.id, hold.expiresAt, entry.entry_id);
      return hold;
    }
  }
  return null;
}

/**
 * Offers in line order (the rule, docs/buyers.md): the first waiting entry of a line gets an offer when its whole
 * group fits; if it doesn't, a later entry whose group fits may go ahead, which counts as a jump for each entry it
 * passed; an entry jumped MAX_JUMPS times blocks its line until its group fits.
 */
export function serve(inv: InventoryEngine, ttlMs: number, now: number): string[] {
  if (!inv.config || inv.config.status !== 'on_sale' || inv.shard) return [];
  const offered: string[] = [];
  const blocked = new Set<string>();
  const passed = new Map<string, string[]>();
  for (const entry of rows(inv, "state = 'waiting'")) {
    const line = entry.ticket_type_id ?? ANY;
    if (blocked.has(line)) continue;
    if (offerGroup(inv, entry, ttlMs, now)) {
      offered.push(entry.entry_id);
      for (const id of passed.get(line) ?? []) inv.sql.exec('UPDATE waitlist_entries SET jumps = jumps + 1 WHERE entry_id = ?', id);
    } else if (entry.jumps >= MAX_JUMPS) {
      blocked.add(line);
    } else {
      passed.set(line, [...(passed.get(line) ?? []), entry.entry_id]);
    }
    // What the attempt let go of goes back to the line before the next entry is tried.
    rebalance(inv, now);
  }
  return offered;
}

/** Brings the DO's copy of the list in line with the Worker's (see WaitlistSync), then serves or offers as asked. */
export function syncWaitlist(inv: InventoryEngine, input: WaitlistSync, now: number): WaitlistAnswer {
  if (!inv.config) return { entries: [], pool: {}, offered: [], ...(input.offerTo ? { manual: fail('not_hydrated', 'The event has not been published yet.') } : {}) };
  inv.waitlistInUse = true;
  const pushed = new Set(input.entries.map((e) => e.entryId));
  for (const e of input.entries) {
    inv.sql.exec(
      `INSERT INTO waitlist_entries (entry_id, ticket_type_id, quantity, position, state) VALUES (?, ?, ?, ?, 'waiting')
       ON CONFLICT (entry_id) DO UPDATE SET position = excluded.position,
         quantity = CASE WHEN state = 'waiting' THEN excluded.quantity ELSE quantity END,
         ticket_type_id = CASE WHEN state = 'waiting' THEN excluded.ticket_type_id ELSE ticket_type_id END`,
      e.entryId, e.ticketTypeId, e.quantity, e.position,
    );
  }
  for (const id of input.removed ?? []) {
    const row = rows(inv, 'entry_id = ?', id)[0];
    if (row?.state === 'offered' && row.hold_id) release(inv, row.hold_id, now);
    inv.sql.exec('DELETE FROM waitlist_entries WHERE entry_id = ?', id);
  }
  // Absent and not on offer: left, or already recorded as claimed or lapsed by the Worker. An offer stays until it ends.
  for (const r of rows(inv, "state != 'offered'")) if (!pushed.has(r.entry_id)) inv.sql.exec('DELETE FROM waitlist_entries WHERE entry_id = ?', r.entry_id);
  rebalance(inv, now);
  let manual: Result<WaitlistEntryView> | undefined;
  if (input.offerTo) manual = offerEntry(inv, input.offerTo, input.offerTtlMs, now);
  const offered = input.serve ? serve(inv, input.offerTtlMs, now) : [];
  const answer = waitlistView(inv, offered, manual);
  inv.waitlistInUse = waitlistInUse(inv);
  return answer;
}

/** The organizer's offer to one waiting entry, out of line order. */
function offerEntry(inv: InventoryEngine, entryId: string, ttlMs: number, now: number): Result<WaitlistEntryView> {
  const entry = rows(inv, 'entry_id = ?', entryId)[0];
  if (!entry) return fail('waitlist_entry_not_waiting', 'This entry is not waiting.');
  if (entry.state !== 'waiting') return fail('waitlist_entry_not_waiting', `This entry is ${entry.state} already.`);
  if (inv.config!.status !== 'on_sale') return fail('not_on_sale', 'Tickets for this event are not on sale.');
  const hold = offerGroup(inv, entry, ttlMs, now);
  rebalance(inv, now);
  if (!hold) return fail('waitlist_no_places', `No ${entry.quantity} places are free or kept back for this entry's line.`);
  return { ok: true, value: toView(rows(inv, 'entry_id = ?', entryId)[0]!) };
}

export function waitlistView(inv: InventoryEngine, offered: string[] = [], manual?: Result<WaitlistEntryView>): WaitlistAnswer {
  const pool: Record<string, number> = {};
  for (const r of inv.sql.exec<{ owner: string; n: number }>('SELECT owner, COUNT(*) AS n FROM waitlist_pool GROUP BY owner')) pool[r.owner] = Number(r.n);
  return { entries: rows(inv).map(toView), pool, offered, ...(manual ? { manual } : {}) };
}
