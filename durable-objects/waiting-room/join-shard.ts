/**
 * Join shards (docs/waiting-room.md, "Queue shards"): for a huge crowd the queue's joins are spread over several
 * WaitingRoom objects (`org:event:q<i>`, i ≥ 1) beside the room itself, so no one object takes every join of the
 * minutes around a sale's start.
 *
 * - **Pre-queue joins** (before the draw): a shard keeps each with its lottery number, signed into the buyer's ticket
 *   as the room does, until the room, at the draw, *seals* it: the shard hands over every pre-queue join it took and
 *   refuses any later one (`sealed`). Sealing is idempotent (a repeated seal hands over the same joins).
 * - **Late joins** (after the draw, first come, first served): each is stamped with its arrival (`joinedAt`, ms) and a
 *   lottery number for ties; its key (joinedAt, lottery) is its order. Every tick the room *gathers* from every shard
 *   the late joins up to a cut-off (its clock) and places them in key order; a shard never stamps a later join at or
 *   before a cut-off it has handed over (joinedAt = max(now, cut-off + 1)), so a join can't slip in behind places
 *   already given. The room itself takes late joins in the same table (it is shard 0).
 * - **Waking the room**: a room with nobody waiting or shopping stops ticking; its last gather says so (`idle`), and the
 *   next late join at a shard wakes it (one call, at most once per idle spell).
 */
import { newJoinId, newLottery } from './ids';

export type ShardJoinAnswer = { ok: true; joinId: string; lottery: number } | { ok: false; code: 'sealed' | 'queue_not_open'; opensAt?: number };
export type SealedJoin = { joinId: string; lottery: number; joinedAt: number };
export type SealedJoins = { joins: SealedJoin[] };
/** A late join: its key (joinedAt, lottery) is its order; `wake`: the room said it went idle, wake it. */
export type LateJoin = { joinId: string; joinedAt: number; lottery: number };
export type LateJoinAnswer = LateJoin & { wake: boolean };
export type GatheredJoins = { joins: LateJoin[] };

/** A late join's key: when it joined (ms), then its lottery number for ties. */
export type LateKey = { at: number; lottery: number };
/** Compares two late-join keys: negative when `a` comes first. */
export const compareKeys = (a: LateKey, b: LateKey) => a.at - b.at || a.lottery - b.lottery;

export class JoinShard {
  constructor(private readonly sql: SqlStorage) {
    sql.exec('CREATE TABLE IF NOT EXISTS shard_joins (join_id TEXT PRIMARY KEY, lottery REAL NOT NULL, joined_at INTEGER NOT NULL)');
    sql.exec('CREATE TABLE IF NOT EXISTS shard_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
    sql.exec('CREATE TABLE IF NOT EXISTS late_joins (join_id TEXT PRIMARY KEY, joined_at INTEGER NOT NULL, lottery REAL NOT NULL)');
    sql.exec('CREATE INDEX IF NOT EXISTS late_joins_at ON late_joins (joined_at)');
  }

  private read(k: string): string | null {
    return this.sql.exec<{ v: string }>('SELECT v FROM shard_meta WHERE k = ?', k).toArray()[0]?.v ?? null;
  }

  private write(k: string, v: string) {
    this.sql.exec('INSERT INTO shard_meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', k, v);
  }

  get sealed(): boolean {
    return this.read('sealed') !== null;
  }

  join(now: number, preQueueOpensAt: number | null): ShardJoinAnswer {
    if (this.sealed) return { ok: false, code: 'sealed' };
    if (preQueueOpensAt !== null && now < preQueueOpensAt) return { ok: false, code: 'queue_not_open', opensAt: preQueueOpensAt };
    const joinId = newJoinId();
    const lottery = newLottery();
    this.sql.exec('INSERT INTO shard_joins (join_id, lottery, joined_at) VALUES (?, ?, ?)', joinId, lottery, now);
    return { ok: true, joinId, lottery };
  }

  /** Refuses every later pre-queue join and answers every one taken (the same list however often it is asked). */
  seal(): SealedJoins {
    this.write('sealed', '1');
    return { joins: this.sql.exec<{ join_id: string; lottery: number; joined_at: number }>('SELECT join_id, lottery, joined_at FROM shard_joins').toArray().map((r) => ({ joinId: r.join_id, lottery: r.lottery, joinedAt: r.joined_at })) };
  }

  count(): number {
    return this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM shard_joins').one().n;
  }

  /** The latest cut-off handed to the room: no late join is ever stamped at or before it. */
  get gatheredThrough(): number {
    return Number(this.read('gathered_through') ?? 0);
  }

  /** A late join, stamped after every cut-off handed over; `wake` when the room's last gather said it went idle. */
  lateJoin(now: number): LateJoinAnswer {
    const joinedAt = Math.max(now, this.gatheredThrough + 1);
    const joinId = newJoinId();
    const lottery = newLottery();
    this.sql.exec('INSERT INTO late_joins (join_id, joined_at, lottery) VALUES (?, ?, ?)', joinId, joinedAt, lottery);
    return { joinId, joinedAt, lottery, wake: this.read('room_idle') === '1' };
  }

  /** The room was woken (or is ticking again): later joins need not wake it. */
  roomAwake() {
    this.write('room_idle', '0');
  }

  /**
   * The late joins with `after` < joinedAt ≤ `through` (the room asks from its own last cut-off, so an answer it lost
   * is asked for again); from now on no join is stamped at or before `through`. `idle`: the room stops ticking after
   * this gather, so the next join must wake it.
   */
  gather(after: number, through: number, idle: boolean): GatheredJoins {
    this.write('gathered_through', String(Math.max(this.gatheredThrough, through)));
    this.write('room_idle', idle ? '1' : '0');
    return {
      joins: this.sql
        .exec<{ join_id: string; joined_at: number; lottery: number }>('SELECT join_id, joined_at, lottery FROM late_joins WHERE joined_at > ? AND joined_at <= ? ORDER BY joined_at, lottery', after, through)
        .toArray()
        .map((r) => ({ joinId: r.join_id, joinedAt: r.joined_at, lottery: r.lottery })),
    };
  }
}

/** The name of join shard `i` (≥ 1) of an event's room; shard 0 is the room itself. */
export const joinShardName = (organizationId: string, eventId: string, index: number) => `${organizationId}:${eventId}:q${index}`;
