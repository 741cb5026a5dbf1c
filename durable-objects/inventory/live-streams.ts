/**
 * The live channel's versioned streams inside the EventInventory DO (issue #13; docs/inventory.md, "Live channel:
 * relays and versions"). Three channels (public, organizer, gate), each with its own gap-free version counter.
 *
 * - record(): inside the mutation's own storage transaction, every changed seat goes into `live_pending` with its
 *   public status before the window's first change (INSERT OR IGNORE keeps the earliest), and every reason into
 *   `live_pending_reasons`. A restart loses nothing: what is pending is in SQLite, committed with the change.
 * - flush(): one transaction turns what is pending into at most one delta per channel, numbers it (version + 1),
 *   stores it (the last `window` per channel are kept for resuming) and stores the channel's new version and what it
 *   last said. Public: only seats whose public status differs from before the window (a held seat sold, a check-in:
 *   nothing), the visible types' public availability and the event status when they changed. Organizer: when a
 *   seat is named, the counts changed or the status did (a configuration re-sent unchanged costs no version); its
 *   `reason` is the window's one reason or `mixed`, its `reasons` the window's distinct reasons in order.
 *   Gate: the gate counts when they changed.
 * Pure projections come from projection.ts; this file only keeps the books.
 */
import type { ChannelDelta, DeltasSince, LiveAudience, LiveCounts, LiveDelta, PublicLiveDelta, SeatStatus } from '../../src/shared/live-protocol';
import { LIVE_CHANNELS } from '../../src/shared/live-protocol';
import { gateCounts, publicSeatStatus, publicTicketTypes } from './projection';

export const LIVE_DDL = [
  `CREATE TABLE IF NOT EXISTS live_channels (channel TEXT PRIMARY KEY, version INTEGER NOT NULL, last TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS live_pending (seat_id TEXT PRIMARY KEY, public_before TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS live_pending_reasons (reason TEXT PRIMARY KEY, at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS live_deltas (channel TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (channel, version))`,
];

/** What the streams read from the inventory at flush time (the state after every pending change). */
export type LiveStateSource = {
  seatStatus(id: string): SeatStatus | null;
  counts(): LiveCounts;
  status(): string;
  visibleTypeIds(): ReadonlySet<string>;
};

/** What a channel last told its listeners, beyond seats (seats are tracked by live_pending). */
type Last = { status?: string; ticketTypes?: string; gate?: string; counts?: string };

/**
 * The organizer's counts as compared between windows: the per-minute check-in chart's time axis moves on its own
 * (its counts only change with a check-in, which changes `checkedIn` too), so it is left out.
 */
const organizerCounts = ({ checkInsPerMinute: _axis, ...counts }: LiveCounts) => JSON.stringify(counts);

/** Deltas kept in memory per channel (for pushes, which almost always want the newest few). */
const RECENT = 256;

export class LiveStreams {
  private readonly versions = new Map<LiveAudience, number>();
  private readonly last = new Map<LiveAudience, Last>();
  private readonly recent = new Map<LiveAudience, ChannelDelta[]>();
  /** Whether anything may be pending (set by record, cleared by a flush that found nothing or published it). */
  dirty = false;

  constructor(
    private readonly sql: SqlStorage,
    private readonly source: LiveStateSource,
    private readonly window: number,
  ) {
    for (const ddl of LIVE_DDL) sql.exec(ddl);
    this.load();
  }

  /** Reads versions and last-said state from SQLite (after a restart, or after a rolled-back transaction). */
  load() {
    const rows = new Map(this.sql.exec<{ channel: string; version: number; last: string }>('SELECT channel, version, last FROM live_channels').toArray().map((r) => [r.channel, r]));
    for (const channel of LIVE_CHANNELS) {
      const row = rows.get(channel);
      // A channel never published: what it "last said" is the state now (nothing pending yet), at version 0.
      const last = row ? (JSON.parse(row.last) as Last) : this.describe(channel);
      if (!row) this.sql.exec('INSERT INTO live_channels (channel, version, last) VALUES (?, 0, ?)', channel, JSON.stringify(last));
      this.versions.set(channel, row ? Number(row.version) : 0);
      this.last.set(channel, last);
      this.recent.set(channel, []);
    }
    this.dirty = this.hasPending();
  }

  version(channel: LiveAudience): number {
    return this.versions.get(channel) ?? 0;
  }

  private hasPending(): boolean {
    return (
      this.sql.exec('SELECT 1 FROM live_pending LIMIT 1').toArray().length > 0 || this.sql.exec('SELECT 1 FROM live_pending_reasons LIMIT 1').toArray().length > 0
    );
  }

  private describe(channel: LiveAudience): Last {
    if (channel === 'gate') return { gate: JSON.stringify(gateCounts(this.source.counts())) };
    if (channel === 'organizer') return { status: this.source.status(), counts: organizerCounts(this.source.counts()) };
    return { status: this.source.status(), ticketTypes: JSON.stringify(publicTicketTypes(this.source.counts(), this.source.visibleTypeIds())) };
  }

  /**
   * Called inside the mutation's transaction: the seats it touched (with whether each was free before), the seats
   * its changes name, and their reasons. Rolls back with the mutation.
   */
  record(touched: ReadonlyMap<string, boolean>, changes: readonly { reason: string; seats: readonly { id: string }[] }[], at: number) {
    if (!touched.size && !changes.length) return;
    for (const [id, wasFree] of touched) this.sql.exec('INSERT OR IGNORE INTO live_pending (seat_id, public_before) VALUES (?, ?)', id, wasFree ? 'available' : 'unavailable');
    for (const change of changes) {
      this.sql.exec('INSERT OR IGNORE INTO live_pending_reasons (reason, at) VALUES (?, ?)', change.reason, at);
      for (const seat of change.seats) {
        if (touched.has(seat.id)) continue;
        // A seat named without a status change (a check-in): its public status now is what it was.
        const now = this.source.seatStatus(seat.id);
        if (now) this.sql.exec('INSERT OR IGNORE INTO live_pending (seat_id, public_before) VALUES (?, ?)', seat.id, publicSeatStatus(now));
      }
    }
    this.dirty = true;
  }

  /**
   * Publishes what is pending: at most one delta per channel, in one transaction with the new versions. Answers the
   * deltas made (none when nothing was pending or nobody would learn anything).
   */
  flush(transaction: <T>(fn: () => T) => T): ChannelDelta[] {
    if (!this.dirty) return [];
    let made: { channel: LiveAudience; delta: ChannelDelta; last: Last }[] = [];
    try {
      made = transaction(() => {
        const pending = this.sql.exec<{ seat_id: string; public_before: string }>('SELECT seat_id, public_before FROM live_pending ORDER BY rowid').toArray();
        const reasons = this.sql.exec<{ reason: string }>('SELECT reason FROM live_pending_reasons ORDER BY at, rowid').toArray().map((r) => r.reason);
        if (!pending.length && !reasons.length) return [];
        const out = this.project(pending, reasons);
        for (const { channel, delta, last } of out) {
          this.sql.exec('INSERT INTO live_deltas (channel, version, body) VALUES (?, ?, ?)', channel, delta.version, JSON.stringify(delta));
          this.sql.exec('DELETE FROM live_deltas WHERE channel = ? AND version <= ?', channel, delta.version - this.window);
          this.sql.exec('UPDATE live_channels SET version = ?, last = ? WHERE channel = ?', delta.version, JSON.stringify(last), channel);
        }
        this.sql.exec('DELETE FROM live_pending');
        this.sql.exec('DELETE FROM live_pending_reasons');
        return out;
      });
    } catch (error) {
      // Nothing was published: memory follows storage again, the pending rows are still there.
      this.load();
      throw error;
    }
    this.dirty = false;
    for (const { channel, delta, last } of made) {
      this.versions.set(channel, delta.version);
      this.last.set(channel, last);
      const recent = this.recent.get(channel)!;
      recent.push(delta);
      const keep = Math.min(RECENT, this.window);
      if (recent.length > keep) recent.splice(0, recent.length - keep);
    }
    return made.map((m) => m.delta);
  }

  private project(pending: { seat_id: string; public_before: string }[], reasons: string[]) {
    const counts = this.source.counts();
    const status = this.source.status();
    const out: { channel: LiveAudience; delta: ChannelDelta; last: Last }[] = [];

    const pub = this.last.get('public')!;
    const seats: PublicLiveDelta['seats'] = [];
    for (const p of pending) {
      const now = this.source.seatStatus(p.seat_id);
      if (!now) continue;
      const visible = publicSeatStatus(now);
      if (visible !== p.public_before) seats.push({ id: p.seat_id, status: visible });
    }
    const ticketTypes = publicTicketTypes(counts, this.source.visibleTypeIds());
    const typesJson = JSON.stringify(ticketTypes);
    if (seats.length || typesJson !== pub.ticketTypes || status !== pub.status) {
      const delta: PublicLiveDelta = { type: 'delta', audience: 'public', version: this.version('public') + 1, seats, ticketTypes, ...(status !== pub.status ? { status } : {}) };
      out.push({ channel: 'public', delta, last: { status, ticketTypes: typesJson } });
    }

    const org = this.last.get('organizer')!;
    const orgSeats: LiveDelta['seats'] = [];
    for (const p of pending) {
      const now = this.source.seatStatus(p.seat_id);
      if (now) orgSeats.push({ id: p.seat_id, status: now });
    }
    const reason = reasons.length === 1 ? reasons[0]! : reasons.length ? 'mixed' : 'status';
    const orgCounts = organizerCounts(counts);
    if (orgSeats.length || orgCounts !== org.counts || status !== org.status) {
      const orgDelta: LiveDelta = {
        type: 'delta',
        version: this.version('organizer') + 1,
        reason,
        reasons: reasons.length ? reasons : [reason],
        seats: orgSeats,
        counts,
        ...(status !== org.status ? { status } : {}),
      };
      out.push({ channel: 'organizer', delta: orgDelta, last: { status, counts: orgCounts } });
    }

    const gate = gateCounts(counts);
    const gateJson = JSON.stringify(gate);
    if (gateJson !== this.last.get('gate')!.gate) {
      out.push({ channel: 'gate', delta: { type: 'delta', audience: 'gate', version: this.version('gate') + 1, counts: gate }, last: { gate: gateJson } });
    }
    return out;
  }

  /** Every kept delta after `since` (in order), or resync when `since` is older than the window or ahead. */
  since(channel: LiveAudience, since: number, limit = Infinity): DeltasSince {
    const version = this.version(channel);
    if (!Number.isInteger(since) || since < 0 || since > version) return { resync: true, version };
    if (since === version) return { deltas: [] };
    const recent = this.recent.get(channel)!;
    let deltas: ChannelDelta[];
    if (recent.length && recent[0]!.version <= since + 1) {
      deltas = recent.filter((d) => d.version > since);
    } else {
      deltas = this.sql
        .exec<{ body: string }>('SELECT body FROM live_deltas WHERE channel = ? AND version > ? ORDER BY version', channel, since)
        .toArray()
        .map((r) => JSON.parse(r.body) as ChannelDelta);
      if (!deltas.length || deltas[0]!.version !== since + 1) return { resync: true, version };
    }
    return { deltas: deltas.length > limit ? deltas.slice(0, limit) : deltas };
  }
}
