/**
 * EventInventory: one Durable Object per event, the single writer of its seats, GA counts, holds,
 * sales and check-ins. Typed RPC methods; holds expire by alarm; a hibernating WebSocket channel
 * broadcasts every change to open seat maps.
 */
import { DurableObject } from 'cloudflare:workers';
import type { LiveSnapshot } from '../src/shared/live-protocol';
import type { ScanInput } from './inventory/checkins';
import { InventoryEngine, type HoldRequest, type HydrateInput, type InventoryConfig, type Result } from './inventory/engine';
import { liveLimits, LiveSockets } from './inventory/live-sockets';
import { publicSeatMap, publicTicketTypes } from './inventory/projection';

/** Idempotency answers are kept a day: longer than any client retries a request. */
const IDEMPOTENCY_RETENTION_MS = 24 * 3600_000;
/** One offline upload's worth of scans per call. */
export const MAX_SCANS_PER_CALL = 1_000;
/** Storage key of the highest public seat-map version served as a snapshot (interim, see publicSeatMapJson). */
const SERVED_SEAT_MAP_VERSION = 'public_seat_map_served_version';
/** The safety net wakes the object at least this often while holds are active. */
const SWEEP_INTERVAL_MS = 60_000;

export class EventInventory extends DurableObject<Cloudflare.Env> {
  private engine!: InventoryEngine;
  private clockOffsetMs = 0;
  private readonly live: LiveSockets;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.live = new LiveSockets(ctx, { snapshot: () => this.snapshot(), visibleTypeIds: () => this.visibleTypeIds() }, liveLimits(env));
    ctx.blockConcurrencyWhile(async () => {
      this.engine = new InventoryEngine(ctx.storage.sql);
      this.clockOffsetMs = Number((await ctx.storage.get<number>('clock_offset_ms')) ?? 0);
      // Interim (see publicSeatMapJson): versions already served over HTTP are never reused after a restart.
      this.live.raiseFloor(Number((await ctx.storage.get<number>(SERVED_SEAT_MAP_VERSION)) ?? 0));
    });
  }

  private now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /**
   * Runs one engine operation as one storage transaction, then (only if it committed) schedules the
   * next expiry and broadcasts what changed. Nothing awaits between the check and the write.
   */
  private async mutate<T>(op: (now: number) => T): Promise<T> {
    const now = this.now();
    let result: T;
    try {
      result = this.ctx.storage.transactionSync(() => op(now));
    } catch (error) {
      this.engine.dropChanges();
      // Memory may be ahead of the rolled-back storage: rebuild it from what committed.
      this.engine = new InventoryEngine(this.ctx.storage.sql);
      this.live.reset();
      throw error;
    }
    await this.scheduleAlarm();
    this.broadcast();
    return result;
  }

  private async scheduleAlarm() {
    const next = this.engine.nextExpiry();
    if (next === null) return;
    const at = Math.min(next - this.clockOffsetMs, Date.now() + SWEEP_INTERVAL_MS);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(Math.max(at, Date.now()));
  }

  // ---- RPC ---------------------------------------------------------------------------------

  async hydrate(input: HydrateInput): Promise<Result<{ created: boolean }>> {
    return this.mutate((now) => this.engine.hydrate(input, now));
  }

  async configure(config: InventoryConfig): Promise<Result<null>> {
    const result = await this.mutate((now) => this.engine.configure(config, now));
    // Closing or cancelling a sale lets go of every hold at once.
    if (result.ok && (config.status === 'cancelled' || config.status === 'completed')) {
      await this.mutate((now) => [...this.engine.holds.keys()].forEach((id) => this.engine.release(id, now)));
    }
    this.broadcastStatus();
    return result;
  }

  async hold(request: HoldRequest) {
    return this.mutate((now) => this.engine.hold(request, now));
  }

  async extendHold(holdId: string) {
    return this.mutate((now) => this.engine.extend(holdId, now));
  }

  async releaseHold(holdId: string) {
    return this.mutate((now) => this.engine.release(holdId, now));
  }

  async getHold(holdId: string) {
    const hold = this.engine.findHold(holdId);
    return hold ? this.engine.view(hold) : null;
  }

  async confirmHold(holdId: string, orderId: string, options: { allowLate?: boolean } = {}) {
    return this.mutate((now) => this.engine.confirm(holdId, orderId, now, options.allowLate ?? false));
  }

  async cancelSold(input: { key: string; orderId: string; seatIds?: string[]; ticketTypeId?: string; quantity?: number }) {
    return this.mutate((now) => this.engine.cancel(input, now));
  }

  async checkIn(input: ScanInput) {
    return this.mutate((now) => this.engine.checkIn(input, now));
  }

  async undoCheckIn(input: { scanId: string; ticketRef: string }) {
    return this.mutate((now) => this.engine.undoCheckIn(input, now));
  }

  /** Up to MAX_SCANS_PER_CALL scans in one transaction (an offline upload, in the order given). */
  async checkInMany(inputs: ScanInput[]) {
    if (inputs.length > MAX_SCANS_PER_CALL) throw new RangeError(`At most ${MAX_SCANS_PER_CALL} scans per call`);
    return this.mutate((now) => this.engine.checkInMany(inputs, now));
  }

  /** The cron's safety net: frees holds past their expiry now (should an alarm have been missed) and re-arms the alarm. */
  async sweepExpired() {
    const freed = await this.mutate((now) => this.engine.expireDue(now));
    return { freed: freed.length };
  }

  /** Check-in states changed after `since`, and the duplicates the device was involved in (see checkins.ts). */
  async syncCheckIns(deviceId: string, since: number, limit?: number) {
    return this.engine.gate.sync(deviceId, since, limit);
  }

  async availability() {
    return {
      hydrated: this.engine.hydrated,
      status: this.engine.config?.status ?? null,
      version: this.engine.version,
      counts: this.engine.counts(),
      activeHolds: this.engine.holds.size,
    };
  }

  /**
   * What buyers may know of the ticket types: visible types (and the hidden ones a checked access code unlocked),
   * exact only when few are left (projection.ts).
   */
  async publicAvailability(unlockedHiddenIds: string[] = []) {
    const ids = new Set([...this.visibleTypeIds(), ...unlockedHiddenIds]);
    return { status: this.engine.config?.status ?? null, ticketTypes: publicTicketTypes(this.engine.counts(), ids) };
  }

  /** The seat map as buyers see it: available / unavailable, no capacities, no counts but the visible types'. */
  async publicSeatMap() {
    return publicSeatMap(this.fullSeatMap(), { seq: this.live.publicVersion() }, this.visibleTypeIds());
  }

  // ---- public seat-map snapshot (interim) ---------------------------------------------------------
  // A minimal stand-in for the relays branch's publicSeatMapJson (docs/inventory.md, "Seat-map snapshots at the
  // edge"): the JSON is built once per public version and kept; the Worker serves it from the Cache API. At merge the
  // relays branch's versions (persisted per channel) replace this section and the floor kept in storage.

  private seatMapJson: { version: number; json: string } | null = null;
  private seatMapJsonCalls = 0;

  /** The public seat map's version now, without building anything (the Worker's version pointer asks this). */
  async publicSeatMapVersion(): Promise<number> {
    return this.live.publicVersion();
  }

  /** The public seat map as JSON at its current version, built once per version. */
  async publicSeatMapJson(): Promise<{ version: number; json: string }> {
    this.seatMapJsonCalls += 1;
    const version = this.live.publicVersion();
    if (this.seatMapJson?.version !== version) {
      this.seatMapJson = { version, json: JSON.stringify(await this.publicSeatMap()) };
      await this.ctx.storage.put(SERVED_SEAT_MAP_VERSION, version);
    }
    return this.seatMapJson;
  }

  /** Tests only: how many times the Worker fetched the seat-map body (test/domains/events/seat-map-snapshots.test.ts). */
  async seatMapJsonCallsForTests(): Promise<number> {
    if (this.env.APP_ENV !== 'test') throw new Error('seatMapJsonCallsForTests is only available in tests');
    return this.seatMapJsonCalls;
  }

  /** Geometry and current status of every seat, compact: [id, x, y, category, flags, status]. Organizer only. */
  async seatMap() {
    return this.fullSeatMap();
  }

  private visibleTypeIds(): ReadonlySet<string> {
    return new Set([...this.engine.types.values()].filter((t) => t.visible).map((t) => t.id));
  }

  private fullSeatMap() {
    const flags = (s: { accessible: boolean; restrictedView: boolean }) => (s.accessible ? 1 : 0) | (s.restrictedView ? 2 : 0);
    return {
      version: this.engine.version,
      focal: this.engine.focal,
      categories: this.engine.categories,
      gaAreas: [...this.engine.areas.values()],
      seats: [...this.engine.seats.values()].map((s): [string, number, number, string, number, string] => [s.id, s.x, s.y, s.category, flags(s), this.engine.seatStatus(s)]),
      counts: this.engine.counts(),
    };
  }

  /** Facts written with each change, for the durable store (reconciliation and issue 6 consume them). */
  async outbox(afterSeq = 0, limit = 500) {
    return this.ctx.storage.sql
      .exec<{ seq: number; type: string; payload: string; at: number }>('SELECT seq, type, payload, at FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?', afterSeq, limit)
      .toArray()
      .map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
  }

  async inspect() {
    return this.engine.inspect(this.now());
  }

  /** Tests only: moves this object's clock forward, so expiry can be exercised without waiting. */
  async advanceClockForTests(ms: number) {
    if (this.env.APP_ENV !== 'test') throw new Error('advanceClockForTests is only available in tests');
    this.clockOffsetMs += ms;
    await this.ctx.storage.put('clock_offset_ms', this.clockOffsetMs);
    await this.scheduleAlarm();
  }

  // ---- alarm -------------------------------------------------------------------------------

  override async alarm() {
    await this.mutate((now) => this.engine.expireDue(now));
    this.ctx.storage.sql.exec('DELETE FROM idempotency WHERE created_at < ?', this.now() - IDEMPOTENCY_RETENTION_MS);
    await this.scheduleAlarm();
  }

  // ---- live channel ------------------------------------------------------------------------

  /** An upgrade the Worker has authorized (it names the audience); see inventory/live-sockets.ts. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') return new Response('Expected a WebSocket upgrade', { status: 426 });
    return this.live.accept(request);
  }

  private snapshot(): LiveSnapshot {
    return {
      type: 'snapshot',
      eventId: this.engine.config?.eventId ?? '',
      version: this.engine.version,
      status: this.engine.config?.status ?? 'draft',
      seats: this.engine.statusLists(),
      counts: this.engine.counts(),
    };
  }

  private broadcast() {
    const changes = this.engine.takeChanges();
    if (!changes.length) return;
    if (!this.live.hasSockets()) return this.live.reset();
    this.live.broadcast(changes, this.engine.version, this.engine.counts());
  }

  private broadcastStatus() {
    this.live.broadcastStatus();
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    try {
      if (message === 'ping' || (typeof message === 'string' && message.includes('"ping"'))) ws.send(JSON.stringify({ type: 'pong' }));
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', msg: 'live socket message failed', error: String(error) }));
    }
  }

  override async webSocketClose(ws: WebSocket, code: number) {
    try {
      ws.close(code === 1005 ? 1000 : code, 'closing');
    } catch {
      /* already closed */
    }
  }

  override async webSocketError(ws: WebSocket, error: unknown) {
    console.error(JSON.stringify({ level: 'warn', msg: 'live socket error', error: String(error) }));
    try {
      ws.close(1011, 'error');
    } catch {
      /* already closed */
    }
  }
}
