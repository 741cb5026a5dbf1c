/**
 * CSV exports, the organizer's side: request one (queued, audited, handed to the exports queue), list
 * them, see one with its progress and, once completed, a signed download link; and the download itself,
 * where the signed link is the only credential.
 */
import { platformMessageOf, tagFailure, transientError } from '../../platform/transient-errors';
import { and, eq, inArray } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { loadEvent } from '../events/events';
import { exportJobs } from '../../db/schema/messaging';
import { producer } from '../../queues/consumer';
import { auditEntry } from '../../platform/audit';
import type { ServiceContext, TenantContext } from '../../platform/context';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { log } from '../../platform/logger';
import { newestFirstPage } from '../../db/keyset';
import { can } from '../../platform/rbac';
import { isoOrNull } from '../../platform/time';
import { EXPORT_KIND_SPECS, EXPORT_NOT_QUEUED, type ExportKind } from './kinds';
import { downloadLink, verifyDownloadLink } from './links';
import type { CreateExport, ExportJob } from './schemas';

export type ExportJobRow = typeof exportJobs.$inferSelect;

/** The queue message: the job's id; the row holds the state. */
export type ExportMessage = { kind: 'export'; id: string };

/** The public view; a completed job that has not expired carries a fresh 15-minute link. */
export async function toExportJob(env: Cloudflare.Env, row: ExportJobRow, now = new Date()): Promise<ExportJob> {
  const downloadable = row.status === 'completed' && row.objectKey && row.expiresAt && row.expiresAt > now;
  const link = downloadable ? await downloadLink(env, row.id, now, row.expiresAt) : null;
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    eventId: row.eventId,
    status: row.status,
    rowsWritten: row.rowsWritten,
    rowsTotal: row.rowsTotal,
    sizeBytes: row.sizeBytes,
    error: row.error,
    requestedByUserId: row.requestedByUserId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    completedAt: isoOrNull(row.completedAt),
    expiresAt: isoOrNull(row.expiresAt),
    downloadUrl: link?.url ?? null,
    downloadUrlExpiresAt: link ? link.expiresAt.toISOString() : null,
  };
}

/**
 * Besides `exports.manage` (the route's), the caller must be able to read what the file will hold:
 * orders and attendees need `orders.read`, check-ins `orders.read` and `checkins.read`, a settlement
 * `finance.read`. Refused with 403 `export_not_allowed`.
 */
function checkMayRead(ctx: TenantContext, kind: CreateExport['kind']) {
  const missing = EXPORT_KIND_SPECS[kind].reads.filter((action) => !can(ctx.actor, action));
  if (missing.length === 0) return;
  const who = ctx.actor.type === 'api_key' ? 'this API key lacks' : 'your role does not allow';
  throw new ForbiddenError(`Exporting ${kind.replace('_', '-')} needs ${missing.map((a) => `"${a}"`).join(' and ')}, which ${who}.`, 'export_not_allowed');
}

export async function requestExport({ ctx, input }: { ctx: TenantContext; input: CreateExport }): Promise<ExportJob> {
  checkMayRead(ctx, input.kind);
  const spec = EXPORT_KIND_SPECS[input.kind];
  const label = input.kind.replace('_', ' ');
  if (spec.needsEvent && !input.eventId) throw new ValidationError([{ path: 'body.eventId', message: `Required for a ${label} export` }], `A ${label} export needs an event.`);
  const format = input.format ?? 'csv';
  if (format === 'pdf' && !spec.document) {
    const pdfKinds = Object.entries(EXPORT_KIND_SPECS).filter(([, k]) => k.document).map(([kind]) => kind);
    throw new ValidationError([{ path: 'body.format', message: `PDF is available for ${pdfKinds.join(' and ')} only` }], `A ${label} export is CSV only.`);
  }
  if (input.eventId) await loadEvent(ctx, input.eventId);
  const now = new Date();
  const row: ExportJobRow = {
    id: newId(ID_PREFIXES.exportJob),
    organizationId: ctx.organizationId,
    kind: input.kind,
    format,
    eventId: input.eventId ?? null,
    status: 'queued',
    rowsWritten: 0,
    rowsTotal: null,
    objectKey: null,
    sizeBytes: null,
    error: null,
    requestedByUserId: ctx.actor.userId,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    expiresAt: null,
  };
  await writeBatch(ctx.db, [
    ctx.db.insert(exportJobs).values(row),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'export.requested', resourceType: 'export', resourceId: row.id, changes: { kind: row.kind, format: row.format, eventId: row.eventId } }),
  ]);
  try {
    await producer(ctx.env, 'exports').send({ kind: 'export', id: row.id } satisfies ExportMessage);
  } catch (error) {
    // The job exists but no message will run it: say so on the job rather than leave it queued for ever.
    log('warn', 'export could not be queued', { exportId: row.id, error: platformMessageOf(error) });
    // Only while still queued: a send whose answer was lost may have gone through, and a job its consumer already
    // took is under way, so the request succeeded after all. A job marked failed here is skipped by the consumer.
    const failed = { status: 'failed' as const, error: EXPORT_NOT_QUEUED, updatedAt: new Date() };
    const marked = await ctx.db
      .update(exportJobs)
      .set(failed)
      .where(and(eq(exportJobs.organizationId, ctx.organizationId), eq(exportJobs.id, row.id), eq(exportJobs.status, 'queued')))
      .returning({ id: exportJobs.id });
    if (marked.length) throw transientError('queue', error, failed.error);
  }
  return toExportJob(ctx.env, row, now);
}

/**
 * The kinds whose contents the caller may read (the same rule as requesting one): a job of another kind — and its
 * download link — is neither listed nor shown to them (404), e.g. a settlement to staff without `finance.read`.
 */
function readableKinds(ctx: TenantContext): ExportKind[] {
  return (Object.keys(EXPORT_KIND_SPECS) as ExportKind[]).filter((kind) => EXPORT_KIND_SPECS[kind].reads.every((action) => can(ctx.actor, action)));
}

export async function listExports({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string } }) {
  const kinds = readableKinds(ctx);
  if (kinds.length === 0) return { items: [], nextCursor: null };
  const page = await newestFirstPage(exportJobs.id, input, (k) =>
    ctx.db
      .select()
      .from(exportJobs)
      .where(and(eq(exportJobs.organizationId, ctx.organizationId), inArray(exportJobs.kind, kinds), k.after))
      .orderBy(k.order)
      .limit(k.limit),
  );
  const now = new Date();
  return { items: await Promise.all(page.items.map((r) => toExportJob(ctx.env, r, now))), nextCursor: page.nextCursor };
}

export async function getExport(ctx: TenantContext, exportId: string): Promise<ExportJob> {
  const [row] = await ctx.db
    .select()
    .from(exportJobs)
    .where(and(eq(exportJobs.organizationId, ctx.organizationId), eq(exportJobs.id, exportId)))
    .limit(1);
  if (!row || !readableKinds(ctx).includes(row.kind)) throw new NotFoundError('Export');
  return toExportJob(ctx.env, row);
}

/**
 * The download behind a signed link (no session: the link is the credential). An unknown id, or a job
 * with no file yet, is 404; a bad or missing signature, or a link past its expiry, 403; a file past its
 * own expiry (7 days), 410.
 */
export async function openDownload(ctx: ServiceContext, input: { exportId: string; expires?: string; signature?: string }) {
  const [row] = await ctx.db.select().from(exportJobs).where(eq(exportJobs.id, input.exportId)).limit(1);
  if (!row || row.status !== 'completed' || !row.objectKey) throw new NotFoundError('Export');
  const now = new Date();
  const verdict = await verifyDownloadLink(ctx.env.FILES_SIGNING_SECRET, row.id, input.expires, input.signature, now);
  if (verdict === 'bad_signature') throw new ForbiddenError('This download link is not valid.', 'invalid_download_link');
  if (verdict === 'expired') throw new ForbiddenError('This download link has expired; fetch the export again for a fresh one.', 'download_link_expired');
  if (!row.expiresAt || row.expiresAt <= now) throw new AppError(410, 'export_expired', 'Gone', 'This export has expired; request a new one.');
  const object = await tagFailure('storage', () => ctx.env.FILES.get(row.objectKey!));
  if (!object) throw new AppError(410, 'export_expired', 'Gone', 'This export has expired; request a new one.');
  return object;
}
