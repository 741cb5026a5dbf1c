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
import { FeedIn, FeedOut, type ShardFeed } from './shard-feed';
import { mergeCounts } from '../../src/domains/events/shards/merge';
import type { LiveCounts, SeatStatus } from '../../src/shared/live-protocol';

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
  /** A sharded event's coordinator: the other shards' seats and counts (shard-feed.ts). */
  private readonly feedIn: FeedIn;
  /** A shard other than the coordinator: what it feeds the coordinator. */
  private feedOut: FeedOut | null = null;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Cloudflare.Env,
    private readonly engine: () => InventoryEngine,
  ) {
    const config = liveConfig(env);
    this.coalesceMs = config.coalesceMs;
    this.feedIn = new FeedIn(ctx.storage.sql);
    this.streams = new LiveStreams(
      ctx.storage.sql,
      {
        seatStatus: (id) => {
          const inv = this.engine();
          const seat = inv.seats.get(id);
          if (seat) return inv.seatStatus(seat);
          // Another shard's seat: as it fed it, checked in when its ticket scanned here.
          const fed = this.feedIn.statuses.get(id);
          if (inv.foreignCheckedIn.has(id) && (fed === undefined || fed === 'sold')) return 'checked_in';
          return fed ?? null;
        },
        counts: () => this.liveCounts(),
        status: () => this.engine().config?.status ?? 'draft',
        visibleTypeIds: () => this.visibleTypeIds(),
      },
      config.deltaWindow,
    );
    this.publisher = new LivePublisher(ctx.storage.sql, this.streams, (channel, index) => this.relay(env, channel, index));
    // After a restart: publish what committed but was never published, and push to relays that are behind; a shard
    // feeds the coordinator everything it has (a feed may have been lost with the restart).
    this.changed();
    this.publisher.kick();
    this.feedAll();
  }

  /** The event's counts as the live channel tells them: a coordinator's add up every shard's. */
  liveCounts(): LiveCounts {
    const own = this.engine().counts();
    return this.feedIn.counts.size ? mergeCounts([own, ...this.feedIn.shardCounts()]) : own;
  }

  private feed(): FeedOut | null {
    const shard = this.engine().shard;
    const config = this.engine().config;
    if (!shard || shard.index === 0 || !config) return null;
    this.feedOut ??= new FeedOut(shard.index, () => {
      const ns = this.env.EVENT_INVENTORY;
      return ns.get(ns.idFromName(`${config.organizationId}:${config.eventId}`));
    });
    return this.feedOut;
  }

  /** A shard: feeds the coordinator every seat it has and its counts (after hydrating, and after a restart). */
  feedAll() {
    const out = this.feed();
    if (!out) return;
    const inv = this.engine();
    out.push(this.streams.version('organizer'), [...inv.seats.values()].map((s) => ({ id: s.id, status: inv.seatStatus(s) })), inv.counts(), ['status']);
  }

  /** The coordinator: another shard's feed, recorded for the live channel in one transaction. Answers whether it was new. */
  applyFeed(feed: ShardFeed, now: number): boolean {
    const applied = this.ctx.storage.transactionSync(() => {
      const touched = this.feedIn.apply(feed);
      if (!touched) return false;
      this.streams.record(touched, (feed.reasons.length ? feed.reasons : ['status']).map((reason) => ({ reason, seats: [] })), now);
      return true;
    });
    if (applied) {
      this.feedIn.commit(feed);
      this.changed();
    }
    return applied;
  }

  /** The other shards' seats that are not available, for snapshots. */
  private feedLists(): Record<'held' | 'sold' | 'checked_in' | 'blocked', string[]> {
    const lists = { held: [] as string[], sold: [] as string[], checked_in: [] as string[], blocked: [] as string[] };
    const checkedIn = this.engine().foreignCheckedIn;
    for (const [id, status] of this.feedIn.statuses) {
      if (status === 'available') continue;
      lists[status === 'sold' && checkedIn.has(id) ? 'checked_in' : (status as Exclude<SeatStatus, 'available'>)].push(id);
    }
    return lists;
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
    const organizer = deltas.find((d) => !('audience' in d));
    if (organizer && !('audience' in organizer) && organizer.type === 'delta') this.feed()?.push(organizer.version, organizer.seats, organizer.counts, organizer.reasons ?? [organizer.reason]);
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
      seats: this.withFeed(inv.statusLists()),
      counts: this.liveCounts(),
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

  private withFeed(own: Record<'held' | 'sold' | 'checked_in' | 'blocked', string[]>) {
    if (!this.feedIn.statuses.size && !this.engine().foreignCheckedIn.size) return own;
    const other = this.feedLists();
    return { held: [...own.held, ...other.held], sold: [...own.sold, ...other.sold], checked_in: [...own.checked_in, ...other.checked_in], blocked: [...own.blocked, ...other.blocked] };
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
