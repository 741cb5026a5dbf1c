/**
 * A buyer's place in the queue, computed in the Worker from the ticket (verified locally) and the cursor (from the
 * edge cache, cursor-cache.ts): a poll never calls the room. A pre-queue ticket has no place in it, but its join
 * number and lottery number: drawn in join order, its place is its join number; drawn by lottery, the cursor's
 * `preQueue.lotteryThrough` says exactly whether its place has been passed (the room sorted the pre-queue by those
 * numbers), and the place shown is an estimate (`estimated`: its share of the pre-queue, kept on the right side of the
 * cursor). A late join spread over join shards is placed the same way from its key (joinedAt, lottery) and the
 * cursor's `late` part (latePlace). Only a ticket from before lottery numbers asks the room (once; the answer carries
 * a new ticket).
 */
import type { Env } from '../../env';
import { UnauthorizedError } from '../../platform/errors';
import type { LateCursor, RoomCursor } from '../../../durable-objects/waiting-room/types';
import { compareKeys, type LateKey } from '../../../durable-objects/waiting-room/join-shard';
import type { EventRow } from '../events/events';
import { readCursor, type CursorRead, type CursorSource } from './cursor-cache';
import { waitingRoom } from './room-client';
import { signQueueTicket, verifyQueueTicket, type QueueTicket } from './tokens';

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
  if (ticket.joinedAt !== undefined) {
    const late = latePlace(ticket, cursor);
    const position = late ? { ...positionOf(late.place, cursor), estimated: true, lottery: ticket.lottery!, joinedAt: ticket.joinedAt } : positionOf(null, cursor);
    return { position, source: source as CursorSource | 'place' };
  }
  const drawn = preQueuePlace(ticket, cursor);
  if (drawn) return { position: { ...positionOf(drawn.place, cursor), ...(drawn.estimated ? { estimated: true, lottery: ticket.lottery } : {}) }, source: source as CursorSource | 'place' };
  const found = await waitingRoom(env, event.organizationId, event.id).placeOf(ticket.joinId);
  if (!found) throw new UnauthorizedError('This queue ticket is not valid.', 'invalid_queue_ticket');
  if (found.place === null) return { position: positionOf(null, found.cursor), source: 'place' as const };
  const fresh = await signQueueTicket(env, { joinId: ticket.joinId, eventId: event.id, place: found.place });
  return { position: { ...positionOf(found.place, found.cursor), ticket: fresh }, source: 'place' as const };
}

/** A pre-queue ticket's place once drawn, from the cursor alone (null: the ticket or the cursor can't tell). */
export function preQueuePlace(ticket: QueueTicket, cursor: RoomCursor): { place: number; estimated: boolean } | null {
  const pre = cursor.preQueue;
  if (!pre) return null;
  if (!pre.byLottery) return ticket.seq !== undefined && ticket.seq <= pre.size ? { place: ticket.seq, estimated: false } : null;
  if (typeof ticket.lottery !== 'number' || pre.size < 1) return null;
  const passed = pre.lotteryThrough !== null && ticket.lottery <= pre.lotteryThrough;
  const share = Math.min(pre.size, Math.max(1, Math.ceil(ticket.lottery * pre.size)));
  // Passed: at or before the cursor; not yet: after it (and never past the pre-queue).
  const place = passed ? Math.min(share, cursor.admittedThrough) : Math.min(pre.size, Math.max(share, cursor.admittedThrough + 1));
  return { place, estimated: true };
}

/**
 * A late ticket's place from its key and the cursor alone (null: the cursor has no late part). Whether the cursor
 * passed it is exact (its key against `late.through`); the place is interpolated between the marks of the places ahead
 * (or just behind every place given, when it is not placed yet), kept on the right side of the cursor.
 */
export function latePlace(ticket: QueueTicket, cursor: RoomCursor): { place: number; estimated: true } | null {
  const late = cursor.late;
  if (!late || ticket.joinedAt === undefined || typeof ticket.lottery !== 'number') return null;
  const key = { at: ticket.joinedAt, lottery: ticket.lottery };
  const passed = late.through !== null && compareKeys(key, late.through) <= 0;
  const guess = estimateLate(key, late);
  const place = passed ? Math.min(guess, cursor.admittedThrough) : Math.max(guess, cursor.admittedThrough + 1);
  return { place: Math.max(1, place), estimated: true };
}

function estimateLate(key: LateKey, late: LateCursor): number {
  const { marks } = late;
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i]!;
    if (compareKeys(key, mark) > 0) continue;
    if (i === 0) return mark.place;
    const prev = marks[i - 1]!;
    const span = mark.at - prev.at;
    const f = span > 0 ? (key.at - prev.at) / span : mark.lottery > prev.lottery ? (key.lottery - prev.lottery) / (mark.lottery - prev.lottery) : 0.5;
    return Math.min(mark.place, Math.max(prev.place + 1, Math.round(prev.place + f * (mark.place - prev.place))));
  }
  // After every place given: not placed yet (joined since the last gather).
  return late.placed + 1;
}
