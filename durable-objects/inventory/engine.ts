/**
 * The inventory engine: the event's seats, GA areas, ticket types, holds and sales in memory, mirrored
 * in the DO's SQLite. Every operation checks and writes in one synchronous step (the DO wraps it in
 * transactionSync), so two requests can never both take the last seat.
 */
import type { SeatStatus } from '../../src/shared/live-protocol';
import type { LiveCounts } from '../../src/shared/live-protocol';
import { CheckIns, type ScanInput } from './checkins';
import { INVENTORY_DDL } from './schema';
import type { GaAreaSpec, SeatSpec, SelectableRow, SelectableSeat, TicketTypeSpec } from './types';
import { fail, type HoldRequest, type HoldRow, type HoldStatus, type HoldView, type InventoryConfig, type HydrateInput, type Result, type SeatState, type Usage, type Change } from './engine-types';
import { configure as configureVerb, hydrate as hydrateVerb } from './configure';
import { expireDue as expireDueVerb, extend as extendVerb, hold as holdVerb, release as releaseVerb } from './holds';
import { cancel as cancelVerb, confirm as confirmVerb, type CancelInput } from './sales';
import { loadLeases, type ShardInfo } from './leases';
import { waitlistInUse } from './waitlist-hooks';
import { counts as countsView, inspect as inspectView, statusLists as statusListsView } from './views';

export * from './engine-types';

export class InventoryEngine {
  config: InventoryConfig | null = null;
  version = 0;
  focal = { x: 0, y: 0 };
  categories: { key: string; name: string; color: string }[] = [];
  layoutVersion: number | null = null;
  readonly seats = new Map<string, SeatState>();
  readonly rows: SelectableRow[] = [];
  readonly areas = new Map<string, GaAreaSpec>();
  readonly types = new Map<string, TicketTypeSpec>();
  readonly holds = new Map<string, HoldRow>();
  readonly typeUsage = new Map<string, Usage>();
  readonly areaUsage = new Map<string, Usage>();
  readonly gate: CheckIns;
  /** Kept up to date on every seat change, so counts never scan 50,000 seats. */
  readonly seatTally = { capacity: 0, held: 0, sold: 0 };
  readonly freeByCategory = new Map<string, number>();
  /** Which shard of a sharded event this object is (null: the event is not sharded); leases.ts. */
  shard: ShardInfo | null = null;
  /** This shard's capacity leases by ticket type, and (coordinator) what it granted each shard. */
  readonly leases = new Map<string, number>();
  readonly grants = new Map<string, number>();
  /** The coordinator of a sharded event: other shards' seats checked in here (their tickets scan at the coordinator). */
  readonly foreignCheckedIn = new Set<string>();
  /** The waiting list has entries or kept-back places here (waitlist.ts): every mutation then rebalances its pool. */
  waitlistInUse = false;

  constructor(readonly sql: SqlStorage) {
    for (const ddl of INVENTORY_DDL) sql.exec(ddl);
    this.load();
    this.waitlistInUse = waitlistInUse(this);
    this.gate = new CheckIns({
      sql,
      reentryAllowed: () => this.config?.reentryAllowed ?? false,
      gatesOf: (id) => this.types.get(id)?.gateIds ?? null,
      // On a sharded event check-ins are the coordinator's, and another shard's seat is not here: the Worker checked
      // the ticket in D1 (sold, not cancelled) before it scanned.
      seatSold: (id) => (this.seats.has(id) ? this.seats.get(id)!.status === 'sold' : this.shard !== null),
      setSeatCheckedIn: (id, checkedIn) => {
        const seat = this.seats.get(id);
        if (seat) seat.checkedIn = checkedIn;
        else if (checkedIn) this.foreignCheckedIn.add(id);
        else this.foreignCheckedIn.delete(id);
      },
      remembered: (key, fingerprint) => this.remembered(key, fingerprint),
      remember: (key, fingerprint, result, now) => this.remember(key, fingerprint, result, now),
      changed: (type, payload, now, reason, seatIds) => {
        this.bumpVersion();
        this.outbox(type, payload, now);
        this.emit(reason, seatIds);
      },
    });
    if (this.shard) {
      for (const r of sql.exec<{ seat_id: string }>('SELECT seat_id FROM checkins WHERE seat_id IS NOT NULL')) if (!this.seats.has(r.seat_id)) this.foreignCheckedIn.add(r.seat_id);
    }
  }

  get checkedIn(): number {
    return this.gate.total;
  }

  get hydrated(): boolean {
    return this.config !== null;
  }

  // ---- loading -------------------------------------------------------------------------------

  meta(key: string): string | null {
    const row = this.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0];
    return row?.value ?? null;
  }

  setMeta(key: string, value: string) {
    this.sql.exec('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
  }

  /** Rebuilds memory from SQLite: the state after a restart is exactly what was committed. */
  load() {
    const config = this.meta('config');
    if (!config) return;
    this.config = JSON.parse(config);
    this.version = Number(this.meta('version') ?? 0);
    this.focal = JSON.parse(this.meta('focal') ?? '{"x":0,"y":0}');
    this.categories = JSON.parse(this.meta('categories') ?? '[]');
    this.layoutVersion = JSON.parse(this.meta('layout_version') ?? 'null');
    this.shard = JSON.parse(this.meta('shard') ?? 'null');
    loadLeases(this);
    for (const t of this.config!.ticketTypes) this.types.set(t.id, t);
    for (const a of this.sql.exec<GaAreaSpec>('SELECT key, name, capacity FROM ga_areas')) this.areas.set(a.key, { ...a });
    const rowIndex = new Map<string, SelectableRow>();
    for (const r of this.sql.exec<Record<string, string | number | null>>('SELECT * FROM seats ORDER BY section, row, position')) {
      const spec: SeatSpec = {
        id: String(r.id),
        section: String(r.section),
        row: String(r.row),
        label: String(r.label),
        position: Number(r.position),
        x: Number(r.x),
        y: Number(r.y),
        category: String(r.category),
        accessible: r.accessible === 1,
        restrictedView: r.restricted_view === 1,
        notForSale: r.not_for_sale === 1,
      };
      this.addSeat(spec, rowIndex, {
        status: r.status as SeatState['status'],
        holdId: (r.hold_id as string | null) ?? null,
        orderId: (r.order_id as string | null) ?? null,
        ticketTypeId: (r.ticket_type_id as string | null) ?? null,
        checkedIn: r.checked_in === 1,
      });
    }
    this.indexRows();
    for (const h of this.sql.exec<Record<string, string | number | null>>("SELECT * FROM holds WHERE status = 'active'")) {
      const hold = this.holdFromRow(h);
      this.holds.set(hold.id, hold);
    }
    this.recount();
  }

  addSeat(spec: SeatSpec, rowIndex: Map<string, SelectableRow>, state: Pick<SeatState, 'status' | 'holdId' | 'orderId' | 'ticketTypeId' | 'checkedIn'>) {
    const selectable: SelectableSeat = {
      id: spec.id,
      position: spec.position,
      x: spec.x,
      y: spec.y,
      category: spec.category,
      accessible: spec.accessible,
      free: state.status === 'available' && !spec.notForSale,
    };
    this.seats.set(spec.id, { ...spec, ...state, selectable });
    if (!spec.notForSale) {
      this.seatTally.capacity += 1;
      if (state.status === 'held') this.seatTally.held += 1;
      if (state.status === 'sold') this.seatTally.sold += 1;
    }
    if (selectable.free) this.freeByCategory.set(spec.category, (this.freeByCategory.get(spec.category) ?? 0) + 1);
    const key = `${spec.section}\u0000${spec.row}`;
    let row = rowIndex.get(key);
    if (!row) {
      row = { section: spec.section, row: spec.row, seats: [] };
      rowIndex.set(key, row);
      this.rows.push(row);
    }
    row.seats.push(selectable);
  }

  /**
   * Gives each row its bounding box and orders rows nearest the focal point first, so best-available
   * finds a good block early and skips the rows that cannot beat it (a 50,000-seat bowl answers in
   * microseconds instead of scanning every seat).
   */
  indexRows() {
    const { x: fx, y: fy } = this.focal;
    const dist = (b: NonNullable<SelectableRow['box']>) => {
      const bx = b.minX > fx ? b.minX - fx : fx > b.maxX ? fx - b.maxX : 0;
      const by = b.minY > fy ? b.minY - fy : fy > b.maxY ? fy - b.maxY : 0;
      return bx * bx + by * by;
    };
    for (const row of this.rows) {
      const box = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
      for (const s of row.seats) {
        box.minX = Math.min(box.minX, s.x);
        box.maxX = Math.max(box.maxX, s.x);
        box.minY = Math.min(box.minY, s.y);
        box.maxY = Math.max(box.maxY, s.y);
      }
      row.box = box;
    }
    this.rows.sort((a, b) => dist(a.box!) - dist(b.box!));
  }

  holdFromRow(h: Record<string, string | number | null>): HoldRow {
    return {
      id: String(h.id),
      ticketTypeId: String(h.ticket_type_id),
      status: h.status as HoldStatus,
      seats: JSON.parse(String(h.seats)),
      quantity: Number(h.quantity),
      area: (h.area as string | null) ?? null,
      expiresAt: Number(h.expires_at),
      extended: h.extended === 1,
      orderId: (h.order_id as string | null) ?? null,
      fingerprint: String(h.fingerprint),
      createdAt: Number(h.created_at),
    };
  }

  /** Usage counters, derived from the committed holds and sales (never stored, so they can't drift). */
  recount() {
    this.typeUsage.clear();
    this.areaUsage.clear();
    for (const h of this.holds.values()) this.addUsage(h.ticketTypeId, h.area, h.quantity, 'held');
    for (const s of this.sql.exec<{ ticket_type_id: string; area: string | null; n: number }>(
      'SELECT ticket_type_id, area, SUM(quantity - cancelled) AS n FROM sales GROUP BY ticket_type_id, area',
    )) {
      this.addUsage(s.ticket_type_id, s.area, Number(s.n), 'sold');
    }
  }

  addUsage(typeId: string, area: string | null, n: number, kind: keyof Usage) {
    const t = this.typeUsage.get(typeId) ?? { held: 0, sold: 0 };
    t[kind] += n;
    this.typeUsage.set(typeId, t);
    if (area) {
      const a = this.areaUsage.get(area) ?? { held: 0, sold: 0 };
      a[kind] += n;
      this.areaUsage.set(area, a);
    }
  }

  bumpVersion() {
    this.version += 1;
    this.setMeta('version', String(this.version));
  }

  outbox(type: string, payload: Record<string, unknown>, now: number) {
    this.sql.exec('INSERT INTO outbox (type, payload, at) VALUES (?, ?, ?)', type, JSON.stringify(payload), now);
  }

  // ---- configuration -----------------------------------------------------------------------

  /** First call stores the layout snapshot; later calls only update the configuration (configure.ts). */
  hydrate(input: HydrateInput, now: number): Result<{ created: boolean }> {
    return hydrateVerb(this, input, now);
  }

  configure(next: InventoryConfig, now: number): Result<null> {
    return configureVerb(this, next, now);
  }

  // ---- holds -------------------------------------------------------------------------------

  view(h: HoldRow): HoldView {
    return { id: h.id, ticketTypeId: h.ticketTypeId, status: h.status, seats: h.seats, quantity: h.quantity, area: h.area, expiresAt: h.expiresAt, extended: h.extended, orderId: h.orderId };
  }

  /** Any hold, active or not. */
  findHold(id: string): HoldRow | null {
    return this.storedHold(id);
  }

  storedHold(id: string): HoldRow | null {
    const active = this.holds.get(id);
    if (active) return active;
    const row = this.sql.exec<Record<string, string | number | null>>('SELECT * FROM holds WHERE id = ?', id).toArray()[0];
    return row ? this.holdFromRow(row) : null;
  }

  nextExpiry(): number | null {
    let next: number | null = null;
    for (const h of this.holds.values()) if (next === null || h.expiresAt < next) next = h.expiresAt;
    return next;
  }


  // ---- sales -------------------------------------------------------------------------------

  remembered<T>(key: string, fingerprint: string): Result<T> | undefined {
    const row = this.sql.exec<{ fingerprint: string; response: string }>('SELECT fingerprint, response FROM idempotency WHERE key = ?', key).toArray()[0];
    if (!row) return undefined;
    if (row.fingerprint !== fingerprint) return fail('idempotency_conflict', 'This idempotency key was already used for a different request.');
    return JSON.parse(row.response) as Result<T>;
  }

  remember(key: string, fingerprint: string, result: Result<unknown>, now: number) {
    this.sql.exec('INSERT INTO idempotency (key, fingerprint, response, created_at) VALUES (?, ?, ?, ?)', key, fingerprint, JSON.stringify(result), now);
  }


  /** A scan at the gate (check-in, exit, re-entry); see checkins.ts. */
  checkIn(input: ScanInput, now: number) {
    return this.gate.scan(input, now);
  }

  undoCheckIn(input: { scanId: string; ticketRef: string }, now: number) {
    return this.gate.undo(input, now);
  }

  /** Many scans (an offline device's upload) in one transaction, each answered as if scanned alone. */
  checkInMany(inputs: readonly ScanInput[], now: number) {
    return inputs.map((input) => this.gate.scan(input, now));
  }

  // ---- views -------------------------------------------------------------------------------

  setSeat(id: string, status: SeatState['status'], holdId: string | null, orderId: string | null, typeId: string | null) {
    const seat = this.seats.get(id)!;
    if (!seat.notForSale) {
      if (seat.status === 'held') this.seatTally.held -= 1;
      if (seat.status === 'sold') this.seatTally.sold -= 1;
      if (status === 'held') this.seatTally.held += 1;
      if (status === 'sold') this.seatTally.sold += 1;
    }
    const wasFree = seat.selectable.free;
    if (!this.touched.has(id)) this.touched.set(id, wasFree);
    seat.status = status;
    seat.holdId = holdId;
    seat.orderId = orderId;
    seat.ticketTypeId = typeId;
    if (status === 'available') seat.checkedIn = false;
    seat.selectable.free = status === 'available' && !seat.notForSale;
    if (wasFree !== seat.selectable.free) this.freeByCategory.set(seat.category, (this.freeByCategory.get(seat.category) ?? 0) + (wasFree ? -1 : 1));
  }

  seatStatus(seat: SeatState): SeatStatus {
    if (seat.notForSale) return 'blocked';
    if (seat.status === 'sold') return seat.checkedIn ? 'checked_in' : 'sold';
    return seat.status;
  }

  pending: Change[] = [];
  /** Each changed seat's public availability (free) before its first change in this transaction, for the live channel. */
  touched = new Map<string, boolean>();

  emit(reason: string, ids: string[]) {
    this.pending.push({ reason, seats: ids.map((id) => ({ id, status: this.statusOf(id) })) });
  }

  /** A seat's status here; another shard's seat (a check-in at the coordinator) is sold, or checked in. */
  statusOf(id: string): SeatStatus {
    const seat = this.seats.get(id);
    if (seat) return this.seatStatus(seat);
    return this.foreignCheckedIn.has(id) ? 'checked_in' : 'sold';
  }

  /** The changes made since the last call, for the DO to broadcast after the transaction commits. */
  takeChanges(): Change[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** The seats changed since the last call, each with whether it was free (publicly available) before. */
  takeTouched(): Map<string, boolean> {
    const out = this.touched;
    this.touched = new Map();
    return out;
  }

  /** Forgets changes of a transaction that rolled back. */
  dropChanges() {
    this.pending = [];
    this.touched = new Map();
  }





  // ---- verbs (holds.ts, sales.ts, views.ts) --------------------------------------------------

  hold(req: HoldRequest, now: number): Result<HoldView> {
    return holdVerb(this, req, now);
  }

  extend(holdId: string, now: number): Result<HoldView> {
    return extendVerb(this, holdId, now);
  }

  release(holdId: string, now: number, reason: 'released' | 'expired' = 'released'): Result<HoldView> {
    return releaseVerb(this, holdId, now, reason);
  }

  expireDue(now: number): string[] {
    return expireDueVerb(this, now);
  }

  confirm(holdId: string, orderId: string, now: number, allowLate: boolean): Result<HoldView> {
    return confirmVerb(this, holdId, orderId, now, allowLate);
  }

  cancel(input: CancelInput, now: number) {
    return cancelVerb(this, input, now);
  }

  counts(now = Date.now()): LiveCounts {
    return countsView(this, now);
  }

  statusLists() {
    return statusListsView(this);
  }

  inspect(now: number): { violations: string[] } {
    return inspectView(this, now);
  }
}
