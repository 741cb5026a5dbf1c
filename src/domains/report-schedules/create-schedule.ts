/** A member schedules a report PDF by email for themselves (audited). Events must be the organization's own (else 404). */
import { count } from 'drizzle-orm';
import { auditEntry } from '../../platform/audit';
import { ConflictError } from '../../platform/errors';
import type { TenantContext } from '../../platform/context';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { reportSchedules } from '../../db/schema/report-schedules';
import { loadEvent } from '../events/events';
import type { CreateReportSchedule, ReportSchedule } from './schemas';
import { MAX_SCHEDULES_PER_MEMBER } from './list-schedules';
import { organizationTimeZone } from '../organizations/time-zone';
import { memberOf, ownedBy, toSchedule, type ScheduleRow } from './schedule-row';

export async function createReportSchedule({ ctx, input }: { ctx: TenantContext; input: CreateReportSchedule }): Promise<ReportSchedule> {
  const userId = memberOf(ctx);
  const [{ n }] = (await ctx.db.select({ n: count() }).from(reportSchedules).where(ownedBy(ctx, userId))) as [{ n: number }];
  if (n >= MAX_SCHEDULES_PER_MEMBER) throw new ConflictError(`You have ${MAX_SCHEDULES_PER_MEMBER} scheduled reports already; stop one first.`, 'schedule_limit');
  const eventIds = [...new Set(input.eventIds)];
  for (const eventId of eventIds) await loadEvent(ctx, eventId);
  const now = new Date();
  const row: ScheduleRow = {
    id: newId(ID_PREFIXES.reportSchedule),
    organizationId: ctx.organizationId,
    userId,
    kind: input.kind,
    eventIds,
    frequency: input.frequency,
    weekday: input.frequency === 'weekly' ? (input.weekday ?? 1) : null,
    hour: input.hour,
    lastSentKey: null,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.db.batch([
    ctx.db.insert(reportSchedules).values(row),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'report_schedule.created',
      resourceType: 'report_schedule',
      resourceId: row.id,
      changes: { kind: row.kind, eventIds: row.eventIds, frequency: row.frequency, weekday: row.weekday, hour: row.hour },
    }),
  ]);
  return toSchedule(row, await organizationTimeZone(ctx.env.DB, ctx.organizationId));
}
