/**
 * Running one export job (the exports queue's work): count the rows in the Postgres copy (docs/postgres.md,
 * "Reports"; the names beside them from D1's reference tables), then stream them page by page
 * through the R2 writer, recording progress after every page, and finish the job with its file's key,
 * size and expiry in one batch (with the `export.completed` webhook event, when anyone listens).
 *
 * Idempotent by the job's state: a completed job is left alone. A job found `running` was being run by
 * a worker that died; it starts over from the first row into a fresh upload (the half-written one is
 * never completed, so no partial file is ever visible). A failure leaves the job `queued` with its
 * error for the retry, and `failed` after the last attempt; either way the error is rethrown, so the
 * queue retries or dead-letters the message.
 */
import { and, eq, ne } from 'drizzle-orm';
import { writeBatch, type Database } from '../../db/client';
import { events } from '../../db/schema/events';
import { exportJobs, type EXPORT_FORMATS } from '../../db/schema/messaging';
import { log } from '../../platform/logger';
import { emitWebhookEvent } from '../webhooks/emit';
import { CSV_BOM, csvRow } from './csv';
import type { ExportJobRow } from './exports';
import { DEFAULT_PAGE_SIZE, EXPORT_KIND_SPECS, EXPORT_NOT_QUEUED, type ExportScope } from './kinds';
import { postgres, type PostgresClient } from '../../db/postgres-client';
import { writePdfExport } from './run-pdf';
import { R2StreamWriter, type WriterStats, type WrittenObject } from './writer';

type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** wrangler.toml gives the exports queue max_retries = 3: four deliveries in all. */
export const EXPORT_MAX_ATTEMPTS = 4;
/** How long a finished file may be downloaded. */
export const EXPORT_FILE_TTL_MS = 7 * 86_400_000;
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

export type ExportRunResult =
  | { outcome: 'skipped'; reason: 'not_found' | 'completed' | 'not_queued' }
  | { outcome: 'completed'; rowsWritten: number; sizeBytes: number; objectKey: string; stats: WriterStats };

export type RunOptions = {
  /** The delivery's attempt number (1-based); the last one marks the job failed. */
  attempt?: number;
  pageSize?: number;
  now?: () => Date;
};

/** `exports/<org>/<export id>.csv` (or `.pdf`): one prefix for every export (an R2 lifecycle rule expires them), then the tenant. */
export const exportObjectKey = (row: Pick<ExportJobRow, 'organizationId' | 'id'> & { format?: ExportFormat }) => `exports/${row.organizationId}/${row.id}.${row.format ?? 'csv'}`;

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 40)
    .replace(/-+$/, '');

/** `attendees-summer-concert-2030-06-01.csv`: the kind, the event's name if any, the day it was requested (UTC). */
export function exportFilename(kind: string, eventName: string | null, createdAt: Date, format: ExportFormat = 'csv'): string {
  const parts = [kind.replace('_', '-'), eventName ? slug(eventName) : '', createdAt.toISOString().slice(0, 10)].filter(Boolean);
  return `${parts.join('-')}.${format}`;
}

export async function runExport(env: Cloudflare.Env, db: Database, exportId: string, options: RunOptions = {}): Promise<ExportRunResult> {
  const now = options.now ?? (() => new Date());
  const attempt = options.attempt ?? 1;
  const [job] = await db.select().from(exportJobs).where(eq(exportJobs.id, exportId)).limit(1);
  if (!job) {
    log('warn', 'export job not found; dropping message', { exportId });
    return { outcome: 'skipped', reason: 'not_found' };
  }
  if (job.status === 'completed') return { outcome: 'skipped', reason: 'completed' };
  // Its request was answered 503 because the send seemed to fail, yet the message arrived: the requester was told
  // to ask again, so this one must not run as well (exports.ts).
  if (job.status === 'failed' && job.error === EXPORT_NOT_QUEUED) return { outcome: 'skipped', reason: 'not_queued' };
  const mine = and(eq(exportJobs.organizationId, job.organizationId), eq(exportJobs.id, job.id));
  if (job.status === 'running') log('warn', 'export found running (its worker died); starting over', { exportId, attempt });
  await db
    .update(exportJobs)
    .set({ status: 'running', rowsWritten: 0, rowsTotal: null, sizeBytes: null, objectKey: null, error: null, completedAt: null, expiresAt: null, updatedAt: now() })
    .where(mine);

  let writer: R2StreamWriter | null = null;
  let pg: PostgresClient | null = null;
  try {
    const spec = EXPORT_KIND_SPECS[job.kind];
    pg = postgres(env);
    const client = pg;
    const scope: ExportScope = { db, pg: (work) => client.forOrganization(job.organizationId, work), organizationId: job.organizationId, eventId: job.eventId };
    let eventName: string | null = null;
    if (job.eventId) {
      const [event] = await db
        .select({ name: events.name })
        .from(events)
        .where(and(eq(events.organizationId, job.organizationId), eq(events.id, job.eventId)))
        .limit(1);
      if (!event) throw new Error(`Event ${job.eventId} no longer exists.`);
      eventName = event.name;
    }
    const rowsTotal = await spec.count(scope);
    await db.update(exportJobs).set({ rowsTotal, updatedAt: now() }).where(mine);

    const filename = exportFilename(job.kind, eventName, job.createdAt, job.format);
    let rowsWritten = 0;
    let file: WrittenObject;
    if (job.format === 'pdf') {
      // A document of a few pages: rendered whole and stored in one put (run-pdf.ts).
      const pdf = await writePdfExport(env, spec, scope, exportObjectKey(job), contentDisposition(filename), now());
      file = pdf.file;
      rowsWritten = pdf.rows;
    } else {
      writer = new R2StreamWriter(env.FILES, exportObjectKey(job), { contentType: CSV_CONTENT_TYPE, contentDisposition: contentDisposition(filename) });
      await writer.write(CSV_BOM + csvRow(spec.header));
      let after: string | null = null;
      const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
      do {
        const page = await spec.page(scope, after, pageSize);
        if (page.rows.length) await writer.write(page.rows.map(csvRow).join(''));
        rowsWritten += page.rows.length;
        after = page.next;
        await db.update(exportJobs).set({ rowsWritten, updatedAt: now() }).where(mine);
      } while (after);
      file = await writer.close();
      writer = null;
    }

    const completedAt = now();
    const expiresAt = new Date(completedAt.getTime() + EXPORT_FILE_TTL_MS);
    const finished = { status: 'completed' as const, rowsWritten, rowsTotal: Math.max(rowsTotal, rowsWritten), objectKey: file.key, sizeBytes: file.sizeBytes, error: null, completedAt, expiresAt, updatedAt: completedAt };
    await writeBatch(db, [
      db.update(exportJobs).set(finished).where(and(mine, ne(exportJobs.status, 'completed'))),
      ...(await emitWebhookEvent(db, {
        organizationId: job.organizationId,
        type: 'export.completed',
        payload: { exportId: job.id, kind: job.kind, eventId: job.eventId, rowsWritten, sizeBytes: file.sizeBytes, completedAt: completedAt.toISOString(), expiresAt: expiresAt.toISOString() },
      })),
    ]);
    log('info', 'export completed', { exportId, kind: job.kind, rowsWritten, sizeBytes: file.sizeBytes, parts: file.stats.parts, maxBufferedBytes: file.stats.maxBufferedBytes });
    return { outcome: 'completed', rowsWritten, sizeBytes: file.sizeBytes, objectKey: file.key, stats: file.stats };
  } catch (error) {
    await writer?.abort();
    const message = error instanceof Error ? error.message : String(error);
    const last = attempt >= EXPORT_MAX_ATTEMPTS;
    log(last ? 'error' : 'warn', last ? 'export failed for good' : 'export attempt failed; it will be retried', { exportId, attempt, error: message });
    await db
      .update(exportJobs)
      .set({ status: last ? 'failed' : 'queued', error: message.slice(0, 1000), updatedAt: now() })
      .where(and(mine, ne(exportJobs.status, 'completed')));
    throw error;
  } finally {
    await pg?.close();
  }
}

/** `attachment` with an ASCII fallback name and the exact one in RFC 5987 form. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
