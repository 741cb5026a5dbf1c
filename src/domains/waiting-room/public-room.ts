/** An event's room as the buyer routes see it (on or off, the per-buyer cap), from a 2-second isolate cache. */
import type { Database } from '../../db/client';
import { isolateCache } from '../../platform/isolate-cache';
import type { EventRow } from '../events/events';
import { loadRoom, ROOM_DEFAULTS } from './room-row';

/** What the buyer routes need of a room: on or off, the per-buyer cap, and where joins go (join.ts). */
export type PublicRoom = { enabled: boolean; maxSeatsPerBuyer: number; queueShards: number; shuffleAtStart: boolean; preQueueOpensAt: number | null };

const rooms = isolateCache<PublicRoom>(2_000);

/** An event's room as the buyer routes see it, from a 2-second isolate cache (one D1 read at a time per event). */
export function publicRoom(db: Database, event: Pick<EventRow, 'id' | 'organizationId'>): Promise<PublicRoom> {
  return rooms.get(event.id, () =>
    loadRoom(db, event.organizationId, event.id).then((row) => ({
      enabled: row?.enabled ?? false,
      maxSeatsPerBuyer: row?.maxSeatsPerBuyer ?? ROOM_DEFAULTS.maxSeatsPerBuyer,
      queueShards: row?.queueShards ?? ROOM_DEFAULTS.queueShards,
      shuffleAtStart: row?.shuffleAtStart ?? ROOM_DEFAULTS.shuffleAtStart,
      preQueueOpensAt: row?.preQueueOpensAt?.getTime() ?? null,
    })),
  );
}

/** This isolate saw the settings change: the next buyer request reads them again. */
export function forgetPublicRoom(eventId: string) {
  rooms.forget(eventId);
}
