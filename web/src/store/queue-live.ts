/**
 * A waiting buyer's live channel (docs/waiting-room.md): the event's public channel with `?only=queue`, which carries
 * nothing but the room's `queue` messages (no seat deltas), handed to the queue runner; the runner learns whether the
 * channel is open, so polling stays the fallback when it is not. No React here: WaitingRoom.tsx starts and stops it.
 */
import type { PublicLiveMessage } from '../../../src/shared/live-protocol';
import { LiveChannel, liveUrl, type LiveChannelOptions } from '../ui/live-channel';
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
