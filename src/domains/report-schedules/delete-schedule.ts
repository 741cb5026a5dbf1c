/** A member stops one of their schedules (audited); someone else's, or another organization's, is 404. */
import { and, eq } from 'drizzle-orm';
import { reportSchedules } from '../../db/schema/report-schedules';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { NotFoundError } from '../../platform/errors';
import { memberOf, ownedBy } from './schedule-row';

export async function deleteReportSchedule({ ctx, scheduleId }: { ctx: TenantContext; scheduleId: string }): Promise<void> {
  if (ctx.actor.type !== 'user') {
    // Not a member: no schedule is theirs. Another organization's id, or none, is still just 404.
    const [exists] = await ctx.db.select({ id: reportSchedules.id }).from(reportSchedules).where(and(eq(reportSchedules.organizationId, ctx.organizationId), eq(reportSchedules.id, scheduleId))).limit(1);
    if (!exists) throw new NotFoundError('Report schedule');
  }
  const userId = memberOf(ctx);
  const [row] = await ctx.db.select().from(reportSchedules).where(and(ownedBy(ctx, userId), eq(reportSchedules.id, scheduleId))).limit(1);
  if (!row) throw new NotFoundError('Report schedule');
  await ctx.db.batch([
    ctx.db.delete(reportSchedules).where(and(ownedBy(ctx, userId), eq(reportSchedules.id, scheduleId))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'report_schedule.deleted', resourceType: 'report_schedule', resourceId: row.id, changes: { kind: row.kind } }),
  ]);
}
