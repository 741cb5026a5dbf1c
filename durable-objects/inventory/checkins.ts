/**
 * Check-ins at the gate, inside the event's inventory: one entry per ticket (duplicates report the
 * first scan), gate rules per ticket type, exit and re-entry where the event allows it, a supervisor's
 * undo, and live counts per gate and per minute.
 */
import type { Result } from './engine';

export type ScanInput = {
  /** The scan's own id: repeating it answers the same (a device retrying). */
  scanId: string;
  ticketRef: string;
  ticketTypeId?: string;
  seatId?: string;
  gate?: string;
  deviceId?: string;
  direction?: 'in' | 'out';
};

export type FirstScan = { at: number; gate: string | null; deviceId: string | null; scanId: string };
export type ScanAnswer = { result: 'valid' | 'duplicate' | 'wrong_gate' | 'exit'; first: FirstScan | null };

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

const fail = (code: string, message: string) => ({ ok: false as const, code, message });
const MINUTE = 60_000;
/** How many recent minutes the live per-minute figures cover. */
export const PER_MINUTE_WINDOW = 30;

type Row = { ticket_ref: string; seat_id: string | null; gate: string | null; device: string | null; scan_id: string; at: number; inside: number };

export class CheckIns {
  /** Tickets checked in (each counted once, even after exit and re-entry). */
  total = 0;
  inside = 0;
  readonly byGate = new Map<string, number>();
  readonly byMinute = new Map<number, number>();

  constructor(private readonly host: CheckInHost) {
    const columns = host.sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('checkins')").toArray().map((c) => c.name);
    // Objects created before exits existed get the column on their next start.
    if (!columns.includes('inside')) host.sql.exec('ALTER TABLE checkins ADD COLUMN inside INTEGER NOT NULL DEFAULT 1');
    for (const r of host.sql.exec<Row>('SELECT * FROM checkins')) this.count(r.gate, r.at, 1, r.inside === 1);
  }

  private count(gate: string | null, at: number, n: 1 | -1, inside: boolean) {
    this.total += n;
    if (inside) this.inside += n;
    const g = gate ?? 'unassigned';
    this.byGate.set(g, (this.byGate.get(g) ?? 0) + n);
    const minute = Math.floor(at / MINUTE) * MINUTE;
    this.byMinute.set(minute, (this.byMinute.get(minute) ?? 0) + n);
  }

  private first(ticketRef: string): Row | undefined {
    return this.host.sql.exec<Row>('SELECT * FROM checkins WHERE ticket_ref = ?', ticketRef).toArray()[0];
  }

  scan(input: ScanInput, now: number): Result<ScanAnswer> {
    const direction = input.direction ?? 'in';
    const fingerprint = JSON.stringify([input.ticketRef, input.seatId ?? null, input.gate ?? null, direction]);
    const key = `scan:${input.scanId}`;
    const seen = this.host.remembered<ScanAnswer>(key, fingerprint);
    if (seen) return seen;
    if (input.seatId && !this.host.seatSold(input.seatId)) return fail('seat_not_sold', 'That seat is not sold.');
    const gates = input.ticketTypeId ? this.host.gatesOf(input.ticketTypeId) : null;
    const first = this.first(input.ticketRef);
    const firstScan = first ? { at: first.at, gate: first.gate, deviceId: first.device, scanId: first.scan_id } : null;
    let answer: ScanAnswer;
    if (direction === 'in' && input.gate && gates && gates.length > 0 && !gates.includes(input.gate)) {
      answer = { result: 'wrong_gate', first: firstScan };
    } else if (direction === 'out') {
      if (!this.host.reentryAllowed()) return fail('reentry_not_allowed', 'This event does not allow leaving and coming back.');
      if (!first || first.inside !== 1) return fail('not_inside', 'This ticket is not checked in.');
      this.host.sql.exec('UPDATE checkins SET inside = 0 WHERE ticket_ref = ?', input.ticketRef);
      answer = { result: 'exit', first: firstScan };
      this.host.changed('ticket.exited', { ticketRef: input.ticketRef, gate: input.gate ?? null }, now, 'exited', []);
      this.inside -= 1;
    } else if (first && (first.inside === 1 || !this.host.reentryAllowed())) {
      answer = { result: 'duplicate', first: firstScan };
    } else if (first) {
      // Back in after an exit: admitted again, still one ticket checked in.
      this.host.sql.exec('UPDATE checkins SET inside = 1 WHERE ticket_ref = ?', input.ticketRef);
      answer = { result: 'valid', first: firstScan };
      this.host.changed('ticket.reentered', { ticketRef: input.ticketRef, gate: input.gate ?? null }, now, 'reentered', []);
      this.inside += 1;
    } else {
      this.host.sql.exec(
        'INSERT INTO checkins (ticket_ref, seat_id, gate, device, scan_id, at, inside) VALUES (?, ?, ?, ?, ?, ?, 1)',
        input.ticketRef, input.seatId ?? null, input.gate ?? null, input.deviceId ?? null, input.scanId, now,
      );
      if (input.seatId) this.host.sql.exec('UPDATE seats SET checked_in = 1 WHERE id = ?', input.seatId);
      answer = { result: 'valid', first: { at: now, gate: input.gate ?? null, deviceId: input.deviceId ?? null, scanId: input.scanId } };
      this.count(input.gate ?? null, now, 1, true);
      if (input.seatId) this.host.setSeatCheckedIn(input.seatId, true);
      this.host.changed('ticket.checked_in', { ticketRef: input.ticketRef, seatId: input.seatId ?? null, gate: input.gate ?? null }, now, 'checked_in', input.seatId ? [input.seatId] : []);
    }
    const result: Result<ScanAnswer> = { ok: true, value: answer };
    this.host.remember(key, fingerprint, result, now);
    return result;
  }

  /** A supervisor takes back a mistaken check-in: the ticket can enter again. Keyed like scans. */
  undo(input: { scanId: string; ticketRef: string }, now: number): Result<{ undone: boolean }> {
    const fingerprint = JSON.stringify(['undo', input.ticketRef]);
    const key = `scan:${input.scanId}`;
    const seen = this.host.remembered<{ undone: boolean }>(key, fingerprint);
    if (seen) return seen;
    const first = this.first(input.ticketRef);
    if (!first) return fail('not_checked_in', 'This ticket is not checked in.');
    this.host.sql.exec('DELETE FROM checkins WHERE ticket_ref = ?', input.ticketRef);
    if (first.seat_id) this.host.sql.exec('UPDATE seats SET checked_in = 0 WHERE id = ?', first.seat_id);
    const result: Result<{ undone: boolean }> = { ok: true, value: { undone: true } };
    this.host.remember(key, fingerprint, result, now);
    this.count(first.gate, first.at, -1, first.inside === 1);
    if (first.seat_id) this.host.setSeatCheckedIn(first.seat_id, false);
    this.host.changed('ticket.check_in_undone', { ticketRef: input.ticketRef }, now, 'check_in_undone', first.seat_id ? [first.seat_id] : []);
    return result;
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
