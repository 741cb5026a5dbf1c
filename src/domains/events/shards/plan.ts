/**
 * Section shards (issue #14; docs/waiting-room.md, "Section shards"): how a large seated event's inventory is split
 * over several EventInventory objects, decided once at publish and never changed after (seats never move).
 *
 * - Shard 0 is the event's own object (`org:event`, the name every unsharded event has): the coordinator. It keeps the
 *   GA areas, the check-ins, the live channel and the capacity leases' ledger, and its share of the sections.
 * - Shards 1..k−1 (`org:event:shard:i`) keep whole sections: a seat id starts with its section key, so the Worker
 *   routes a hold for chosen seats with no lookup.
 * - Sections go to the least-loaded shard, largest first (seats for sale), so shards carry near-equal seats.
 * - `order` is best-available's preference: shards by the distance of their best seat to the focal point.
 */
import type { HydrateInput, ShardPlan } from '../../../../durable-objects/inventory/engine-types';
import type { SeatSpec, TicketTypeSpec } from '../../../../durable-objects/inventory/types';

export type { ShardPlan };

/** What an organizer sets per event: shard when seats for sale exceed `threshold`, into at most `count` shards. */
export type ShardSetting = { threshold: number | null; count: number };

export const MIN_SHARDS = 2;
export const MAX_SHARDS = 16;

export function shardName(organizationId: string, eventId: string, index: number): string {
  return index === 0 ? `${organizationId}:${eventId}` : `${organizationId}:${eventId}:shard:${index}`;
}

export const sectionOf = (seatId: string) => seatId.slice(0, Math.max(0, seatId.indexOf(':')));

/** The shard that keeps a seat (a seat of a section the plan does not know goes to the coordinator, which refuses it). */
export function shardOfSeat(plan: ShardPlan, seatId: string): number {
  return plan.sections[sectionOf(seatId)] ?? 0;
}

/** A hold's id on a sharded event names its shard: `<id>.s<i>`. Ids without the suffix are the coordinator's. */
export function shardHoldId(holdId: string, index: number): string {
  return `${holdId}.s${index}`;
}

export function shardOfHold(plan: ShardPlan, holdId: string): number {
  const m = /\.s(\d{1,2})$/.exec(holdId);
  const index = m ? Number(m[1]) : 0;
  return index < plan.count ? index : 0;
}

/** The plan for an event's seats, or null when the setting says not to shard (or there are too few sections). */
export function planShards(seats: readonly SeatSpec[], focal: { x: number; y: number }, setting: ShardSetting): ShardPlan | null {
  if (setting.threshold === null) return null;
  const forSale = seats.filter((s) => !s.notForSale);
  if (forSale.length <= setting.threshold) return null;
  const bySection = new Map<string, { seats: number; best: number }>();
  for (const s of seats) {
    const d = (s.x - focal.x) ** 2 + (s.y - focal.y) ** 2;
    const entry = bySection.get(s.section) ?? { seats: 0, best: Infinity };
    if (!s.notForSale) entry.seats += 1;
    entry.best = Math.min(entry.best, d);
    bySection.set(s.section, entry);
  }
  const count = Math.min(Math.max(MIN_SHARDS, setting.count), MAX_SHARDS, bySection.size);
  if (count < MIN_SHARDS) return null;
  const load = new Array<number>(count).fill(0);
  const best = new Array<number>(count).fill(Infinity);
  const sections: Record<string, number> = {};
  // Largest first, each to the lightest shard (ties: the lower index), in a stable order.
  const ordered = [...bySection.entries()].sort((a, b) => b[1].seats - a[1].seats || (a[0] < b[0] ? -1 : 1));
  for (const [key, entry] of ordered) {
    let target = 0;
    for (let i = 1; i < count; i++) if (load[i]! < load[target]!) target = i;
    sections[key] = target;
    load[target]! += entry.seats;
    best[target] = Math.min(best[target]!, entry.best);
  }
  const order = [...Array(count).keys()].sort((a, b) => best[a]! - best[b]! || a - b);
  return { count, sections, order };
}

/**
 * The first capacity leases (leases.ts in the inventory): each shard gets half its share of every seated type with a
 * capacity, by the seats it has in the type's categories; the rest stays in the coordinator's pool for whoever sells
 * faster. Never more than the capacity in total.
 */
export function firstLeases(plan: ShardPlan, seats: readonly SeatSpec[], types: readonly TicketTypeSpec[]): Record<number, Record<string, number>> {
  const out: Record<number, Record<string, number>> = {};
  for (let i = 0; i < plan.count; i++) out[i] = {};
  for (const t of types) {
    if (t.kind !== 'seated' || t.capacity === null) continue;
    const eligible = new Array<number>(plan.count).fill(0);
    for (const s of seats) if (!s.notForSale && t.categories.includes(s.category)) eligible[shardOfSeat(plan, s.id)]! += 1;
    const total = eligible.reduce((a, b) => a + b, 0);
    for (let i = 0; i < plan.count; i++) out[i]![t.id] = total === 0 ? 0 : Math.floor((t.capacity * eligible[i]!) / total / 2);
  }
  return out;
}

/** One hydrate input per shard: its sections' seats; the GA areas with the coordinator; the leases and plan. */
export function shardInputs(input: HydrateInput, plan: ShardPlan): HydrateInput[] {
  const leases = firstLeases(plan, input.seats, input.ticketTypes);
  return [...Array(plan.count).keys()].map((index) => ({
    ...input,
    seats: input.seats.filter((s) => shardOfSeat(plan, s.id) === index),
    gaAreas: index === 0 ? input.gaAreas : [],
    shard: { index, count: plan.count, leases, ...(index === 0 ? { plan } : {}) },
  }));
}
