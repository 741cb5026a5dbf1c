/**
 * The Worker's side of the WaitingRoom object: named by tenant and event, so no request reaches another tenant's room.
 * Its platform failures answer 503 `waiting_room_unavailable` (Retry-After), not the inventory's code.
 */
import type { Env } from '../../env';
import { guardedStub } from '../../platform/durable-object-calls';
import { joinShardName } from '../../../durable-objects/waiting-room/join-shard';

/** Calls that may be sent twice when the runtime says `retryable`: reads and the keyed redemption (by join id). */
const IDEMPOTENT_CALLS = new Set(['cursor', 'figures', 'placeOf', 'admit']);

export function waitingRoom(env: Env, organizationId: string, eventId: string) {
  return guardedStub(() => env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(`${organizationId}:${eventId}`)), IDEMPOTENT_CALLS, 'waiting_room');
}

/** Join shard `index` (≥ 1) of an event's room (durable-objects/waiting-room/join-shard.ts). */
export function joinShard(env: Env, organizationId: string, eventId: string, index: number) {
  return guardedStub(() => env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(joinShardName(organizationId, eventId, index))), SHARD_IDEMPOTENT_CALLS, 'waiting_room');
}

/** A shard's joins are not keyed (a repeat would queue the buyer twice); sealing and gathering answer the same however often. */
const SHARD_IDEMPOTENT_CALLS = new Set(['seal', 'gatherLate']);
