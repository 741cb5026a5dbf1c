/**
 * Capacity leases for section shards (issue #14; docs/waiting-room.md, "Section shards"). A sharded event splits its
 * seats over several inventory objects; a seated ticket type with a capacity of its own (say 500 student tickets
 * across every section) must hold across them without asking anyone on each hold. So the coordinator (shard 0, the
 * event's own object) grants each shard a *lease* of that capacity, and a shard sells within its lease alone.
 *
 * The invariants, each kept by one object's transaction:
 * - coordinator: Σ granted(shard, type) ≤ capacity(type)             (grant checks the pool first)
 * - shard:       held + sold(type) ≤ lease(type) ≤ granted(shard, type) (a lease grows only by an applied grant, which
 *                the coordinator recorded first; it shrinks by a give-back before the coordinator is credited)
 * so Σ over shards of held + sold ≤ capacity, whatever order the messages arrive in or whether they arrive at all: a
 * grant never applied or a give-back never credited only leaves capacity unused (never oversold). Every grant, apply,
 * give-back and credit is keyed by an operation id, so a retried call answers what the first did.
 *
 * The coordinator is a shard too: its own lease is topped up from the pool inside the hold's transaction.
 *
 * An admission session's seat cap (the waiting room's `maxSeats`) is leased the same way, under the subject
 * `session:<id>` with the cap as its capacity (the Worker verified the admission and says it): a buyer holding in two
 * shards is capped across them, not per shard. A session's grants are exactly what a hold lacks.
 */
import type { InventoryEngine } from './engine';
import { fail, type Failure, type Result } from './engine-types';
import type { TicketTypeSpec } from './types';

/** The lease subject of an admission session's seat cap. */
export const sessionSubject = (sessionId: string) => `session:${sessionId}`;
const isSession = (subject: string) => subject.startsWith('session:');

/** Seats an admission session holds (unexpired) or bought in this shard: what its maxSeats is counted against. */
export function sessionSeats(inv: InventoryEngine, sessionId: string, now: number): number {
  return inv.sql
    .exec<{ n: number }>(
      "SELECT COALESCE(SUM(h.quantity), 0) AS n FROM hold_sessions s JOIN holds h ON h.id = s.hold_id WHERE s.session_id = ? AND ((h.status = 'active' AND h.expires_at > ?) OR h.status = 'confirmed')",
      sessionId,
      now,
    )
    .one().n;
}

export type ShardInfo = { index: number; count: number };

export const LEASE_DDL = [
  `CREATE TABLE IF NOT EXISTS leases (ticket_type_id TEXT PRIMARY KEY, amount INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS lease_grants (shard INTEGER NOT NULL, ticket_type_id TEXT NOT NULL, granted INTEGER NOT NULL, PRIMARY KEY (shard, ticket_type_id))`,
  `CREATE TABLE IF NOT EXISTS lease_ops (id TEXT PRIMARY KEY, answer TEXT NOT NULL)`,
];

/** A type whose capacity is leased: seated, with a cap of its own, on a sharded event. */
export function leased(inv: InventoryEngine, type: TicketTypeSpec): boolean {
  return inv.shard !== null && type.kind === 'seated' && type.capacity !== null;
}

export function leaseOf(inv: InventoryEngine, typeId: string): number {
  return inv.leases.get(typeId) ?? 0;
}

function setLease(inv: InventoryEngine, typeId: string, amount: number) {
  inv.sql.exec('INSERT INTO leases (ticket_type_id, amount) VALUES (?, ?) ON CONFLICT (ticket_type_id) DO UPDATE SET amount = excluded.amount', typeId, amount);
  inv.leases.set(typeId, amount);
}

function grantedKey(shard: number, typeId: string) {
  return `${shard}\u0000${typeId}`;
}

function setGranted(inv: InventoryEngine, shard: number, typeId: string, granted: number) {
  inv.sql.exec(
    'INSERT INTO lease_grants (shard, ticket_type_id, granted) VALUES (?, ?, ?) ON CONFLICT (shard, ticket_type_id) DO UPDATE SET granted = excluded.granted',
    shard, typeId, granted,
  );
  inv.grants.set(grantedKey(shard, typeId), granted);
}

/** What the coordinator has not granted of a subject's capacity (negative after the organizer lowered it). */
function poolOf(inv: InventoryEngine, subject: string, capacity: number): number {
  let granted = 0;
  for (const [key, n] of inv.grants) if (key.endsWith(`\u0000${subject}`)) granted += n;
  return capacity - granted;
}

export function pool(inv: InventoryEngine, type: TicketTypeSpec): number {
  return poolOf(inv, type.id, type.capacity ?? 0);
}

export function loadLeases(inv: InventoryEngine) {
  inv.leases.clear();
  inv.grants.clear();
  for (const r of inv.sql.exec<{ ticket_type_id: string; amount: number }>('SELECT ticket_type_id, amount FROM leases')) inv.leases.set(r.ticket_type_id, Number(r.amount));
  for (const r of inv.sql.exec<{ shard: number; ticket_type_id: string; granted: number }>('SELECT shard, ticket_type_id, granted FROM lease_grants')) {
    inv.grants.set(grantedKey(Number(r.shard), r.ticket_type_id), Number(r.granted));
  }
}

/**
 * Room for n more of a leased type in this shard, or why not. The coordinator tops its own lease up from the pool
 * (same transaction); any other shard answers `lease_exhausted` with how many it lacks, and the Worker asks the
 * coordinator for a grant (src/domains/events/shards/leases.ts).
 */
export function leaseRoom(inv: InventoryEngine, type: TicketTypeSpec, used: number, n: number): Failure | null {
  const lease = leaseOf(inv, type.id);
  const short = used + n - lease;
  if (short <= 0) return null;
  if (inv.shard!.index === 0) {
    const take = Math.min(pool(inv, type), Math.max(short, chunkFor(inv, type)));
    if (take >= short) {
      setGranted(inv, 0, type.id, (inv.grants.get(grantedKey(0, type.id)) ?? 0) + take);
      setLease(inv, type.id, lease + take);
      return null;
    }
  }
  return { ...fail('lease_exhausted', `No more ${type.name} in this part of the venue right now.`), short, lease: type.id };
}

/**
 * Room for n more seats of an admission session in this shard of a sharded event (its cap leased like a capacity), or
 * why not: the coordinator takes from the session's pool itself; another shard answers `lease_exhausted` (subject
 * `session:<id>`) and the Worker asks the coordinator.
 */
export function sessionLeaseRoom(inv: InventoryEngine, session: { id: string; maxSeats: number }, used: number, n: number): Failure | null {
  const subject = sessionSubject(session.id);
  const lease = leaseOf(inv, subject);
  const short = used + n - lease;
  if (short <= 0) return null;
  if (inv.shard!.index === 0 && poolOf(inv, subject, session.maxSeats) >= short) {
    setGranted(inv, 0, subject, (inv.grants.get(grantedKey(0, subject)) ?? 0) + short);
    setLease(inv, subject, lease + short);
    return null;
  }
  return { ...fail('lease_exhausted', `Your admission allows ${session.maxSeats} seats in all.`), short, lease: subject };
}

/** How much a grant gives at least: a slice of the capacity, so a busy shard asks rarely. */
function chunkFor(inv: InventoryEngine, type: TicketTypeSpec): number {
  return Math.max(1, Math.ceil((type.capacity ?? 0) / (4 * inv.shard!.count)));
}

function once<T>(inv: InventoryEngine, opId: string, run: () => Result<T>): Result<T> {
  const seen = inv.sql.exec<{ answer: string }>('SELECT answer FROM lease_ops WHERE id = ?', opId).toArray()[0];
  if (seen) return JSON.parse(seen.answer) as Result<T>;
  const answer = run();
  inv.sql.exec('INSERT INTO lease_ops (id, answer) VALUES (?, ?)', opId, JSON.stringify(answer));
  return answer;
}

function leasedType(inv: InventoryEngine, typeId: string): Result<TicketTypeSpec> {
  const type = inv.types.get(typeId);
  if (!type || !leased(inv, type)) return fail('not_leased', 'That ticket type has no leased capacity.');
  return { ok: true, value: type };
}

/** A lease's subject as the grant steps need it: its capacity (a session's from the caller) and what is used here. */
type Subject = { id: string; capacity: number; used: (now: number) => number; chunk: (need: number) => number };

function subjectOf(inv: InventoryEngine, id: string, capacity?: number): Result<Subject> {
  if (!inv.shard) return fail('not_leased', 'This event is not split into shards.');
  if (isSession(id)) {
    const sessionId = id.slice('session:'.length);
    return { ok: true, value: { id, capacity: capacity ?? 0, used: (now) => sessionSeats(inv, sessionId, now), chunk: (need) => need } };
  }
  const type = leasedType(inv, id);
  if (!type.ok) return type;
  return {
    ok: true,
    value: {
      id,
      capacity: type.value.capacity ?? 0,
      used: () => {
        const u = inv.typeUsage.get(id) ?? { held: 0, sold: 0 };
        return u.held + u.sold;
      },
      chunk: (need) => Math.max(need, chunkFor(inv, type.value)),
    },
  };
}

/**
 * Coordinator: grants `shard` at least `need` more of a type (a chunk when the pool allows), or nothing when the pool
 * has less than `need` (the caller takes spare leases back from the other shards first).
 */
export function grant(inv: InventoryEngine, input: { opId: string; shard: number; ticketTypeId: string; need: number; capacity?: number }): Result<{ amount: number; pool: number }> {
  if (inv.shard?.index !== 0) return fail('not_coordinator', 'Only the event coordinator grants leases.');
  return once(inv, `grant:${input.opId}`, () => {
    const subject = subjectOf(inv, input.ticketTypeId, input.capacity);
    if (!subject.ok) return subject;
    const { id } = subject.value;
    const left = poolOf(inv, id, subject.value.capacity);
    const amount = left >= input.need ? Math.min(left, subject.value.chunk(input.need)) : 0;
    if (amount > 0) setGranted(inv, input.shard, id, (inv.grants.get(grantedKey(input.shard, id)) ?? 0) + amount);
    return { ok: true, value: { amount, pool: left - amount } };
  });
}

/** Shard: adds a grant the coordinator recorded to this shard's lease (once per grant). */
export function applyGrant(inv: InventoryEngine, input: { opId: string; ticketTypeId: string; amount: number }): Result<{ lease: number }> {
  return once(inv, `apply:${input.opId}`, () => {
    const subject = subjectOf(inv, input.ticketTypeId);
    if (!subject.ok) return subject;
    const lease = leaseOf(inv, subject.value.id) + Math.max(0, input.amount);
    setLease(inv, subject.value.id, lease);
    return { ok: true, value: { lease } };
  });
}

/** Shard: gives back what its lease has beyond what it holds and sold (the coordinator is credited afterwards). */
export function giveBack(inv: InventoryEngine, input: { opId: string; ticketTypeId: string }, now: number): Result<{ amount: number }> {
  return once(inv, `give:${input.opId}`, () => {
    const subject = subjectOf(inv, input.ticketTypeId);
    if (!subject.ok) return subject;
    const { id } = subject.value;
    const lease = leaseOf(inv, id);
    const amount = Math.max(0, lease - subject.value.used(now));
    if (amount > 0) setLease(inv, id, lease - amount);
    // The coordinator's own give-back is its credit too (one transaction).
    if (amount > 0 && inv.shard!.index === 0) setGranted(inv, 0, id, (inv.grants.get(grantedKey(0, id)) ?? 0) - amount);
    return { ok: true, value: { amount } };
  });
}

/** Coordinator: takes back into the pool what `shard` gave back (once per give-back). */
export function credit(inv: InventoryEngine, input: { opId: string; shard: number; ticketTypeId: string; amount: number }): Result<{ pool: number }> {
  if (inv.shard?.index !== 0) return fail('not_coordinator', 'Only the event coordinator takes leases back.');
  return once(inv, `credit:${input.opId}`, () => {
    const subject = subjectOf(inv, input.ticketTypeId);
    if (!subject.ok) return subject;
    const { id } = subject.value;
    const key = grantedKey(input.shard, id);
    setGranted(inv, input.shard, id, Math.max(0, (inv.grants.get(key) ?? 0) - Math.max(0, input.amount)));
    return { ok: true, value: { pool: poolOf(inv, id, subject.value.capacity) } };
  });
}

/** At hydrate: the coordinator records every shard's first lease; each shard applies its own. */
export function initialLeases(inv: InventoryEngine, leasesByShard: Record<number, Record<string, number>>) {
  const own = leasesByShard[inv.shard!.index] ?? {};
  for (const [typeId, amount] of Object.entries(own)) setLease(inv, typeId, amount);
  if (inv.shard!.index === 0) {
    for (const [shard, byType] of Object.entries(leasesByShard)) for (const [typeId, amount] of Object.entries(byType)) setGranted(inv, Number(shard), typeId, amount);
  }
}

/** Lease invariants for inspect(): each shard within its lease; the coordinator within each type's capacity. */
export function leaseViolations(inv: InventoryEngine, totals: Map<string, number>, now: number): string[] {
  if (!inv.shard) return [];
  const out: string[] = [];
  for (const [subject, lease] of inv.leases) {
    if (!isSession(subject)) continue;
    const used = sessionSeats(inv, subject.slice('session:'.length), now);
    if (used > lease) out.push(`${subject}: ${used} seats > lease ${lease}`);
  }
  for (const t of inv.types.values()) {
    if (!leased(inv, t)) continue;
    const used = totals.get(t.id) ?? 0;
    if (used > leaseOf(inv, t.id)) out.push(`ticket type ${t.id}: held + sold ${used} > lease ${leaseOf(inv, t.id)}`);
  }
  return out;
}
