/** Joining an event's queue: one call to the room, answered with a queue ticket (tokens.ts). */
import type { Database } from '../../db/client';
import type { Env } from '../../env';
import { ConflictError } from '../../platform/errors';
import type { EventRow } from '../events/events';
import { waitingRoom } from './room-client';
import { publicRoom } from './settings';
import { signQueueTicket } from './tokens';

export async function joinQueue({ db, env, event }: { db: Database; env: Env; event: EventRow }) {
  const room = await publicRoom(db, event);
  if (!room.enabled) throw new ConflictError('This event has no waiting room: buy directly.', 'queue_not_active');
  const joined = await waitingRoom(env, event.organizationId, event.id).join();
  if (!joined.ok) {
    if (joined.code === 'queue_not_open') throw new ConflictError(`The queue opens at ${new Date(joined.opensAt ?? 0).toISOString()}.`, 'queue_not_open');
    throw new ConflictError('This event has no waiting room: buy directly.', 'queue_not_active');
  }
  const ticket = await signQueueTicket(env, { joinId: joined.joinId, eventId: event.id, place: joined.place });
  return { ticket, place: joined.place, state: joined.state };
}
