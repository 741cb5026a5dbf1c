/**
 * The inventory's relays (issue #13): which LiveRelay objects follow which channel (a registry in the DO's SQLite, so
 * a restart keeps pushing from where it left off, within the last second of acknowledgements), and the pushes to them. Per relay at most one push is in flight; what
 * accumulates meanwhile goes as one call; a push carries every delta after the relay's acknowledged version. A failed
 * or timed-out push is retried with backoff from that version; a relay failing MAX_FAILURES times in a row is dropped
 * (it subscribes again when it next has a socket, or on its own periodic check). Nothing here is ever awaited by a
 * hold, release or sale: pushes run beside them.
 */
import type { ChannelDelta, LiveAudience } from '../../src/shared/live-protocol';
import type { LiveStreams } from './live-streams';

export const RELAY_DDL = [`CREATE TABLE IF NOT EXISTS live_relays (channel TEXT NOT NULL, relay_index INTEGER NOT NULL, acked INTEGER NOT NULL, PRIMARY KEY (channel, relay_index))`];

/** The relay's side of a push: it answers the version it now holds contiguously. */
export type RelayTarget = { publish(deltas: ChannelDelta[]): Promise<{ version: number }> };

export type PublisherOptions = { pushTimeoutMs: number; maxFailures: number; retryBaseMs: number; maxBatch: number };
export const DEFAULT_PUBLISHER_OPTIONS: PublisherOptions = { pushTimeoutMs: 3_000, maxFailures: 6, retryBaseMs: 50, maxBatch: 512 };

type Relay = { channel: LiveAudience; index: number; acked: number; inFlight: boolean; failures: number; timer: ReturnType<typeof setTimeout> | null; dropped: boolean };

const keyOf = (channel: string, index: number) => `${channel}:${index}`;
const ACK_SAVE_MS = 1_000;

export class LivePublisher {
  private readonly relays = new Map<string, Relay>();

  constructor(
    private readonly sql: SqlStorage,
    private readonly streams: LiveStreams,
    private readonly target: (channel: LiveAudience, index: number) => RelayTarget | null,
    private readonly options: PublisherOptions = DEFAULT_PUBLISHER_OPTIONS,
  ) {
    for (const ddl of RELAY_DDL) sql.exec(ddl);
    for (const r of sql.exec<{ channel: string; relay_index: number; acked: number }>('SELECT channel, relay_index, acked FROM live_relays')) {
      this.relays.set(keyOf(r.channel, r.relay_index), this.fresh(r.channel as LiveAudience, Number(r.relay_index), Number(r.acked)));
    }
  }

  private fresh(channel: LiveAudience, index: number, acked: number): Relay {
    return { channel, index, acked, inFlight: false, failures: 0, timer: null, dropped: false };
  }

  /**
   * A relay follows `channel` from `since` (what its sockets hold) or, without one, from now. Answers the channel's
   * version: the relay catches up from its own version with liveDeltasSince when it is behind.
   */
  subscribe(channel: LiveAudience, index: number, since?: number): { version: number } {
    const version = this.streams.version(channel);
    const acked = since !== undefined && Number.isInteger(since) && since >= 0 && since <= version ? since : version;
    this.sql.exec(
      'INSERT INTO live_relays (channel, relay_index, acked) VALUES (?, ?, ?) ON CONFLICT (channel, relay_index) DO UPDATE SET acked = excluded.acked',
      channel,
      index,
      acked,
    );
    const key = keyOf(channel, index);
    const existing = this.relays.get(key);
    if (existing) {
      existing.acked = acked;
      existing.failures = 0;
      existing.dropped = false;
    } else this.relays.set(key, this.fresh(channel, index, acked));
    this.pump(this.relays.get(key)!);
    return { version };
  }

  unsubscribe(channel: LiveAudience, index: number) {
    this.drop(keyOf(channel, index));
  }

  /** Relays currently followed (tests and inspection). */
  list() {
    return [...this.relays.values()].map((r) => ({ channel: r.channel, index: r.index, acked: r.acked, inFlight: r.inFlight, failures: r.failures, retrying: r.timer !== null }));
  }

  /** New deltas were published (or the object just started): every relay behind its channel gets a push. */
  kick(channels?: ReadonlySet<LiveAudience>) {
    for (const relay of this.relays.values()) if (!channels || channels.has(relay.channel)) this.pump(relay);
  }

  private drop(key: string) {
    const relay = this.relays.get(key);
    if (relay) {
      relay.dropped = true;
      if (relay.timer) clearTimeout(relay.timer);
    }
    this.relays.delete(key);
    const [channel, index] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
    this.sql.exec('DELETE FROM live_relays WHERE channel = ? AND relay_index = ?', channel, index);
  }

  private pump(relay: Relay) {
    if (relay.inFlight || relay.timer || relay.dropped) return;
    const version = this.streams.version(relay.channel);
    if (relay.acked >= version) return;
    let found = this.streams.since(relay.channel, relay.acked, this.options.maxBatch);
    // Behind the kept window: push the newest delta; the relay sees the gap, asks, and is told to resync.
    if (!('deltas' in found)) found = this.streams.since(relay.channel, version - 1);
    const deltas = 'deltas' in found ? found.deltas : [];
    if (!deltas.length) return;
    const target = this.target(relay.channel, relay.index);
    if (!target) return;
    relay.inFlight = true;
    const last = deltas[deltas.length - 1]!.version;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => reject(new Error('live relay push timed out')), this.options.pushTimeoutMs);
    });
    Promise.race([Promise.resolve().then(() => target.publish(deltas)), timedOut])
      .then(
        (answer) => {
          const held = Number(answer?.version);
          if (!Number.isInteger(held)) throw new Error('live relay answered no version');
          relay.acked = held;
          if (!relay.dropped) this.saveAckSoon(relay);
          // The relay holds less than was pushed (it is filling a gap of its own): not a success, try again shortly.
          if (held < last) return this.failed(relay);
          relay.failures = 0;
        },
        () => this.failed(relay),
      )
      .catch(() => this.failed(relay))
      .finally(() => {
        clearTimeout(timeout);
        relay.inFlight = false;
        this.pump(relay);
      });
  }

  /**
   * Acknowledged versions reach SQLite at most once per ACK_SAVE_MS, not on every push: they only matter after a
   * restart, when a relay pushed again from a slightly older version drops the deltas it already holds.
   */
  private saveAckSoon(relay: Relay) {
    this.unsavedAcks.add(relay);
    if (this.ackTimer) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = null;
      for (const r of this.unsavedAcks) {
        if (!r.dropped) this.sql.exec('UPDATE live_relays SET acked = ? WHERE channel = ? AND relay_index = ?', r.acked, r.channel, r.index);
      }
      this.unsavedAcks.clear();
    }, ACK_SAVE_MS);
  }

  private readonly unsavedAcks = new Set<Relay>();
  private ackTimer: ReturnType<typeof setTimeout> | null = null;

  private failed(relay: Relay) {
    relay.failures += 1;
    if (relay.failures >= this.options.maxFailures) return this.drop(keyOf(relay.channel, relay.index));
    const delay = this.options.retryBaseMs * 2 ** (relay.failures - 1);
    relay.timer = setTimeout(() => {
      relay.timer = null;
      this.pump(relay);
    }, delay);
  }
}
