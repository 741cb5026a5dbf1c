/**
 * For the waiting room's auto rate (durable-objects/waiting-room/tick.ts), read each tick beside the counts: the seats
 * in holds that run out within the next window (they are about to come back: already expired but not swept yet, or
 * expiring before the room's next tick), and how many admission sessions hold seats right now (those shoppers have
 * their seats; the others are still looking). Reads only: the in-memory holds and the hold_sessions table the hold path
 * fills (events without a room have no rows there, and no room asks).
 */
import type { InventoryEngine } from './engine';

export type RoomReading = {
  /** Seats in active holds whose expiry is at or before now + the window. */
  expiringSoon: number;
  /** Admission sessions with an active, unexpired hold here (a sharded event adds the shards' figures up). */
  holders: number;
};

export function roomReading(inv: InventoryEngine, sql: SqlStorage, now: number, windowMs: number): RoomReading {
  let expiringSoon = 0;
  const until = now + Math.max(0, windowMs);
  for (const h of inv.holds.values()) if (h.status === 'active' && h.expiresAt <= until) expiringSoon += h.quantity;
  // From the active holds (their index) to their sessions: never a scan of every hold the sale ever had.
  const holders = sql
    .exec<{ n: number }>(
      `SELECT count(DISTINCT s.session_id) AS n FROM holds h CROSS JOIN hold_sessions s ON s.hold_id = h.id
        WHERE h.status = 'active' AND h.expires_at > ?`,
      now,
    )
    .one().n;
  return { expiringSoon, holders: Number(holders) };
}
