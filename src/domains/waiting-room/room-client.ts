/** The Worker's side of the WaitingRoom object: named by tenant and event, so no request reaches another tenant's room. */
import type { Env } from '../../env';
import { guardedStub } from '../../platform/durable-object-calls';

/** Calls that may be sent twice when the runtime says `retryable`: reads and the keyed redemption (by join id). */
const IDEMPOTENT_CALLS = new Set(['cursor', 'figures', 'placeOf', 'admit']);

export function waitingRoom(env: Env, organizationId: string, eventId: string) {
  return guardedStub(() => env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(`${organizationId}:${eventId}`)), IDEMPOTENT_CALLS);
}
