/** Reading layouts: one row, a summary (with its section count), the whole document. */
import { and, asc, count, eq } from 'drizzle-orm';
import { layouts, layoutSections } from '../../db/schema/venues';
import type { TenantContext } from '../../platform/context';
import { NotFoundError } from '../../platform/errors';
import type { LayoutDocument, LayoutSection } from './document';
import type { LayoutSummary } from './schemas';
import type { LayoutRow } from './store';

/**
 * Layout rows with their section count, counted from the sections themselves so it can never disagree
 * with them; callers add where, groupBy(layouts.id) and paging.
 */
export function selectLayouts(ctx: TenantContext) {
  return ctx.db
    .select({ layout: layouts, sectionCount: count(layoutSections.id) })
    .from(layouts)
    .leftJoin(layoutSections, and(eq(layoutSections.organizationId, layouts.organizationId), eq(layoutSections.layoutId, layouts.id)))
    .$dynamic();
}

export const toSummary = (r: LayoutRow, sections: number): LayoutSummary => ({
  id: r.id,
  venueId: r.venueId,
  name: r.name,
  version: r.version,
  seatCount: r.seatCount,
  gaCapacity: r.gaCapacity,
  sectionCount: sections,
  categories: r.categories,
  gaAreas: r.gaAreas,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function loadLayout(ctx: TenantContext, layoutId: string): Promise<LayoutRow & { sectionCount: number }> {
  const [row] = await selectLayouts(ctx)
    .where(and(eq(layouts.organizationId, ctx.organizationId), eq(layouts.id, layoutId)))
    .groupBy(layouts.id)
    .limit(1);
  if (!row) throw new NotFoundError('Layout');
  return { ...row.layout, sectionCount: row.sectionCount };
}

export async function getLayoutSummary(ctx: TenantContext, layoutId: string): Promise<LayoutSummary> {
  const row = await loadLayout(ctx, layoutId);
  return toSummary(row, row.sectionCount);
}

/** The document as imported (or last replaced): sections in their original order. */
export async function getLayoutDocument(ctx: TenantContext, layoutId: string): Promise<LayoutDocument> {
  const layout = await loadLayout(ctx, layoutId);
  const sections = await ctx.db
    .select({ definition: layoutSections.definition })
    .from(layoutSections)
    .where(and(eq(layoutSections.organizationId, ctx.organizationId), eq(layoutSections.layoutId, layoutId)))
    .orderBy(asc(layoutSections.position));
  return {
    name: layout.name,
    focal: { x: layout.focalX, y: layout.focalY },
    categories: layout.categories,
    sections: sections.map((s) => s.definition as LayoutSection),
    gaAreas: layout.gaAreas,
  };
}
