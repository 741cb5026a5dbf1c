/**
 * The Worker's one door to an event's inventory, sharded or not (plan.ts). An event that is not sharded is its one
 * object and every call goes straight to it. A sharded event's calls are routed: a hold to its shard (hold.ts), a
 * confirmation, extension or release to the shard its id names, a refund's seats to theirs, check-ins to the
 * coordinator (which keeps them all); counts, seat maps and sweeps ask every shard and merge (merge.ts).
 *
 * The plan is read from the coordinator once per isolate and kept: it never changes after publish.
 */
import type { EventInventory } from '../../../../durable-objects/event-inventory';
import type { HoldOp } from '../../../../durable-objects/inventory/hold-ops';
import { fail, type HoldView, type HydrateInput, type InventoryConfig, type Result } from '../../../../durable-objects/inventory/engine-types';
import type { CancelInput } from '../../../../durable-objects/inventory/sales';
import { shardedHoldOp, type SendOp } from './hold';
import { publicTicketTypes } from '../../../../durable-objects/inventory/projection';
import { reclaim } from './leases';
import { mergeCounts, mergePublicMaps, mergeSeatMaps } from './merge';
import { planShards, shardInputs, shardOfHold, shardOfSeat, type ShardPlan, type ShardSetting } from './plan';
import { shopperSessions } from '../../../../durable-objects/inventory/paid-sessions';

import type { WaitlistSync } from '../../../../durable-objects/inventory/waitlist';

export type InventoryStub = DurableObjectStub<EventInventory>;

/** Per isolate: each published event's plan (null: not sharded). Plans never change, so they never expire. */
const plans = new Map<string, ShardPlan | null>();
const MAX_PLANS = 20_000;

export class InventoryClient {
  constructor(
    /** Shard i's stub (0: the coordinator, the event's own object). */
    private readonly stubAt: (shard: number) => InventoryStub,
    /** `org:event`, the plan cache's key. */
    private readonly key: string,
    /** How a hold operation reaches shard i (the Worker batches them: hold-batches.ts). */
    private readonly sendOp: SendOp,
  ) {}

  private get coordinator() {
    return this.stubAt(0);
  }

  /** The event's plan: null when it is not sharded (or not published yet, which is not remembered). */
  async plan(): Promise<ShardPlan | null> {
    const known = plans.get(this.key);
    if (known !== undefined) return known;
    const answer = await this.coordinator.shardPlan();
    if (!answer) return null;
    const plan = answer.count > 1 ? answer.plan : null;
    if (plans.size >= MAX_PLANS) plans.clear();
    plans.set(this.key, plan);
    return plan;
  }

  private async all<T>(call: (stub: InventoryStub) => Promise<T>): Promise<T[]> {
    const plan = await this.plan();
    return Promise.all([...Array(plan?.count ?? 1).keys()].map((i) => call(this.stubAt(i))));
  }

  // ---- configuration ------------------------------------------------------------------------

  /** Builds the inventory at publish: split into shards when `setting` says so (once: a second call only configures). */
  async hydrate(input: HydrateInput, setting?: ShardSetting): Promise<Result<{ created: boolean }>> {
    const wanted = setting ? planShards(input.seats, input.focal, setting) : null;
    if (!wanted) return this.coordinator.hydrate(input);
    const first = await this.coordinator.hydrate(shardInputs(input, wanted)[0]!);
    if (!first.ok) return first;
    // An inventory built before (unsharded, or by another plan) keeps how it was built.
    plans.delete(this.key);
    const plan = await this.plan();
    if (!plan) return first;
    const inputs = shardInputs(input, plan);
    for (let i = 1; i < plan.count; i++) {
      const built = await this.stubAt(i).hydrate(inputs[i]!);
      if (!built.ok) return built;
    }
    return first;
  }

  async configure(config: InventoryConfig): Promise<Result<null>> {
    const plan = await this.plan();
    const first = await this.coordinator.configure(config);
    if (!first.ok || !plan) return first;
    for (let i = 1; i < plan.count; i++) {
      const done = await this.stubAt(i).configure(config);
      if (!done.ok) return done;
    }
    // A capacity may have changed: the shards' unused leases go back to the pool, which holds the new capacity.
    const opId = crypto.randomUUID();
    for (const t of config.ticketTypes) if (t.kind === 'seated' && t.capacity !== null) await reclaim(plan, this.stubAt, { opId: `${opId}:${t.id}`, ticketTypeId: t.id });
    return first;
  }

  // ---- holds ----------------------------------------------------------------------------------

  async holdOp(op: HoldOp): Promise<Result<HoldView>> {
    const plan = await this.plan();
    if (!plan) return this.sendOp(0, op);
    return shardedHoldOp(plan, op, this.sendOp, this.stubAt);
  }

  private async holdShard(holdId: string) {
    const plan = await this.plan();
    return this.stubAt(plan ? shardOfHold(plan, holdId) : 0);
  }

  /** The waiting list lives in the event's own object (a sharded event has none: docs/buyers.md). */
  async waitlist(input: WaitlistSync) {
    return this.coordinator.waitlist(input);
  }

  async waitlistState() {
    return this.coordinator.waitlistState();
  }

  async getHold(holdId: string) {
    return (await this.holdShard(holdId)).getHold(holdId);
  }

  async extendHold(holdId: string) {
    return (await this.holdShard(holdId)).extendHold(holdId);
  }

  async releaseHold(holdId: string) {
    return (await this.holdShard(holdId)).releaseHold(holdId);
  }

  async confirmHold(holdId: string, orderId: string, options: { allowLate?: boolean } = {}) {
    return (await this.holdShard(holdId)).confirmHold(holdId, orderId, options);
  }

  /** Seats go back on sale in their shards (each keyed by the refund's key and the shard); GA at the coordinator. */
  async cancelSold(input: CancelInput): Promise<Result<{ seats: string[]; quantity: number }>> {
    const plan = await this.plan();
    if (!plan) return this.coordinator.cancelSold(input);
    const parts = new Map<number, CancelInput>();
    if (input.seatIds) {
      for (const id of input.seatIds) {
        const shard = shardOfSeat(plan, id);
        const part = parts.get(shard) ?? { key: `${input.key}.s${shard}`, orderId: input.orderId, seatIds: [] };
        part.seatIds!.push(id);
        parts.set(shard, part);
      }
    } else if (input.ticketTypeId) {
      parts.set(0, input);
    } else {
      for (let i = 0; i < plan.count; i++) parts.set(i, { ...input, key: `${input.key}.s${i}` });
    }
    const answers = await Promise.all([...parts].map(([shard, part]) => this.stubAt(shard).cancelSold(part)));
    const whole = !input.seatIds && !input.ticketTypeId;
    // Cancelling a whole order: shards where it bought nothing have nothing to cancel.
    const relevant = whole ? answers.filter((a) => a.ok || a.code !== 'nothing_to_cancel') : answers;
    const failed = relevant.find((a) => !a.ok);
    if (failed) return failed;
    if (!relevant.length) return fail('nothing_to_cancel', 'This order has nothing sold to cancel.');
    const done = relevant.flatMap((a) => (a.ok ? [a.value] : []));
    return { ok: true, value: { seats: done.flatMap((d) => d.seats), quantity: done.reduce((n, d) => n + d.quantity, 0) } };
  }

  async sweepExpired() {
    const swept = await this.all((s) => s.sweepExpired());
    return { freed: swept.reduce((n, s) => n + s.freed, 0) };
  }

  // ---- check-ins: the coordinator's alone -----------------------------------------------------

  checkInMany(...args: Parameters<InventoryStub['checkInMany']>) {
    return this.coordinator.checkInMany(...args);
  }

  undoCheckIn(...args: Parameters<InventoryStub['undoCheckIn']>) {
    return this.coordinator.undoCheckIn(...args);
  }

  syncCheckIns(...args: Parameters<InventoryStub['syncCheckIns']>) {
    return this.coordinator.syncCheckIns(...args);
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** The waiting room's admission sessions that paid and hold nothing more, in every shard (their slots go to others). */
  async paidSessions(sessionIds: string[]): Promise<string[]> {
    return (await this.shopperSessions(sessionIds)).paid;
  }

  /** Which admission sessions paid, and which let a hold run out and hold nothing, over every shard (paid-sessions.ts). */
  async shopperSessions(sessionIds: string[]): Promise<{ paid: string[]; lapsed: string[] }> {
    const plan = await this.plan();
    if (!plan) return this.coordinator.shopperSessions(sessionIds);
    return shopperSessions(await this.all((s) => s.sessionHolds(sessionIds)));
  }

  async availability(options?: { expiringWithinMs?: number }) {
    const [first, ...rest] = await this.all((s) => s.availability(options));
    if (!rest.length) return first!;
    const every = [first!, ...rest];
    return {
      hydrated: every.every((a) => a.hydrated),
      status: first!.status,
      version: every.reduce((n, a) => n + a.version, 0),
      counts: mergeCounts(every.map((a) => a.counts)),
      activeHolds: every.reduce((n, a) => n + a.activeHolds, 0),
      // A session holding in two shards counts twice (a buyer holds in one block almost always: hold.ts).
      ...(first!.room ? { room: { expiringSoon: every.reduce((n, a) => n + (a.room?.expiringSoon ?? 0), 0), holders: every.reduce((n, a) => n + (a.room?.holders ?? 0), 0) } } : {}),
    };
  }

  async publicAvailability(unlockedHiddenIds: string[] = []) {
    const plan = await this.plan();
    if (!plan) return this.coordinator.publicAvailability(unlockedHiddenIds);
    // The coordinator says which types this buyer may see; every shard's counts say what is left of them.
    const [mine, all] = await Promise.all([this.coordinator.publicAvailability(unlockedHiddenIds), this.availability()]);
    return { status: mine.status, ticketTypes: publicTicketTypes(all.counts, new Set(Object.keys(mine.ticketTypes))) };
  }

  async seatMap() {
    const maps = (await this.all((s) => s.seatMap())).map(({ checkedInElsewhere, ...map }) => ({ map, checkedInElsewhere }));
    if (maps.length === 1) return maps[0]!.map;
    const merged = mergeSeatMaps(maps.map((m) => m.map));
    // Check-ins are the coordinator's: another shard's seat whose ticket was scanned shows checked in.
    const scanned = new Set(maps[0]!.checkedInElsewhere);
    if (!scanned.size) return merged;
    return { ...merged, seats: merged.seats.map((s) => (s[5] === 'sold' && scanned.has(String(s[0])) ? [s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, 'checked_in'] : s)) };
  }

  /** The coordinator's public version: on a sharded event its channel carries every shard's changes too. */
  async publicSeatMapVersion(): Promise<number> {
    return this.coordinator.publicSeatMapVersion();
  }

  async publicSeatMapJson(): Promise<{ version: number; json: string }> {
    const plan = await this.plan();
    if (!plan) return this.coordinator.publicSeatMapJson();
    const [maps, counts] = await Promise.all([this.all((s) => s.publicSeatMapJson()), this.all((s) => s.availability())]);
    return mergePublicMaps(
      maps.map((m) => m.json),
      counts.map((a) => a.counts),
    );
  }
}
