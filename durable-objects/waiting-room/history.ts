/**
 * What the room has learnt of its shoppers for the auto rate (tick.ts `learnt`): sessions that paid, sessions that
 * ended (paid, or ran out unpaid), and the seats sold since the draw. Reads the joins table (queue.ts) only.
 */
import type { ShopperHistory } from './tick';

export function shopperHistory(sql: SqlStorage, now: number, seatsBought: number): ShopperHistory {
  const row = sql
    .exec<{ paid: number; ended: number }>(
      `SELECT count(paid_at) AS paid,
              count(CASE WHEN paid_at IS NOT NULL OR session_expires_at <= ? THEN 1 END) AS ended
         FROM joins WHERE session_id IS NOT NULL`,
      now,
    )
    .one();
  return { paid: Number(row.paid), ended: Number(row.ended), seatsBought: Math.max(0, seatsBought) };
}
