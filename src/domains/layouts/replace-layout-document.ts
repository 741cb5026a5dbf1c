/** Replaces a layout's whole document: new header, new sections, version + 1, all in one batch with the audit row. */
import { and, eq, sql } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { layouts, layoutSections } from '../../db/schema/venues';
import { auditEntry, diff } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { NotFoundError } from '../../platform/errors';
import type { LayoutDocument } from './document';
import { getLayoutSummary, loadLayout } from './queries';
import type { LayoutSummary } from './schemas';
import { headerColumns, sectionInserts } from './store';

export async function replaceLayoutDocument({ ctx, layoutId, input }: { ctx: TenantContext; layoutId: string; input: LayoutDocument }): Promise<LayoutSummary> {
  const before = await loadLayout(ctx, layoutId);
  const header = headerColumns(input);
  const changes = diff(
    { name: before.name, seatCount: before.seatCount, gaCapacity: before.gaCapacity, sectionCount: before.sectionCount },
    { name: header.name, seatCount: header.seatCount, gaCapacity: header.gaCapacity, sectionCount: input.sections.length },
  );
  const scope = (table: typeof layouts | typeof layoutSections) => eq(table.organizationId, ctx.organizationId);
  await writeBatch(
    ctx.db,
    [
      ctx.db.delete(layoutSections).where(and(scope(layoutSections), eq(layoutSections.layoutId, layoutId))),
      // version + 1 in SQL, so two replacements racing each count (the later batch's sections win whole).
      ctx.db
        .update(layouts)
        .set({ ...header, version: sql`${layouts.version} + 1`, updatedAt: new Date() })
        .where(and(scope(layouts), eq(layouts.id, layoutId))),
      ...sectionInserts(ctx, layoutId, input),
      auditEntry(ctx, {
        organizationId: ctx.organizationId,
        action: 'layout.replaced',
        resourceType: 'layout',
        resourceId: layoutId,
        changes: { ...changes, version: { from: before.version, to: before.version + 1 } },
      }),
    ],
    // Deleted meanwhile: the sections' foreign key refuses the inserts, and the batch with them.
    { 'FOREIGN KEY constraint failed': () => new NotFoundError('Layout') },
  );
  return getLayoutSummary(ctx, layoutId);
}
