/**
 * A waiting room's stored settings (the `waiting_rooms` row) and what is made of them: the API's view, the room
 * object's configuration, and when the sale starts for it. Shared by the settings verbs, the buyer routes and the
 * event hooks (sync.ts).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { ticketTypes } from '../../db/schema/events';
import { waitingRooms } from '../../db/schema/waiting-rooms';
import { isoOrNull } from '../../platform/time';
import type { RoomConfig } from '../../../durable-objects/waiting-room/types';
import type { EventRow } from '../events/events';
import type { WaitingRoomOut } from './schemas';

export type RoomRow = typeof waitingRooms.$inferSelect;

export const ROOM_DEFAULTS = { shuffleAtStart: true, ratePerMinute: null, maxActive: 500, sessionMinutes: 10, redeemWithinSeconds: null, maxSeatsPerBuyer: 6, queueShards: 1 } as const;

export function toWaitingRoom(eventId: string, row: RoomRow | undefined): WaitingRoomOut {
  if (!row) return { eventId, enabled: false, preQueueOpensAt: null, ...ROOM_DEFAULTS, admission: 'open', updatedAt: null };
  return {
    eventId,
    enabled: row.enabled,
    preQueueOpensAt: isoOrNull(row.preQueueOpensAt),
    shuffleAtStart: row.shuffleAtStart,
    ratePerMinute: row.ratePerMinute,
    maxActive: row.maxActive,
    sessionMinutes: row.sessionMinutes,
    redeemWithinSeconds: row.redeemWithinSeconds,
    maxSeatsPerBuyer: row.maxSeatsPerBuyer,
    queueShards: row.queueShards,
    admission: row.admission,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function loadRoom(db: Database, organizationId: string, eventId: string): Promise<RoomRow | undefined> {
  const [row] = await db
    .select()
    .from(waitingRooms)
    .where(and(eq(waitingRooms.organizationId, organizationId), eq(waitingRooms.eventId, eventId)))
    .limit(1);
  return row;
}

/** When the sale starts for the room: the event's sale start, else its earliest ticket type's (null: not known). */
export async function saleStartOf(db: Database, event: EventRow): Promise<number | null> {
  if (event.saleStartsAt) return event.saleStartsAt.getTime();
  const types = await db
    .select({ saleStartsAt: ticketTypes.saleStartsAt })
    .from(ticketTypes)
    .where(and(eq(ticketTypes.organizationId, event.organizationId), eq(ticketTypes.eventId, event.id)))
    .orderBy(asc(ticketTypes.position));
  const starts = types.map((t) => t.saleStartsAt?.getTime()).filter((t): t is number => t !== undefined);
  return starts.length === types.length && starts.length > 0 ? Math.min(...starts) : null;
}

export function roomConfigOf(event: EventRow, room: WaitingRoomOut, saleStartsAt: number | null): RoomConfig {
  return {
    organizationId: event.organizationId,
    eventId: event.id,
    enabled: room.enabled,
    preQueueOpensAt: room.preQueueOpensAt ? Date.parse(room.preQueueOpensAt) : null,
    shuffleAtStart: room.shuffleAtStart,
    ratePerMinute: room.ratePerMinute,
    maxActive: room.maxActive,
    sessionMinutes: room.sessionMinutes,
    ...(room.redeemWithinSeconds !== null ? { redeemWithinSeconds: room.redeemWithinSeconds } : {}),
    maxSeatsPerBuyer: room.maxSeatsPerBuyer,
    queueShards: room.queueShards,
    saleStartsAt,
    admission: room.admission,
  };
}
