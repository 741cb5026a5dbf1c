/** The waiting list's tables in the inventory's SQLite, and the hook release and confirm call when a hold ends (waitlist.ts). */
import type { InventoryEngine } from './engine';

export const WAITLIST_DDL = [
  `CREATE TABLE IF NOT EXISTS waitlist_entries (
     entry_id TEXT PRIMARY KEY, ticket_type_id TEXT, quantity INTEGER NOT NULL, position INTEGER NOT NULL,
     state TEXT NOT NULL, jumps INTEGER NOT NULL DEFAULT 0, hold_id TEXT, expires_at INTEGER, order_id TEXT, offers INTEGER NOT NULL DEFAULT 0)`,
  `CREATE INDEX IF NOT EXISTS waitlist_entries_hold ON waitlist_entries (hold_id)`,
  `CREATE TABLE IF NOT EXISTS waitlist_pool (hold_id TEXT PRIMARY KEY, owner TEXT NOT NULL, ticket_type_id TEXT NOT NULL)`,
];

/** Whether the list has anything here (entries or kept-back places): mutations skip the list entirely when not. */
export function waitlistInUse(inv: InventoryEngine): boolean {
  const r = inv.sql.exec<{ n: number }>('SELECT (SELECT COUNT(*) FROM waitlist_entries) + (SELECT COUNT(*) FROM waitlist_pool) AS n').one();
  return Number(r.n) > 0;
}

/** An offer or pool hold ended (bought, released, expired): its entry learns how, the pool forgets it. */
export function waitlistHoldEnded(inv: InventoryEngine, holdId: string, outcome: 'claimed' | 'lapsed', orderId: string | null = null) {
  if (!inv.waitlistInUse) return;
  inv.sql.exec('DELETE FROM waitlist_pool WHERE hold_id = ?', holdId);
  inv.sql.exec("UPDATE waitlist_entries SET state = ?, order_id = ? WHERE hold_id = ? AND state = 'offered'", outcome, orderId, holdId);
}
