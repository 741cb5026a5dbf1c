/** Redeeming a queue ticket whose place the cursor has passed: one call to the room, answered with an admission token. */
import type { Env } from '../../env';
import { AppError, ConflictError, UnauthorizedError } from '../../platform/errors';
import type { EventRow } from '../events/events';
import { rememberCursor } from './cursor-cache';
import { waitingRoom } from './room-client';
import { latePlace, positionOf } from './status';
import { signAdmission, verifyQueueTicket } from './tokens';

export async function admitFromQueue({ env, event, token }: { env: Env; event: EventRow; token: string | undefined }) {
  const ticket = await verifyQueueTicket(env, token, event.id);
  const answer = await waitingRoom(env, event.organizationId, event.id).admit(ticket.joinId);
  if (!answer.admitted) {
    rememberCursor(event.organizationId, event.id, answer.cursor);
    if (answer.invitationExpired) throw new ConflictError('Your turn came and was not taken in time: the place went to the next in line. Join the queue again.', 'invitation_expired');
    // A late join spread over join shards has no place until the room gathers it (within a tick): not yet, not invalid.
    if (answer.place === null && answer.cursor.state !== 'prequeue' && ticket.joinedAt === undefined) throw new UnauthorizedError('This queue ticket is not valid.', 'invalid_queue_ticket');
    const at = positionOf(answer.place ?? latePlace(ticket, answer.cursor)?.place ?? null, answer.cursor);
    const eta = at.etaSeconds === null ? 'not known yet' : `about ${at.etaSeconds} s`;
    throw new AppError(409, 'not_admitted_yet', 'Conflict', `Not your turn yet: place ${at.place ?? '(drawn at sale start)'}, admitted through ${at.admittedThrough}, ${eta}.`, undefined, {
      'Retry-After': String(Math.min(60, Math.max(1, at.etaSeconds ?? 5))),
    });
  }
  const admission = await signAdmission(env, { sessionId: answer.sessionId, eventId: event.id, maxSeats: answer.maxSeats, expiresAt: answer.expiresAt });
  return { admission, expiresAt: new Date(answer.expiresAt).toISOString(), maxSeats: answer.maxSeats, place: answer.place };
}
