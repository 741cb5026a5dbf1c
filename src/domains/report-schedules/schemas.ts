/** Scheduled report shapes: a member's schedule in and out. */
import { REPORT_FREQUENCIES, SCHEDULED_REPORT_KINDS } from '../../db/schema/report-schedules';
import { z } from '../../platform/openapi';
import { IsoDateTime } from '../shared-schemas';

const EventId = z.string().regex(/^evt_[0-9a-z]{26}$/, 'An event id (evt_…)');

export const CreateReportScheduleSchema = z
  .object({
    kind: z.enum(SCHEDULED_REPORT_KINDS).openapi({ description: 'settlement: the settlement statement; sales_summary: sales by ticket type and by day (each a PDF per event)' }),
    eventIds: z.array(EventId).max(10).default([]).openapi({ description: 'The events reported on (at most 10); empty: every event in play when it is sent (at most 10)' }),
    frequency: z.enum(REPORT_FREQUENCIES),
    weekday: z.number().int().min(1).max(7).optional().openapi({ description: 'Weekly only: 1 Monday … 7 Sunday (default 1)' }),
    hour: z.number().int().min(0).max(23).default(7).openapi({ description: 'The local hour it is sent, in the organization’s time zone (default 7)' }),
  })
  .strict()
  .refine((v) => v.weekday === undefined || v.frequency === 'weekly', { message: 'Only a weekly report has a weekday', path: ['weekday'] })
  .openapi('CreateReportSchedule', { example: { kind: 'sales_summary', eventIds: [], frequency: 'weekly', weekday: 1, hour: 7 } });
export type CreateReportSchedule = z.infer<typeof CreateReportScheduleSchema>;

export const ReportScheduleSchema = z
  .object({
    id: z.string(),
    userId: z.string().openapi({ description: 'The member it is sent to (their account’s email)' }),
    kind: z.enum(SCHEDULED_REPORT_KINDS),
    eventIds: z.array(z.string()),
    frequency: z.enum(REPORT_FREQUENCIES),
    weekday: z.number().int().nullable(),
    hour: z.number().int(),
    timezone: z.string().openapi({ description: 'The organization’s time zone, in which `hour` and `weekday` are read' }),
    lastSentPeriod: z.string().nullable().openapi({ description: 'The period last sent: a local day (2026-12-05) or an ISO week (2026-W49)' }),
    createdAt: IsoDateTime,
  })
  .openapi('ReportSchedule');
export type ReportSchedule = z.infer<typeof ReportScheduleSchema>;
