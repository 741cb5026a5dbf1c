/**
 * "Refresh now" (issue #16 item 3): an organizer recomputes the organization's funnel snapshots at once — today,
 * yesterday and any day with late rows, exactly what the 15-minute job does (refreshInTransaction) — instead of waiting
 * for the next run. At most once per REFRESH_COOLDOWN_SECONDS per organization, the job's own runs included: the last
 * run (funnel_snapshot_runs.ran_at, locked for the transaction so two presses at once do not both run) younger than that
 * answers 429 `refresh_too_soon` with Retry-After. Audited; Postgres away is 503 `postgres_unavailable`.
 */
import { sql } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { TooManyRequestsError } from '../../platform/errors';
import { readReport } from '../reports/read';
import { refreshInTransaction } from './refresh-snapshots';
import type { SnapshotRefresh } from './schemas';
import { organizationTimeZone } from '../organizations/time-zone';

export const REFRESH_COOLDOWN_SECONDS = 30;

export async function refreshSnapshotsNow(ctx: TenantContext, at = new Date()): Promise<SnapshotRefresh> {
  const timeZone = await organizationTimeZone(ctx.env.DB, ctx.organizationId);
  const counts = await readReport(ctx.env, ctx.organizationId, async (tx) => {
    const [run] = (await tx.execute<{ ran_at: string | Date }>(sql`select ran_at from funnel_snapshot_runs where organization_id = ${ctx.organizationId} for update`)).rows;
    const age = run ? (at.getTime() - new Date(run.ran_at).getTime()) / 1000 : Infinity;
    if (age >= 0 && age < REFRESH_COOLDOWN_SECONDS) {
      throw new TooManyRequestsError(`The funnel snapshots were computed ${Math.floor(age)} seconds ago; they can be refreshed again in ${Math.ceil(REFRESH_COOLDOWN_SECONDS - age)} seconds.`, REFRESH_COOLDOWN_SECONDS - age, 'refresh_too_soon');
    }
    return refreshInTransaction(tx, ctx.organizationId, timeZone, at);
  });
  await writeBatch(ctx.db, [
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'funnel_snapshots.refreshed', resourceType: 'organization', resourceId: ctx.organizationId, changes: counts }),
  ]);
  return { ...counts, computedAt: at.toISOString() };
}
