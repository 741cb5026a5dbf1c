/**
 * The room tells waiting buyers at once (docs/waiting-room.md, "Live queue message"): when its state flips or its
 * cursor moves it pushes one `queue` message to each relay of the event's queue pool (the waiting buyers' `?only=queue`
 * sockets, apart from the seat map's: relay/config.ts; durable-objects/live-relay.ts `announce`), which send it to their
 * sockets. Not through the inventory: the message is not seat state (no version,
 * newest wins, polling makes good a lost one), and the inventory's hot path stays free of room traffic.
 */
import type { LiveQueue } from '../../src/shared/live-protocol';
import { liveConfig, relayCount, relayName } from '../relay/config';
import type { RoomCursor } from './types';

/** A relay that has not answered by then is left behind for this message (the next one, or polling, brings it the news). */
export const ANNOUNCE_TIMEOUT_MS = 500;

export function queueMessage(cursor: RoomCursor): LiveQueue {
  return {
    type: 'queue',
    audience: 'public',
    state: cursor.state,
    admittedThrough: cursor.admittedThrough,
    ratePerMinute: cursor.ratePerMinute,
    updatedAt: cursor.updatedAt,
    ...(cursor.preQueue?.byLottery ? { lotteryThrough: cursor.preQueue.lotteryThrough } : {}),
    ...(cursor.late ? { lateThrough: cursor.late.through } : {}),
  };
}

/** What makes a new message worth sending: the state, the cursor, or the rate an ETA is computed from. */
export const announceKey = (m: LiveQueue) => `${m.state}:${m.admittedThrough}:${Math.round(m.ratePerMinute)}`;

/** Sends `message` to every public relay of the event; answers how many sockets it reached (relays that answered in time). */
export async function announce(env: Cloudflare.Env, organizationId: string, eventId: string, message: LiveQueue): Promise<number> {
  const ns = env.LIVE_RELAY;
  // The waiting buyers' sockets are on the queue pool (relay/config.ts): the message goes there only.
  const count = relayCount(liveConfig(env), 'queue');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ sockets: number }>((resolve) => {
    timer = setTimeout(() => resolve({ sockets: 0 }), ANNOUNCE_TIMEOUT_MS);
  });
  try {
    const answers = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => Promise.race([ns.get(ns.idFromName(relayName(organizationId, eventId, 'queue', i))).announce(message, { org: organizationId, event: eventId, index: i }), late])),
    );
    return answers.reduce((sum, a) => sum + (a.status === 'fulfilled' ? a.value.sockets : 0), 0);
  } finally {
    clearTimeout(timer);
  }
}
