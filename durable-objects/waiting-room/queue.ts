/**
 * The waiting room's queue in the object's SQLite: every join (seq, join id, joined_at, pre_queue), its place once
 * it has one, when the cursor passed it (invited_at) and the admission it redeemed. All synchronous: the object
 * (durable-objects/waiting-room.ts) runs each change inside one storage transaction.
 *
 * Places: joins before the sale starts are the pre-queue and get no place yet, but each a lottery number (ids.ts); at
 * sale start the pre-queue is placed once, in the order of the lottery numbers — a uniformly random order, which the
 * Worker can follow from the cursor's `preQueue` alone — or in join order when the organizer turned shuffling off;
 * every later join is placed after them in the order it came. (Rooms whose pre-queue predates lottery numbers are
 * drawn with shuffle.ts's Fisher–Yates, as before.)
 *
 * A redeemed session whose order is paid (the inventory says so: paid_at) stops counting as an active shopper; so does
 * one whose hold ran out and that holds nothing now (lapsed_at, until the inventory sees it hold again): seats released
 * by expired holds re-open admission at once, not only when the session ends.
 */
import { newJoinId, newLottery, newSessionId } from './ids';
import { compareKeys, type LateJoin, type LateKey, type SealedJoin } from './join-shard';
import { shuffled } from './shuffle';
import type { LateCursor, RoomConfig, RoomCursor, RoomState } from './types';

/** An invitation not redeemed within this long frees its slot (types.ts `redeemWithinSeconds`). */
export const DEFAULT_REDEEM_WITHIN_MS = 120_000;

/** The redemption window: the setting, else 120 s or half the session if shorter; never longer than the session. */
export function redeemWindowMs(config: RoomConfig | null): number {
  const sessionMs = (config?.sessionMinutes ?? 10) * 60_000;
  const set = config?.redeemWithinSeconds;
  return Math.min(sessionMs, set !== undefined && set > 0 ? set * 1_000 : Math.min(DEFAULT_REDEEM_WITHIN_MS, sessionMs / 2));
}

/** How many (key, place) marks of the late joins ahead of the cursor the cursor carries (the edge's place estimate). */
export const LATE_MARKS = 32;

type Meta = {
  config: RoomConfig | null;
  admittedThrough: number;
  placed: number;
  shuffled: boolean;
  saleOpenSeen: boolean;
  state: RoomState;
  carry: number;
  lastTickAt: number;
  updatedAt: number;
  clockOffsetMs: number;
  /** Admissions (cursor advances) of the last minute, for the "auto" rate: [at, count][]. */
  recent: [number, number][];
  /** The inventory's sold count per tick over the last minute (the console's sale rate): [at, sold][]. */
  sales: [number, number][];
  /** Places not sold yet at the last tick (null: not read yet). */
  seatsLeft: number | null;
  /** The inventory's sold count at the first tick after the draw (seats bought through the room are counted from it). */
  soldAtDraw: number | null;
  /** The inventory's sold count at the last tick (the console's learnt seats per shopper). */
  lastSold: number | null;
  /** Where the next look for paid sessions starts (seq), so a long list is asked about in turns. */
  paidScanFrom: number;
  /** The pre-queue as drawn (null before the draw): its size, whether by lottery, the lottery at the cursor. */
  preQueue: { size: number; byLottery: boolean; lotteryThrough: number | null } | null;
  /** The most join shards this room was ever configured with (join-shard.ts), and whether their joins were gathered. */
  joinShards: number;
  gathered: boolean;
  /**
   * Late joins over the join shards (set at a lottery draw with join shards; null: late joins are placed at the room as
   * they come): the shards gathered from, the cut-off gathered through, the key of the last late place the cursor
   * passed, and marks of the late places ahead of it.
   */
  late: { shards: number; gatheredThrough: number; through: LateKey | null; marks: (LateKey & { place: number })[] } | null;
};

/** A fresh default each time: its arrays must never be shared between rooms of one isolate (advance() pushes into them). */
const defaultMeta = (): Meta => ({
  config: null,
  admittedThrough: 0,
  placed: 0,
  shuffled: false,
  saleOpenSeen: false,
  state: 'closed',
  carry: 0,
  lastTickAt: 0,
  updatedAt: 0,
  clockOffsetMs: 0,
  recent: [],
  sales: [],
  seatsLeft: null,
  soldAtDraw: null,
  lastSold: null,
  paidScanFrom: 0,
  preQueue: null,
  joinShards: 1,
  gathered: false,
  late: null,
});

export class RoomQueue {
  meta: Meta;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS joins (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      join_id TEXT NOT NULL UNIQUE,
      joined_at INTEGER NOT NULL,
      pre_queue INTEGER NOT NULL,
      place INTEGER UNIQUE,
      invited_at INTEGER,
      session_id TEXT,
      session_expires_at INTEGER
    )`);
    sql.exec('CREATE INDEX IF NOT EXISTS joins_invited ON joins (invited_at) WHERE session_id IS NULL');
    sql.exec('CREATE INDEX IF NOT EXISTS joins_session ON joins (session_expires_at)');
    // Rooms from before paid sessions were freed: the column is added once.
    const columns = sql.exec<{ name: string }>('PRAGMA table_info(joins)').toArray().map((c) => c.name);
    if (!columns.includes('paid_at')) sql.exec('ALTER TABLE joins ADD COLUMN paid_at INTEGER');
    // Rooms from before pre-queue lottery numbers: the column is added once.
    if (!columns.includes('lottery')) sql.exec('ALTER TABLE joins ADD COLUMN lottery REAL');
    // Rooms from before lapsed sessions were freed: the column is added once.
    if (!columns.includes('lapsed_at')) sql.exec('ALTER TABLE joins ADD COLUMN lapsed_at INTEGER');
    sql.exec('CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
    const row = sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'room'").toArray()[0];
    this.meta = row ? { ...defaultMeta(), ...(JSON.parse(row.v) as Partial<Meta>) } : defaultMeta();
  }

  save() {
    this.sql.exec("INSERT INTO meta (k, v) VALUES ('room', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", JSON.stringify(this.meta));
  }

  configure(config: RoomConfig, now: number) {
    this.meta.config = config;
    // Joins a shard took must be gathered even if the organizer lowers the count later.
    this.meta.joinShards = Math.max(this.meta.joinShards, config.queueShards ?? 1);
    // More shards for late joins may be added during the sale, never fewer (the room gathers from every one it named).
    if (this.meta.late) this.meta.late.shards = Math.max(this.meta.late.shards, config.queueShards ?? 1);
    const control = config.admission ?? 'open';
    if (!config.enabled || control === 'closed') this.meta.state = 'closed';
    else if (control === 'paused') {
      if (this.started(now) && this.meta.state !== 'sold_out') this.meta.state = 'paused';
    } else if (this.meta.state === 'closed' || this.meta.state === 'paused') this.meta.state = this.started(now) ? 'open' : 'prequeue';
    this.meta.updatedAt = now;
    this.save();
  }

  started(now: number): boolean {
    const c = this.meta.config;
    if (!c) return false;
    return this.meta.saleOpenSeen || (c.saleStartsAt !== null && now >= c.saleStartsAt);
  }

  /** Whether the draw must wait for the join shards' joins (the object gathers them first: waiting-room.ts). */
  needsGathering(): boolean {
    return this.meta.joinShards > 1 && !this.meta.gathered;
  }

  /** The join shards' pre-queue joins, handed over at the draw (INSERT OR IGNORE: a repeated hand-over adds nothing). */
  absorb(joins: readonly SealedJoin[]) {
    for (const { joinId, lottery, joinedAt } of joins) {
      this.sql.exec('INSERT OR IGNORE INTO joins (join_id, joined_at, pre_queue, place, lottery) VALUES (?, ?, 1, NULL, ?)', joinId, joinedAt, lottery);
    }
    this.meta.gathered = true;
    this.save();
  }

  /** At sale start, once: places the pre-queue (shuffled or in join order). Answers whether it placed now. */
  startIfDue(now: number): boolean {
    if (this.meta.shuffled || !this.started(now) || this.needsGathering()) return false;
    const pre = this.sql.exec<{ seq: number; lottery: number | null }>('SELECT seq, lottery FROM joins WHERE place IS NULL ORDER BY seq').toArray();
    const byLottery = (this.meta.config?.shuffleAtStart ?? true) && pre.every((r) => r.lottery !== null);
    const order = !this.meta.config?.shuffleAtStart
      ? pre.map((r) => r.seq)
      : byLottery
        ? [...pre].sort((a, b) => a.lottery! - b.lottery! || a.seq - b.seq).map((r) => r.seq)
        : shuffled(pre.map((r) => r.seq));
    let place = this.meta.placed;
    for (const seq of order) this.sql.exec('UPDATE joins SET place = ? WHERE seq = ?', ++place, seq);
    this.meta.placed = place;
    this.meta.shuffled = true;
    // In join order the pre-queue's places are its join numbers (it is the first joins of the room).
    this.meta.preQueue = { size: pre.length, byLottery, lotteryThrough: null };
    // A lottery draw over join shards keeps its late joins spread too (join-shard.ts), placed by key at each tick.
    if (byLottery && this.meta.joinShards > 1) this.meta.late = { shards: this.meta.joinShards, gatheredThrough: 0, through: null, marks: [] };
    if (this.meta.state === 'prequeue') this.meta.state = 'open';
    this.meta.lastTickAt = now;
    this.meta.updatedAt = now;
    this.save();
    return true;
  }

  join(now: number): { joinId: string; place: number | null; seq: number; lottery: number | null } {
    this.startIfDue(now);
    const joinId = newJoinId();
    const preQueue = !this.meta.shuffled;
    const place = preQueue ? null : this.meta.placed + 1;
    const lottery = preQueue ? newLottery() : null;
    const { seq } = this.sql
      .exec<{ seq: number }>('INSERT INTO joins (join_id, joined_at, pre_queue, place, lottery) VALUES (?, ?, ?, ?, ?) RETURNING seq', joinId, now, preQueue ? 1 : 0, place, lottery)
      .one();
    if (place !== null) this.meta.placed = place;
    this.save();
    return { joinId, place, seq, lottery };
  }

  /**
   * Places the late joins gathered from every shard through `through` (each shard's answer after the last cut-off), in
   * key order; a join already placed (an answer gathered twice) is skipped. Answers how many were placed.
   */
  placeLate(joins: readonly LateJoin[], through: number): number {
    const late = this.meta.late;
    if (!late) return 0;
    let placed = 0;
    for (const j of [...joins].sort((a, b) => compareKeys({ at: a.joinedAt, lottery: a.lottery }, { at: b.joinedAt, lottery: b.lottery }) || (a.joinId < b.joinId ? -1 : 1))) {
      if (this.sql.exec('SELECT 1 FROM joins WHERE join_id = ?', j.joinId).toArray().length) continue;
      this.sql.exec('INSERT INTO joins (join_id, joined_at, pre_queue, place, lottery) VALUES (?, ?, 0, ?, ?)', j.joinId, j.joinedAt, ++this.meta.placed, j.lottery);
      placed += 1;
    }
    late.gatheredThrough = Math.max(late.gatheredThrough, through);
    this.markLate();
    return placed;
  }

  /** Marks of the late places ahead of the cursor: up to LATE_MARKS evenly spaced, the last placed always among them. */
  private markLate() {
    const late = this.meta.late;
    if (!late) return;
    const first = (this.meta.preQueue?.size ?? 0) + 1;
    const lo = Math.max(first, this.meta.admittedThrough + 1);
    const hi = this.meta.placed;
    if (lo > hi) {
      late.marks = [];
      return;
    }
    const stride = Math.max(1, Math.ceil((hi - lo + 1) / LATE_MARKS));
    const places: number[] = [];
    for (let p = lo; p < hi && places.length < LATE_MARKS - 1; p += stride) places.push(p);
    places.push(hi);
    late.marks = this.sql
      .exec<{ place: number; joined_at: number; lottery: number | null }>(`SELECT place, joined_at, lottery FROM joins WHERE place IN (${places.map(() => '?').join(',')}) ORDER BY place`, ...places)
      .toArray()
      .filter((r) => r.lottery !== null)
      .map((r) => ({ at: r.joined_at, lottery: r.lottery!, place: r.place }));
  }

  placeOf(joinId: string): { place: number | null } | null {
    const row = this.sql.exec<{ place: number | null }>('SELECT place FROM joins WHERE join_id = ?', joinId).toArray()[0];
    return row ? { place: row.place } : null;
  }

  /**
   * Shoppers the room has let in whose time is not up: invited and not redeemed yet (within the redemption window), or redeemed, not expired, not paid
   * and not lapsed (a paid shopper's slot, or one whose hold ran out, goes to the next buyer).
   */
  active(now: number): number {
    const invited = this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM joins WHERE session_id IS NULL AND invited_at > ?', now - redeemWindowMs(this.meta.config)).one().n;
    const redeemed = this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM joins WHERE session_expires_at > ? AND paid_at IS NULL AND lapsed_at IS NULL', now).one().n;
    return invited + redeemed;
  }

  /** Redeemed sessions paid for (the console's figure). */
  paid(): number {
    return this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM joins WHERE paid_at IS NOT NULL').one().n;
  }

  /**
   * Up to `limit` live sessions not known to have paid, to ask the inventory about (in turns from paidScanFrom, so
   * every one is asked about within a few ticks however many there are).
   */
  unpaidSessions(now: number, limit: number): string[] {
    const pick = (from: number, n: number) =>
      this.sql
        .exec<{ seq: number; session_id: string }>('SELECT seq, session_id FROM joins WHERE session_expires_at > ? AND paid_at IS NULL AND seq > ? ORDER BY seq LIMIT ?', now, from, n)
        .toArray();
    let rows = pick(this.meta.paidScanFrom, limit);
    if (rows.length < limit && this.meta.paidScanFrom > 0) rows = [...rows, ...pick(0, limit - rows.length).filter((r) => r.seq <= this.meta.paidScanFrom)];
    this.meta.paidScanFrom = rows.length < limit ? 0 : rows[rows.length - 1]!.seq;
    return rows.map((r) => r.session_id);
  }

  /** The inventory says these sessions' orders are paid and they hold nothing more: their slots are free. */
  markPaid(sessionIds: readonly string[], now: number) {
    for (const id of sessionIds) this.sql.exec('UPDATE joins SET paid_at = ? WHERE session_id = ? AND paid_at IS NULL', now, id);
  }

  /**
   * Of the sessions asked about, these let a hold run out and hold nothing: their slots are free. The others are not
   * (any more): a lapsed shopper who holds again counts again.
   */
  markLapsed(asked: readonly string[], lapsed: readonly string[], now: number) {
    const out = new Set(lapsed);
    for (const id of asked) {
      if (out.has(id)) this.sql.exec('UPDATE joins SET lapsed_at = ? WHERE session_id = ? AND lapsed_at IS NULL', now, id);
      else this.sql.exec('UPDATE joins SET lapsed_at = NULL WHERE session_id = ? AND lapsed_at IS NOT NULL', id);
    }
  }

  /** Admitted shoppers whose hold ran out and who hold nothing now (the console's figure). */
  lapsed(now: number): number {
    return this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM joins WHERE lapsed_at IS NOT NULL AND paid_at IS NULL AND session_expires_at > ?', now).one().n;
  }

  /** One tick's reading of the inventory: places not sold yet, and the sold count for the sale rate (a minute kept). */
  noteSales(capacity: number, sold: number, now: number) {
    this.meta.seatsLeft = Math.max(0, capacity - sold);
    if (this.meta.shuffled && this.meta.soldAtDraw === null) this.meta.soldAtDraw = sold;
    this.meta.lastSold = sold;
    this.meta.sales = [...this.meta.sales.filter(([at]) => at > now - 60_000), [now, sold]];
  }

  admittedLastMinute(now: number): number {
    return this.meta.recent.filter(([at]) => at > now - 60_000).reduce((sum, [, n]) => sum + n, 0);
  }

  /** Moves the cursor `n` places on (never past the last placed join), stamping the places it passes. */
  advance(n: number, now: number): number {
    const to = Math.min(this.meta.placed, this.meta.admittedThrough + Math.max(0, Math.floor(n)));
    const moved = to - this.meta.admittedThrough;
    if (moved > 0) {
      this.sql.exec('UPDATE joins SET invited_at = ? WHERE place > ? AND place <= ?', now, this.meta.admittedThrough, to);
      this.meta.admittedThrough = to;
      this.meta.recent.push([now, moved]);
      const pre = this.meta.preQueue;
      if (pre?.byLottery && pre.size > 0) {
        const last = Math.min(to, pre.size);
        pre.lotteryThrough = this.sql.exec<{ lottery: number | null }>('SELECT lottery FROM joins WHERE place = ?', last).toArray()[0]?.lottery ?? pre.lotteryThrough;
      }
      if (this.meta.late) {
        const row = this.sql.exec<{ joined_at: number; lottery: number | null; pre_queue: number }>('SELECT joined_at, lottery, pre_queue FROM joins WHERE place = ?', to).toArray()[0];
        if (row && !row.pre_queue && row.lottery !== null) this.meta.late.through = { at: row.joined_at, lottery: row.lottery };
        this.markLate();
      }
      this.meta.updatedAt = now;
    }
    this.meta.recent = this.meta.recent.filter(([at]) => at > now - 60_000);
    return moved;
  }

  waiting(): number {
    return this.meta.placed - this.meta.admittedThrough;
  }

  setState(state: RoomState, now: number) {
    if (this.meta.state !== state) {
      this.meta.state = state;
      this.meta.updatedAt = now;
    }
  }

  cursor(now: number): RoomCursor {
    const c = this.meta.config;
    const state: RoomState =
      !c?.enabled || c.admission === 'closed' ? 'closed' : this.meta.shuffled || this.started(now) ? (this.meta.state === 'prequeue' ? 'open' : this.meta.state) : 'prequeue';
    const lastMinute = this.admittedLastMinute(now);
    return {
      admittedThrough: this.meta.admittedThrough,
      state,
      ratePerMinute: c?.ratePerMinute ?? lastMinute,
      waiting: this.waiting(),
      updatedAt: new Date(this.meta.updatedAt || now).toISOString(),
      ...(this.meta.preQueue ? { preQueue: { ...this.meta.preQueue } } : {}),
      ...(this.meta.late ? { late: this.lateCursor() } : {}),
    };
  }

  private lateCursor(): LateCursor {
    const late = this.meta.late!;
    return { shards: late.shards, through: late.through, marks: late.marks, placed: this.meta.placed, gatheredThrough: late.gatheredThrough };
  }

  /**
   * Redeems a join's place for a buyer session: null when the cursor has not reached it, `invitation_expired` when it
   * was not redeemed within the redemption window. Redeeming again answers the same session (even once it has expired:
   * a new one would let one ticket in twice).
   */
  redeem(joinId: string, now: number): { sessionId: string; expiresAt: number; place: number } | 'invitation_expired' | null {
    const row = this.sql
      .exec<{ place: number | null; session_id: string | null; session_expires_at: number | null; invited_at: number | null }>(
        'SELECT place, session_id, session_expires_at, invited_at FROM joins WHERE join_id = ?',
        joinId,
      )
      .toArray()[0];
    if (!row || row.place === null || row.place > this.meta.admittedThrough) return null;
    if (row.session_id && row.session_expires_at !== null) return { sessionId: row.session_id, expiresAt: row.session_expires_at, place: row.place };
    // Not redeemed within the window: its slot went to the next in line (active() stopped counting it); join again.
    if (row.invited_at !== null && row.invited_at <= now - redeemWindowMs(this.meta.config)) return 'invitation_expired';
    const sessionId = newSessionId();
    const expiresAt = now + (this.meta.config?.sessionMinutes ?? 10) * 60_000;
    this.sql.exec('UPDATE joins SET session_id = ?, session_expires_at = ? WHERE join_id = ?', sessionId, expiresAt, joinId);
    return { sessionId, expiresAt, place: row.place };
  }
}
