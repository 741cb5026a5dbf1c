/** New layouts for a venue: imported from a document, or generated as a stadium. Written in one batch with the audit row. */
import { writeBatch } from '../../db/client';
import { layouts } from '../../db/schema/venues';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { loadActiveVenue } from '../venues/venues';
import { layoutIssues, type LayoutDocument } from './document';
import { generateStadium } from './generate';
import { toSummary } from './queries';
import type { GenerateStadium, LayoutSummary } from './schemas';
import { headerColumns, sectionInserts, type LayoutRow } from './store';

async function createLayout(
  ctx: TenantContext,
  venueId: string,
  doc: LayoutDocument,
  audit: { action: 'layout.imported' | 'layout.generated'; extra?: Record<string, unknown> },
): Promise<LayoutSummary> {
  await loadActiveVenue(ctx, venueId);
  const now = new Date();
  const row: LayoutRow = {
    id: newId(ID_PREFIXES.layout),
    organizationId: ctx.organizationId,
    venueId,
    ...headerColumns(doc),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await writeBatch(ctx.db, [
    ctx.db.insert(layouts).values(row),
    ...sectionInserts(ctx, row.id, doc),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: audit.action,
      resourceType: 'layout',
      resourceId: row.id,
      changes: { venueId, name: row.name, version: 1, seatCount: row.seatCount, gaCapacity: row.gaCapacity, sectionCount: doc.sections.length, ...audit.extra },
    }),
  ]);
  return toSummary(row, doc.sections.length);
}

export async function importLayout({ ctx, venueId, input }: { ctx: TenantContext; venueId: string; input: LayoutDocument }): Promise<LayoutSummary> {
  return createLayout(ctx, venueId, input, { action: 'layout.imported' });
}

export async function generateLayout({ ctx, venueId, input }: { ctx: TenantContext; venueId: string; input: GenerateStadium }): Promise<LayoutSummary> {
  const doc = generateStadium(input);
  // The parameters are valid, but custom categories and GA areas can still clash (a GA area keyed '1' meets section 1);
  // the document's own rules name the field, and their paths are the same in the generator's body.
  const issues = layoutIssues(doc);
  if (issues.length > 0) {
    const errors = issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message, code: 'custom' }));
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new ValidationError(errors, `${errors[0]!.path}: ${errors[0]!.message}${more}`);
  }
  const { categories, gaAreas, ...params } = input;
  return createLayout(ctx, venueId, doc, { action: 'layout.generated', extra: { params: { ...params, customCategories: !!categories, gaAreas: gaAreas?.length ?? 0 } } });
}
