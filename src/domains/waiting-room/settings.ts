/**
 * The organizer's waiting-room settings (D1 `waiting_rooms`, one row per event): read, replace (audited, pushed to
 * the event's WaitingRoom object), and the buyer side's short isolate cache of them (`publicRoom`, like
 * `publicEvent`: the hold hot path asks D1 at most once per event per isolate every 2 s).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { writeBatch } from '../../db/client';
import { ticketTypes } from '../../db/schema/events';
import { waitingRooms } from '../../db/schema/waiting-rooms';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ValidationError } from '../../platform/errors';
import { log } from '../../platform/logger';
import { isoOrNull } from '../../platform/time';
import type { RoomConfig } from '../../../durable-objects/waiting-room/types';
import { loadEvent, type EventRow } from '../events/events';
import { waitingRoom } from './room-client';
import type { PutWaitingRoom, WaitingRoomOut } from './schemas';

type RoomRow = typeof waitingRooms.$inferSelect;

export const ROOM_DEFAULTS = { shuffleAtStart: true, ratePerMinute: null, maxActive: 500, sessionMinutes: 10, maxSeatsPerBuyer: 6 } as const;

function toWaitingRoom(eventId: string, row: RoomRow | undefined): WaitingRoomOut {
  if (!row) return { eventId, enabled: false, preQueueOpensAt: null, ...ROOM_DEFAULTS, updatedAt: null };
  return {
    eventId,
    enabled: row.enabled,
    preQueueOpensAt: isoOrNull(row.preQueueOpensAt),
    shuffleAtStart: row.shuffleAtStart,
    ratePerMinute: row.ratePerMinute,
    maxActive: row.maxActive,
    sessionMinutes: row.sessionMinutes,
    maxSeatsPerBuyer: row.maxSeatsPerBuyer,
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function loadRoom(db: Database, organizationId: string, eventId: string): Promise<RoomRow | undefined> {
  const [row] = await db
    .select()
    .from(waitingRooms)
    .where(and(eq(waitingRooms.organizationId, organizationId), eq(waitingRooms.eventId, eventId)))
    .limit(1);
  return row;
}

/** The settings of an event of this organization (another organization's event: 404); an event without a room reads as off. */
export async function getWaitingRoom({ ctx, eventId }: { ctx: TenantContext; eventId: string }): Promise<WaitingRoomOut> {
  const event = await loadEvent(ctx, eventId);
  const row = await loadRoom(ctx.db, ctx.organizationId, event.id);
  // The room's own figures only once it was set up: reading settings never creates a room object.
  const live = row ? await waitingRoom(ctx.env, ctx.organizationId, event.id).cursor() : null;
  return { ...toWaitingRoom(event.id, row), live: live ? { ...live, ratePerMinute: Math.round(live.ratePerMinute) } : null };
}

/** When the sale starts for the room: the event's sale start, else its earliest ticket type's (null: not known). */
async function saleStartOf(db: Database, event: EventRow): Promise<number | null> {
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
    maxSeatsPerBuyer: room.maxSeatsPerBuyer,
    saleStartsAt,
  };
}

/** Replaces the settings (absent fields take their defaults), audited, then pushes them to the event's room object. */
export async function putWaitingRoom({ ctx, eventId, input }: { ctx: TenantContext; eventId: string; input: PutWaitingRoom }): Promise<WaitingRoomOut> {
  const event = await loadEvent(ctx, eventId);
  const configuredStart = await saleStartOf(ctx.db, event);
  // An event already on sale with no start in the future: its sale has started (now, for the room).
  const saleStartsAt = configuredStart ?? (event.status === 'on_sale' ? Date.now() : null);
  const preQueueOpensAt = input.preQueueOpensAt ? new Date(input.preQueueOpensAt) : null;
  if (preQueueOpensAt && configuredStart !== null && preQueueOpensAt.getTime() > configuredStart) {
    throw new ValidationError([{ path: 'body.preQueueOpensAt', message: 'Must be before the sale starts' }], 'The pre-queue must open before the sale starts.');
  }
  const before = await loadRoom(ctx.db, ctx.organizationId, event.id);
  const row: RoomRow = {
    eventId: event.id,
    organizationId: ctx.organizationId,
    enabled: input.enabled,
    preQueueOpensAt,
    shuffleAtStart: input.shuffleAtStart ?? ROOM_DEFAULTS.shuffleAtStart,
    ratePerMinute: input.ratePerMinute ?? null,
    maxActive: input.maxActive ?? ROOM_DEFAULTS.maxActive,
    sessionMinutes: input.sessionMinutes ?? ROOM_DEFAULTS.sessionMinutes,
    maxSeatsPerBuyer: input.maxSeatsPerBuyer ?? ROOM_DEFAULTS.maxSeatsPerBuyer,
    updatedAt: new Date(),
  };
  const { eventId: _e, organizationId: _o, updatedAt: _u, ...changes } = row;
  await writeBatch(ctx.db, [
    ctx.db
      .insert(waitingRooms)
      .values(row)
      .onConflictDoUpdate({ target: waitingRooms.eventId, set: { ...changes, updatedAt: row.updatedAt } }),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: before ? 'waiting_room.updated' : 'waiting_room.created',
      resourceType: 'waiting_room',
      resourceId: event.id,
      changes: { ...changes, preQueueOpensAt: isoOrNull(preQueueOpensAt) },
    }),
  ]);
  const out = toWaitingRoom(event.id, row);
  await waitingRoom(ctx.env, ctx.organizationId, event.id).configure(roomConfigOf(event, out, saleStartsAt));
  forgetPublicRoom(event.id);
  return out;
}

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


/**
 * The event's sale times or status changed (src/domains/events/events.ts, lifecycle.ts): a room set up for it learns
 * its sale start again. Never fails the event's change (already written): a room that missed it is logged and
 * catches up the next time its settings are saved.
 */
export async function syncWaitingRoom(ctx: TenantContext, event: EventRow): Promise<void> {
  try {
    const row = await loadRoom(ctx.db, ctx.organizationId, event.id);
    if (!row) return;
    const configuredStart = await saleStartOf(ctx.db, event);
    const saleStartsAt = configuredStart ?? (event.status === 'on_sale' ? Date.now() : null);
    await waitingRoom(ctx.env, ctx.organizationId, event.id).configure(roomConfigOf(event, toWaitingRoom(event.id, row), saleStartsAt));
  } catch (error) {
    log('warn', 'waiting room not told of the event change', { eventId: event.id, error: String(error) });
  }
}
