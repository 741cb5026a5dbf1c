/**
 * A PDF export (issue #16 item 5): the kind's document (kind-spec.ts `document`) rendered with the organization's
 * branding (report-pdf.ts) and stored in R2 in one put — a statement or summary is a few pages, never streamed. The
 * copy's freshness is printed under the figures, as the console shows it beside them.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { organizations, organizationSettings } from '../../db/schema/tenancy';
import { organizationBranding } from '../../db/schema/branding';
import { freshnessText } from '../reports/freshness-text';
import { freshness } from '../reports/freshness';
import type { ExportKindSpec, ExportScope } from './kind-spec';
import { renderReportPdf, type Branding } from './report-pdf';
import type { WrittenObject } from './writer';

export const PDF_CONTENT_TYPE = 'application/pdf';

export async function brandingOf(db: Database, organizationId: string): Promise<Branding> {
  const [row] = await db
    .select({
      name: organizations.name,
      vatNumber: organizationSettings.vatNumber,
      primaryColor: organizationSettings.brandPrimaryColor,
      accentColor: organizationSettings.brandAccentColor,
      brand: organizationBranding,
      locale: organizationSettings.locale,
      timezone: organizationSettings.timezone,
    })
    .from(organizations)
    .leftJoin(organizationSettings, eq(organizationSettings.organizationId, organizations.id))
    .leftJoin(organizationBranding, eq(organizationBranding.organizationId, organizations.id))
    .where(eq(organizations.id, organizationId))
    .limit(1);
  if (!row) throw new Error(`Organization ${organizationId} not found.`);
  // The branding (docs/buyers.md) is the source; the settings' older fields only where no branding was saved.
  const b = row.brand;
  return {
    organizationName: b?.legalName ?? row.name,
    vatNumber: b ? b.vatNumber : row.vatNumber,
    primaryColor: b ? b.primaryColor : row.primaryColor,
    accentColor: b ? b.accentColor : row.accentColor,
    locale: row.locale ?? 'en',
    timezone: row.timezone ?? 'UTC',
  };
}

/** Renders and stores the document; its "rows" are its table rows (what the job's progress counts). */
export async function writePdfExport(
  env: Pick<Cloudflare.Env, 'DB' | 'FILES'>,
  spec: ExportKindSpec,
  scope: ExportScope,
  key: string,
  contentDisposition: string,
  at: Date,
): Promise<{ file: WrittenObject; rows: number }> {
  if (!spec.document) throw new Error('This export kind has no PDF form.');
  const brand = await brandingOf(scope.db, scope.organizationId);
  const doc = await spec.document(scope, brand.locale);
  const fresh = await freshness(env.DB, scope.organizationId, at.getTime());
  const bytes = await renderReportPdf({ ...doc, notes: [...doc.notes, freshnessText(fresh)] }, brand, at);
  await env.FILES.put(key, bytes, { httpMetadata: { contentType: PDF_CONTENT_TYPE, contentDisposition } });
  const rows = doc.tables.reduce((n, t) => n + t.rows.length, 0);
  return { file: { key, sizeBytes: bytes.byteLength, stats: { bytesWritten: bytes.byteLength, parts: 1, maxBufferedBytes: bytes.byteLength, largestChunkBytes: bytes.byteLength } }, rows };
}
