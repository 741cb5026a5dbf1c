/** Joining an event's queue: one call to the room, answered with a queue ticket (tokens.ts). */
import type { Database } from '../../db/client';
import type { Env } from '../../env';
import { ConflictError, ForbiddenError } from '../../platform/errors';
import { verifyTurnstile } from '../../platform/turnstile';
import type { EventRow } from '../events/events';
import { waitingRoom } from './room-client';
import { publicRoom } from './public-room';
import { signQueueTicket } from './tokens';

export async function joinQueue({ db, env, event, turnstileToken, ip }: { db: Database; env: Env; event: EventRow; turnstileToken?: string; ip: string | null }) {
  const room = await publicRoom(db, event);
  if (!room.enabled) throw new ConflictError('This event has no waiting room: buy directly.', 'queue_not_active');
  const human = await verifyTurnstile(env, turnstileToken, ip);
  if (!human.success) throw new ForbiddenError(`The Turnstile check failed (${human.errorCodes.join(', ') || 'no reason given'}): complete it and join again.`, 'turnstile_failed');
  const joined = await waitingRoom(env, event.organizationId, event.id).join();
  if (!joined.ok) {
    if (joined.code === 'queue_not_open') throw new ConflictError(`The queue opens at ${new Date(joined.opensAt ?? 0).toISOString()}.`, 'queue_not_open');
    if (joined.code === 'queue_closed') throw new ConflictError('The organizer closed this event’s queue: nobody else is admitted.', 'queue_closed');
    throw new ConflictError('This event has no waiting room: buy directly.', 'queue_not_active');
  }
  const ticket = await signQueueTicket(env, { joinId: joined.joinId, eventId: event.id, place: joined.place, seq: joined.seq, lottery: joined.lottery });
  return { ticket, place: joined.place, state: joined.state };
}
