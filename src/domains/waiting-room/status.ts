/**
 * A buyer's place in the queue, computed in the Worker from the ticket (verified locally) and the cursor (from the
 * edge cache, cursor-cache.ts): a poll never calls the room. The one exception is a pre-queue ticket after the sale
 * started: it has no place in it yet, so the room is asked once and the answer carries a new ticket with the place.
 */
import type { Env } from '../../env';
import { UnauthorizedError } from '../../platform/errors';
import type { RoomCursor } from '../../../durable-objects/waiting-room/types';
import type { EventRow } from '../events/events';
import { readCursor, type CursorRead, type CursorSource } from './cursor-cache';
import { waitingRoom } from './room-client';
import { signQueueTicket, verifyQueueTicket } from './tokens';

export function positionOf(place: number | null, cursor: RoomCursor) {
  if (place === null) return { place, admittedThrough: cursor.admittedThrough, ahead: null, etaSeconds: null, state: cursor.state };
  const behind = place - cursor.admittedThrough;
  const ahead = Math.max(0, behind - 1);
  const etaSeconds = behind <= 0 ? 0 : cursor.ratePerMinute > 0 ? Math.ceil((behind / cursor.ratePerMinute) * 60) : null;
  return { place, admittedThrough: cursor.admittedThrough, ahead, etaSeconds, state: cursor.state };
}

/** The buyer's position, and where the cursor behind it came from (`place`: the room was asked for a pre-queue ticket's drawn place). */
export async function queueStatus({ env, event, token, origin, waitUntil }: { env: Env; event: EventRow; token: string | undefined } & Pick<CursorRead, 'origin' | 'waitUntil'>) {
  const ticket = await verifyQueueTicket(env, token, event.id);
  const { cursor, source } = await readCursor({ env, organizationId: event.organizationId, eventId: event.id, origin, waitUntil });
  if (ticket.place !== null || cursor.state === 'prequeue' || cursor.state === 'closed') return { position: positionOf(ticket.place, cursor), source: source as CursorSource | 'place' };
  const found = await waitingRoom(env, event.organizationId, event.id).placeOf(ticket.joinId);
  if (!found) throw new UnauthorizedError('This queue ticket is not valid.', 'invalid_queue_ticket');
  if (found.place === null) return { position: positionOf(null, found.cursor), source: 'place' as const };
  const fresh = await signQueueTicket(env, { joinId: ticket.joinId, eventId: event.id, place: found.place });
  return { position: { ...positionOf(found.place, found.cursor), ticket: fresh }, source: 'place' as const };
}
