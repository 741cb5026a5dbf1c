/** The signed-in member's own report schedules, newest first (a handful: no pagination). */
import { desc } from 'drizzle-orm';
import { reportSchedules } from '../../db/schema/report-schedules';
import type { TenantContext } from '../../platform/context';
import type { ReportSchedule } from './schemas';
import { organizationTimeZone } from '../organizations/time-zone';
import { memberOf, ownedBy, toSchedule } from './schedule-row';

/** At most this many schedules per member. */
export const MAX_SCHEDULES_PER_MEMBER = 20;

export async function listReportSchedules(ctx: TenantContext): Promise<{ items: ReportSchedule[] }> {
  const userId = memberOf(ctx);
  const rows = await ctx.db.select().from(reportSchedules).where(ownedBy(ctx, userId)).orderBy(desc(reportSchedules.id)).limit(MAX_SCHEDULES_PER_MEMBER);
  const timezone = await organizationTimeZone(ctx.env.DB, ctx.organizationId);
  return { items: rows.map((r) => toSchedule(r, timezone)) };
}
