/** The Worker's side of the EventInventory DO: the stub (named by organization and event), its configuration from D1, its refusals as API errors. */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { events, ticketTypes } from '../../db/schema/events';
import type { Failure, InventoryConfig, InventoryStatus, Result } from '../../../durable-objects/inventory/engine';
import type { TicketTypeSpec } from '../../../durable-objects/inventory/types';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Env } from '../../env';
import { guardedStub } from '../../platform/durable-object-calls';
import { laneOp } from './hold-batches';
import { InventoryClient } from './shards/client';
import { shardName } from './shards/plan';

type EventRow = typeof events.$inferSelect;
type TicketTypeRow = typeof ticketTypes.$inferSelect;

/**
 * The calls that may be sent twice when the runtime says `retryable`: reads, and mutations keyed so that a repeat
 * answers what the first did (a hold by its hold id, a confirmation by hold and order, a cancellation by its key, a
 * check-in by its scan id `<device>/<nonce>`). Extensions, releases, undos and configuration are not: their failure
 * is answered 503 and the client retries.
 */
const IDEMPOTENT_CALLS = new Set([
  // reads (the live channel's among them: docs/inventory.md)
  'getHold', 'availability', 'publicAvailability', 'seatMap', 'publicSeatMap', 'publicSeatMapVersion', 'publicSeatMapJson', 'liveSnapshot', 'liveDeltasSince', 'syncCheckIns',
  // keyed mutations
  'hold', 'confirmHold', 'cancelSold', 'checkIn', 'checkInMany',
  // section shards: the plan (a read) and the capacity leases' steps, each keyed by its operation id
  'shardPlan', 'grantLease', 'applyLease', 'giveBackLease', 'creditLease',
  // the waiting room's reads of admission sessions
  'paidSessions', 'shopperSessions', 'sessionHolds',
  // the waiting list's read (src/domains/waitlist)
  'waitlistState',
]);

/**
 * Named by tenant and event, so no request can reach another organization's inventory by guessing an id. Overload
 * and outages of the object answer 503 inventory_unavailable (src/platform/durable-object-calls.ts).
 */
export function inventory(env: Env, organizationId: string, eventId: string): InventoryClient {
  return new InventoryClient(
    (shard) => guardedStub(() => env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(shardName(organizationId, eventId, shard))), IDEMPOTENT_CALLS),
    `${organizationId}:${eventId}`,
    (shard, op) => laneOp(env, shardName(organizationId, eventId, shard), op),
  );
}

export function toTicketTypeSpec(t: TicketTypeRow): TicketTypeSpec {
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    categories: t.categories,
    gaAreaKey: t.gaAreaKey,
    capacity: t.capacity,
    minPerOrder: t.minPerOrder,
    maxPerOrder: t.maxPerOrder,
    saleStartsAt: t.saleStartsAt?.getTime() ?? null,
    saleEndsAt: t.saleEndsAt?.getTime() ?? null,
    visible: t.visibility === 'visible',
    gateIds: t.gateIds,
  };
}

export function inventoryConfig(event: EventRow, types: TicketTypeRow[], status: InventoryStatus = event.status): InventoryConfig {
  return {
    eventId: event.id,
    organizationId: event.organizationId,
    status,
    holdTtlMs: event.holdTtlSeconds * 1000,
    reentryAllowed: event.reentryAllowed,
    saleStartsAt: event.saleStartsAt?.getTime() ?? null,
    saleEndsAt: event.saleEndsAt?.getTime() ?? null,
    ticketTypes: types.map(toTicketTypeSpec),
  };
}

export async function loadTicketTypes(db: Database, organizationId: string, eventId: string) {
  return db
    .select()
    .from(ticketTypes)
    .where(and(eq(ticketTypes.organizationId, organizationId), eq(ticketTypes.eventId, eventId)))
    .orderBy(asc(ticketTypes.position), asc(ticketTypes.id));
}

/** Whether the event's inventory exists yet (it is created at publish). */
export const isLive = (status: string) => status !== 'draft';

const STATUS_BY_CODE: Record<string, number> = {
  hold_not_found: 404,
  seat_unknown: 422,
  unknown_ticket_type: 422,
  invalid_request: 422,
  quantity_out_of_range: 422,
  wrong_category: 422,
  duplicate_seats: 422,
  unknown_area: 422,
  unknown_category: 422,
  capacity_required: 422,
};

/** A DO refusal as the API answers it: 404/422 for what the caller got wrong, 409 for the state of the inventory. */
export function inventoryError(failure: Failure): AppError {
  const status = STATUS_BY_CODE[failure.code] ?? 409;
  if (status === 404) return new NotFoundError('Hold');
  if (status === 422) {
    const errors = failure.seats?.length ? failure.seats.map((id) => ({ path: 'body.seats', message: `${id}: ${failure.message}`, code: failure.code })) : [{ path: 'body', message: failure.message, code: failure.code }];
    return new ValidationError(errors, failure.message);
  }
  const error = new ConflictError(failure.message, failure.code);
  if (failure.seats?.length) return new AppError(409, failure.code, 'Conflict', failure.message, failure.seats.map((id) => ({ path: 'body.seats', message: `${id} is not available`, code: failure.code })));
  return error;
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw inventoryError(result);
  return result.value;
}
