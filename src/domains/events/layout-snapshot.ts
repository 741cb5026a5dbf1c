/** What an event copies from its layout at publish: every seat, GA area, category and the focal point, at one version. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { layoutSections } from '../../db/schema/venues';
import type { TenantContext } from '../../platform/context';
import { flattenLayout } from '../layouts/flatten';
import { getLayoutDocument, loadLayout } from '../layouts/queries';

export async function layoutSnapshot(ctx: TenantContext, layoutId: string) {
  const [layout, doc] = await Promise.all([loadLayout(ctx, layoutId), getLayoutDocument(ctx, layoutId)]);
  return { version: layout.version, categories: doc.categories, ...flattenLayout(doc) };
}

/**
 * The display names of a layout's sections ({ key, name } in layout order), read without loading the seats: each
 * section's JSON is only looked into for its name. Names are display text, so the layout's current ones are shown.
 */
export async function layoutSectionNames(db: Database, organizationId: string, layoutId: string): Promise<{ key: string; name: string }[]> {
  const rows = await db
    .select({ key: layoutSections.key, name: sql<string | null>`json_extract(${layoutSections.definition}, '$.name')` })
    .from(layoutSections)
    .where(and(eq(layoutSections.organizationId, organizationId), eq(layoutSections.layoutId, layoutId)))
    .orderBy(asc(layoutSections.position));
  return rows.map((r) => ({ key: r.key, name: typeof r.name === 'string' && r.name.trim() ? r.name : r.key }));
}
