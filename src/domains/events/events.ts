/** Events: create, list, read and change an event's details (venue and layout only while it is a draft). */
import { and, eq } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { events } from '../../db/schema/events';
import { venues } from '../../db/schema/venues';
import { auditEntry, diff } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { newestFirstPage } from '../../db/keyset';
import { isoOrNull, toZonedIso } from '../../platform/time';
import { inventory, inventoryConfig, isLive, loadTicketTypes, unwrap } from './inventory-client';
import { loadLayout } from '../layouts/queries';
import { syncWaitingRoom } from '../waiting-room/sync';
import { timeProblems, type CreateEvent, type EventOut, type UpdateEvent } from './schemas';

export type EventRow = typeof events.$inferSelect;

export const DEFAULT_HOLD_TTL_SECONDS = 300;

export function toEvent(e: EventRow): EventOut {
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    status: e.status,
    venueId: e.venueId,
    layoutId: e.layoutId,
    layoutVersion: e.layoutVersion,
    timezone: e.timezone,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    doorsAt: isoOrNull(e.doorsAt),
    saleStartsAt: isoOrNull(e.saleStartsAt),
    saleEndsAt: isoOrNull(e.saleEndsAt),
    startsAtLocal: toZonedIso(e.startsAt, e.timezone),
    holdTtlSeconds: e.holdTtlSeconds,
    reentryAllowed: e.reentryAllowed,
    shardThreshold: e.shardThreshold,
    shardCount: e.shardCount,
    publishedAt: isoOrNull(e.publishedAt),
    cancelledAt: isoOrNull(e.cancelledAt),
    createdAt: e.createdAt.toISOString(),
  };
}

export async function loadEvent(ctx: TenantContext, eventId: string): Promise<EventRow> {
  const [row] = await ctx.db
    .select()
    .from(events)
    .where(and(eq(events.organizationId, ctx.organizationId), eq(events.id, eventId)))
    .limit(1);
  if (!row) throw new NotFoundError('Event');
  return row;
}

async function loadVenue(ctx: TenantContext, venueId: string, field = 'venueId') {
  const [venue] = await ctx.db
    .select()
    .from(venues)
    .where(and(eq(venues.organizationId, ctx.organizationId), eq(venues.id, venueId)))
    .limit(1);
  if (!venue) throw new ValidationError([{ path: `body.${field}`, message: 'No such venue in this organization' }], 'No such venue in this organization.');
  return venue;
}

async function checkLayout(ctx: TenantContext, layoutId: string, venueId: string) {
  try {
    const layout = await loadLayout(ctx, layoutId);
    if (layout.venueId !== venueId) throw new ValidationError([{ path: 'body.layoutId', message: 'The layout belongs to another venue' }], 'The layout belongs to another venue.');
  } catch (error) {
    if (error instanceof NotFoundError) throw new ValidationError([{ path: 'body.layoutId', message: 'No such layout in this organization' }], 'No such layout in this organization.');
    throw error;
  }
}

const toDate = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

export async function createEvent({ ctx, input }: { ctx: TenantContext; input: CreateEvent }): Promise<EventOut> {
  const venue = await loadVenue(ctx, input.venueId);
  if (input.layoutId) await checkLayout(ctx, input.layoutId, venue.id);
  const now = new Date();
  const row: EventRow = {
    id: newId(ID_PREFIXES.event),
    organizationId: ctx.organizationId,
    venueId: venue.id,
    layoutId: input.layoutId ?? null,
    layoutVersion: null,
    name: input.name,
    description: input.description ?? null,
    status: 'draft',
    timezone: input.timezone ?? venue.timezone,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    doorsAt: toDate(input.doorsAt) ?? null,
    saleStartsAt: toDate(input.saleStartsAt) ?? null,
    saleEndsAt: toDate(input.saleEndsAt) ?? null,
    holdTtlSeconds: input.holdTtlSeconds ?? DEFAULT_HOLD_TTL_SECONDS,
    reentryAllowed: input.reentryAllowed ?? false,
    shardThreshold: input.shardThreshold ?? null,
    shardCount: input.shardCount ?? 4,
    publishedAt: null,
    cancelledAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await writeBatch(ctx.db, [
    ctx.db.insert(events).values(row),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'event.created', resourceType: 'event', resourceId: row.id, changes: { name: row.name, venueId: row.venueId, layoutId: row.layoutId } }),
  ]);
  return toEvent(row);
}

export async function listEvents({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string; status?: EventRow['status'] } }) {
  const page = await newestFirstPage(events.id, input, (k) =>
    ctx.db
      .select()
      .from(events)
      .where(
        and(
          eq(events.organizationId, ctx.organizationId),
          input.status ? eq(events.status, input.status) : undefined,
          k.after,
        ),
      )
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map(toEvent), nextCursor: page.nextCursor };
}

export async function updateEvent({ ctx, eventId, input }: { ctx: TenantContext; eventId: string; input: UpdateEvent }): Promise<EventOut> {
  const event = await loadEvent(ctx, eventId);
  if (event.status === 'cancelled' || event.status === 'completed') throw new ConflictError(`A ${event.status} event cannot be changed.`, 'event_closed');
  if ((input.venueId !== undefined && input.venueId !== event.venueId) || (input.layoutId !== undefined && input.layoutId !== event.layoutId)) {
    if (event.status !== 'draft') throw new ConflictError('Venue and layout are fixed once the event is published.', 'event_not_draft');
  }
  if ((input.shardThreshold !== undefined && input.shardThreshold !== event.shardThreshold) || (input.shardCount !== undefined && input.shardCount !== event.shardCount)) {
    if (event.status !== 'draft') throw new ConflictError('How the inventory is split is fixed once the event is published.', 'event_not_draft');
  }
  const venueId = input.venueId ?? event.venueId;
  if (input.venueId !== undefined) await loadVenue(ctx, venueId);
  const layoutId = input.layoutId === undefined ? event.layoutId : input.layoutId;
  if (layoutId && (input.layoutId !== undefined || input.venueId !== undefined)) await checkLayout(ctx, layoutId, venueId);

  const patch: Partial<EventRow> = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.venueId !== undefined ? { venueId } : {}),
    ...(input.layoutId !== undefined ? { layoutId } : {}),
    ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
    ...(input.startsAt !== undefined ? { startsAt: new Date(input.startsAt) } : {}),
    ...(input.endsAt !== undefined ? { endsAt: new Date(input.endsAt) } : {}),
    ...(input.doorsAt !== undefined ? { doorsAt: toDate(input.doorsAt) } : {}),
    ...(input.saleStartsAt !== undefined ? { saleStartsAt: toDate(input.saleStartsAt) } : {}),
    ...(input.saleEndsAt !== undefined ? { saleEndsAt: toDate(input.saleEndsAt) } : {}),
    ...(input.holdTtlSeconds !== undefined ? { holdTtlSeconds: input.holdTtlSeconds } : {}),
    ...(input.reentryAllowed !== undefined ? { reentryAllowed: input.reentryAllowed } : {}),
    ...(input.shardThreshold !== undefined ? { shardThreshold: input.shardThreshold } : {}),
    ...(input.shardCount !== undefined ? { shardCount: input.shardCount } : {}),
  };
  const next = { ...event, ...patch };
  const problems = timeProblems({
    startsAt: next.startsAt.toISOString(),
    endsAt: next.endsAt.toISOString(),
    doorsAt: isoOrNull(next.doorsAt),
    saleStartsAt: isoOrNull(next.saleStartsAt),
    saleEndsAt: isoOrNull(next.saleEndsAt),
  });
  if (problems.length) throw new ValidationError(problems.map((p) => ({ path: `body.${p.path}`, message: p.message })));
  const changes = diff(event as Record<string, unknown>, patch as Record<string, unknown>);
  if (Object.keys(changes).length === 0) return toEvent(event);
  // A live inventory learns new sale times and hold length first: if it refuses, nothing is written.
  if (isLive(event.status)) unwrap(await inventory(ctx.env, ctx.organizationId, event.id).configure(inventoryConfig(next, await loadTicketTypes(ctx.db, ctx.organizationId, event.id))));
  await writeBatch(ctx.db, [
    ctx.db
      .update(events)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(events.organizationId, ctx.organizationId), eq(events.id, event.id))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'event.updated', resourceType: 'event', resourceId: event.id, changes }),
  ]);
  if (isLive(event.status) && ('saleStartsAt' in changes || 'saleEndsAt' in changes)) await syncWaitingRoom(ctx, next);
  return toEvent({ ...next, updatedAt: new Date() });
}
