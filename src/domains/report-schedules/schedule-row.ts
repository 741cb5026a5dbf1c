/** A schedule row as the API shows it, with the organization's time zone it is read in; a member's own rows only. */
import { and, eq } from 'drizzle-orm';
import { reportSchedules } from '../../db/schema/report-schedules';
import type { TenantContext } from '../../platform/context';
import { ForbiddenError } from '../../platform/errors';
import type { ReportSchedule } from './schemas';

export type ScheduleRow = typeof reportSchedules.$inferSelect;

export const toSchedule = (r: ScheduleRow, timezone: string): ReportSchedule => ({
  id: r.id,
  userId: r.userId,
  kind: r.kind,
  eventIds: r.eventIds,
  frequency: r.frequency,
  weekday: r.weekday,
  hour: r.hour,
  timezone,
  lastSentPeriod: r.lastSentKey,
  createdAt: r.createdAt.toISOString(),
});

/** A schedule is a member's own: it goes to their email. An API key has no inbox. */
export function memberOf(ctx: TenantContext): string {
  if (ctx.actor.type !== 'user' || !ctx.actor.userId) throw new ForbiddenError('Scheduled reports belong to a member: sign in as the person who should receive them.', 'member_only');
  return ctx.actor.userId;
}

export const ownedBy = (ctx: TenantContext, userId: string) => and(eq(reportSchedules.organizationId, ctx.organizationId), eq(reportSchedules.userId, userId));
