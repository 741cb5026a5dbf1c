/**
 * What each audience of the live channel may see, as plain functions of the organizer's messages (no I/O, no clock),
 * so a relay in front of the inventory (issue #13) can run the same projection on the stream it receives.
 *
 * - organizer: everything (LiveSnapshot / LiveDelta).
 * - public: seats as available / unavailable, visible ticket types' availability (exact only when few are left).
 *   A public delta lists only seats whose public status changed, and is dropped when nothing public changed, so a
 *   sale of a held seat or a check-in sends buyers nothing at all (no timing side channel either).
 * - gate: check-in counts (total, inside, per gate) for the event's scanner devices; sent only when they change.
 */
import {
  PUBLIC_LOW_STOCK,
  type GateCounts,
  type LiveCounts,
  type LiveDelta,
  type LiveSnapshot,
  type PublicLiveDelta,
  type PublicLiveSnapshot,
  type PublicSeatStatus,
  type PublicTicketAvailability,
  type SeatStatus,
} from '../../src/shared/live-protocol';

export const publicSeatStatus = (status: SeatStatus | string): PublicSeatStatus => (status === 'available' ? 'available' : 'unavailable');

/** A ticket type's public availability: exact at or below PUBLIC_LOW_STOCK, null ("plenty") above it or when unlimited. */
export function publicAvailable(available: number | null): number | null {
  if (available === null) return null;
  const left = Math.max(0, available);
  return left <= PUBLIC_LOW_STOCK ? left : null;
}

/** Visible ticket types only, in the public shape. */
export function publicTicketTypes(counts: Pick<LiveCounts, 'ticketTypes'>, visibleTypeIds: ReadonlySet<string>): PublicTicketAvailability {
  const out: PublicTicketAvailability = {};
  for (const [id, usage] of Object.entries(counts.ticketTypes)) if (visibleTypeIds.has(id)) out[id] = { available: publicAvailable(usage.available) };
  return out;
}

/** The running state of one public stream: which seats it has told buyers are unavailable, and what it said of the types. */
export type PublicStream = { seq: number; unavailable: Set<string>; ticketTypes: string };

export function publicStreamFrom(snapshot: Pick<LiveSnapshot, 'seats' | 'counts'>, visibleTypeIds: ReadonlySet<string>): PublicStream {
  const unavailable = new Set<string>();
  for (const list of Object.values(snapshot.seats)) for (const id of list) unavailable.add(id);
  return { seq: 1, unavailable, ticketTypes: JSON.stringify(publicTicketTypes(snapshot.counts, visibleTypeIds)) };
}

export function publicSnapshot(stream: PublicStream, full: Pick<LiveSnapshot, 'eventId' | 'status'>): PublicLiveSnapshot {
  return {
    type: 'snapshot',
    audience: 'public',
    eventId: full.eventId,
    version: stream.seq,
    status: full.status,
    seats: { unavailable: [...stream.unavailable] },
    ticketTypes: JSON.parse(stream.ticketTypes) as PublicTicketAvailability,
  };
}

/** Advances the stream by one organizer delta; answers the public delta to send, or null when buyers learn nothing new. */
export function publicDelta(stream: PublicStream, full: Pick<LiveDelta, 'seats' | 'counts'>, visibleTypeIds: ReadonlySet<string>): PublicLiveDelta | null {
  const seats: PublicLiveDelta['seats'] = [];
  for (const s of full.seats) {
    const status = publicSeatStatus(s.status);
    const was = stream.unavailable.has(s.id) ? 'unavailable' : 'available';
    if (status === was) continue;
    if (status === 'unavailable') stream.unavailable.add(s.id);
    else stream.unavailable.delete(s.id);
    seats.push({ id: s.id, status });
  }
  const ticketTypes = publicTicketTypes(full.counts, visibleTypeIds);
  const typesJson = JSON.stringify(ticketTypes);
  if (!seats.length && typesJson === stream.ticketTypes) return null;
  stream.ticketTypes = typesJson;
  stream.seq += 1;
  return { type: 'delta', audience: 'public', version: stream.seq, seats, ticketTypes };
}

/** The seat-map endpoint's public shape: statuses collapsed, no capacities, no counts beyond the visible types'. */
export function publicSeatMap<S extends [string, number, number, string, number, string]>(
  map: { focal: { x: number; y: number }; categories: { key: string; name: string; color: string }[]; gaAreas: { key: string; name: string }[]; seats: S[]; counts: LiveCounts },
  stream: Pick<PublicStream, 'seq'>,
  visibleTypeIds: ReadonlySet<string>,
) {
  return {
    version: stream.seq,
    focal: map.focal,
    categories: map.categories,
    gaAreas: map.gaAreas.map((a) => ({ key: a.key, name: a.name })),
    seats: map.seats.map((s): [string, number, number, string, number, PublicSeatStatus] => [s[0], s[1], s[2], s[3], s[4], publicSeatStatus(s[5])]),
    ticketTypes: publicTicketTypes(map.counts, visibleTypeIds),
  };
}

export type PublicSeatMap = ReturnType<typeof publicSeatMap<[string, number, number, string, number, string]>>;

export function gateCounts(counts: Pick<LiveCounts, 'checkedIn' | 'inside' | 'gates'>): GateCounts {
  return { checkedIn: counts.checkedIn, inside: counts.inside, gates: { ...counts.gates } };
}
