/**
 * For the waiting room (docs/waiting-room.md): which of its admission sessions have paid and hold nothing more, so
 * their shopper slots can go to the next buyers. A read of the hold_sessions table the hold path fills; nothing here
 * writes.
 */

/** At most this many session ids per question (the room asks in turns). */
export const MAX_SESSIONS_PER_CALL = 1_000;

/** The sessions among `sessionIds` with a confirmed hold and no active, unexpired one. */
export function paidSessions(sql: SqlStorage, sessionIds: readonly string[], now: number): string[] {
  const { confirmed, active } = sessionHolds(sql, sessionIds, now);
  const holding = new Set(active);
  return confirmed.filter((id) => !holding.has(id));
}

/**
 * Per session among `sessionIds`: whether it has a confirmed hold here, and whether an active, unexpired one. A sharded
 * event's paid sessions are those confirmed in some shard and active in none (src/domains/events/shards/client.ts).
 */
export function sessionHolds(sql: SqlStorage, sessionIds: readonly string[], now: number): { confirmed: string[]; active: string[] } {
  if (sessionIds.length > MAX_SESSIONS_PER_CALL) throw new RangeError(`At most ${MAX_SESSIONS_PER_CALL} sessions per call`);
  const out = { confirmed: [] as string[], active: [] as string[] };
  if (!sessionIds.length) return out;
  const rows = sql
    .exec<{ session_id: string; confirmed: number; active: number }>(
      `SELECT s.session_id, SUM(h.status = 'confirmed') AS confirmed, SUM(h.status = 'active' AND h.expires_at > ?) AS active
         FROM hold_sessions s JOIN holds h ON h.id = s.hold_id
        WHERE s.session_id IN (SELECT value FROM json_each(?))
        GROUP BY s.session_id`,
      now,
      JSON.stringify(sessionIds),
    )
    .toArray();
  for (const r of rows) {
    if (Number(r.confirmed) > 0) out.confirmed.push(r.session_id);
    if (Number(r.active) > 0) out.active.push(r.session_id);
  }
  return out;
}
