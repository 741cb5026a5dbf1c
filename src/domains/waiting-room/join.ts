/**
 * Joining an event's queue: one call to the room — or, for a room with join shards, to one of them at random
 * (durable-objects/waiting-room/join-shard.ts): a pre-queue join while the pre-queue is open, a late join after a
 * lottery draw — answered with a queue ticket (tokens.ts).
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
  // A room drawn by lottery may spread its joins over join shards (shard 0 is the room itself): pre-queue joins until the
  // draw seals the shards (a sealed shard sends the buyer on), late joins after it — the cursor says which. The cursor is
  // read only when the pick is a shard other than the room (one in queueShards joins asks nothing).
  const pick = room.queueShards > 1 && room.shuffleAtStart && origin ? randomBelow(room.queueShards) : 0;
  if (pick > 0) {
    const { cursor } = await readCursor({ env, organizationId: event.organizationId, eventId: event.id, origin: origin!, waitUntil });
    if (cursor.state === 'prequeue') {
      const joined = await joinShard(env, event.organizationId, event.id, pick).shardJoin({ preQueueOpensAt: room.preQueueOpensAt });
      if (joined.ok) return { ticket: await signQueueTicket(env, { joinId: joined.joinId, eventId: event.id, place: null, lottery: joined.lottery }), place: null, state: 'prequeue' as const };
      if (joined.code === 'queue_not_open') throw queueNotOpen(joined.opensAt);
    } else if (cursor.late && cursor.state !== 'closed' && pick % cursor.late.shards > 0) {
      const joined = await joinShard(env, event.organizationId, event.id, pick % cursor.late.shards).lateJoin({ organizationId: event.organizationId, eventId: event.id });
      return { ticket: await signQueueTicket(env, { joinId: joined.joinId, eventId: event.id, place: null, lottery: joined.lottery, joinedAt: joined.joinedAt }), place: null, state: cursor.state };
    }
  }
  const joined = await waitingRoom(env, event.organizationId, event.id).join();
  if (!joined.ok) {
    if (joined.code === 'queue_not_open') throw queueNotOpen(joined.opensAt);
    if (joined.code === 'queue_closed') throw new ConflictError('The organizer closed this event’s queue: nobody else is admitted.', 'queue_closed');
    throw new ConflictError('This event has no waiting room: buy directly.', 'queue_not_active');
  }
  const ticket = await signQueueTicket(env, { joinId: joined.joinId, eventId: event.id, place: joined.place, seq: joined.seq, lottery: joined.lottery, joinedAt: joined.joinedAt });
  return { ticket, place: joined.place, state: joined.state };
}

const queueNotOpen = (opensAt: number | undefined) => new ConflictError(`The queue opens at ${new Date(opensAt ?? 0).toISOString()}.`, 'queue_not_open');
