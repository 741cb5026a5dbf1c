/**
 * The hourly job that sends scheduled reports (src/scheduled.ts): every schedule due in its organization's time zone
 * (due.ts) gets one email queued through the notifications outbox — the queue, its retries and the organization's
 * send limits — deduplicated per schedule and period, and the period recorded in the same batch. A schedule whose
 * member has left the organization, or may no longer read the ledger (`finance.read`), is deleted instead (audited).
 * The PDFs are made when the email is composed (compose-scheduled-report.ts), from the copy as it is then.
 */
import { and, eq, isNull, ne, or } from 'drizzle-orm';
import { writeBatch, type Database } from '../../db/client';
import { reportSchedules } from '../../db/schema/report-schedules';
import { memberships, organizationSettings, users } from '../../db/schema/tenancy';
import { auditEntry } from '../../platform/audit';
import { log } from '../../platform/logger';
import { ROLE_PERMISSIONS } from '../../platform/rbac';
import { queueEmail } from '../notifications/port';
import { duePeriod } from './due';

/** Schedules looked at per run (the whole table, in practice: a member has at most 20). */
const MAX_PER_RUN = 5_000;

/** Every organization's due schedules (the cron), or — `organizationId` — one organization's only (the tests). */
export async function queueScheduledReports(env: Cloudflare.Env, db: Database, at: Date, organizationId?: string): Promise<number> {
  const rows = await db
    .select({ s: reportSchedules, timezone: organizationSettings.timezone, locale: organizationSettings.locale, email: users.email, role: memberships.role })
    .from(reportSchedules)
    .innerJoin(organizationSettings, eq(organizationSettings.organizationId, reportSchedules.organizationId))
    .innerJoin(users, eq(users.id, reportSchedules.userId))
    .leftJoin(memberships, and(eq(memberships.organizationId, reportSchedules.organizationId), eq(memberships.userId, reportSchedules.userId)))
    .where(organizationId ? eq(reportSchedules.organizationId, organizationId) : undefined)
    .limit(MAX_PER_RUN);
  const ctx = { db, env, requestId: `cron:scheduled-reports:${at.getTime()}`, ip: null, userAgent: null };
  let queued = 0;
  for (const { s, timezone, locale, email, role } of rows) {
    const mine = and(eq(reportSchedules.organizationId, s.organizationId), eq(reportSchedules.id, s.id));
    if (!role || !ROLE_PERMISSIONS[role].includes('finance.read')) {
      log('info', 'scheduled report dropped: its member may no longer read it', { scheduleId: s.id, organizationId: s.organizationId });
      await writeBatch(db, [
        db.delete(reportSchedules).where(mine),
        auditEntry(ctx, { organizationId: s.organizationId, action: 'report_schedule.deleted', resourceType: 'report_schedule', resourceId: s.id, changes: { reason: role ? 'role no longer reads the ledger' : 'no longer a member' } }),
      ]);
      continue;
    }
    const period = duePeriod(s, at, timezone);
    if (!period) continue;
    await writeBatch(db, [
      queueEmail(ctx, { organizationId: s.organizationId, to: email, template: 'scheduled_report', locale, payload: { scheduleId: s.id, period }, dedupeKey: `scheduled_report:${s.id}:${period}` }),
      db
        .update(reportSchedules)
        .set({ lastSentKey: period, updatedAt: at })
        .where(and(mine, or(isNull(reportSchedules.lastSentKey), ne(reportSchedules.lastSentKey, period)))),
    ]);
    queued++;
  }
  return queued;
}
