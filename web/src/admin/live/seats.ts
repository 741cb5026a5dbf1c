/**
 * Seat statuses for the read-only seat map: start from GET …/seat-map, then follow the organizer's live channel — a
 * snapshot lists every seat that is not available, a delta names the seats it changed. The REST map's `version` is
 * the inventory's own change counter, not the channel's (live channel v2 counts each channel separately), so the two
 * are never compared: the REST map shows until the socket's snapshot lands, and once live it is never replaced by a
 * REST reload. The channel (web/src/ui/live-channel.ts) hands over deltas in order; an older one is ignored anyway.
 */
import type { LiveMessage, SeatStatus } from '../../../../src/shared/live-protocol';

/** `version`: the channel's version of what is shown, null while it is still the REST map. */
export type SeatState = { version: number | null; status: Record<string, SeatStatus> };

/** From the compact seat rows of GET seat-map: [id, x, y, category, flags, status]. */
export function seatStateFromMap(seats: readonly (readonly (string | number)[])[]): SeatState {
  const status: Record<string, SeatStatus> = {};
  for (const s of seats) status[String(s[0])] = (String(s[5] ?? 'available') as SeatStatus) || 'available';
  return { version: null, status };
}

/** A (re)loaded REST map: shown unless the live channel already took over. */
export function seedSeatState(previous: SeatState | null, seats: readonly (readonly (string | number)[])[]): SeatState {
  return previous && previous.version !== null ? previous : seatStateFromMap(seats);
}

export function applySeatMessage(state: SeatState, m: LiveMessage): SeatState {
  // resync never reaches here (the channel reconnects for a fresh snapshot); pongs change nothing.
  if (m.type === 'pong' || m.type === 'resync') return state;
  if (m.type === 'snapshot') {
    const status: Record<string, SeatStatus> = {};
    for (const id of Object.keys(state.status)) status[id] = 'available';
    for (const kind of ['held', 'sold', 'checked_in', 'blocked'] as const) for (const id of m.seats[kind]) status[id] = kind;
    return { version: m.version, status };
  }
  // Before the socket's snapshot there is nothing to order a delta against.
  if (state.version === null || m.version <= state.version) return state;
  if (!m.seats.length) return { ...state, version: m.version };
  const status = { ...state.status };
  for (const s of m.seats) status[s.id] = s.status;
  return { version: m.version, status };
}

export function countStatuses(state: SeatState): Record<SeatStatus, number> {
  const out: Record<SeatStatus, number> = { available: 0, held: 0, sold: 0, checked_in: 0, blocked: 0 };
  for (const s of Object.values(state.status)) out[s] = (out[s] ?? 0) + 1;
  return out;
}
