/** What an event copies from its layout at publish: every seat, GA area, category and the focal point, at one version. */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { layouts, layoutSections } from '../../db/schema/venues';
import { NotFoundError } from '../../platform/errors';
import { flattenLayout } from '../layouts/flatten';
import type { LayoutDocument } from '../layouts/document';

export async function loadLayoutRow(db: Database, organizationId: string, layoutId: string) {
  const [layout] = await db
    .select()
    .from(layouts)
    .where(and(eq(layouts.organizationId, organizationId), eq(layouts.id, layoutId)))
    .limit(1);
  if (!layout) throw new NotFoundError('Layout');
  return layout;
}

export async function layoutSnapshot(db: Database, organizationId: string, layoutId: string) {
  const layout = await loadLayoutRow(db, organizationId, layoutId);
  const sections = await db
    .select({ definition: layoutSections.definition })
    .from(layoutSections)
    .where(and(eq(layoutSections.organizationId, organizationId), eq(layoutSections.layoutId, layoutId)))
    .orderBy(asc(layoutSections.position));
  const doc = {
    name: layout.name,
    focal: { x: layout.focalX, y: layout.focalY },
    categories: layout.categories,
    sections: sections.map((s) => s.definition),
    gaAreas: layout.gaAreas,
  } as unknown as LayoutDocument;
  const flat = flattenLayout(doc);
  return { version: layout.version, categories: layout.categories, ...flat };
}
