/**
 * Check-ins at the gate, inside the event's inventory: one entry per ticket, gate rules per ticket
 * type, exit and re-entry where the event allows it, a supervisor's undo, live counts per gate and
 * per minute — and the reconciliation of offline scans.
 *
 * Offline devices upload their scans later, so a scan may arrive after a later scan of the same
 * ticket. The earliest scan wins (ties broken by scan id), whatever order scans arrive in: an earlier
 * scan that arrives late takes the check-in over and the previous one becomes a duplicate. Every
 * duplicate is kept with a change sequence number, and a device syncing from a sequence number learns
 * of every duplicate it was involved in (as the duplicate scan or as the winning one).
 */
import type { Result } from './engine';

export type ScanInput = {
  /** The scan's own id (the device's nonce, namespaced by device): repeating it answers the same. */
  scanId: string;
  ticketRef: string;
  ticketTypeId?: string;
  seatId?: string;
  gate?: string;
  deviceId?: string;
  direction?: 'in' | 'out';
  /** When the device scanned (epoch ms): offline scans arrive later. Defaults to now; never later than now. */
  at?: number;
};

export type FirstScan = { at: number; gate: string | null; deviceId: string | null; scanId: string };
export type ScanAnswer = {
  result: 'valid' | 'duplicate' | 'wrong_gate' | 'exit';
  first: FirstScan | null;
  /** An earlier scan arriving late took the check-in over from this one (now a duplicate). */
  superseded?: FirstScan;
};

/** A ticket's check-in state as a device's manifest carries it. */
export type CheckInState = { ticketRef: string; seq: number; checkedIn: boolean; inside: boolean; first: FirstScan | null };
/** A duplicate a device was involved in: its scan lost to the winner, or its scan is the winner. */
export type DuplicateReport = { seq: number; ticketRef: string; scan: FirstScan; winner: FirstScan };
export type CheckInSync = { checkIns: CheckInState[]; duplicates: DuplicateReport[]; cursor: number; hasMore: boolean };

/** What the engine lends the check-in logic: storage, idempotency, version, outbox and live notices. */
export type CheckInHost = {
  sql: SqlStorage;
  reentryAllowed(): boolean;
  gatesOf(ticketTypeId: string): string[] | null;
  seatSold(seatId: string): boolean;
  setSeatCheckedIn(seatId: string, checkedIn: boolean): void;
  remembered<T>(key: string, fingerprint: string): Result<T> | undefined;
  remember(key: string, fingerprint: string, result: Result<unknown>, now: number): void;
  changed(type: string, payload: Record<string, unknown>, now: number, reason: string, seatIds: string[]): void;
};

export const CHECKIN_DDL = [
  `CREATE TABLE IF NOT EXISTS checkins (ticket_ref TEXT PRIMARY KEY, seat_id TEXT, gate TEXT, device TEXT, scan_id TEXT NOT NULL, at INTEGER NOT NULL, inside INTEGER NOT NULL DEFAULT 1)`,
  // One row per ticket: the sequence number of its latest change (a device syncs from a number).
  `CREATE TABLE IF NOT EXISTS checkin_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, ticket_ref TEXT NOT NULL UNIQUE)`,
  // Scans that lost to the ticket's check-in (the winner is the checkins row).
  `CREATE TABLE IF NOT EXISTS scan_duplicates (scan_id TEXT PRIMARY KEY, ticket_ref TEXT NOT NULL, device TEXT, gate TEXT, at INTEGER NOT NULL, seq INTEGER NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS scan_duplicates_seq ON scan_duplicates (seq)`,
  `CREATE INDEX IF NOT EXISTS scan_duplicates_ticket ON scan_duplicates (ticket_ref)`,
];

const fail = (code: string, message: string) => ({ ok: false as const, code, message });
const MINUTE = 60_000;
/** How many recent minutes the live per-minute figures cover. */
export const PER_MINUTE_WINDOW = 30;
/** The most check-in changes one sync page carries. */
export const MAX_SYNC_PAGE = 5_000;

type Row = { ticket_ref: string; seat_id: string | null; gate: string | null; device: string | null; scan_id: string; at: number; inside: number };
type DuplicateRow = { scan_id: string; ticket_ref: string; device: string | null; gate: string | null; at: number; seq: number };

const firstOf = (r: { at: number; gate: string | null; device: string | null; scan_id: string }): FirstScan => ({ at: r.at, gate: r.gate, deviceId: r.device, scanId: r.scan_id });
/** Earliest scan first; equal times ordered by scan id, so every arrival order ends the same. */
const earlier = (a: { at: number; scanId: string }, b: { at: number; scanId: string }) => a.at < b.at || (a.at === b.at && a.scanId < b.scanId);

export class CheckIns {
  /** Tickets checked in (each counted once, even after exit and re-entry). */
  total = 0;
  inside = 0;
  readonly byGate = new Map<string, number>();
  readonly byMinute = new Map<number, number>();

  constructor(private readonly host: CheckInHost) {
    for (const ddl of CHECKIN_DDL) host.sql.exec(ddl);
    const columns = host.sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('checkins')").toArray().map((c) => c.name);
    // Objects created before exits existed get the column on their next start.
    if (!columns.includes('inside')) host.sql.exec('ALTER TABLE checkins ADD COLUMN inside INTEGER NOT NULL DEFAULT 1');
    for (const r of host.sql.exec<Row>('SELECT * FROM checkins')) this.count(r.gate, r.at, 1, r.inside === 1 ? 1 : 0);
  }

  private count(gate: string | null, at: number, n: 1 | -1, inside: 0 | 1) {
    this.total += n;
    this.inside += n * inside;
    const g = gate ?? 'unassigned';
    this.byGate.set(g, (this.byGate.get(g) ?? 0) + n);
    const minute = Math.floor(at / MINUTE) * MINUTE;
    this.byMinute.set(minute, (this.byMinute.get(minute) ?? 0) + n);
  }

  private first(ticketRef: string): Row | undefined {
    return this.host.sql.exec<Row>('SELECT * FROM checkins WHERE ticket_ref = ?', ticketRef).toArray()[0];
  }

  /** Gives the ticket a new change sequence number (its latest), returned. */
  private touch(ticketRef: string): number {
    this.host.sql.exec('DELETE FROM checkin_changes WHERE ticket_ref = ?', ticketRef);
    return this.host.sql.exec<{ seq: number }>('INSERT INTO checkin_changes (ticket_ref) VALUES (?) RETURNING seq', ticketRef).one().seq;
  }

  /** What a repeated admitting scan answers now: the check-in if it holds it, else a duplicate of the current winner. */
  private replay(scanId: string, ticketRef: string): ScanAnswer | null {
    const first = this.first(ticketRef);
    if (first?.scan_id === scanId) return { result: 'valid', first: firstOf(first) };
    const lost = this.host.sql.exec<DuplicateRow>('SELECT * FROM scan_duplicates WHERE scan_id = ?', scanId).toArray()[0];
    if (lost && first) return { result: 'duplicate', first: firstOf(first) };
    return null;
  }

  scan(input: ScanInput, now: number): Result<ScanAnswer> {
    const direction = input.direction ?? 'in';
    const at = Math.min(input.at ?? now, now);
    const fingerprint = JSON.stringify([input.ticketRef, input.seatId ?? null, input.gate ?? null, direction]);
    const key = `scan:${input.scanId}`;
    const seen = this.host.remembered<ScanAnswer>(key, fingerprint);
    if (seen) {
      // An admitting scan's standing can change after it was answered (an earlier offline scan took over).
      const replayed = seen.ok && (seen.value.result === 'valid' || seen.value.result === 'duplicate') ? this.replay(input.scanId, input.ticketRef) : null;
      return replayed ? { ok: true, value: replayed } : seen;
    }
    if (direction === 'in') {
      // Re-uploaded after the memo was cleared: the stored state still answers the same.
      const replayed = this.replay(input.scanId, input.ticketRef);
      if (replayed) return { ok: true, value: replayed };
    }
    if (input.seatId && !this.host.seatSold(input.seatId)) return fail('seat_not_sold', 'That seat is not sold.');
    const gates = input.ticketTypeId ? this.host.gatesOf(input.ticketTypeId) : null;
    const first = this.first(input.ticketRef);
    const self: FirstScan = { at, gate: input.gate ?? null, deviceId: input.deviceId ?? null, scanId: input.scanId };
    let answer: ScanAnswer;
    if (direction === 'in' && input.gate && gates && gates.length > 0 && !gates.includes(input.gate)) {
      answer = { result: 'wrong_gate', first: first ? firstOf(first) : null };
    } else if (direction === 'out') {
      if (!this.host.reentryAllowed()) return fail('reentry_not_allowed', 'This event does not allow leaving and coming back.');
      if (!first || first.inside !== 1) return fail('not_inside', 'This ticket is not checked in.');
      this.host.sql.exec('UPDATE checkins SET inside = 0 WHERE ticket_ref = ?', input.ticketRef);
      this.touch(input.ticketRef);
      answer = { result: 'exit', first: firstOf(first) };
      this.host.changed('ticket.exited', { ticketRef: input.ticketRef, gate: self.gate }, now, 'exited', []);
      this.inside -= 1;
    } else if (!first) {
      this.host.sql.exec(
        'INSERT INTO checkins (ticket_ref, seat_id, gate, device, scan_id, at, inside) VALUES (?, ?, ?, ?, ?, ?, 1)',
        input.ticketRef, input.seatId ?? null, self.gate, self.deviceId, input.scanId, at,
      );
      this.touch(input.ticketRef);
      if (input.seatId) this.host.sql.exec('UPDATE seats SET checked_in = 1 WHERE id = ?', input.seatId);
      answer = { result: 'valid', first: self };
      this.count(self.gate, at, 1, 1);
      if (input.seatId) this.host.setSeatCheckedIn(input.seatId, true);
      this.host.changed('ticket.checked_in', { ticketRef: input.ticketRef, seatId: input.seatId ?? null, gate: self.gate, at }, now, 'checked_in', input.seatId ? [input.seatId] : []);
    } else if (earlier(self, { at: first.at, scanId: first.scan_id })) {
      // An earlier scan arrived late (offline): it takes the check-in over; the old one is a duplicate now.
      const seq = this.touch(input.ticketRef);
      this.host.sql.exec('UPDATE checkins SET gate = ?, device = ?, scan_id = ?, at = ? WHERE ticket_ref = ?', self.gate, self.deviceId, input.scanId, at, input.ticketRef);
      this.host.sql.exec('UPDATE scan_duplicates SET seq = ? WHERE ticket_ref = ?', seq, input.ticketRef);
      this.host.sql.exec(
        'INSERT INTO scan_duplicates (scan_id, ticket_ref, device, gate, at, seq) VALUES (?, ?, ?, ?, ?, ?)',
        first.scan_id, input.ticketRef, first.device, first.gate, first.at, seq,
      );
      this.count(first.gate, first.at, -1, 0);
      this.count(self.gate, at, 1, 0);
      answer = { result: 'valid', first: self, superseded: firstOf(first) };
      this.host.changed('ticket.check_in_superseded', { ticketRef: input.ticketRef, winner: self, duplicate: firstOf(first) }, now, 'duplicate', []);
    } else if (first.inside === 1 || !this.host.reentryAllowed()) {
      const seq = this.touch(input.ticketRef);
      this.host.sql.exec(
        'INSERT INTO scan_duplicates (scan_id, ticket_ref, device, gate, at, seq) VALUES (?, ?, ?, ?, ?, ?)',
        input.scanId, input.ticketRef, self.deviceId, self.gate, at, seq,
      );
      answer = { result: 'duplicate', first: firstOf(first) };
      this.host.changed('ticket.duplicate', { ticketRef: input.ticketRef, scan: self, winner: firstOf(first) }, now, 'duplicate', []);
    } else {
      // Back in after an exit: admitted again, still one ticket checked in.
      this.host.sql.exec('UPDATE checkins SET inside = 1 WHERE ticket_ref = ?', input.ticketRef);
      this.touch(input.ticketRef);
      answer = { result: 'valid', first: firstOf(first) };
      this.host.changed('ticket.reentered', { ticketRef: input.ticketRef, gate: self.gate }, now, 'reentered', []);
      this.inside += 1;
    }
    const result: Result<ScanAnswer> = { ok: true, value: answer };
    this.host.remember(key, fingerprint, result, now);
    return result;
  }

  /** A supervisor takes back a mistaken check-in: the ticket can enter again. Keyed like scans. */
  undo(input: { scanId: string; ticketRef: string }, now: number): Result<{ undone: true; first: FirstScan }> {
    const fingerprint = JSON.stringify(['undo', input.ticketRef]);
    const key = `scan:${input.scanId}`;
    const seen = this.host.remembered<{ undone: true; first: FirstScan }>(key, fingerprint);
    if (seen) return seen;
    const first = this.first(input.ticketRef);
    if (!first) return fail('not_checked_in', 'This ticket is not checked in.');
    this.host.sql.exec('DELETE FROM checkins WHERE ticket_ref = ?', input.ticketRef);
    // Duplicates of a check-in that never should have been are moot.
    this.host.sql.exec('DELETE FROM scan_duplicates WHERE ticket_ref = ?', input.ticketRef);
    this.touch(input.ticketRef);
    if (first.seat_id) this.host.sql.exec('UPDATE seats SET checked_in = 0 WHERE id = ?', first.seat_id);
    const result: Result<{ undone: true; first: FirstScan }> = { ok: true, value: { undone: true, first: firstOf(first) } };
    this.host.remember(key, fingerprint, result, now);
    this.count(first.gate, first.at, -1, first.inside === 1 ? 1 : 0);
    if (first.seat_id) this.host.setSeatCheckedIn(first.seat_id, false);
    this.host.changed('ticket.check_in_undone', { ticketRef: input.ticketRef }, now, 'check_in_undone', first.seat_id ? [first.seat_id] : []);
    return result;
  }

  /**
   * What changed after `since` (a sequence number): each changed ticket's current check-in state, and
   * the duplicates this device was involved in. `cursor` is the number to sync from next time.
   */
  sync(deviceId: string, since: number, limit = MAX_SYNC_PAGE): CheckInSync {
    const pageSize = Math.max(1, Math.min(limit, MAX_SYNC_PAGE));
    const rows = this.host.sql
      .exec<{ seq: number } & Partial<Row> & { ref: string }>(
        'SELECT ch.seq AS seq, ch.ticket_ref AS ref, c.* FROM checkin_changes ch LEFT JOIN checkins c ON c.ticket_ref = ch.ticket_ref WHERE ch.seq > ? ORDER BY ch.seq LIMIT ?',
        since, pageSize + 1,
      )
      .toArray();
    const hasMore = rows.length > pageSize;
    const page = rows.slice(0, pageSize);
    const latest = this.host.sql.exec<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'checkin_changes'").toArray()[0]?.seq ?? 0;
    const cursor = hasMore ? page[page.length - 1]!.seq : Math.max(since, latest);
    const checkIns = page.map((r): CheckInState => ({
      ticketRef: r.ref,
      seq: r.seq,
      checkedIn: r.scan_id != null,
      inside: r.inside === 1,
      first: r.scan_id != null ? firstOf(r as Row) : null,
    }));
    const duplicates = this.host.sql
      .exec<DuplicateRow & { w_at: number; w_gate: string | null; w_device: string | null; w_scan_id: string }>(
        `SELECT d.*, c.at AS w_at, c.gate AS w_gate, c.device AS w_device, c.scan_id AS w_scan_id
           FROM scan_duplicates d JOIN checkins c ON c.ticket_ref = d.ticket_ref
          WHERE d.seq > ? AND d.seq <= ? AND (d.device = ? OR c.device = ?) ORDER BY d.seq, d.scan_id`,
        since, cursor, deviceId, deviceId,
      )
      .toArray()
      .map((d): DuplicateReport => ({ seq: d.seq, ticketRef: d.ticket_ref, scan: firstOf(d), winner: { at: d.w_at, gate: d.w_gate, deviceId: d.w_device, scanId: d.w_scan_id } }));
    return { checkIns, duplicates, cursor, hasMore };
  }

  /** Live figures: per gate, and per minute over the last PER_MINUTE_WINDOW minutes (oldest first). */
  live(now: number) {
    const thisMinute = Math.floor(now / MINUTE) * MINUTE;
    const perMinute: { minute: string; count: number }[] = [];
    for (let m = thisMinute - (PER_MINUTE_WINDOW - 1) * MINUTE; m <= thisMinute; m += MINUTE) {
      perMinute.push({ minute: new Date(m).toISOString(), count: this.byMinute.get(m) ?? 0 });
    }
    return { inside: this.inside, byGate: Object.fromEntries(this.byGate), perMinute };
  }
}
