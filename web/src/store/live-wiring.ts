/**
 * The storefront's half of live channel v2, without React: fetch the public seat-map snapshot over HTTP (version S,
 * served from the edge cache), then open the socket with `?since=S` and apply the deltas after it, in order (the
 * channel drops duplicates and resumes after gaps). On `resync` the snapshot is fetched again and the channel resumes
 * from its version; a failed fetch is retried with the channel's backoff. If the first fetch fails the socket still
 * opens (without since): the server's resync then brings the snapshot as soon as it can be fetched.
 *
 * A socket snapshot (sent by a server from before the relays) is applied as the whole truth, like the HTTP one.
 */
import type { PublicLiveDelta, PublicLiveMessage, PublicLiveSnapshot, PublicTicketAvailability } from '../../../src/shared/live-protocol';
import { backoffDelay, LiveChannel, realTimers, type LiveChannelOptions, type LiveStatus, type Timers } from '../ui/live-channel';
import type { SeatMapInput } from './seatmap/model';

/** GET /public/events/{eventId}/seat-map (the parts used here). */
export type PublicSeatMapData = SeatMapInput & { ticketTypes: PublicTicketAvailability };

/** A public delta; `status` is the event's, present only when it changed. */
export type StorefrontDelta = PublicLiveDelta & { status?: string };

export type StorefrontLiveOptions = {
  /** The public socket URL (liveUrl). */
  url: string;
  /** Whether to follow the live channel at all (not for a completed or cancelled event). */
  live: boolean;
  /** GET the seat map; `fresh`: bypass the browser's copy (after a refused hold). */
  fetchSnapshot: (fresh: boolean) => Promise<PublicSeatMapData>;
  /** A snapshot fetched over HTTP: the first one (`first`), or a later one newer than what the channel applied. */
  onSnapshot: (data: PublicSeatMapData, first: boolean) => void;
  onSnapshotError?: (error: unknown) => void;
  onDelta: (delta: StorefrontDelta) => void;
  /** A snapshot on the socket (a server from before the relays sends one on connect). */
  onSocketSnapshot?: (snapshot: PublicLiveSnapshot) => void;
  onStatus?: (status: LiveStatus) => void;
  /** Tests: fake sockets, clock and randomness. */
  channel?: Pick<LiveChannelOptions<PublicLiveMessage>, 'createSocket' | 'timers' | 'random' | 'resumeTimeoutMs'>;
};

export class StorefrontLive {
  private channel: LiveChannel<PublicLiveMessage> | null = null;
  private stopped = false;
  private refetching = false;
  private refetchAttempt = 0;
  private refetchTimer: unknown = null;
  private readonly timers: Timers;

  constructor(private readonly options: StorefrontLiveOptions) {
    this.timers = options.channel?.timers ?? realTimers;
  }

  /** The last version applied (HTTP snapshot or delta), null before any. */
  get version(): number | null {
    return this.channel?.version ?? null;
  }

  async start(): Promise<void> {
    let since: number | undefined;
    try {
      const data = await this.options.fetchSnapshot(false);
      if (this.stopped) return;
      since = data.version;
      this.options.onSnapshot(data, true);
    } catch (error) {
      if (this.stopped) return;
      this.options.onSnapshotError?.(error);
    }
    if (!this.options.live || this.stopped) return;
    this.channel = new LiveChannel<PublicLiveMessage>({
      ...this.options.channel,
      url: this.options.url,
      since,
      onStatus: (s) => this.options.onStatus?.(s),
      onResync: () => void this.refetch(),
      onMessage: (m) => {
        if (m.type === 'delta') this.options.onDelta(m as StorefrontDelta);
        else if (m.type === 'snapshot') this.options.onSocketSnapshot?.(m);
      },
    });
    this.channel.start();
  }

  /** The browser is online / the tab visible again. */
  reconnectNow() {
    this.channel?.reconnectNow();
  }

  stop() {
    this.stopped = true;
    if (this.refetchTimer !== null) this.timers.clearTimeout(this.refetchTimer);
    this.refetchTimer = null;
    this.channel?.stop();
    this.channel = null;
  }

  /**
   * After a refused hold: the seat map as it is now, applied only when newer than what the channel has (an older
   * copy from the edge would roll seats back), and the channel resumes from it.
   */
  async refresh(): Promise<void> {
    const data = await this.options.fetchSnapshot(true);
    if (this.stopped) return;
    const have = this.version;
    if (have !== null && data.version <= have) return;
    this.options.onSnapshot(data, false);
    this.channel?.resumeFrom(data.version);
  }

  /** The server said resync: fetch the snapshot again and resume from its version (retried with backoff). */
  private async refetch(): Promise<void> {
    if (this.refetching || this.stopped) return;
    this.refetching = true;
    try {
      const data = await this.options.fetchSnapshot(false);
      if (this.stopped) return;
      this.refetchAttempt = 0;
      this.options.onSnapshot(data, false);
      this.channel?.resumeFrom(data.version);
    } catch (error) {
      if (this.stopped) return;
      this.options.onSnapshotError?.(error);
      this.refetchAttempt += 1;
      this.refetchTimer = this.timers.setTimeout(() => {
        this.refetchTimer = null;
        void this.refetch();
      }, backoffDelay(this.refetchAttempt, this.options.channel?.random));
    } finally {
      this.refetching = false;
    }
  }
}
