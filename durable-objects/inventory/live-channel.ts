/**
 * The EventInventory's live channel, socket-free (issue #13): records what each committed mutation changed (in its
 * transaction: live-streams.ts), publishes it at most once per LIVE_COALESCE_MS as one versioned delta per channel,
 * pushes the deltas to the subscribed relays (live-publisher.ts), and answers the relays' RPCs (subscribe, deltas
 * since, snapshots) and the public seat map, whose JSON is built once per public version.
 */
import type { ChannelDelta, DeltasSince, LiveAudience, LiveSnapshot } from '../../src/shared/live-protocol';
import { LIVE_CHANNELS } from '../../src/shared/live-protocol';
import { liveConfig, MAX_RELAY_INDEX, relayName } from '../relay/config';
import type { Change, InventoryEngine } from './engine';
import { LivePublisher, type RelayTarget } from './live-publisher';
import { LiveStreams } from './live-streams';
import { gateCounts, publicSeatMap, publicSnapshot, publicTicketTypes } from './projection';

const checkChannel = (channel: unknown): LiveAudience => {
  if (!LIVE_CHANNELS.includes(channel as LiveAudience)) throw new RangeError('Unknown live channel');
  return channel as LiveAudience;
};
const checkIndex = (index: unknown): number => {
  if (!Number.isInteger(index) || (index as number) < 0 || (index as number) > MAX_RELAY_INDEX) throw new RangeError('Relay index out of range');
  return index as number;
};

export class InventoryLive {
  private readonly streams: LiveStreams;
  private readonly publisher: LivePublisher;
  private readonly coalesceMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private publicJson: { version: number; json: string } | null = null;

  constructor(
    private readonly ctx: DurableObjectState,
    env: Cloudflare.Env,
    private readonly engine: () => InventoryEngine,
  ) {
    const config = liveConfig(env);
    this.coalesceMs = config.coalesceMs;
    this.streams = new LiveStreams(
      ctx.storage.sql,
      {
        seatStatus: (id) => {
          const seat = this.engine().seats.get(id);
          return seat ? this.engine().seatStatus(seat) : null;
        },
        counts: () => this.engine().counts(),
        status: () => this.engine().config?.status ?? 'draft',
        visibleTypeIds: () => this.visibleTypeIds(),
      },
      config.deltaWindow,
    );
    this.publisher = new LivePublisher(ctx.storage.sql, this.streams, (channel, index) => this.relay(env, channel, index));
    // After a restart: publish what committed but was never published, and push to relays that are behind.
    this.changed();
    this.publisher.kick();
  }

  private relay(env: Cloudflare.Env, channel: LiveAudience, index: number): RelayTarget | null {
    const config = this.engine().config;
    if (!config) return null;
    const ns = env.LIVE_RELAY;
    return ns.get(ns.idFromName(relayName(config.organizationId, config.eventId, channel, index))) as unknown as RelayTarget;
  }

  visibleTypeIds(): ReadonlySet<string> {
    return new Set([...this.engine().types.values()].filter((t) => t.visible).map((t) => t.id));
  }

  version(channel: LiveAudience): number {
    return this.streams.version(channel);
  }

  /** Inside the mutation's transaction. */
  record(touched: ReadonlyMap<string, boolean>, changes: Change[], now: number) {
    this.streams.record(touched, changes, now);
  }

  /** After a committed mutation: the next flush is due within the coalescing window. */
  changed() {
    if (!this.streams.dirty || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.flush();
      } catch (error) {
        console.error(JSON.stringify({ level: 'error', msg: 'live flush failed', error: String(error) }));
        this.changed();
      }
    }, this.coalesceMs);
  }

  /** Publishes what is pending now (reads that promise a version call this first), then pushes it. */
  flush(): ChannelDelta[] {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const deltas = this.streams.flush((fn) => this.ctx.storage.transactionSync(fn));
    if (deltas.length) this.publisher.kick(new Set(deltas.map((d) => ('audience' in d ? d.audience : 'organizer'))));
    return deltas;
  }

  subscribe(channel: LiveAudience, index: number, since?: number) {
    this.flush();
    return this.publisher.subscribe(checkChannel(channel), checkIndex(index), since);
  }

  relays() {
    return this.publisher.list();
  }

  unsubscribe(channel: LiveAudience, index: number) {
    this.publisher.unsubscribe(checkChannel(channel), checkIndex(index));
  }

  deltasSince(channel: LiveAudience, since: number): DeltasSince {
    this.flush();
    return this.streams.since(checkChannel(channel), since);
  }

  snapshot(channel: LiveAudience) {
    this.flush();
    const inv = this.engine();
    const full: LiveSnapshot = {
      type: 'snapshot',
      eventId: inv.config?.eventId ?? '',
      version: this.streams.version('organizer'),
      status: inv.config?.status ?? 'draft',
      seats: inv.statusLists(),
      counts: inv.counts(),
    };
    switch (checkChannel(channel)) {
      case 'organizer':
        return full;
      case 'gate':
        return { type: 'snapshot' as const, audience: 'gate' as const, eventId: full.eventId, version: this.streams.version('gate'), counts: gateCounts(full.counts) };
      default: {
        const unavailable = new Set(Object.values(full.seats).flat());
        return publicSnapshot({ seq: this.streams.version('public'), unavailable, ticketTypes: JSON.stringify(publicTicketTypes(full.counts, this.visibleTypeIds())) }, full);
      }
    }
  }

  publicSeatMapJson(): { version: number; json: string } {
    this.flush();
    const version = this.streams.version('public');
    if (this.publicJson?.version !== version) {
      this.publicJson = { version, json: JSON.stringify(publicSeatMap(this.fullSeatMap(), { seq: version }, this.visibleTypeIds())) };
    }
    return this.publicJson;
  }

  fullSeatMap() {
    const inv = this.engine();
    const flags = (s: { accessible: boolean; restrictedView: boolean }) => (s.accessible ? 1 : 0) | (s.restrictedView ? 2 : 0);
    return {
      version: inv.version,
      focal: inv.focal,
      categories: inv.categories,
      gaAreas: [...inv.areas.values()],
      seats: [...inv.seats.values()].map((s): [string, number, number, string, number, string] => [s.id, s.x, s.y, s.category, flags(s), inv.seatStatus(s)]),
      counts: inv.counts(),
    };
  }
}
