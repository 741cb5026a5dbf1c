/** Venues: create, list, read, change and archive; every query is scoped to the caller's organization. */
import { and, eq, isNull } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { venues } from '../../db/schema/venues';
import { auditEntry, diff } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError, NotFoundError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { newestFirstPage } from '../../db/keyset';
import { iso } from '../shared-schemas';
import type { CreateVenue, UpdateVenue, Venue } from './schemas';

type VenueRow = typeof venues.$inferSelect;

export const toVenue = (r: VenueRow): Venue => ({
  id: r.id,
  name: r.name,
  address: { line1: r.addressLine1, line2: r.addressLine2, city: r.city, region: r.region, postalCode: r.postalCode, country: r.country },
  timezone: r.timezone,
  capacity: r.capacity,
  archivedAt: iso(r.archivedAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const addressColumns = (a: Venue['address']) => ({
  addressLine1: a.line1,
  addressLine2: a.line2,
  city: a.city,
  region: a.region,
  postalCode: a.postalCode,
  country: a.country,
});

/** The venue in the caller's organization, archived or not; anything else is 404. */
export async function loadVenue(ctx: TenantContext, venueId: string): Promise<VenueRow> {
  const [row] = await ctx.db
    .select()
    .from(venues)
    .where(and(eq(venues.organizationId, ctx.organizationId), eq(venues.id, venueId)))
    .limit(1);
  if (!row) throw new NotFoundError('Venue');
  return row;
}

/** A venue that may still get new gates and layouts. */
export async function loadActiveVenue(ctx: TenantContext, venueId: string): Promise<VenueRow> {
  const row = await loadVenue(ctx, venueId);
  if (row.archivedAt) throw new ConflictError('The venue is archived; it takes no new gates or layouts.', 'venue_archived');
  return row;
}

export async function createVenue({ ctx, input }: { ctx: TenantContext; input: CreateVenue }): Promise<Venue> {
  const now = new Date();
  const address = { line2: null, region: null, postalCode: null, ...input.address };
  const row: VenueRow = {
    id: newId(ID_PREFIXES.venue),
    organizationId: ctx.organizationId,
    name: input.name,
    ...addressColumns(address),
    timezone: input.timezone,
    capacity: input.capacity,
    archivedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const venue = toVenue(row);
  await writeBatch(ctx.db, [
    ctx.db.insert(venues).values(row),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'venue.created',
      resourceType: 'venue',
      resourceId: row.id,
      changes: { name: venue.name, address: venue.address, timezone: venue.timezone, capacity: venue.capacity },
    }),
  ]);
  return venue;
}

export async function listVenues({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string; includeArchived: boolean } }) {
  const page = await newestFirstPage(venues.id, input, (k) =>
    ctx.db
      .select()
      .from(venues)
      .where(
        and(
          eq(venues.organizationId, ctx.organizationId),
          input.includeArchived ? undefined : isNull(venues.archivedAt),
          k.after,
        ),
      )
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map(toVenue), nextCursor: page.nextCursor };
}

export async function getVenue(ctx: TenantContext, venueId: string): Promise<Venue> {
  return toVenue(await loadVenue(ctx, venueId));
}

export async function updateVenue({ ctx, venueId, input }: { ctx: TenantContext; venueId: string; input: UpdateVenue }): Promise<Venue> {
  const before = toVenue(await loadVenue(ctx, venueId));
  // Spread over the current address in its own key order, so diff() sees only the lines that really changed.
  const next = { name: input.name, timezone: input.timezone, capacity: input.capacity, address: input.address && { ...before.address, ...input.address } };
  const changes = diff(before, next);
  if (Object.keys(changes).length === 0) return before;
  const updatedAt = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .update(venues)
      .set({
        ...(next.name !== undefined ? { name: next.name } : {}),
        ...(next.timezone !== undefined ? { timezone: next.timezone } : {}),
        ...(next.capacity !== undefined ? { capacity: next.capacity } : {}),
        ...(next.address ? addressColumns(next.address) : {}),
        updatedAt,
      })
      .where(and(eq(venues.organizationId, ctx.organizationId), eq(venues.id, venueId))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'venue.updated', resourceType: 'venue', resourceId: venueId, changes }),
  ]);
  return getVenue(ctx, venueId);
}

/** Archiving hides the venue from lists and stops new gates and layouts; events that use it keep it. Archiving twice answers the first time. */
export async function archiveVenue({ ctx, venueId }: { ctx: TenantContext; venueId: string }): Promise<Venue> {
  const row = await loadVenue(ctx, venueId);
  if (row.archivedAt) return toVenue(row);
  const archivedAt = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .update(venues)
      .set({ archivedAt, updatedAt: archivedAt })
      .where(and(eq(venues.organizationId, ctx.organizationId), eq(venues.id, venueId))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'venue.archived', resourceType: 'venue', resourceId: venueId, changes: { name: row.name } }),
  ]);
  return toVenue({ ...row, archivedAt, updatedAt: archivedAt });
}
