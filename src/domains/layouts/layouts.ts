/** A venue's layouts: list, rename, delete (refused while an event uses the layout). */
import { and, eq } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { events } from '../../db/schema/events';
import { layouts, layoutSections } from '../../db/schema/venues';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError } from '../../platform/errors';
import { newestFirstPage } from '../../db/keyset';
import { loadVenue } from '../venues/venues';
import { loadLayout, selectLayouts, toSummary } from './queries';
import type { LayoutSummary } from './schemas';

export async function listLayouts({ ctx, venueId, input }: { ctx: TenantContext; venueId: string; input: { limit: number; cursor?: string } }) {
  await loadVenue(ctx, venueId);
  const page = await newestFirstPage(layouts.id, input, async (k) =>
    (
      await selectLayouts(ctx)
        .where(and(eq(layouts.organizationId, ctx.organizationId), eq(layouts.venueId, venueId), k.after))
        .groupBy(layouts.id)
        .orderBy(k.order)
        .limit(k.limit)
    ).map((r) => ({ ...r, id: r.layout.id })),
  );
  return { items: page.items.map((r) => toSummary(r.layout, r.sectionCount)), nextCursor: page.nextCursor };
}

export async function renameLayout({ ctx, layoutId, name }: { ctx: TenantContext; layoutId: string; name: string }): Promise<LayoutSummary> {
  const row = await loadLayout(ctx, layoutId);
  if (row.name === name) return toSummary(row, row.sectionCount);
  // A new name changes no seat, so the version (what an event snapshots) stays.
  const updatedAt = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .update(layouts)
      .set({ name, updatedAt })
      .where(and(eq(layouts.organizationId, ctx.organizationId), eq(layouts.id, layoutId))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'layout.renamed', resourceType: 'layout', resourceId: layoutId, changes: { name: { from: row.name, to: name } } }),
  ]);
  return toSummary({ ...row, name, updatedAt }, row.sectionCount);
}

const inUse = () => new ConflictError('An event uses this layout; it cannot be deleted.', 'layout_in_use');

export async function deleteLayout({ ctx, layoutId }: { ctx: TenantContext; layoutId: string }): Promise<void> {
  const row = await loadLayout(ctx, layoutId);
  const [event] = await ctx.db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.organizationId, ctx.organizationId), eq(events.layoutId, layoutId)))
    .limit(1);
  if (event) throw inUse();
  await writeBatch(
    ctx.db,
    [
      ctx.db.delete(layoutSections).where(and(eq(layoutSections.organizationId, ctx.organizationId), eq(layoutSections.layoutId, layoutId))),
      ctx.db.delete(layouts).where(and(eq(layouts.organizationId, ctx.organizationId), eq(layouts.id, layoutId))),
      auditEntry(ctx, {
        organizationId: ctx.organizationId,
        action: 'layout.deleted',
        resourceType: 'layout',
        resourceId: layoutId,
        changes: { venueId: row.venueId, name: row.name, version: row.version, seatCount: row.seatCount },
      }),
    ],
    // An event created after the check above still holds the layout: its foreign key refuses the delete.
    { 'FOREIGN KEY constraint failed': inUse },
  );
}
