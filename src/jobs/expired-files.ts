/** Daily: export files past their expiry are deleted from R2 (the API already refuses them with 410). */
import { and, eq, isNotNull, lte } from 'drizzle-orm';
import type { Database } from '../db/client';
import { exportJobs } from '../db/schema/messaging';

export async function deleteExpiredExports(env: Cloudflare.Env, db: Database, at: Date): Promise<number> {
  const due = await db
    .select({ id: exportJobs.id, objectKey: exportJobs.objectKey, organizationId: exportJobs.organizationId })
    .from(exportJobs)
    .where(and(isNotNull(exportJobs.objectKey), lte(exportJobs.expiresAt, at)))
    .limit(1_000);
  const keys = due.flatMap((d) => (d.objectKey ? [d.objectKey] : []));
  for (let i = 0; i < keys.length; i += 1_000) await env.FILES.delete(keys.slice(i, i + 1_000));
  // The job keeps its history (rows, size, times); only the file goes.
  for (const d of due) await db.update(exportJobs).set({ objectKey: null }).where(and(isNotNull(exportJobs.objectKey), lte(exportJobs.expiresAt, at), eq(exportJobs.id, d.id), eq(exportJobs.organizationId, d.organizationId)));
  return due.length;
}
