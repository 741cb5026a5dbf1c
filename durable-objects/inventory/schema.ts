import { LEASE_DDL } from './leases';
import { WAITLIST_DDL } from './waitlist-hooks';

/** The EventInventory DO's own SQLite tables: seats, areas, ticket types, holds, sales, idempotency, outbox (check-ins keep their own: checkins.ts). */
export const INVENTORY_DDL = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS seats (
     id TEXT PRIMARY KEY, section TEXT NOT NULL, row TEXT NOT NULL, label TEXT NOT NULL, position INTEGER NOT NULL,
     x INTEGER NOT NULL, y INTEGER NOT NULL, category TEXT NOT NULL, accessible INTEGER NOT NULL, restricted_view INTEGER NOT NULL,
     not_for_sale INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'available', hold_id TEXT, order_id TEXT, ticket_type_id TEXT,
     checked_in INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS ga_areas (key TEXT PRIMARY KEY, name TEXT NOT NULL, capacity INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ticket_types (id TEXT PRIMARY KEY, spec TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS holds (
     id TEXT PRIMARY KEY, ticket_type_id TEXT NOT NULL, quantity INTEGER NOT NULL, seats TEXT NOT NULL, area TEXT,
     status TEXT NOT NULL, expires_at INTEGER NOT NULL, extended INTEGER NOT NULL DEFAULT 0, order_id TEXT,
     fingerprint TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS holds_active_expiry ON holds (status, expires_at)`,
  `CREATE TABLE IF NOT EXISTS sales (
     id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL, hold_id TEXT NOT NULL, ticket_type_id TEXT NOT NULL,
     area TEXT, seat_id TEXT, quantity INTEGER NOT NULL, cancelled INTEGER NOT NULL DEFAULT 0)`,
  `CREATE INDEX IF NOT EXISTS sales_order ON sales (order_id)`,
  `CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, response TEXT NOT NULL, created_at INTEGER NOT NULL)`,
  // The waiting room's admission session a hold was made under (docs/waiting-room.md): its seats count against the
  // session's maxSeats. Holds of events without a room have no row here.
  `CREATE TABLE IF NOT EXISTS hold_sessions (hold_id TEXT PRIMARY KEY, session_id TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS hold_sessions_session ON hold_sessions (session_id)`,
  `CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, payload TEXT NOT NULL, at INTEGER NOT NULL)`,
  // Section shards' capacity leases (leases.ts): empty on an event that is not sharded.
  ...LEASE_DDL,
  // The waiting list's entries and kept-back places (waitlist.ts): empty on an event without a list.
  ...WAITLIST_DDL,
];
