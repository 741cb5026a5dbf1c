/** Ticket types of an event: seated (by category) or GA (by area or own capacity). A live inventory is told first. */
import { offerNextAfterReturn } from '../waitlist/triggers';
import { and, eq, inArray } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { ticketTypes } from '../../db/schema/events';
import { organizationSettings } from '../../db/schema/tenancy';
import { gates } from '../../db/schema/venues';
import { auditEntry, diff } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { isoOrNull } from '../../platform/time';
import { loadEvent, type EventRow } from './events';
import { inventory, inventoryConfig, isLive, loadTicketTypes, unwrap } from './inventory-client';
import { loadLayout } from '../layouts/queries';
import type { CreateTicketType, TicketTypeOut, UpdateTicketType } from './schemas';

type TicketTypeRow = typeof ticketTypes.$inferSelect;

export function toTicketType(t: TicketTypeRow): TicketTypeOut {
  return {
    id: t.id,
    eventId: t.eventId,
    name: t.name,
    kind: t.kind,
    categories: t.categories,
    gaAreaKey: t.gaAreaKey,
    capacity: t.capacity,
    priceMinor: t.priceMinor,
    currency: t.currency,
    minPerOrder: t.minPerOrder,
    maxPerOrder: t.maxPerOrder,
    saleStartsAt: isoOrNull(t.saleStartsAt),
    saleEndsAt: isoOrNull(t.saleEndsAt),
    visibility: t.visibility,
    position: t.position,
    gateIds: t.gateIds,
  };
}

/** Categories and GA areas must exist in the event's layout (the layout the inventory was or will be built from). */
async function checkAgainstLayout(ctx: TenantContext, event: EventRow, t: Pick<TicketTypeRow, 'kind' | 'categories' | 'gaAreaKey'>) {
  if (t.kind === 'ga' && !t.gaAreaKey) return;
  if (!event.layoutId) throw new ValidationError([{ path: t.kind === 'seated' ? 'body.categories' : 'body.gaAreaKey', message: 'The event has no seating layout' }], 'The event has no seating layout.');
  const layout = await loadLayout(ctx, event.layoutId);
  if (t.kind === 'seated') {
    const known = new Set(layout.categories.map((c) => c.key));
    const unknown = t.categories.filter((c) => !known.has(c));
    if (unknown.length) throw new ValidationError([{ path: 'body.categories', message: `Not in the layout: ${unknown.join(', ')}` }], `The layout has no category ${unknown.join(', ')}.`);
  } else if (!layout.gaAreas.some((a) => a.key === t.gaAreaKey)) {
    throw new ValidationError([{ path: 'body.gaAreaKey', message: `The layout has no GA area '${t.gaAreaKey}'` }], `The layout has no GA area '${t.gaAreaKey}'.`);
  }
}

/** Gates must be the event's venue's own. */
async function checkGates(ctx: TenantContext, event: EventRow, gateIds: string[]) {
  if (!gateIds.length) return;
  const rows = await ctx.db
    .select({ id: gates.id })
    .from(gates)
    .where(and(eq(gates.organizationId, ctx.organizationId), eq(gates.venueId, event.venueId), inArray(gates.id, gateIds)));
  const unknown = gateIds.filter((g) => !rows.some((r) => r.id === g));
  if (unknown.length) throw new ValidationError([{ path: 'body.gateIds', message: `Not a gate of this event's venue: ${unknown.join(', ')}` }]);
}

/** Tells a live inventory about the new set of ticket types; it refuses changes that would oversell (409). */
async function pushToInventory(ctx: TenantContext, event: EventRow, next: TicketTypeRow[]) {
  if (!isLive(event.status)) return;
  unwrap(await inventory(ctx.env, ctx.organizationId, event.id).configure(inventoryConfig(event, next)));
  // A raised capacity is places that came back: the waiting list is served first (src/domains/waitlist/triggers.ts).
  await offerNextAfterReturn(ctx, ctx.organizationId, event.id);
}

function assertEditable(event: EventRow) {
  if (event.status === 'cancelled' || event.status === 'completed') throw new ConflictError(`A ${event.status} event cannot be changed.`, 'event_closed');
}

export async function listTicketTypes(ctx: TenantContext, eventId: string) {
  const event = await loadEvent(ctx, eventId);
  return (await loadTicketTypes(ctx.db, ctx.organizationId, event.id)).map(toTicketType);
}

export async function createTicketType({ ctx, eventId, input }: { ctx: TenantContext; eventId: string; input: CreateTicketType }) {
  const event = await loadEvent(ctx, eventId);
  assertEditable(event);
  const existing = await loadTicketTypes(ctx.db, ctx.organizationId, event.id);
  const [settings] = await ctx.db.select({ currency: organizationSettings.currency }).from(organizationSettings).where(eq(organizationSettings.organizationId, ctx.organizationId)).limit(1);
  const currency = input.currency ?? existing[0]?.currency ?? settings!.currency;
  if (existing.some((t) => t.currency !== currency)) throw new ConflictError(`This event's tickets are priced in ${existing[0]!.currency}.`, 'currency_mismatch');
  const now = new Date();
  const row: TicketTypeRow = {
    id: newId(ID_PREFIXES.ticketType),
    organizationId: ctx.organizationId,
    eventId: event.id,
    name: input.name,
    kind: input.kind,
    categories: input.categories ?? [],
    gaAreaKey: input.gaAreaKey ?? null,
    capacity: input.capacity ?? null,
    priceMinor: input.priceMinor,
    currency,
    minPerOrder: input.minPerOrder ?? 1,
    maxPerOrder: input.maxPerOrder ?? 10,
    saleStartsAt: input.saleStartsAt ? new Date(input.saleStartsAt) : null,
    saleEndsAt: input.saleEndsAt ? new Date(input.saleEndsAt) : null,
    visibility: input.visibility ?? 'visible',
    position: input.position ?? existing.length,
    gateIds: input.gateIds ?? [],
    createdAt: now,
    updatedAt: now,
  };
  await checkAgainstLayout(ctx, event, row);
  await checkGates(ctx, event, row.gateIds);
  await pushToInventory(ctx, event, [...existing, row]);
  await writeBatch(ctx.db, [
    ctx.db.insert(ticketTypes).values(row),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'ticket_type.created',
      resourceType: 'ticket_type',
      resourceId: row.id,
      changes: { eventId: event.id, name: row.name, kind: row.kind, priceMinor: row.priceMinor, currency, capacity: row.capacity },
    }),
  ]);
  return toTicketType(row);
}

async function loadOne(ctx: TenantContext, eventId: string, ticketTypeId: string) {
  const event = await loadEvent(ctx, eventId);
  const all = await loadTicketTypes(ctx.db, ctx.organizationId, event.id);
  const row = all.find((t) => t.id === ticketTypeId);
  if (!row) throw new NotFoundError('Ticket type');
  return { event, all, row };
}

export async function getTicketType(ctx: TenantContext, eventId: string, ticketTypeId: string) {
  return toTicketType((await loadOne(ctx, eventId, ticketTypeId)).row);
}

export async function updateTicketType({ ctx, eventId, ticketTypeId, input }: { ctx: TenantContext; eventId: string; ticketTypeId: string; input: UpdateTicketType }) {
  const { event, all, row } = await loadOne(ctx, eventId, ticketTypeId);
  assertEditable(event);
  if (input.currency && input.currency !== row.currency) throw new ConflictError('The currency of a ticket type cannot change.', 'currency_fixed');
  const patch: Partial<TicketTypeRow> = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.categories !== undefined ? { categories: input.categories } : {}),
    ...(input.gaAreaKey !== undefined ? { gaAreaKey: input.gaAreaKey } : {}),
    ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
    ...(input.priceMinor !== undefined ? { priceMinor: input.priceMinor } : {}),
    ...(input.minPerOrder !== undefined ? { minPerOrder: input.minPerOrder } : {}),
    ...(input.maxPerOrder !== undefined ? { maxPerOrder: input.maxPerOrder } : {}),
    ...(input.saleStartsAt !== undefined ? { saleStartsAt: input.saleStartsAt ? new Date(input.saleStartsAt) : null } : {}),
    ...(input.saleEndsAt !== undefined ? { saleEndsAt: input.saleEndsAt ? new Date(input.saleEndsAt) : null } : {}),
    ...(input.visibility !== undefined ? { visibility: input.visibility } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
    ...(input.gateIds !== undefined ? { gateIds: input.gateIds } : {}),
  };
  const next = { ...row, ...patch };
  const problems = [
    ...(next.kind === 'seated' && next.categories.length === 0 ? [{ path: 'body.categories', message: 'A seated ticket type sells at least one seat category' }] : []),
    ...(next.kind === 'ga' && !next.gaAreaKey && !next.capacity ? [{ path: 'body.capacity', message: 'A general-admission type needs a capacity or a GA area' }] : []),
    ...(next.minPerOrder > next.maxPerOrder ? [{ path: 'body.maxPerOrder', message: 'Must be at least minPerOrder' }] : []),
    ...(next.saleStartsAt && next.saleEndsAt && next.saleEndsAt <= next.saleStartsAt ? [{ path: 'body.saleEndsAt', message: 'Must be after saleStartsAt' }] : []),
  ];
  if (problems.length) throw new ValidationError(problems);
  const changes = diff(row as Record<string, unknown>, patch as Record<string, unknown>);
  if (Object.keys(changes).length === 0) return toTicketType(row);
  await checkAgainstLayout(ctx, event, next);
  await checkGates(ctx, event, next.gateIds);
  await pushToInventory(ctx, event, all.map((t) => (t.id === row.id ? next : t)));
  await writeBatch(ctx.db, [
    ctx.db
      .update(ticketTypes)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(ticketTypes.organizationId, ctx.organizationId), eq(ticketTypes.id, row.id))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'ticket_type.updated', resourceType: 'ticket_type', resourceId: row.id, changes }),
  ]);
  return toTicketType(next);
}

export async function deleteTicketType({ ctx, eventId, ticketTypeId }: { ctx: TenantContext; eventId: string; ticketTypeId: string }) {
  const { event, all, row } = await loadOne(ctx, eventId, ticketTypeId);
  assertEditable(event);
  // The inventory refuses to forget a type that has holds or sales.
  await pushToInventory(ctx, event, all.filter((t) => t.id !== row.id));
  await writeBatch(ctx.db, [
    ctx.db.delete(ticketTypes).where(and(eq(ticketTypes.organizationId, ctx.organizationId), eq(ticketTypes.id, row.id))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'ticket_type.deleted', resourceType: 'ticket_type', resourceId: row.id, changes: { name: row.name } }),
  ]);
}
