/**
 * EventInventory: one Durable Object per event, the single writer of its seats, GA counts, holds,
 * sales and check-ins. Typed RPC methods; holds expire by alarm. It holds no sockets: every committed
 * change is recorded for the live channel in the same transaction, published (coalesced, versioned per
 * channel) and pushed to the event's LiveRelay objects, which hold the sockets (inventory/live-*.ts,
 * live-relay.ts; docs/inventory.md).
 */
import { DurableObject } from 'cloudflare:workers';
import type { LiveAudience } from '../src/shared/live-protocol';
import type { ScanInput } from './inventory/checkins';
import { InventoryEngine, type ShardPlan, type HoldRequest, type HydrateInput, type InventoryConfig, type Result } from './inventory/engine';
import { MAX_HOLD_OPS_PER_CALL, type HoldOp, type HoldOpAnswer } from './inventory/hold-ops';
import { InventoryLive } from './inventory/live-channel';
import { publicTicketTypes } from './inventory/projection';
import { applyGrant, credit, giveBack, grant } from './inventory/leases';
import type { ShardFeed } from './inventory/shard-feed';
import { paidSessions, sessionHolds, shopperSessions } from './inventory/paid-sessions';
import { roomReading } from './inventory/room-reading';
import { rebalance, syncWaitlist, waitlistView, type WaitlistSync } from './inventory/waitlist';
import { recordServerStep } from '../src/domains/analytics/record-step';

/** Idempotency answers are kept a day: longer than any client retries a request. */
const IDEMPOTENCY_RETENTION_MS = 24 * 3600_000;
/** One offline upload's worth of scans per call. */
export const MAX_SCANS_PER_CALL = 1_000;
/** The safety net wakes the object at least this often while holds are active. */
const SWEEP_INTERVAL_MS = 60_000;

export class EventInventory extends DurableObject<Cloudflare.Env> {
  private engine!: InventoryEngine;
  private clockOffsetMs = 0;
  private live!: InventoryLive;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.engine = new InventoryEngine(ctx.storage.sql);
      this.clockOffsetMs = Number((await ctx.storage.get<number>('clock_offset_ms')) ?? 0);
      this.live = new InventoryLive(ctx, env, () => this.engine);
    });
  }

  private now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /**
   * Runs one engine operation as one storage transaction, recording what changed for the live channel in the same
   * transaction; then (only if it committed) schedules the next expiry and the live channel's next flush (never
   * awaited: no socket or relay is on this path). Nothing awaits between the check and the write.
   */
  private async mutate<T>(op: (now: number) => T): Promise<T> {
    const now = this.now();
    let result: T;
    try {
      result = this.ctx.storage.transactionSync(() => {
        const out = op(now);
        // Places that came back go to the waiting list's pool in the same transaction: nobody else can take them first.
        if (this.engine.waitlistInUse) rebalance(this.engine, now);
        this.live.record(this.engine.takeTouched(), this.engine.takeChanges(), now);
        return out;
      });
    } catch (error) {
      this.engine.dropChanges();
      // Memory may be ahead of the rolled-back storage: rebuild it from what committed.
      this.engine = new InventoryEngine(this.ctx.storage.sql);
      throw error;
    }
    this.live.changed();
    await this.scheduleAlarm();
    return result;
  }

  /**
   * When the alarm is set for, as this object last set or read it (undefined: not known yet). Kept in memory so a hold
   * doesn't read the alarm back from storage on every change (it was ~15 % of a hold's time in the object).
   */
  private alarmAt: number | null | undefined = undefined;

  private async scheduleAlarm() {
    const next = this.engine.nextExpiry();
    if (next === null) return;
    const at = Math.min(next - this.clockOffsetMs, Date.now() + SWEEP_INTERVAL_MS);
    if (this.alarmAt === undefined) this.alarmAt = await this.ctx.storage.getAlarm();
    const current = this.alarmAt;
    if (current === null || current > at) {
      const when = Math.max(at, Date.now());
      await this.ctx.storage.setAlarm(when);
      this.alarmAt = when;
    }
  }

  // ---- RPC ---------------------------------------------------------------------------------

  /** Configuration changes reach the live channel as a 'status' change (the event status, ticket types' visibility). */
  private configured<T>(result: Result<T>): Result<T> {
    if (result.ok) this.engine.emit('status', []);
    return result;
  }

  async hydrate(input: HydrateInput): Promise<Result<{ created: boolean }>> {
    const result = await this.mutate((now) => this.configured(this.engine.hydrate(input, now)));
    // A shard tells the coordinator its seats and counts from the start (inventory/shard-feed.ts).
    if (result.ok && result.value.created) this.live.feedAll();
    return result;
  }

  async configure(config: InventoryConfig): Promise<Result<null>> {
    const result = await this.mutate((now) => this.configured(this.engine.configure(config, now)));
    // Closing or cancelling a sale lets go of every hold at once.
    if (result.ok && (config.status === 'cancelled' || config.status === 'completed')) {
      await this.mutate((now) => [...this.engine.holds.keys()].forEach((id) => this.engine.release(id, now)));
    }
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

  /**
   * Several buyers' hold operations in one call (src/domains/events/hold-batches.ts), in the order given, each its
   * own transaction and answer: a refusal or an exception (its transaction rolled back) never touches the others.
   */
  async holdOps(ops: HoldOp[]): Promise<HoldOpAnswer[]> {
    if (ops.length > MAX_HOLD_OPS_PER_CALL) throw new RangeError(`At most ${MAX_HOLD_OPS_PER_CALL} hold operations per call`);
    const answers: HoldOpAnswer[] = [];
    for (const op of ops) {
      try {
        answers.push({
          result: await this.mutate((now) =>
            op.op === 'hold' ? this.engine.hold(op.request, now) : op.op === 'extend' ? this.engine.extend(op.holdId, now) : this.engine.release(op.holdId, now),
          ),
        });
      } catch (error) {
        const e = error as Error & { retryable?: boolean; overloaded?: boolean; durableObjectReset?: boolean };
        answers.push({
          error: e instanceof Error ? e.message : String(error),
          ...(e?.retryable === true ? { retryable: true } : {}),
          ...(e?.overloaded === true ? { overloaded: true } : {}),
          ...(e?.durableObjectReset === true ? { durableObjectReset: true } : {}),
        });
      }
    }
    return answers;
  }

  /**
   * The waiting list (inventory/waitlist.ts): syncs the list's open entries, then serves it in line order or makes
   * the organizer's one offer; answers every entry's state here (offers made, claimed, lapsed) and the kept-back places.
   */
  async waitlist(input: WaitlistSync) {
    if (this.engine.shard) throw new Error('A sharded event has no waiting list');
    return this.mutate((now) => syncWaitlist(this.engine, input, now));
  }

  async waitlistState() {
    return waitlistView(this.engine);
  }

  // ---- section shards (inventory/leases.ts; src/domains/events/shards/) -------------------------

  /** How this event's inventory is split: null until published; `count` 1 when it is not sharded. */
  async shardPlan(): Promise<{ count: number; plan: ShardPlan | null } | null> {
    if (!this.engine.hydrated) return null;
    return this.engine.shard ? { count: this.engine.shard.count, plan: JSON.parse(this.engine.meta('plan') ?? 'null') as ShardPlan | null } : { count: 1, plan: null };
  }

  /** Coordinator: another shard's seats and counts for the event's one live channel (inventory/shard-feed.ts). */
  async shardChanged(feed: ShardFeed): Promise<boolean> {
    if (this.engine.shard?.index !== 0) throw new Error('Only the coordinator of a sharded event takes shard feeds');
    return this.live.applyFeed(feed, this.now());
  }

  /** Coordinator: grants a shard more of a leased ticket type's capacity (keyed by `opId`). */
  async grantLease(input: { opId: string; shard: number; ticketTypeId: string; need: number; capacity?: number }) {
    return this.mutate(() => grant(this.engine, input));
  }

  /** Shard: adds a recorded grant to its lease (keyed by `opId`). */
  async applyLease(input: { opId: string; ticketTypeId: string; amount: number }) {
    return this.mutate(() => applyGrant(this.engine, input));
  }

  /** Shard: gives back the unused part of its lease (keyed by `opId`); the caller then credits the coordinator. */
  async giveBackLease(input: { opId: string; ticketTypeId: string }) {
    return this.mutate((now) => giveBack(this.engine, input, now));
  }

  /** Coordinator: takes a shard's give-back into the pool (keyed by `opId`). */
  async creditLease(input: { opId: string; shard: number; ticketTypeId: string; amount: number }) {
    return this.mutate(() => credit(this.engine, input));
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
    const freed = await this.expireHolds();
    return { freed: freed.length };
  }

  /** Check-in states changed after `since`, and the duplicates the device was involved in (see checkins.ts). */
  async syncCheckIns(deviceId: string, since: number, limit?: number) {
    return this.engine.gate.sync(deviceId, since, limit);
  }

  /**
   * The counts; with `expiringWithinMs` (the waiting room's tick) also `room`: seats in holds running out within that
   * window and the admission sessions holding now (room-reading.ts).
   */
  async availability(options?: { expiringWithinMs?: number }) {
    return {
      hydrated: this.engine.hydrated,
      status: this.engine.config?.status ?? null,
      version: this.engine.version,
      counts: this.engine.counts(),
      activeHolds: this.engine.holds.size,
      ...(options?.expiringWithinMs !== undefined ? { room: roomReading(this.engine, this.ctx.storage.sql, this.now(), options.expiringWithinMs) } : {}),
    };
  }

  /** The waiting room's question each tick: which of these admission sessions have paid and hold nothing more. */
  async paidSessions(sessionIds: string[]): Promise<string[]> {
    return paidSessions(this.ctx.storage.sql, sessionIds, this.now());
  }

  /** The waiting room's question each tick: which of these sessions paid, and which let their hold run out (paid-sessions.ts). */
  async shopperSessions(sessionIds: string[]): Promise<{ paid: string[]; lapsed: string[] }> {
    return shopperSessions([sessionHolds(this.ctx.storage.sql, sessionIds, this.now())]);
  }

  /** Which of these sessions have a confirmed hold here, an active one, and one that ran out (a sharded event's rooms add them up). */
  async sessionHolds(sessionIds: string[]) {
    return sessionHolds(this.ctx.storage.sql, sessionIds, this.now());
  }

  /**
   * What buyers may know of the ticket types: visible types (and the hidden ones a checked access code unlocked),
   * exact only when few are left (projection.ts).
   */
  async publicAvailability(unlockedHiddenIds: string[] = []) {
    const ids = new Set([...this.visibleTypeIds(), ...unlockedHiddenIds]);
    return { status: this.engine.config?.status ?? null, ticketTypes: publicTicketTypes(this.engine.counts(), ids) };
  }

  /**
   * The seat map as buyers see it (available / unavailable, no capacities, no counts but the visible types'), as a JSON
   * string built once per public version; `version` is the public channel's (pending changes are published first).
   */
  async publicSeatMapJson(): Promise<{ version: number; json: string }> {
    this.seatMapJsonCalls += 1;
    return this.live.publicSeatMapJson();
  }

  private seatMapJsonCalls = 0;

  /**
   * The public seat map's version now (pending changes published first), without building anything: the Worker's
   * version pointer asks this (src/domains/events/seat-map-snapshot.ts).
   */
  async publicSeatMapVersion(): Promise<number> {
    this.live.flush();
    return this.live.version('public');
  }

  /** Tests only: how many times the Worker fetched the seat-map body (test/domains/events/seat-map-snapshots.test.ts). */
  async seatMapJsonCallsForTests(): Promise<number> {
    if (this.env.APP_ENV !== 'test') throw new Error('seatMapJsonCallsForTests is only available in tests');
    return this.seatMapJsonCalls;
  }

  /**
   * Geometry and current status of every seat, compact: [id, x, y, category, flags, status]. Organizer only.
   * `liveVersion` is the organizer channel's version this map is at: follow its deltas from there.
   */
  async seatMap() {
    this.live.flush();
    // A sharded event's coordinator: the other shards' seats whose tickets were scanned in here (client.ts overlays them).
    return { ...this.live.fullSeatMap(), liveVersion: this.live.version('organizer'), checkedInElsewhere: [...this.engine.foreignCheckedIn] };
  }

  private visibleTypeIds(): ReadonlySet<string> {
    return this.live.visibleTypeIds();
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

  /** Tests only: the relays this inventory pushes to, and how their pushes stand. */
  async liveRelaysForTests() {
    if (this.env.APP_ENV !== 'test') throw new Error('liveRelaysForTests is only available in tests');
    return this.live.relays();
  }

  /** Tests only: moves this object's clock forward, so expiry can be exercised without waiting. */
  async advanceClockForTests(ms: number) {
    if (this.env.APP_ENV !== 'test') throw new Error('advanceClockForTests is only available in tests');
    this.clockOffsetMs += ms;
    await this.ctx.storage.put('clock_offset_ms', this.clockOffsetMs);
    await this.scheduleAlarm();
  }

  // ---- alarm -------------------------------------------------------------------------------

  /** Frees the holds whose time is up, and records each as the journey step hold_expired (off the path: waitUntil). */
  private async expireHolds(): Promise<string[]> {
    const types = new Map([...this.engine.holds.values()].map((h) => [h.id, h.ticketTypeId]));
    const freed = await this.mutate((now) => this.engine.expireDue(now));
    const config = this.engine.config;
    if (freed.length && config) {
      // Real time, not the object's clock (tests move that forward): when the expiry was processed.
      const at = Date.now();
      const step = { kind: 'hold_expired' as const, organizationId: config.organizationId, eventId: config.eventId, at };
      recordServerStep({ env: this.env, waitUntil: (p) => this.ctx.waitUntil(p) }, ...freed.map((id) => ({ ...step, ticketTypeId: types.get(id) ?? null })));
    }
    return freed;
  }

  override async alarm() {
    // A running alarm is no longer set (should this one fail, the runtime retries it and the next change re-arms).
    this.alarmAt = null;
    this.live.flush();
    await this.expireHolds();
    this.ctx.storage.sql.exec('DELETE FROM idempotency WHERE created_at < ?', this.now() - IDEMPOTENCY_RETENTION_MS);
    await this.scheduleAlarm();
  }

  // ---- live channel (inventory/live-channel.ts; the relays call these) -------------------------

  /** A relay follows `channel` (from `since`, what its sockets hold, or from now). Answers the channel's version. */
  async liveSubscribe(channel: LiveAudience, relayIndex: number, since?: number) {
    return this.live.subscribe(channel, relayIndex, since);
  }

  async liveUnsubscribe(channel: LiveAudience, relayIndex: number) {
    this.live.unsubscribe(channel, relayIndex);
  }

  /** Every delta after `since` on `channel`, in order, or `{ resync: true, version }` when `since` is out of the window. */
  async liveDeltasSince(channel: LiveAudience, since: number) {
    return this.live.deltasSince(channel, since);
  }

  /** The channel's snapshot message at its current version (pending changes published first). */
  async liveSnapshot(channel: LiveAudience) {
    return this.live.snapshot(channel);
  }
}
