/**
 * One live channel for a sharded event (docs/waiting-room.md, "Section shards"): every shard other than the
 * coordinator feeds its seats' statuses and its counts to the coordinator, which records them in its own live streams
 * as if they were its own changes. Buyers and organizers follow the coordinator's relays exactly as for an unsharded
 * event: one version sequence, every seat.
 *
 * - Out (a shard): after each published organizer delta, the seats it names (absolute statuses) and the shard's counts
 *   join a queue; one send is in flight at a time, each carrying the latest status of every queued seat, so sends
 *   can't overtake one another. A failed send puts its seats back (newer statuses win) and retries in a second; a
 *   restarted shard first sends every seat it has (a feed lost with the restart is made good).
 * - In (the coordinator): statuses and counts applied in one transaction with the live record, each send numbered by
 *   the shard so a late duplicate changes nothing.
 */
import type { LiveCounts, SeatStatus } from '../../src/shared/live-protocol';

export type ShardFeed = { shard: number; seq: number; seats: [string, SeatStatus][]; counts: LiveCounts; reasons: string[] };

export const FEED_DDL = [
  `CREATE TABLE IF NOT EXISTS feed_seats (id TEXT PRIMARY KEY, status TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS feed_shards (shard INTEGER PRIMARY KEY, seq INTEGER NOT NULL, counts TEXT NOT NULL)`,
];

/** The coordinator's view of the other shards: their seats' statuses and their latest counts. */
export class FeedIn {
  readonly statuses = new Map<string, SeatStatus>();
  readonly counts = new Map<number, { seq: number; counts: LiveCounts }>();

  constructor(private readonly sql: SqlStorage) {
    for (const ddl of FEED_DDL) sql.exec(ddl);
    for (const r of sql.exec<{ id: string; status: string }>('SELECT id, status FROM feed_seats')) this.statuses.set(r.id, r.status as SeatStatus);
    for (const r of sql.exec<{ shard: number; seq: number; counts: string }>('SELECT shard, seq, counts FROM feed_shards')) {
      this.counts.set(Number(r.shard), { seq: Number(r.seq), counts: JSON.parse(r.counts) as LiveCounts });
    }
  }

  /**
   * Inside the caller's transaction: applies a feed (null when it is not newer than what the shard last sent) and
   * answers the seats whose status changed, each with whether it was free (available) before, for the live record.
   */
  apply(feed: ShardFeed): Map<string, boolean> | null {
    const last = this.counts.get(feed.shard);
    if (last && feed.seq <= last.seq) return null;
    const touched = new Map<string, boolean>();
    for (const [id, status] of feed.seats) {
      const before = this.statuses.get(id) ?? 'available';
      if (before === status) continue;
      touched.set(id, before === 'available');
      this.sql.exec('INSERT INTO feed_seats (id, status) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status', id, status);
    }
    this.sql.exec(
      'INSERT INTO feed_shards (shard, seq, counts) VALUES (?, ?, ?) ON CONFLICT (shard) DO UPDATE SET seq = excluded.seq, counts = excluded.counts',
      feed.shard, feed.seq, JSON.stringify(feed.counts),
    );
    return touched;
  }

  /** Memory follows storage once the transaction committed. */
  commit(feed: ShardFeed) {
    for (const [id, status] of feed.seats) this.statuses.set(id, status);
    this.counts.set(feed.shard, { seq: feed.seq, counts: feed.counts });
  }

  /** The other shards' counts, by shard index. */
  shardCounts(): LiveCounts[] {
    return [...this.counts.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c.counts);
  }
}

/** How long a failed feed waits before it is sent again: doubling from the first to the last. */
const RETRY_MS = { first: 1_000, last: 30_000 };

export type FeedTarget = { shardChanged(feed: ShardFeed): Promise<unknown> };

/** A shard's side: queues its changes and sends them to the coordinator, one send at a time. */
export class FeedOut {
  private readonly seats = new Map<string, SeatStatus>();
  private counts: LiveCounts | null = null;
  private seq = 0;
  private reasons = new Set<string>();
  private sending = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private backoff = RETRY_MS.first;

  constructor(
    private readonly shard: number,
    private readonly target: () => FeedTarget,
  ) {}

  /** Queues changed seats (absolute statuses), the counts after them and the organizer version they were published at. */
  push(seq: number, seats: readonly { id: string; status: SeatStatus }[], counts: LiveCounts, reasons: readonly string[]) {
    for (const s of seats) this.seats.set(s.id, s.status);
    this.counts = counts;
    this.seq = Math.max(this.seq, seq);
    for (const r of reasons) this.reasons.add(r);
    this.send();
  }

  private send() {
    if (this.sending || this.retry || !this.counts) return;
    const feed: ShardFeed = { shard: this.shard, seq: this.seq, seats: [...this.seats], counts: this.counts, reasons: [...this.reasons] };
    this.seats.clear();
    this.counts = null;
    this.reasons.clear();
    this.sending = true;
    this.target()
      .shardChanged(feed)
      .then(
        () => {
          this.sending = false;
          this.backoff = RETRY_MS.first;
          this.send();
        },
        (error: unknown) => {
          this.sending = false;
          // Put it back under anything newer, and try again shortly.
          for (const [id, status] of feed.seats) if (!this.seats.has(id)) this.seats.set(id, status);
          this.counts ??= feed.counts;
          for (const r of feed.reasons) this.reasons.add(r);
          console.error(JSON.stringify({ level: 'warn', msg: 'shard feed to the coordinator failed', shard: this.shard, error: String(error) }));
          this.retry = setTimeout(() => {
            this.retry = null;
            this.send();
          }, this.backoff);
          this.backoff = Math.min(this.backoff * 2, RETRY_MS.last);
        },
      );
  }
}
