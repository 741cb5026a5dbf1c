/** An event's room as the buyer routes see it (on or off, the per-buyer cap), from a 2-second isolate cache. */
import type { Database } from '../../db/client';
import type { EventRow } from '../events/events';
import { loadRoom, ROOM_DEFAULTS } from './room-row';

/** What the buyer routes need of a room: on or off, and the per-buyer cap. */
export type PublicRoom = { enabled: boolean; maxSeatsPerBuyer: number };

const ROOM_CACHE_MS = 2_000;
const roomCache = new Map<string, { room: Promise<PublicRoom>; until: number }>();

/** An event's room as the buyer routes see it, from a 2-second isolate cache (one D1 read at a time per event). */
export function publicRoom(db: Database, event: Pick<EventRow, 'id' | 'organizationId'>): Promise<PublicRoom> {
  const now = Date.now();
  const cached = roomCache.get(event.id);
  if (cached && cached.until > now) return cached.room;
  const room = loadRoom(db, event.organizationId, event.id).then((row) => ({ enabled: row?.enabled ?? false, maxSeatsPerBuyer: row?.maxSeatsPerBuyer ?? ROOM_DEFAULTS.maxSeatsPerBuyer }));
  if (roomCache.size > 10_000) roomCache.clear();
  const entry = { room, until: now + ROOM_CACHE_MS };
  roomCache.set(event.id, entry);
  room.catch(() => {
    if (roomCache.get(event.id) === entry) roomCache.delete(event.id);
  });
  return room;
}

/** This isolate saw the settings change: the next buyer request reads them again. */
export function forgetPublicRoom(eventId: string) {
  roomCache.delete(eventId);
}
