/** How a layout document is stored: the layout row holds the header (focal point, categories, GA areas), each section one row of JSON. */
import { layouts, layoutSections } from '../../db/schema/venues';
import type { Write } from '../../db/client';
import type { TenantContext } from '../../platform/context';
import { ID_PREFIXES, newId } from '../../platform/ids';
import type { LayoutDocument } from './document';

/** The columns of `layouts` that come from the document (and its totals). */
export function headerColumns(doc: LayoutDocument) {
  return {
    name: doc.name,
    focalX: doc.focal.x,
    focalY: doc.focal.y,
    categories: doc.categories,
    gaAreas: doc.gaAreas,
    seatCount: doc.sections.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.seats.length, 0), 0),
    gaCapacity: doc.gaAreas.reduce((n, a) => n + a.capacity, 0),
  };
}

/** One insert per section: one statement's bound JSON stays under D1's 2 MB value limit, and a batch of them is atomic. */
export function sectionInserts(ctx: TenantContext, layoutId: string, doc: LayoutDocument): Write[] {
  return doc.sections.map((section, position) =>
    ctx.db.insert(layoutSections).values({
      id: newId(ID_PREFIXES.layoutSection),
      organizationId: ctx.organizationId,
      layoutId,
      key: section.key,
      position,
      definition: section,
      seatCount: section.rows.reduce((n, r) => n + r.seats.length, 0),
    }),
  );
}

export type LayoutRow = typeof layouts.$inferSelect;
