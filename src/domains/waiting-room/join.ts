/**
 * Joining an event's queue: one call to the room — or, for a room with join shards while the pre-queue is open, to one
 * of its join shards at random (durable-objects/waiting-room/join-shard.ts) — answered with a queue ticket (tokens.ts).
 */
import type { Database } from '../../db/client';
import type { Env } from '../../env';
import { ConflictError, ForbiddenError } from '../../platform/errors';
import { verifyTurnstile } from '../../platform/turnstile';
import type { EventRow } from '../events/events';
import { randomBelow } from '../../../durable-objects/waiting-room/shuffle';
import { readCursor, type CursorRead } from './cursor-cache';
import { joinShard, waitingRoom } from './room-client';
import { publicRoom } from './public-room';
import { signQueueTicket } from './tokens';

type JoinInput = { db: Database; env: Env; event: EventRow; turnstileToken?: string; ip: string | null } & Partial<Pick<CursorRead, 'origin' | 'waitUntil'>>;

export async function joinQueue({ db, env, event, turnstileToken, ip, origin, waitUntil }: JoinInput) {
  const room = await publicRoom(db, event);
  if (!room.enabled) throw new ConflictError('This event has no waiting room: buy directly.', 'queue_not_active');
  const human = await verifyTurnstile(env, turnstileToken, ip);
  if (!human.success) throw new ForbiddenError(`The Turnstile check failed (${human.errorCodes.join(', ') || 'no reason given'}): complete it and join again.`, 'turnstile_failed');
  // A pre-queue drawn by lottery may be spread over join shards; shard 0 is the room itself. A sealed shard (the draw
  // has begun) sends the buyer to the room, which places late joins first come, first served.
  // The cursor is read only when the draw picked a shard other than the room (one in queueShards joins asks nothing).
  const shard = room.queueShards > 1 && room.shuffleAtStart && origin ? randomBelow(room.queueShards) : 0;
  if (shard > 0 && (await readCursor({ env, organizationId: event.organizationId, eventId: event.id, origin: origin!, waitUntil })).cursor.state === 'prequeue') {
    const joined = await joinShard(env, event.organizationId, event.id, shard).shardJoin({ preQueueOpensAt: room.preQueueOpensAt });
    if (joined.ok) return { ticket: await signQueueTicket(env, { joinId: joined.joinId, eventId: event.id, place: null, lottery: joined.lottery }), place: null, state: 'prequeue' as const };
    if (joined.code === 'queue_not_open') throw queueNotOpen(joined.opensAt);
  }
  const joined = await waitingRoom(env, event.organizationId, event.id).join();
  if (!joined.ok) {
    if (joined.code === 'queue_not_open') throw queueNotOpen(joined.opensAt);
    if (joined.code === 'queue_closed') throw new ConflictError('The organizer closed this event’s queue: nobody else is admitted.', 'queue_closed');
    throw new ConflictError('This event has no waiting room: buy directly.', 'queue_not_active');
  }
  const ticket = await signQueueTicket(env, { joinId: joined.joinId, eventId: event.id, place: joined.place, seq: joined.seq, lottery: joined.lottery });
  return { ticket, place: joined.place, state: joined.state };
}

const queueNotOpen = (opensAt: number | undefined) => new ConflictError(`The queue opens at ${new Date(opensAt ?? 0).toISOString()}.`, 'queue_not_open');
