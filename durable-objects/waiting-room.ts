/**
 * WaitingRoom: one Durable Object per event (named `${orgId}:${eventId}`, like the inventory), SQLite storage. Takes
 * joins, places the pre-queue at sale start (shuffled once), and on an alarm tick (~1 s while it has work) moves an
 * admitted-through cursor on by the fixed rate or by what the event's inventory can absorb ("auto"); redeems a place
 * at or below the cursor for a buyer session. The Worker polls only the cursor, through the Cache API
 * (src/domains/waiting-room/cursor-cache.ts). Each tick also asks the inventory which admitted sessions have paid
 * (their slots go to the next buyers; so do the slots of those whose hold ran out), and whenever the state flips or the cursor moves the room pushes a `queue`
 * message to the event's public relays (waiting-room/announce.ts), so waiting buyers learn it without polling.
 * docs/waiting-room.md.
 */
import { DurableObject } from 'cloudflare:workers';
import { inventory } from '../src/domains/events/inventory-client';
import { announce, announceKey, queueMessage } from './waiting-room/announce';
import { roomFigures } from './waiting-room/figures';
import { gatherLate } from './waiting-room/gather';
import { shopperHistory } from './waiting-room/history';
import { JoinShard, joinShardName, type GatheredJoins, type LateJoin, type SealedJoins, type ShardJoinAnswer } from './waiting-room/join-shard';
import { RoomQueue } from './waiting-room/queue';
import { decideTick } from './waiting-room/tick';
import type { AdmitAnswer, JoinAnswer, RoomConfig, RoomCursor, RoomFigures } from './waiting-room/types';

/** How often the room ticks while the sale is on and someone waits or shops. */
export const TICK_MS = 1_000;
/** Before the sale, how often a room with no known sale start looks whether the inventory opened it. */
const PREQUEUE_POLL_MS = 5_000;
/**
 * Every place left is in someone's hold: the sale is over the moment the last ones are paid, so the room looks four
 * times as often (waiting buyers hear "sold out" within ~¼ s of the tick, not up to a second later).
 */
export const ENDGAME_TICK_MS = 250;
/** At most this many admitted sessions are asked about per tick (the rest in the next ticks, in turns). */
const PAID_CHECK_BATCH = 500;

export class WaitingRoom extends DurableObject<Cloudflare.Env> {
  private queue!: RoomQueue;
  /** This object as a join shard of another event's room (join-shard.ts): only its joins, until sealed. */
  private joinShard!: JoinShard;
  private cursorCalls = 0;
  /** What the relays were last told (announceKey); a restart tells them once more. */
  private announced: string | null = null;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.queue = new RoomQueue(ctx.storage.sql);
      this.joinShard = new JoinShard(ctx.storage.sql);
    });
  }

  private now(): number {
    return Date.now() + this.queue.meta.clockOffsetMs;
  }

  private change<T>(op: (now: number) => T): T {
    return this.ctx.storage.transactionSync(() => {
      const out = op(this.now());
      this.queue.save();
      return out;
    });
  }

  private async arm(inMs: number) {
    const at = Date.now() + inMs;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  // ---- RPC ---------------------------------------------------------------------------------

  /** The organizer's settings changed (src/domains/waiting-room/settings.ts pushes them). */
  async configure(config: RoomConfig): Promise<RoomCursor> {
    this.change((now) => this.queue.configure(config, now));
    if (config.enabled) await this.arm(TICK_MS);
    await this.tellWaiting();
    return this.queue.cursor(this.now());
  }

  /** Pushes the `queue` message to the event's public relays when the state, cursor or rate changed since the last one. */
  private async tellWaiting() {
    const config = this.queue.meta.config;
    if (!config) return;
    const message = queueMessage(this.queue.cursor(this.now()));
    const key = announceKey(message);
    if (key === this.announced) return;
    this.announced = key;
    try {
      await announce(this.env, config.organizationId, config.eventId, message);
    } catch (error) {
      console.error(JSON.stringify({ level: 'warn', msg: 'waiting room could not tell the relays', error: String(error) }));
    }
  }

  async join(): Promise<JoinAnswer> {
    const config = this.queue.meta.config;
    if (!config?.enabled) return { ok: false, code: 'room_closed' };
    if (config.admission === 'closed') return { ok: false, code: 'queue_closed' };
    const now = this.now();
    if (config.preQueueOpensAt !== null && now < config.preQueueOpensAt && !this.queue.started(now)) return { ok: false, code: 'queue_not_open', opensAt: config.preQueueOpensAt };
    const joined = this.change((at): JoinAnswer & { ok: true } => {
      this.queue.startIfDue(at);
      // After a lottery draw over join shards the room takes late joins as shard 0: placed by key at the next tick.
      if (this.queue.meta.late) {
        const { joinId, joinedAt, lottery } = this.joinShard.lateJoin(at);
        return { ok: true, joinId, joinedAt, lottery, place: null, state: this.queue.cursor(at).state };
      }
      return { ok: true, ...this.queue.join(at), state: this.queue.cursor(at).state };
    });
    await this.arm(TICK_MS);
    return joined;
  }

  // ---- as a join shard (join-shard.ts) -------------------------------------------------------------

  /** A pre-queue join taken by this shard (the Worker signs the ticket); `sealed` once the room gathered it. */
  async shardJoin(input: { preQueueOpensAt: number | null }): Promise<ShardJoinAnswer> {
    return this.ctx.storage.transactionSync(() => this.joinShard.join(this.now(), input.preQueueOpensAt));
  }

  /**
   * A late join taken by this shard (the Worker signs its key into the ticket). When the room said it went idle, this
   * join wakes it, so the join is placed at its next tick.
   */
  async lateJoin(room: { organizationId: string; eventId: string }): Promise<LateJoin> {
    const { wake, ...joined } = this.ctx.storage.transactionSync(() => this.joinShard.lateJoin(this.now()));
    if (wake) {
      try {
        await this.env.WAITING_ROOM.get(this.env.WAITING_ROOM.idFromName(`${room.organizationId}:${room.eventId}`)).wake();
        this.ctx.storage.transactionSync(() => this.joinShard.roomAwake());
      } catch (error) {
        // The next join tries again; the join itself is kept either way.
        console.error(JSON.stringify({ level: 'warn', msg: 'join shard could not wake its room', eventId: room.eventId, error: String(error) }));
      }
    }
    return joined;
  }

  /** The room's gathering (gather.ts): this shard's late joins after `after` through `through`. */
  async gatherLate(input: { after: number; through: number; idle: boolean }): Promise<GatheredJoins> {
    return this.ctx.storage.transactionSync(() => this.joinShard.gather(input.after, input.through, input.idle));
  }

  /** A join shard took a join while this room was idle: tick again. */
  async wake(): Promise<void> {
    if (this.queue.meta.config?.enabled) await this.arm(TICK_MS);
  }

  /** The room's draw: every join this shard took, and no more from now on. */
  async seal(): Promise<SealedJoins> {
    return this.ctx.storage.transactionSync(() => this.joinShard.seal());
  }

  /** The room, before its draw: gathers every join shard's pre-queue (false: a shard did not answer; the next tick tries again). */
  private async gatherJoinShards(config: RoomConfig): Promise<boolean> {
    if (!this.queue.needsGathering()) return true;
    const ns = this.env.WAITING_ROOM;
    try {
      const shards = Array.from({ length: this.queue.meta.joinShards - 1 }, (_, i) => ns.get(ns.idFromName(joinShardName(config.organizationId, config.eventId, i + 1))));
      const sealed = await Promise.all(shards.map((shard) => shard.seal()));
      this.change(() => this.queue.absorb(sealed.flatMap((s) => s.joins)));
      return true;
    } catch (error) {
      console.error(JSON.stringify({ level: 'warn', msg: 'waiting room could not gather its join shards', eventId: config.eventId, error: String(error) }));
      return false;
    }
  }

  /** The cursor the Worker caches at the edge (at most one call per ~1 s per isolate). */
  async cursor(): Promise<RoomCursor> {
    this.cursorCalls += 1;
    this.startIfDue();
    return this.queue.cursor(this.now());
  }

  /** Places the pre-queue if the sale has started (a write only then: cursor reads stay reads). */
  private startIfDue() {
    const now = this.now();
    if (!this.queue.meta.shuffled && this.queue.started(now)) this.change((at) => this.queue.startIfDue(at));
  }

  /** A pre-queue ticket's place once the sale started (null before; undefined: no such join). */
  async placeOf(joinId: string): Promise<{ place: number | null; cursor: RoomCursor } | null> {
    this.startIfDue();
    const found = this.queue.placeOf(joinId);
    return found ? { place: found.place, cursor: this.queue.cursor(this.now()) } : null;
  }

  async admit(joinId: string): Promise<AdmitAnswer> {
    const config = this.queue.meta.config;
    const session = this.change((now) => {
      this.queue.startIfDue(now);
      return config?.enabled ? this.queue.redeem(joinId, now) : null;
    });
    if (session && session !== 'invitation_expired' && config) return { admitted: true, ...session, maxSeats: config.maxSeatsPerBuyer };
    return { admitted: false, place: this.queue.placeOf(joinId)?.place ?? null, cursor: this.queue.cursor(this.now()), ...(session === 'invitation_expired' ? { invitationExpired: true } : {}) };
  }

  /** One tick now (the alarm's work); answers the cursor after it. */
  async tick(): Promise<RoomCursor> {
    const config = this.queue.meta.config;
    if (!config?.enabled) return this.queue.cursor(this.now());
    // The event's whole inventory: a sharded event's counts and sessions are added up over its shards.
    const stock = inventory(this.env, config.organizationId, config.eventId);
    const unpaid = this.change((now) => this.queue.unpaidSessions(now, PAID_CHECK_BATCH));
    const [figures, shoppers] = await Promise.all([stock.availability({ expiringWithinMs: TICK_MS }), unpaid.length ? stock.shopperSessions(unpaid) : Promise.resolve({ paid: [] as string[], lapsed: [] as string[] })]);
    // The draw waits for the join shards' pre-queue joins (join-shard.ts), gathered once the sale has opened.
    const opened = this.queue.started(this.now()) || (figures.status === 'on_sale' && (config.saleStartsAt === null || this.now() >= config.saleStartsAt));
    if (!this.queue.meta.shuffled && opened) await this.gatherJoinShards(config);
    await this.placeLateJoins(config, false);
    let more = this.change((now) => {
      this.queue.markPaid(shoppers.paid, now);
      this.queue.markLapsed(unpaid, shoppers.lapsed, now);
      this.queue.noteSales(figures.counts.capacity, figures.counts.sold, now);
      if (!this.queue.started(now) && figures.status === 'on_sale' && (config.saleStartsAt === null || now >= config.saleStartsAt)) this.queue.meta.saleOpenSeen = true;
      this.queue.startIfDue(now);
      if (!this.queue.meta.shuffled) return false;
      const decision = decideTick({
        config,
        now,
        lastTickAt: this.queue.meta.lastTickAt || now,
        carry: this.queue.meta.carry,
        active: this.queue.active(now),
        waiting: this.queue.waiting(),
        inventory: {
          status: figures.status,
          capacity: figures.counts.capacity,
          held: figures.counts.held,
          sold: figures.counts.sold,
          expiringSoon: figures.room?.expiringSoon ?? 0,
          holders: figures.room?.holders ?? 0,
        },
        history: shopperHistory(this.ctx.storage.sql, now, figures.counts.sold - (this.queue.meta.soldAtDraw ?? figures.counts.sold)),
      });
      this.queue.advance(decision.admit, now);
      this.queue.meta.carry = decision.carry;
      this.queue.meta.lastTickAt = now;
      this.queue.setState(decision.state, now);
      return decision.state !== 'closed' && (this.queue.waiting() > 0 || this.queue.active(now) > 0);
    });
    // Stopping with late joins spread over shards: one last gather tells them so (the next join wakes the room); any
    // join it still finds keeps the room ticking.
    if (!more && this.queue.meta.late) more = (await this.placeLateJoins(config, true)) !== 0;
    if (!this.queue.meta.shuffled) {
      const startsIn = config.saleStartsAt === null ? PREQUEUE_POLL_MS : Math.max(0, config.saleStartsAt - this.now());
      // At least a tick apart: a draw waiting on a join shard that did not answer tries again, not at once.
      await this.arm(Math.max(TICK_MS, Math.min(startsIn, PREQUEUE_POLL_MS)));
    } else if (more) {
      const endgame = figures.counts.capacity - figures.counts.held - figures.counts.sold <= 0 && figures.counts.held > 0;
      await this.arm(endgame ? ENDGAME_TICK_MS : TICK_MS);
    }
    await this.tellWaiting();
    return this.queue.cursor(this.now());
  }

  /** Gathers and places the late joins through now (null: a shard did not answer; nothing placed, asked again next tick). */
  private async placeLateJoins(config: RoomConfig, idle: boolean): Promise<number | null> {
    const late = this.queue.meta.late;
    if (!late) return 0;
    const through = this.now();
    const joins = await gatherLate(this.env, config, this.joinShard, late, through, idle);
    if (!joins) return null;
    return this.change(() => this.queue.placeLate(joins, through));
  }

  /** The console's figures (src/domains/waiting-room/settings.ts): the cursor, who is in, how fast, and the sold-out ETA. */
  async figures(): Promise<RoomFigures> {
    const now = this.now();
    const m = this.queue.meta;
    return roomFigures({
      cursor: this.queue.cursor(now),
      admission: m.config?.admission ?? 'open',
      active: this.queue.active(now),
      paid: this.queue.paid(),
      admittedLastMinute: this.queue.admittedLastMinute(now),
      sales: m.sales.filter(([at]) => at > now - 60_000),
      seatsLeft: m.seatsLeft,
      history: shopperHistory(this.ctx.storage.sql, now, (m.lastSold ?? 0) - (m.soldAtDraw ?? m.lastSold ?? 0)),
    });
  }

  override async alarm() {
    await this.tick();
  }

  // ---- tests only ----------------------------------------------------------------------------

  private testOnly(name: string) {
    if (this.env.APP_ENV !== 'test') throw new Error(`${name} is only available in tests`);
  }

  /** How many times the cursor was asked for (test/domains/waiting-room/status.test.ts: polls must not reach here). */
  async cursorCallsForTests(): Promise<number> {
    this.testOnly('cursorCallsForTests');
    return this.cursorCalls;
  }

  /** Moves this room's clock forward (the rate and session expiry without waiting). */
  async advanceClockForTests(ms: number) {
    this.testOnly('advanceClockForTests');
    this.change(() => {
      this.queue.meta.clockOffsetMs += ms;
    });
  }

  /** Every join in join order with its place (the fairness test). */
  async joinsForTests() {
    this.testOnly('joinsForTests');
    return this.ctx.storage.sql
      .exec<{ seq: number; join_id: string; pre_queue: number; place: number | null }>('SELECT seq, join_id, pre_queue, place FROM joins ORDER BY seq')
      .toArray();
  }
}
