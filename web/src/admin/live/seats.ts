/**
 * Seat statuses for the read-only seat map: start from GET …/seat-map, then follow the live channel — a snapshot
 * lists every seat that is not available, a delta names the seats it changed. Older versions are ignored.
 */
import type { LiveMessage, SeatStatus } from '../../../../src/shared/live-protocol';

export type SeatState = { version: number; status: Record<string, SeatStatus> };

/** From the compact seat rows of GET seat-map: [id, x, y, category, flags, status]. */
export function seatStateFromMap(version: number, seats: readonly (readonly (string | number)[])[]): SeatState {
  const status: Record<string, SeatStatus> = {};
  for (const s of seats) status[String(s[0])] = (String(s[5] ?? 'available') as SeatStatus) || 'available';
  return { version, status };
}

export function applySeatMessage(state: SeatState, m: LiveMessage): SeatState {
  // resync: the live hook refetches the snapshot (web helpers, issue 13); the seat state waits for it.
  if (m.type === 'pong' || m.type === 'resync' || m.version < state.version) return state;
  if (m.type === 'snapshot') {
    const status: Record<string, SeatStatus> = {};
    for (const id of Object.keys(state.status)) status[id] = 'available';
    for (const kind of ['held', 'sold', 'checked_in', 'blocked'] as const) for (const id of m.seats[kind]) status[id] = kind;
    return { version: m.version, status };
  }
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
