/**
 * The live dashboard's state: a pure reducer over the event's live channel (src/shared/live-protocol.ts).
 * A snapshot replaces everything; a delta carries the full `counts` after its change, so applying it is taking
 * its counts. The channel (web/src/ui/live-channel.ts) hands over each version once and in order (live channel v2:
 * one delta per version, `reason` `mixed` when a coalescing window held several, `reasons` naming them); an older or repeated one is
 * ignored here too. The REST availability answer seeds the screen until the socket's snapshot lands: its version is
 * the inventory's own change counter, not the channel's, so it is never compared with the channel's versions.
 */
import type { LiveCounts, LiveDelta, LiveMessage, LiveSnapshot } from '../../../../src/shared/live-protocol';
import { ticketTypeLabel } from '../names';

export type { LiveCounts, LiveDelta, LiveMessage, LiveSnapshot };

/** `reasons`: the window's distinct reasons in order (a delta from before they were sent: just `reason`). */
export type Activity = { version: number; reason: string; reasons: string[]; seats: number; at: number };

export type LiveState = {
  /** Null until the first snapshot (or the REST seed). */
  counts: LiveCounts | null;
  /** The channel's version of what is shown; -1 before the socket's first snapshot (the REST seed has none). */
  version: number;
  status: string | null;
  /** Newest first, at most ACTIVITY_LIMIT. */
  activity: Activity[];
  /** When the last change was applied (ms since epoch), for "updated …" */
  updatedAt: number | null;
};

export const ACTIVITY_LIMIT = 25;

export const initialLiveState: LiveState = { counts: null, version: -1, status: null, activity: [], updatedAt: null };

export type LiveAction =
  | { type: 'message'; message: LiveMessage; at: number }
  /** GET …/availability: shown until the socket's snapshot arrives; never replaces live data. */
  | { type: 'seed'; status: string | null; counts: LiveCounts; at: number };

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  if (action.type === 'seed') {
    if (state.version >= 0) return state;
    return { ...state, counts: action.counts, status: action.status, updatedAt: action.at };
  }
  const m = action.message;
  if (m.type === 'pong' || m.type === 'resync') return state;
  if (m.type === 'snapshot') {
    // A snapshot comes on a connect without since and after a resync: the whole truth at its version.
    return { ...state, counts: m.counts, version: m.version, status: m.status, updatedAt: action.at };
  }
  if (!isFreshDelta(state, m)) return state;
  const reasons = m.reasons?.length ? m.reasons : [m.reason];
  const activity = [{ version: m.version, reason: m.reason, reasons, seats: m.seats.length, at: action.at }, ...state.activity].slice(0, ACTIVITY_LIMIT);
  const status = (m as { status?: unknown }).status;
  return {
    ...state,
    counts: m.counts,
    version: m.version,
    ...(typeof status === 'string' ? { status } : {}),
    activity,
    updatedAt: action.at,
  };
}

/** A delta is applied after the socket's snapshot, when it is newer than what is shown. */
export function isFreshDelta(state: LiveState, delta: LiveDelta): boolean {
  return state.version >= 0 && delta.version > state.version;
}

/**
 * Deltas after which the money may have changed: the dashboard reloads the settlement (throttled). `mixed`: a window
 * that held several kinds of change, from a server that does not name them in `reasons`.
 */
export const REVENUE_REASONS: ReadonlySet<string> = new Set(['sold', 'cancelled', 'refunded', 'refund', 'mixed']);
export function affectsRevenue(message: LiveMessage): boolean {
  if (message.type !== 'delta') return false;
  return message.reasons?.length ? message.reasons.some((r) => REVENUE_REASONS.has(r)) : REVENUE_REASONS.has(message.reason);
}

/** One reason of several, as a word in a list ("Held, sold, check-in (3 seats)"). */
const REASON_WORDS: Record<string, string> = {
  checked_in: 'check-in',
  check_in_undone: 'check-in undone',
  duplicate: 'duplicate scan',
  exited: 'exit scan',
  reentered: 're-entry',
  status: 'event status changed',
};
const reasonWord = (r: string) => REASON_WORDS[r] ?? r.replace(/_/g, ' ');

/** What a change means, in words for the activity feed; a window of several changes names each of them. */
export function describeActivity(a: Pick<Activity, 'reason' | 'seats'> & { reasons?: readonly string[] }): string {
  const n = a.seats;
  const seats = n === 1 ? '1 seat' : `${n} seats`;
  const several = a.reasons && a.reasons.length > 1 ? a.reasons : null;
  if (several) {
    const words = several.map(reasonWord).join(', ');
    return `${words.charAt(0).toUpperCase()}${words.slice(1)}${n ? ` (${seats})` : ''}`;
  }
  const reason = a.reasons?.length === 1 ? a.reasons[0]! : a.reason;
  switch (reason) {
    case 'held':
      return n ? `${seats} held` : 'Tickets held';
    case 'released':
      return n ? `${seats} released` : 'A hold was released';
    case 'expired':
      return n ? `Hold expired (${seats})` : 'A hold expired';
    case 'sold':
      return n ? `Sale: ${seats}` : 'Sale';
    case 'cancelled':
      return n ? `Cancelled: ${seats}` : 'Tickets cancelled';
    case 'checked_in':
      return 'Check-in';
    case 'duplicate':
      return 'Duplicate scan';
    case 'exited':
      return 'Exit scan';
    case 'reentered':
      return 'Re-entry';
    case 'check_in_undone':
      return 'Check-in undone';
    case 'status':
      return 'Event status changed';
    case 'mixed':
      return n ? `Several changes (${seats})` : 'Several changes';
    default:
      return reason.replace(/_/g, ' ');
  }
}

export type Figures = {
  capacity: number;
  sold: number;
  held: number;
  available: number;
  checkedIn: number;
  inside: number;
  /** Sold over capacity, 0–100 (rounded to one decimal). */
  soldPercent: number;
  /** Checked in over sold, 0–100. */
  checkedInPercent: number;
  /** Inside over sold, 0–100. */
  insidePercent: number;
};

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

/** The headline numbers of the dashboard. */
export function figures(c: LiveCounts): Figures {
  return {
    capacity: c.capacity,
    sold: c.sold,
    held: c.held,
    available: Math.max(0, c.capacity - c.sold - c.held),
    checkedIn: c.checkedIn,
    inside: c.inside,
    soldPercent: pct(c.sold, c.capacity),
    checkedInPercent: pct(c.checkedIn, c.sold),
    insidePercent: pct(c.inside, c.sold),
  };
}

export type GateRow = { id: string; name: string; count: number };

/**
 * Check-ins per gate with the venue's gate names: every gate of the venue (0 when nobody came through yet),
 * then gates the venue no longer has, then scans without a gate. Busiest first; ties keep the venue's order.
 */
export function gateRows(gates: LiveCounts['gates'], venueGates: readonly { id: string; name: string }[]): GateRow[] {
  const rows: GateRow[] = venueGates.map((g) => ({ id: g.id, name: g.name, count: gates[g.id] ?? 0 }));
  const known = new Set(venueGates.map((g) => g.id));
  for (const [id, count] of Object.entries(gates)) {
    if (known.has(id)) continue;
    rows.push({ id, name: id === 'unassigned' ? 'No gate' : `Removed gate (${id})`, count });
  }
  return rows.map((r, i) => ({ r, i })).sort((a, b) => b.r.count - a.r.count || a.i - b.i).map(({ r }) => r);
}

export type TypeRow = { id: string; name: string; sold: number; held: number; capacity: number | null; available: number | null; soldPercent: number | null };

/** Usage per ticket type, in the event's ticket-type order (types the channel knows but the list lacks go last). */
export function ticketTypeRows(types: LiveCounts['ticketTypes'], loaded: readonly { id: string; name: string }[] | null | undefined): TypeRow[] {
  // Names are never ids: "…" while the event's types load (`loaded` null), then a removed type says so.
  const known = loaded ?? [];
  const names = loaded ? new Map(loaded.map((t) => [t.id, t.name])) : null;
  const order = [...known.map((t) => t.id), ...Object.keys(types).filter((id) => !known.some((t) => t.id === id))];
  return order
    .filter((id) => types[id])
    .map((id) => {
      const u = types[id]!;
      const cap = u.capacity ?? (u.available !== null ? u.available + u.sold + u.held : null);
      return {
        id,
        name: ticketTypeLabel(names, id),
        sold: u.sold,
        held: u.held,
        capacity: cap,
        available: u.available,
        soldPercent: cap ? pct(u.sold, cap) : null,
      };
    });
}
