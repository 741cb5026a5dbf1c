/**
 * For the waiting room (docs/waiting-room.md): which of its admission sessions have paid and hold nothing more, and
 * which let a hold run out and hold nothing now ("lapsed"), so their shopper slots can go to the next buyers. A read
 * of the hold_sessions table the hold path fills; nothing here writes.
 */

/** At most this many session ids per question (the room asks in turns). */
export const MAX_SESSIONS_PER_CALL = 1_000;

/** Per session: a confirmed hold here; an active, unexpired one; a hold that ran out (expired, swept or not yet). */
export type SessionHolds = { confirmed: string[]; active: string[]; expired: string[] };

/** The sessions among `sessionIds` with a confirmed hold and no active, unexpired one. */
export function paidSessions(sql: SqlStorage, sessionIds: readonly string[], now: number): string[] {
  return shopperSessions([sessionHolds(sql, sessionIds, now)]).paid;
}

/**
 * From every object's answer (one for an unsharded event, one per shard otherwise): `paid` — confirmed somewhere,
 * holding nowhere; `lapsed` — a hold ran out somewhere, nothing confirmed and nothing held anywhere (a buyer who let
 * a hold go on purpose, or has not held yet, is neither: still shopping).
 */
export function shopperSessions(answers: readonly SessionHolds[]): { paid: string[]; lapsed: string[] } {
  const active = new Set(answers.flatMap((a) => a.active));
  const confirmed = new Set(answers.flatMap((a) => a.confirmed));
  const expired = new Set(answers.flatMap((a) => a.expired));
  return {
    paid: [...confirmed].filter((id) => !active.has(id)),
    lapsed: [...expired].filter((id) => !active.has(id) && !confirmed.has(id)),
  };
}

/**
 * Per session among `sessionIds`: whether it has a confirmed hold here, an active, unexpired one, and one that ran out.
 * A sharded event adds the shards' answers up (shopperSessions; src/domains/events/shards/client.ts).
 */
export function sessionHolds(sql: SqlStorage, sessionIds: readonly string[], now: number): SessionHolds {
  if (sessionIds.length > MAX_SESSIONS_PER_CALL) throw new RangeError(`At most ${MAX_SESSIONS_PER_CALL} sessions per call`);
  const out: SessionHolds = { confirmed: [], active: [], expired: [] };
  if (!sessionIds.length) return out;
  const rows = sql
    .exec<{ session_id: string; confirmed: number; active: number; expired: number }>(
      `SELECT s.session_id, SUM(h.status = 'confirmed') AS confirmed, SUM(h.status = 'active' AND h.expires_at > ?) AS active,
              SUM(h.status = 'expired' OR (h.status = 'active' AND h.expires_at <= ?)) AS expired
         FROM hold_sessions s JOIN holds h ON h.id = s.hold_id
        WHERE s.session_id IN (SELECT value FROM json_each(?))
        GROUP BY s.session_id`,
      now,
      now,
      JSON.stringify(sessionIds),
    )
    .toArray();
  for (const r of rows) {
    if (Number(r.confirmed) > 0) out.confirmed.push(r.session_id);
    if (Number(r.active) > 0) out.active.push(r.session_id);
    if (Number(r.expired) > 0) out.expired.push(r.session_id);
  }
  return out;
}
