/**
 * The organizer's hand on a running room (PATCH …/waiting-room): pause or resume admission, close the room, change
 * the rate (or back to "auto") or the shoppers at once. Written and audited in one D1 batch like the settings PUT
 * (`waiting_room.paused|resumed|closed` when admission changes, else `waiting_room.updated`), then pushed to the
 * room object, which tells waiting buyers at once (its live `queue` message).
 */
import { and, eq } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context';
import { writeBatch } from '../../db/client';
import { waitingRooms } from '../../db/schema/waiting-rooms';
import { auditEntry, diff } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { loadEvent } from '../events/events';
import { forgetPublicRoom } from './public-room';
import { waitingRoom } from './room-client';
import { loadRoom, roomConfigOf, saleStartOf, toWaitingRoom, type RoomRow } from './room-row';
import type { PatchWaitingRoom, WaitingRoomOut } from './schemas';

const ADMISSION_ACTIONS = { open: 'waiting_room.resumed', paused: 'waiting_room.paused', closed: 'waiting_room.closed' } as const;

export async function patchWaitingRoom({ ctx, eventId, input }: { ctx: TenantContext; eventId: string; input: PatchWaitingRoom }): Promise<WaitingRoomOut> {
  const event = await loadEvent(ctx, eventId);
  const before = await loadRoom(ctx.db, ctx.organizationId, event.id);
  if (!before) throw new AppError(404, 'waiting_room_not_found', 'Not found', 'This event has no waiting room yet: save its settings (PUT) first.');
  const patch: Partial<Pick<RoomRow, 'admission' | 'ratePerMinute' | 'maxActive'>> = {};
  if (input.admission !== undefined) patch.admission = input.admission;
  if (input.ratePerMinute !== undefined) patch.ratePerMinute = input.ratePerMinute;
  if (input.maxActive !== undefined) patch.maxActive = input.maxActive;
  const changes = diff(before, patch);
  const row: RoomRow = { ...before, ...patch, updatedAt: new Date() };
  if (Object.keys(changes).length) {
    const action = changes.admission ? ADMISSION_ACTIONS[row.admission] : 'waiting_room.updated';
    await writeBatch(ctx.db, [
      ctx.db
        .update(waitingRooms)
        .set({ ...patch, updatedAt: row.updatedAt })
        .where(and(eq(waitingRooms.organizationId, ctx.organizationId), eq(waitingRooms.eventId, event.id))),
      auditEntry(ctx, { organizationId: ctx.organizationId, action, resourceType: 'waiting_room', resourceId: event.id, changes }),
    ]);
  }
  const out = toWaitingRoom(event.id, Object.keys(changes).length ? row : before);
  const configuredStart = await saleStartOf(ctx.db, event);
  const saleStartsAt = configuredStart ?? (event.status === 'on_sale' ? Date.now() : null);
  await waitingRoom(ctx.env, ctx.organizationId, event.id).configure(roomConfigOf(event, out, saleStartsAt));
  forgetPublicRoom(event.id);
  return out;
}
