/**
 * Join shards (docs/waiting-room.md, "Queue shards"): for a huge crowd the pre-queue's joins are spread over several
 * WaitingRoom objects (`org:event:q<i>`, i ≥ 1) beside the room itself, so no one object takes every join of the
 * minutes before a sale. A shard only keeps its joins — each with its lottery number, signed into the buyer's ticket
 * as the room does — until the room, at the draw, *seals* it: the shard hands over every join it took and refuses any
 * later one (`sealed`: the Worker then joins at the room, which places it first come, first served). Sealing is
 * idempotent (a repeated seal hands over the same joins), so the room may ask again after a failure.
 */
import { newJoinId, newLottery } from './ids';

export type ShardJoinAnswer = { ok: true; joinId: string; lottery: number } | { ok: false; code: 'sealed' | 'queue_not_open'; opensAt?: number };
export type SealedJoin = { joinId: string; lottery: number; joinedAt: number };
export type SealedJoins = { joins: SealedJoin[] };

export class JoinShard {
  constructor(private readonly sql: SqlStorage) {
    sql.exec('CREATE TABLE IF NOT EXISTS shard_joins (join_id TEXT PRIMARY KEY, lottery REAL NOT NULL, joined_at INTEGER NOT NULL)');
    sql.exec('CREATE TABLE IF NOT EXISTS shard_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
  }

  get sealed(): boolean {
    return this.sql.exec("SELECT 1 FROM shard_meta WHERE k = 'sealed'").toArray().length > 0;
  }

  join(now: number, preQueueOpensAt: number | null): ShardJoinAnswer {
    if (this.sealed) return { ok: false, code: 'sealed' };
    if (preQueueOpensAt !== null && now < preQueueOpensAt) return { ok: false, code: 'queue_not_open', opensAt: preQueueOpensAt };
    const joinId = newJoinId();
    const lottery = newLottery();
    this.sql.exec('INSERT INTO shard_joins (join_id, lottery, joined_at) VALUES (?, ?, ?)', joinId, lottery, now);
    return { ok: true, joinId, lottery };
  }

  /** Refuses every later join and answers every join taken (the same list however often it is asked). */
  seal(): SealedJoins {
    this.sql.exec("INSERT OR IGNORE INTO shard_meta (k, v) VALUES ('sealed', '1')");
    return { joins: this.sql.exec<{ join_id: string; lottery: number; joined_at: number }>('SELECT join_id, lottery, joined_at FROM shard_joins').toArray().map((r) => ({ joinId: r.join_id, lottery: r.lottery, joinedAt: r.joined_at })) };
  }

  count(): number {
    return this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM shard_joins').one().n;
  }
}

/** The name of join shard `i` (≥ 1) of an event's room; shard 0 is the room itself. */
export const joinShardName = (organizationId: string, eventId: string, index: number) => `${organizationId}:${eventId}:q${index}`;
