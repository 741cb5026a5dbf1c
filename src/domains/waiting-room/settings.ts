/**
 * The organizer's waiting-room settings (D1 `waiting_rooms`, one row per event): read, and replace (audited, pushed to
 * the event's WaitingRoom object). The buyer side's cache of them is public-room.ts; the event hooks are sync.ts.
 */
import type { TenantContext } from '../../platform/context';
import { writeBatch } from '../../db/client';
import { waitingRooms } from '../../db/schema/waiting-rooms';
import { auditEntry } from '../../platform/audit';
import { ValidationError } from '../../platform/errors';
import { isoOrNull } from '../../platform/time';
import { loadEvent } from '../events/events';
import { forgetPublicRoom } from './public-room';
import { waitingRoom } from './room-client';
import { loadRoom, ROOM_DEFAULTS, roomConfigOf, saleStartOf, toWaitingRoom, type RoomRow } from './room-row';
import type { PutWaitingRoom, WaitingRoomOut } from './schemas';

/** The settings of an event of this organization (another organization's event: 404); an event without a room reads as off. */
export async function getWaitingRoom({ ctx, eventId }: { ctx: TenantContext; eventId: string }): Promise<WaitingRoomOut> {
  const event = await loadEvent(ctx, eventId);
  const row = await loadRoom(ctx.db, ctx.organizationId, event.id);
  // The room's own figures only once it was set up: reading settings never creates a room object.
  const live = row ? await waitingRoom(ctx.env, ctx.organizationId, event.id).figures() : null;
  if (!live) return { ...toWaitingRoom(event.id, row), live: null };
  const { admission: _a, ...figures } = live;
  return { ...toWaitingRoom(event.id, row), live: { ...figures, ratePerMinute: Math.round(live.ratePerMinute) } };
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
  const sessionMinutes = input.sessionMinutes ?? ROOM_DEFAULTS.sessionMinutes;
  if (input.redeemWithinSeconds != null && input.redeemWithinSeconds > sessionMinutes * 60) {
    throw new ValidationError([{ path: 'body.redeemWithinSeconds', message: 'Must not be longer than the session' }], 'The time to take a turn cannot be longer than the admission itself.');
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
    sessionMinutes,
    redeemWithinSeconds: input.redeemWithinSeconds ?? ROOM_DEFAULTS.redeemWithinSeconds,
    maxSeatsPerBuyer: input.maxSeatsPerBuyer ?? ROOM_DEFAULTS.maxSeatsPerBuyer,
    queueShards: input.queueShards ?? ROOM_DEFAULTS.queueShards,
    // Not a setting: the organizer's pause or close stands until PATCHed (control.ts).
    admission: before?.admission ?? 'open',
    updatedAt: new Date(),
  };
  const { eventId: _e, organizationId: _o, updatedAt: _u, admission: _a, ...changes } = row;
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
