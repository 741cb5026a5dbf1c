/**
 * One event's figures from its shards' (plan.ts): seats and holds add up, GA and check-ins are the coordinator's
 * alone (shard 0, listed first), and a ticket type's availability is capped by its capacity across shards (each
 * shard counts only its free seats for a leased type: durable-objects/inventory/views.ts).
 */
import type { LiveCounts } from '../../../shared/live-protocol';
import { publicTicketTypes } from '../../../../durable-objects/inventory/projection';

type Usage = LiveCounts['ticketTypes'][string];

/** `counts[0]` is the coordinator's. */
export function mergeCounts(counts: readonly LiveCounts[]): LiveCounts {
  const [first, ...rest] = counts;
  if (!first) throw new RangeError('mergeCounts needs the coordinator’s counts');
  const out: LiveCounts = structuredClone(first);
  for (const c of rest) {
    out.capacity += c.capacity;
    out.held += c.held;
    out.sold += c.sold;
    for (const [id, u] of Object.entries(c.ticketTypes)) {
      const into = out.ticketTypes[id];
      out.ticketTypes[id] = into ? addUsage(into, u) : { ...u };
    }
  }
  for (const u of Object.values(out.ticketTypes)) {
    if (u.capacity !== null) {
      const left = Math.max(0, u.capacity - u.held - u.sold);
      u.available = u.available === null ? left : Math.min(u.available, left);
    }
  }
  return out;
}

function addUsage(a: Usage, b: Usage): Usage {
  return {
    capacity: a.capacity ?? b.capacity,
    held: a.held + b.held,
    sold: a.sold + b.sold,
    available: a.available === null || b.available === null ? null : a.available + b.available,
  };
}

type SeatMap = { seats: unknown[]; counts: LiveCounts };

/** The organizer's seat map: every shard's seats (whole sections each), the merged counts, the rest the coordinator's. */
export function mergeSeatMaps<M extends SeatMap>(maps: readonly M[]): M {
  const [first] = maps;
  if (!first) throw new RangeError('mergeSeatMaps needs the coordinator’s map');
  return { ...first, seats: maps.flatMap((m) => m.seats), counts: mergeCounts(maps.map((m) => m.counts)) };
}

type PublicMap = { version: number; seats: unknown[]; ticketTypes: Record<string, { available: number | null }> };

/**
 * The public seat map from each shard's JSON: seats side by side, the visible ticket types' availability from the
 * merged counts (exact only when few are left, as every public figure), at the coordinator's version: its public
 * channel carries every shard's changes (durable-objects/inventory/shard-feed.ts), so buyers follow it from there. A
 * shard's own statuses are never older than what it has fed the coordinator, and deltas carry absolute statuses.
 */
export function mergePublicMaps(jsons: readonly string[], counts: readonly LiveCounts[]): { version: number; json: string } {
  const maps = jsons.map((j) => JSON.parse(j) as PublicMap);
  const [first] = maps;
  if (!first) throw new RangeError('mergePublicMaps needs the coordinator’s map');
  const version = first.version;
  const visible = new Set(Object.keys(first.ticketTypes));
  const merged = { ...first, version, seats: maps.flatMap((m) => m.seats), ticketTypes: publicTicketTypes(mergeCounts(counts), visible) };
  return { version, json: JSON.stringify(merged) };
}
