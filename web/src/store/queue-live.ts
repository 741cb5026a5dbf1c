/**
 * A waiting buyer's live channel (docs/waiting-room.md): the event's public channel with `?only=queue`, which carries
 * nothing but the room's `queue` messages (no seat deltas), handed to the queue runner; the runner learns whether the
 * channel is open, so polling stays the fallback when it is not. No React here: WaitingRoom.tsx starts and stops it.
 */
import type { PublicLiveMessage } from '../../../src/shared/live-protocol';
import { LiveChannel, liveUrl, realTimers, type LiveChannelOptions, type Timers } from '../ui/live-channel';
import type { QueueRunner } from './queue-runner';

export type QueueLiveOptions = {
  eventId: string;
  runner: Pick<QueueRunner, 'live' | 'liveOpen'>;
  loc: { protocol: string; host: string };
  /** Tests: fake sockets, clock and randomness. */
  channel?: Pick<LiveChannelOptions<PublicLiveMessage>, 'createSocket' | 'timers' | 'random'>;
};

export function queueLiveUrl(eventId: string, loc: { protocol: string; host: string }): string {
  return `${liveUrl(eventId, loc)}?only=queue`;
}

export function followQueue(o: QueueLiveOptions): LiveChannel<PublicLiveMessage> {
  return new LiveChannel<PublicLiveMessage>({
    ...o.channel,
    url: queueLiveUrl(o.eventId, o.loc),
    onMessage: (m) => {
      if (m.type === 'queue') o.runner.live(m);
    },
    onStatus: (s) => o.runner.liveOpen(s === 'open'),
    // A queue-only socket has no seat map to refetch: nothing to do on a resync (none is sent to it).
    onResync: () => {},
  });
}

/**
 * A waiting buyer's socket opens a random 0–3 s after the join, not with it: a crowd that joins in the same second
 * (the on-sale minute) spreads its socket upgrades over three seconds instead of queueing its joins behind them
 * (bench:onsale saw join p50 9.8 s with sockets opened at once against 1.5 s without). Polling covers the gap.
 */
export const QUEUE_SOCKET_JITTER_MS = 3_000;

/** The delay before the socket opens: uniform over [0, QUEUE_SOCKET_JITTER_MS). */
export function queueSocketDelay(random: () => number = Math.random): number {
  const r = random();
  return Math.floor(Math.min(Math.max(Number.isFinite(r) ? r : 0, 0), 0.999_999) * QUEUE_SOCKET_JITTER_MS);
}

/** Starts `live` after the jittered delay; answers a cancel (leaving the page before then opens no socket). */
export function startQueueLiveLater(live: Pick<LiveChannel<PublicLiveMessage>, 'start'>, timers: Pick<Timers, 'setTimeout' | 'clearTimeout'> = realTimers, random: () => number = Math.random): () => void {
  let handle: unknown = timers.setTimeout(() => {
    handle = null;
    live.start();
  }, queueSocketDelay(random));
  return () => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
  };
}
