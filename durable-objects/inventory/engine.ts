/**
 * The inventory engine: the event's seats, GA areas, ticket types, holds and sales in memory, mirrored
 * in the DO's SQLite. Every operation checks and writes in one synchronous step (the DO wraps it in
 * transactionSync), so two requests can never both take the last seat.
 */
import type { SeatStatus } from '../../src/shared/live-protocol';
import type { LiveCounts } from '../../src/shared/live-protocol';
import { bestAvailable } from './best-available';
import { CheckIns, type ScanInput } from './checkins';
import { INVENTORY_DDL } from './schema';
import type { GaAreaSpec, SeatSpec, SelectableRow, SelectableSeat, TicketTypeSpec } from './types';

export type InventoryStatus = 'draft' | 'published' | 'on_sale' | 'sales_closed' | 'completed' | 'cancelled';

export type InventoryConfig = {
  eventId: string;
  organizationId: string;
  status: InventoryStatus;
  holdTtlMs: number;
  /** Scanning out and back in is allowed (issue 5's exit/re-entry). */
  reentryAllowed?: boolean;
  saleStartsAt: number | null;
  saleEndsAt: number | null;
  ticketTypes: TicketTypeSpec[];
};

export type HydrateInput = InventoryConfig & {
  layoutVersion: number | null;
  seats: SeatSpec[];
  gaAreas: GaAreaSpec[];
  focal: { x: number; y: number };
  categories: { key: string; name: string; color: string }[];
};

export type HoldRequest = {
  holdId: string;
  ticketTypeId: string;
  /** Exactly these seats (seated types). */
  seatIds?: string[];
  /** A GA quantity. */
  quantity?: number;
  /** N adjacent seats chosen for the buyer (seated types). */
  bestAvailable?: { quantity: number; category?: string; accessible?: boolean };
};

export type HoldStatus = 'active' | 'confirmed' | 'released' | 'expired';

export type HoldView = {
  id: string;
  ticketTypeId: string;
  status: HoldStatus;
  seats: string[];
  quantity: number;
  area: string | null;
  expiresAt: number;
  extended: boolean;
  orderId: string | null;
};

export type Failure = { ok: false; code: string; message: string; seats?: string[] };
export type Result<T> = { ok: true; value: T } | Failure;

export type SeatChange = { id: string; status: SeatStatus };
export type Change = { reason: string; seats: SeatChange[] };

type SeatState = SeatSpec & { status: 'available' | 'held' | 'sold'; holdId: string | null; orderId: string | null; ticketTypeId: string | null; checkedIn: boolean; selectable: SelectableSeat };
type HoldRow = HoldView & { fingerprint: string; createdAt: number };
type Usage = { held: number; sold: number };

const fail = (code: string, message: string, seats?: string[]): Failure => ({ ok: false, code, message, ...(seats ? { seats } : {}) });

/** A hold may be extended once, by at most this much beyond its current expiry, and never past creation + this cap. */
export const MAX_HOLD_LIFETIME_FACTOR = 2;

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
  private readonly seatTally = { capacity: 0, held: 0, sold: 0 };
  private readonly freeByCategory = new Map<string, number>();

  constructor(private readonly sql: SqlStorage) {
    for (const ddl of INVENTORY_DDL) sql.exec(ddl);
    this.load();
    this.gate = new CheckIns({
      sql,
      reentryAllowed: () => this.config?.reentryAllowed ?? false,
      gatesOf: (id) => this.types.get(id)?.gateIds ?? null,
      seatSold: (id) => this.seats.get(id)?.status === 'sold',
      setSeatCheckedIn: (id, checkedIn) => {
        const seat = this.seats.get(id);
        if (seat) seat.checkedIn = checkedIn;
      },
      remembered: (key, fingerprint) => this.remembered(key, fingerprint),
      remember: (key, fingerprint, result, now) => this.remember(key, fingerprint, result, now),
      changed: (type, payload, now, reason, seatIds) => {
        this.bumpVersion();
        this.outbox(type, payload, now);
        this.emit(reason, seatIds);
      },
    });
  }

  get checkedIn(): number {
    return this.gate.total;
  }

  get hydrated(): boolean {
    return this.config !== null;
  }

  // ---- loading -------------------------------------------------------------------------------

  private meta(key: string): string | null {
    const row = this.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0];
    return row?.value ?? null;
  }

  private setMeta(key: string, value: string) {
    this.sql.exec('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
  }

  /** Rebuilds memory from SQLite: the state after a restart is exactly what was committed. */
  private load() {
    const config = this.meta('config');
    if (!config) return;
    this.config = JSON.parse(config);
    this.version = Number(this.meta('version') ?? 0);
    this.focal = JSON.parse(this.meta('focal') ?? '{"x":0,"y":0}');
    this.categories = JSON.parse(this.meta('categories') ?? '[]');
    this.layoutVersion = JSON.parse(this.meta('layout_version') ?? 'null');
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

  private addSeat(spec: SeatSpec, rowIndex: Map<string, SelectableRow>, state: Pick<SeatState, 'status' | 'holdId' | 'orderId' | 'ticketTypeId' | 'checkedIn'>) {
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
  private indexRows() {
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

  private holdFromRow(h: Record<string, string | number | null>): HoldRow {
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
  private recount() {
    this.typeUsage.clear();
    this.areaUsage.clear();
    for (const h of this.holds.values()) this.addUsage(h.ticketTypeId, h.area, h.quantity, 'held');
    for (const s of this.sql.exec<{ ticket_type_id: string; area: string | null; n: number }>(
      'SELECT ticket_type_id, area, SUM(quantity - cancelled) AS n FROM sales GROUP BY ticket_type_id, area',
    )) {
      this.addUsage(s.ticket_type_id, s.area, Number(s.n), 'sold');
    }
  }

  private addUsage(typeId: string, area: string | null, n: number, kind: keyof Usage) {
    const t = this.typeUsage.get(typeId) ?? { held: 0, sold: 0 };
    t[kind] += n;
    this.typeUsage.set(typeId, t);
    if (area) {
      const a = this.areaUsage.get(area) ?? { held: 0, sold: 0 };
      a[kind] += n;
      this.areaUsage.set(area, a);
    }
  }

  private bumpVersion() {
    this.version += 1;
    this.setMeta('version', String(this.version));
  }

  private outbox(type: string, payload: Record<string, unknown>, now: number) {
    this.sql.exec('INSERT INTO outbox (type, payload, at) VALUES (?, ?, ?)', type, JSON.stringify(payload), now);
  }

  // ---- configuration -----------------------------------------------------------------------

  /** First call stores the layout snapshot; later calls only update the configuration (seats never move). */
  hydrate(input: HydrateInput, now: number): Result<{ created: boolean }> {
    if (this.hydrated) {
      const configured = this.configure(input, now);
      return configured.ok ? { ok: true, value: { created: false } } : configured;
    }
    const check = this.checkTicketTypes(input.ticketTypes, new Map(input.gaAreas.map((a) => [a.key, a])), new Set(input.categories.map((c) => c.key)));
    if (!check.ok) return check;
    const config: InventoryConfig = { ...input };
    delete (config as Partial<HydrateInput>).seats;
    delete (config as Partial<HydrateInput>).gaAreas;
    delete (config as Partial<HydrateInput>).focal;
    delete (config as Partial<HydrateInput>).categories;
    delete (config as Partial<HydrateInput>).layoutVersion;
    for (const s of input.seats) {
      this.sql.exec(
        'INSERT INTO seats (id, section, row, label, position, x, y, category, accessible, restricted_view, not_for_sale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        s.id, s.section, s.row, s.label, s.position, s.x, s.y, s.category, s.accessible ? 1 : 0, s.restrictedView ? 1 : 0, s.notForSale ? 1 : 0,
      );
    }
    for (const a of input.gaAreas) this.sql.exec('INSERT INTO ga_areas (key, name, capacity) VALUES (?, ?, ?)', a.key, a.name, a.capacity);
    this.setMeta('config', JSON.stringify(config));
    this.setMeta('focal', JSON.stringify(input.focal));
    this.setMeta('categories', JSON.stringify(input.categories));
    this.setMeta('layout_version', JSON.stringify(input.layoutVersion));
    this.bumpVersion();
    this.outbox('inventory.hydrated', { seats: input.seats.length, gaAreas: input.gaAreas.length }, now);
    // Memory last: everything above either committed or threw.
    const rowIndex = new Map<string, SelectableRow>();
    const sorted = [...input.seats].sort((a, b) => (a.section < b.section ? -1 : a.section > b.section ? 1 : a.row < b.row ? -1 : a.row > b.row ? 1 : a.position - b.position));
    for (const s of sorted) this.addSeat(s, rowIndex, { status: 'available', holdId: null, orderId: null, ticketTypeId: null, checkedIn: false });
    for (const a of input.gaAreas) this.areas.set(a.key, a);
    this.config = config;
    this.focal = input.focal;
    this.indexRows();
    this.categories = input.categories;
    this.layoutVersion = input.layoutVersion;
    for (const t of config.ticketTypes) this.types.set(t.id, t);
    return { ok: true, value: { created: true } };
  }

  private checkTicketTypes(types: TicketTypeSpec[], areas: Map<string, GaAreaSpec>, categories: Set<string>): Result<null> {
    for (const t of types) {
      if (t.kind === 'ga' && t.gaAreaKey && !areas.has(t.gaAreaKey)) return fail('unknown_area', `Ticket type ${t.name} admits to area '${t.gaAreaKey}', which the layout does not have.`);
      if (t.kind === 'ga' && !t.gaAreaKey && t.capacity === null) return fail('capacity_required', `Ticket type ${t.name} needs a capacity or a GA area.`);
      if (t.kind === 'seated' && this.seats.size + categories.size > 0 && t.categories.some((c) => !categories.has(c))) {
        return fail('unknown_category', `Ticket type ${t.name} sells a category the layout does not have.`);
      }
      const used = this.typeUsage.get(t.id);
      if (t.capacity !== null && used && used.held + used.sold > t.capacity) {
        return fail('capacity_below_used', `Ticket type ${t.name} already has ${used.held + used.sold} held or sold; its capacity cannot go below that.`);
      }
    }
    for (const [id, used] of this.typeUsage) {
      if (used.held + used.sold > 0 && !types.some((t) => t.id === id)) return fail('ticket_type_in_use', 'A ticket type with holds or sales cannot be removed.');
    }
    return { ok: true, value: null };
  }

  configure(next: InventoryConfig, now: number): Result<null> {
    if (!this.config) return fail('not_hydrated', 'The event has not been published yet.');
    const check = this.checkTicketTypes(next.ticketTypes, this.areas, new Set(this.categories.map((c) => c.key)));
    if (!check.ok) return check;
    const config: InventoryConfig = {
      eventId: this.config.eventId,
      organizationId: this.config.organizationId,
      status: next.status,
      holdTtlMs: next.holdTtlMs,
      reentryAllowed: next.reentryAllowed ?? false,
      saleStartsAt: next.saleStartsAt,
      saleEndsAt: next.saleEndsAt,
      ticketTypes: next.ticketTypes,
    };
    this.setMeta('config', JSON.stringify(config));
    this.bumpVersion();
    this.outbox('inventory.configured', { status: config.status }, now);
    this.config = config;
    this.types.clear();
    for (const t of config.ticketTypes) this.types.set(t.id, t);
    return { ok: true, value: null };
  }

  // ---- holds -------------------------------------------------------------------------------

  view(h: HoldRow): HoldView {
    return { id: h.id, ticketTypeId: h.ticketTypeId, status: h.status, seats: h.seats, quantity: h.quantity, area: h.area, expiresAt: h.expiresAt, extended: h.extended, orderId: h.orderId };
  }

  /** Any hold, active or not. */
  findHold(id: string): HoldRow | null {
    return this.storedHold(id);
  }

  private storedHold(id: string): HoldRow | null {
    const active = this.holds.get(id);
    if (active) return active;
    const row = this.sql.exec<Record<string, string | number | null>>('SELECT * FROM holds WHERE id = ?', id).toArray()[0];
    return row ? this.holdFromRow(row) : null;
  }

  private saleOpen(type: TicketTypeSpec, now: number): Failure | null {
    const c = this.config!;
    if (c.status !== 'on_sale') return fail('not_on_sale', 'Tickets for this event are not on sale.');
    if (c.saleStartsAt !== null && now < c.saleStartsAt) return fail('sale_not_started', 'The sale has not started yet.');
    if (c.saleEndsAt !== null && now >= c.saleEndsAt) return fail('sale_ended', 'The sale has ended.');
    if (type.saleStartsAt !== null && now < type.saleStartsAt) return fail('sale_not_started', `${type.name} is not on sale yet.`);
    if (type.saleEndsAt !== null && now >= type.saleEndsAt) return fail('sale_ended', `${type.name} is no longer on sale.`);
    return null;
  }

  /** Room left for n more of `type` (its own cap and its area's), or why not. */
  private capacityFor(type: TicketTypeSpec, n: number, releasing = { type: 0, area: 0 }): Failure | null {
    const used = this.typeUsage.get(type.id) ?? { held: 0, sold: 0 };
    if (type.capacity !== null && used.held + used.sold - releasing.type + n > type.capacity) {
      return fail('sold_out', `Only ${Math.max(0, type.capacity - used.held - used.sold + releasing.type)} ${type.name} left.`);
    }
    if (type.kind === 'ga' && type.gaAreaKey) {
      const area = this.areas.get(type.gaAreaKey)!;
      const a = this.areaUsage.get(area.key) ?? { held: 0, sold: 0 };
      if (a.held + a.sold - releasing.area + n > area.capacity) return fail('sold_out', `Only ${Math.max(0, area.capacity - a.held - a.sold + releasing.area)} places left in ${area.name}.`);
    }
    return null;
  }

  /** Chooses the seats a seated request wants, or says why it can't have them. */
  private pickSeats(type: TicketTypeSpec, req: HoldRequest, allowHoldId?: string): Result<string[]> {
    if (req.seatIds) {
      const ids = [...new Set(req.seatIds)];
      if (ids.length !== req.seatIds.length) return fail('duplicate_seats', 'The same seat is listed twice.');
      const unknown = ids.filter((id) => !this.seats.has(id));
      if (unknown.length) return fail('seat_unknown', 'Some seats do not exist at this event.', unknown);
      const wrong = ids.filter((id) => !type.categories.includes(this.seats.get(id)!.category));
      if (wrong.length) return fail('wrong_category', `${type.name} is not sold for some of these seats.`, wrong);
      const taken = ids.filter((id) => {
        const s = this.seats.get(id)!;
        return s.notForSale || (s.status !== 'available' && !(allowHoldId && s.status === 'held' && s.holdId === allowHoldId));
      });
      if (taken.length) return fail('seats_unavailable', 'Some seats are no longer available.', taken);
      return { ok: true, value: ids };
    }
    const best = req.bestAvailable!;
    if (best.category && !type.categories.includes(best.category)) return fail('wrong_category', `${type.name} is not sold in category ${best.category}.`);
    const chosen = bestAvailable(this.rows, {
      quantity: best.quantity,
      categories: best.category ? [best.category] : type.categories,
      accessible: best.accessible ?? false,
      focal: this.focal,
    });
    if (!chosen) return fail('no_adjacent_seats', `No ${best.quantity} seats together are available${best.category ? ` in ${best.category}` : ''}.`);
    return { ok: true, value: chosen };
  }

  hold(req: HoldRequest, now: number): Result<HoldView> {
    if (!this.config) return fail('not_on_sale', 'Tickets for this event are not on sale.');
    const fingerprint = JSON.stringify([req.ticketTypeId, req.seatIds ?? null, req.quantity ?? null, req.bestAvailable ?? null]);
    const existing = this.storedHold(req.holdId);
    if (existing) {
      if (existing.fingerprint !== fingerprint) return fail('idempotency_conflict', 'This hold id was already used for a different request.');
      return { ok: true, value: this.view(existing) };
    }
    const type = this.types.get(req.ticketTypeId);
    if (!type) return fail('unknown_ticket_type', 'No such ticket type for this event.');
    const closed = this.saleOpen(type, now);
    if (closed) return closed;
    const modes = [req.seatIds !== undefined, req.quantity !== undefined, req.bestAvailable !== undefined].filter(Boolean).length;
    if (modes !== 1) return fail('invalid_request', 'Ask for seats, a quantity, or best available: exactly one.');
    if (type.kind === 'ga' && req.quantity === undefined) return fail('invalid_request', `${type.name} is general admission: ask for a quantity.`);
    if (type.kind === 'seated' && req.quantity !== undefined) return fail('invalid_request', `${type.name} is seated: pick seats or ask for best available.`);
    const quantity = req.quantity ?? req.seatIds?.length ?? req.bestAvailable!.quantity;
    if (!Number.isInteger(quantity) || quantity < type.minPerOrder || quantity > type.maxPerOrder) {
      return fail('quantity_out_of_range', `${type.name}: between ${type.minPerOrder} and ${type.maxPerOrder} per order.`);
    }
    const full = this.capacityFor(type, quantity);
    if (full) return full;
    let seatIds: string[] = [];
    if (type.kind === 'seated') {
      const picked = this.pickSeats(type, req);
      if (!picked.ok) return picked;
      seatIds = picked.value;
    }
    const hold: HoldRow = {
      id: req.holdId,
      ticketTypeId: type.id,
      status: 'active',
      seats: seatIds,
      quantity,
      area: type.kind === 'ga' ? type.gaAreaKey : null,
      expiresAt: now + this.config.holdTtlMs,
      extended: false,
      orderId: null,
      fingerprint,
      createdAt: now,
    };
    this.sql.exec(
      'INSERT INTO holds (id, ticket_type_id, quantity, seats, area, status, expires_at, extended, order_id, fingerprint, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)',
      hold.id, hold.ticketTypeId, hold.quantity, JSON.stringify(hold.seats), hold.area, 'active', hold.expiresAt, fingerprint, now, now,
    );
    for (const id of seatIds) this.sql.exec("UPDATE seats SET status = 'held', hold_id = ?, ticket_type_id = ? WHERE id = ?", hold.id, type.id, id);
    this.bumpVersion();
    this.outbox('hold.created', { holdId: hold.id, ticketTypeId: type.id, quantity, seats: seatIds }, now);
    this.holds.set(hold.id, hold);
    this.addUsage(type.id, hold.area, quantity, 'held');
    for (const id of seatIds) this.setSeat(id, 'held', hold.id, null, type.id);
    this.emit('held', seatIds);
    return { ok: true, value: this.view(hold) };
  }

  /** Once per hold: pushes expiry out by one TTL, never beyond creation + 2 TTLs. Repeating answers the same. */
  extend(holdId: string, now: number): Result<HoldView> {
    const hold = this.storedHold(holdId);
    if (!hold) return fail('hold_not_found', 'No such hold.');
    if (hold.status !== 'active' || hold.expiresAt <= now) return fail('hold_not_active', `The hold is ${hold.status === 'active' ? 'expired' : hold.status}.`);
    if (hold.extended) return { ok: true, value: this.view(hold) };
    const ttl = this.config!.holdTtlMs;
    const expiresAt = Math.min(hold.expiresAt + ttl, hold.createdAt + MAX_HOLD_LIFETIME_FACTOR * ttl);
    this.sql.exec('UPDATE holds SET expires_at = ?, extended = 1, updated_at = ? WHERE id = ?', expiresAt, now, holdId);
    this.bumpVersion();
    hold.expiresAt = expiresAt;
    hold.extended = true;
    return { ok: true, value: this.view(hold) };
  }

  /** Frees an active hold (by request or by expiry). Releasing a hold that is no longer active answers its state. */
  release(holdId: string, now: number, reason: 'released' | 'expired' = 'released'): Result<HoldView> {
    const hold = this.storedHold(holdId);
    if (!hold) return fail('hold_not_found', 'No such hold.');
    if (hold.status !== 'active') return { ok: true, value: this.view(hold) };
    this.sql.exec('UPDATE holds SET status = ?, updated_at = ? WHERE id = ?', reason, now, holdId);
    for (const id of hold.seats) this.sql.exec("UPDATE seats SET status = 'available', hold_id = NULL, ticket_type_id = NULL WHERE id = ? AND hold_id = ?", id, holdId);
    this.bumpVersion();
    this.outbox(`hold.${reason}`, { holdId, seats: hold.seats, quantity: hold.quantity }, now);
    this.holds.delete(holdId);
    hold.status = reason;
    this.addUsage(hold.ticketTypeId, hold.area, -hold.quantity, 'held');
    for (const id of hold.seats) this.setSeat(id, 'available', null, null, null);
    this.emit(reason, hold.seats);
    return { ok: true, value: this.view(hold) };
  }

  /** Frees every active hold whose time is up; the alarm calls this. */
  expireDue(now: number): string[] {
    const due = [...this.holds.values()].filter((h) => h.expiresAt <= now).map((h) => h.id);
    for (const id of due) this.release(id, now, 'expired');
    return due;
  }

  nextExpiry(): number | null {
    let next: number | null = null;
    for (const h of this.holds.values()) if (next === null || h.expiresAt < next) next = h.expiresAt;
    return next;
  }

  /**
   * Turns a hold into sold seats/places bound to an order. Repeating with the same order answers the
   * same. A hold that expired or was released is still honoured when `allowLate` and what it held is free.
   */
  confirm(holdId: string, orderId: string, now: number, allowLate: boolean): Result<HoldView> {
    const hold = this.storedHold(holdId);
    if (!hold) return fail('hold_not_found', 'No such hold.');
    if (hold.status === 'confirmed') {
      return hold.orderId === orderId ? { ok: true, value: this.view(hold) } : fail('hold_confirmed_elsewhere', 'This hold was already bought by another order.');
    }
    const live = hold.status === 'active' && hold.expiresAt > now;
    if (!live && !allowLate) return fail('hold_expired', 'The hold has expired.');
    const type = this.types.get(hold.ticketTypeId);
    if (!type) return fail('unknown_ticket_type', 'The ticket type is gone.');
    if (!live) {
      const stillHeld = hold.status === 'active';
      const room = this.capacityFor(type, hold.quantity, stillHeld ? { type: hold.quantity, area: hold.area ? hold.quantity : 0 } : { type: 0, area: 0 });
      if (room) return fail('hold_expired_unavailable', 'The hold expired and its tickets were taken by someone else.');
      if (hold.seats.length) {
        const picked = this.pickSeats(type, { holdId, ticketTypeId: type.id, seatIds: hold.seats }, stillHeld ? holdId : undefined);
        if (!picked.ok) return fail('hold_expired_unavailable', 'The hold expired and its seats were taken by someone else.', picked.seats);
      }
    }
    this.sql.exec("UPDATE holds SET status = 'confirmed', order_id = ?, updated_at = ? WHERE id = ?", orderId, now, holdId);
    for (const id of hold.seats) {
      this.sql.exec("UPDATE seats SET status = 'sold', hold_id = NULL, order_id = ?, ticket_type_id = ? WHERE id = ?", orderId, type.id, id);
      this.sql.exec('INSERT INTO sales (order_id, hold_id, ticket_type_id, area, seat_id, quantity) VALUES (?, ?, ?, NULL, ?, 1)', orderId, holdId, type.id, id);
    }
    if (!hold.seats.length) {
      this.sql.exec('INSERT INTO sales (order_id, hold_id, ticket_type_id, area, seat_id, quantity) VALUES (?, ?, ?, ?, NULL, ?)', orderId, holdId, type.id, hold.area, hold.quantity);
    }
    this.bumpVersion();
    this.outbox('hold.confirmed', { holdId, orderId, ticketTypeId: type.id, seats: hold.seats, quantity: hold.quantity, late: !live }, now);
    if (hold.status === 'active') {
      this.holds.delete(holdId);
      this.addUsage(type.id, hold.area, -hold.quantity, 'held');
    }
    hold.status = 'confirmed';
    hold.orderId = orderId;
    this.addUsage(type.id, hold.area, hold.quantity, 'sold');
    for (const id of hold.seats) this.setSeat(id, 'sold', null, orderId, type.id);
    this.emit('sold', hold.seats);
    return { ok: true, value: this.view(hold) };
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

  /**
   * Puts sold seats/places of an order back on sale (refund, cancellation): the given seats, or a GA
   * quantity of a ticket type, or everything the order holds. Keyed, so a retried refund does it once.
   */
  cancel(input: { key: string; orderId: string; seatIds?: string[]; ticketTypeId?: string; quantity?: number }, now: number): Result<{ seats: string[]; quantity: number }> {
    const fingerprint = JSON.stringify([input.orderId, input.seatIds ?? null, input.ticketTypeId ?? null, input.quantity ?? null]);
    const seen = this.remembered<{ seats: string[]; quantity: number }>(`cancel:${input.key}`, fingerprint);
    if (seen) return seen;
    const sales = this.sql
      .exec<{ id: number; ticket_type_id: string; area: string | null; seat_id: string | null; quantity: number; cancelled: number }>(
        'SELECT id, ticket_type_id, area, seat_id, quantity, cancelled FROM sales WHERE order_id = ? AND quantity > cancelled ORDER BY id',
        input.orderId,
      )
      .toArray();
    if (!sales.length) return fail('nothing_to_cancel', 'This order has nothing sold to cancel.');
    let picks: { id: number; typeId: string; area: string | null; seat: string | null; n: number }[];
    if (input.seatIds) {
      const bySeat = new Map(sales.filter((s) => s.seat_id).map((s) => [s.seat_id!, s]));
      const missing = input.seatIds.filter((id) => !bySeat.has(id));
      if (missing.length) return fail('seat_not_in_order', 'Some seats are not sold to this order.', missing);
      picks = input.seatIds.map((id) => {
        const s = bySeat.get(id)!;
        return { id: s.id, typeId: s.ticket_type_id, area: s.area, seat: id, n: 1 };
      });
    } else if (input.ticketTypeId) {
      let left = input.quantity ?? Number.POSITIVE_INFINITY;
      picks = [];
      for (const s of sales.filter((s) => s.ticket_type_id === input.ticketTypeId)) {
        if (left <= 0) break;
        const n = Math.min(left, s.quantity - s.cancelled);
        picks.push({ id: s.id, typeId: s.ticket_type_id, area: s.area, seat: s.seat_id, n });
        left -= n;
      }
      if (!picks.length || (input.quantity !== undefined && left > 0)) return fail('nothing_to_cancel', 'The order does not have that many of this ticket type.');
    } else {
      picks = sales.map((s) => ({ id: s.id, typeId: s.ticket_type_id, area: s.area, seat: s.seat_id, n: s.quantity - s.cancelled }));
    }
    for (const p of picks) {
      this.sql.exec('UPDATE sales SET cancelled = cancelled + ? WHERE id = ?', p.n, p.id);
      if (p.seat) this.sql.exec("UPDATE seats SET status = 'available', order_id = NULL, ticket_type_id = NULL, checked_in = 0 WHERE id = ?", p.seat);
    }
    const seats = picks.filter((p) => p.seat).map((p) => p.seat!);
    const result: Result<{ seats: string[]; quantity: number }> = { ok: true, value: { seats, quantity: picks.reduce((n, p) => n + p.n, 0) } };
    this.remember(`cancel:${input.key}`, fingerprint, result, now);
    this.bumpVersion();
    this.outbox('sale.cancelled', { orderId: input.orderId, seats, quantity: result.value.quantity }, now);
    for (const p of picks) this.addUsage(p.typeId, p.area, -p.n, 'sold');
    for (const id of seats) this.setSeat(id, 'available', null, null, null);
    this.emit('cancelled', seats);
    return result;
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

  private setSeat(id: string, status: SeatState['status'], holdId: string | null, orderId: string | null, typeId: string | null) {
    const seat = this.seats.get(id)!;
    if (!seat.notForSale) {
      if (seat.status === 'held') this.seatTally.held -= 1;
      if (seat.status === 'sold') this.seatTally.sold -= 1;
      if (status === 'held') this.seatTally.held += 1;
      if (status === 'sold') this.seatTally.sold += 1;
    }
    const wasFree = seat.selectable.free;
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

  private pending: Change[] = [];

  private emit(reason: string, ids: string[]) {
    this.pending.push({ reason, seats: ids.map((id) => ({ id, status: this.seatStatus(this.seats.get(id)!) })) });
  }

  /** The changes made since the last call, for the DO to broadcast after the transaction commits. */
  takeChanges(): Change[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Forgets changes of a transaction that rolled back. */
  dropChanges() {
    this.pending = [];
  }

  counts(now = Date.now()): LiveCounts {
    const { capacity: seatCapacity, held: heldSeats, sold: soldSeats } = this.seatTally;
    const areas: LiveCounts['areas'] = {};
    let gaCapacity = 0;
    let gaHeld = 0;
    let gaSold = 0;
    for (const a of this.areas.values()) {
      const u = this.areaUsage.get(a.key) ?? { held: 0, sold: 0 };
      areas[a.key] = { capacity: a.capacity, held: u.held, sold: u.sold, available: a.capacity - u.held - u.sold };
      gaCapacity += a.capacity;
      gaHeld += u.held;
      gaSold += u.sold;
    }
    const ticketTypes: LiveCounts['ticketTypes'] = {};
    for (const t of this.types.values()) {
      const u = this.typeUsage.get(t.id) ?? { held: 0, sold: 0 };
      if (t.kind === 'ga' && !t.gaAreaKey) {
        gaCapacity += t.capacity ?? 0;
        gaHeld += u.held;
        gaSold += u.sold;
      }
      ticketTypes[t.id] = { capacity: t.capacity, held: u.held, sold: u.sold, available: this.availableFor(t, u) };
    }
    const gates = this.gate.live(now);
    return {
      capacity: seatCapacity + gaCapacity,
      held: heldSeats + gaHeld,
      sold: soldSeats + gaSold,
      checkedIn: this.checkedIn,
      inside: gates.inside,
      gates: gates.byGate,
      checkInsPerMinute: gates.perMinute,
      ticketTypes,
      areas,
    };
  }

  private availableFor(t: TicketTypeSpec, u: Usage): number | null {
    const own = t.capacity === null ? null : t.capacity - u.held - u.sold;
    let pool: number | null = null;
    if (t.kind === 'ga' && t.gaAreaKey) {
      const a = this.areas.get(t.gaAreaKey)!;
      const au = this.areaUsage.get(a.key) ?? { held: 0, sold: 0 };
      pool = a.capacity - au.held - au.sold;
    } else if (t.kind === 'seated') {
      pool = t.categories.reduce((n, c) => n + (this.freeByCategory.get(c) ?? 0), 0);
    }
    if (own === null) return pool;
    return pool === null ? own : Math.min(own, pool);
  }

  /** Seat ids by status, for the live channel's first message. */
  statusLists() {
    const lists = { held: [] as string[], sold: [] as string[], checked_in: [] as string[], blocked: [] as string[] };
    for (const s of this.seats.values()) {
      const status = this.seatStatus(s);
      if (status !== 'available') lists[status].push(s.id);
    }
    return lists;
  }

  /**
   * Recomputes everything from SQLite (not memory) and lists every broken invariant: the property
   * tests call it after each step, and so can reconciliation.
   */
  inspect(now: number): { violations: string[] } {
    const violations: string[] = [];
    const activeHolds = this.sql.exec<Record<string, string | number | null>>("SELECT * FROM holds WHERE status = 'active'").toArray().map((h) => this.holdFromRow(h));
    const seatRows = this.sql.exec<{ id: string; status: string; hold_id: string | null; order_id: string | null }>('SELECT id, status, hold_id, order_id FROM seats').toArray();
    const seatHolders = new Map<string, number>();
    for (const h of activeHolds) {
      if (h.expiresAt <= now - 60_000) violations.push(`hold ${h.id} expired a minute ago and still holds`);
      for (const id of h.seats) seatHolders.set(id, (seatHolders.get(id) ?? 0) + 1);
    }
    const soldSeats = this.sql.exec<{ seat_id: string; n: number; orders: number }>(
      'SELECT seat_id, SUM(quantity - cancelled) AS n, COUNT(DISTINCT order_id) AS orders FROM sales WHERE seat_id IS NOT NULL AND quantity > cancelled GROUP BY seat_id',
    ).toArray();
    const soldBy = new Map(soldSeats.map((s) => [s.seat_id, s]));
    for (const s of soldSeats) if (s.n > 1 || s.orders > 1) violations.push(`seat ${s.seat_id} sold ${s.n} times to ${s.orders} orders`);
    for (const seat of seatRows) {
      const held = seatHolders.get(seat.id) ?? 0;
      const sold = soldBy.get(seat.id)?.n ?? 0;
      if (held + sold > 1) violations.push(`seat ${seat.id}: held ${held} + sold ${sold} > 1`);
      if (seat.status === 'held' && held !== 1) violations.push(`seat ${seat.id} marked held by ${held} active holds`);
      if (seat.status === 'sold' && sold !== 1) violations.push(`seat ${seat.id} marked sold but sold ${sold} times`);
      if (seat.status === 'available' && held + sold > 0) violations.push(`seat ${seat.id} marked available but held/sold`);
      const mem = this.seats.get(seat.id);
      if (!mem || mem.status !== seat.status) violations.push(`seat ${seat.id}: memory ${mem?.status} ≠ storage ${seat.status}`);
    }
    const typeTotals = new Map<string, number>();
    const areaTotals = new Map<string, number>();
    for (const h of activeHolds) {
      typeTotals.set(h.ticketTypeId, (typeTotals.get(h.ticketTypeId) ?? 0) + h.quantity);
      if (h.area) areaTotals.set(h.area, (areaTotals.get(h.area) ?? 0) + h.quantity);
    }
    for (const s of this.sql.exec<{ ticket_type_id: string; area: string | null; n: number }>('SELECT ticket_type_id, area, SUM(quantity - cancelled) AS n FROM sales GROUP BY ticket_type_id, area')) {
      typeTotals.set(s.ticket_type_id, (typeTotals.get(s.ticket_type_id) ?? 0) + Number(s.n));
      if (s.area) areaTotals.set(s.area, (areaTotals.get(s.area) ?? 0) + Number(s.n));
    }
    for (const t of this.types.values()) {
      const total = typeTotals.get(t.id) ?? 0;
      if (t.capacity !== null && total > t.capacity) violations.push(`ticket type ${t.id}: held + sold ${total} > capacity ${t.capacity}`);
      const mem = this.typeUsage.get(t.id) ?? { held: 0, sold: 0 };
      if (mem.held + mem.sold !== total) violations.push(`ticket type ${t.id}: memory ${mem.held + mem.sold} ≠ storage ${total}`);
    }
    for (const a of this.areas.values()) {
      const total = areaTotals.get(a.key) ?? 0;
      if (total > a.capacity) violations.push(`area ${a.key}: held + sold ${total} > capacity ${a.capacity}`);
    }
    return { violations };
  }
}
