/**
 * Scheduled reports (issue #16 item 6): a member's own schedules under /orgs/{orgId}/report-schedules (finance.read:
 * the reports are the ledger's), and the email's unsubscribe link under /public (the signed link is the credential).
 */
import { createRouter, idParam, json, jsonBody, OrgParams, problem, publicRoute, tenantRoute, z } from '../../platform/openapi';
import { serviceContext, tenantContext } from '../../platform/tenant';
import { createReportSchedule } from './create-schedule';
import { deleteReportSchedule } from './delete-schedule';
import { listReportSchedules } from './list-schedules';
import { CreateReportScheduleSchema, ReportScheduleSchema } from './schemas';
import { unsubscribe, unsubscribePage } from './unsubscribe';

const tags = ['Reports'];
const ScheduleParams = OrgParams.extend({ scheduleId: idParam('rsc', 'Report schedule id') });
const UnsubscribeParams = z.object({ scheduleId: idParam('rsc', 'Report schedule id') });
const UnsubscribeQuery = z.object({ signature: z.string().max(128).optional().openapi({ description: 'From the email’s link' }) });
const MEMBER_ONLY = problem('Only a signed-in member has schedules (`member_only`): an API key has no inbox');
const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
const htmlResponse = (body: string) => new Response(body, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' } }) as never;

export const reportScheduleRoutes = createRouter()
  .openapi(
    tenantRoute('finance.read', {
      method: 'get',
      path: '/orgs/{orgId}/report-schedules',
      tags,
      summary: 'Your scheduled reports in this organization',
      request: { params: OrgParams },
      responses: { 200: json(z.object({ items: z.array(ReportScheduleSchema) }), 'Your schedules, newest first'), 403: MEMBER_ONLY },
    }),
    async (c) => c.json(await listReportSchedules(tenantContext(c)), 200),
  )
  .openapi(
    tenantRoute('finance.read', {
      method: 'post',
      path: '/orgs/{orgId}/report-schedules',
      tags,
      summary: 'Schedule a report PDF by email to yourself: daily or weekly, at a local hour',
      description:
        'The settlement statement or the sales summary of the events named (or of every event in play), as PDFs attached to an email to your account’s address, daily or weekly at `hour` in the organization’s time zone. Each email has an unsubscribe link. At most 20 schedules per member.',
      request: { params: OrgParams, body: jsonBody(CreateReportScheduleSchema) },
      responses: { 201: json(ReportScheduleSchema, 'Scheduled'), 403: MEMBER_ONLY, 409: problem('You have 20 schedules already (`schedule_limit`)') },
    }),
    async (c) => c.json(await createReportSchedule({ ctx: tenantContext(c), input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('finance.read', {
      method: 'delete',
      path: '/orgs/{orgId}/report-schedules/{scheduleId}',
      tags,
      summary: 'Stop one of your scheduled reports',
      request: { params: ScheduleParams },
      responses: { 204: { description: 'Stopped' }, 403: MEMBER_ONLY, 404: problem('Not one of your schedules') },
    }),
    async (c) => {
      await deleteReportSchedule({ ctx: tenantContext(c), scheduleId: c.req.valid('param').scheduleId });
      return c.body(null, 204);
    },
  );

export const reportUnsubscribeRoutes = createRouter()
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/report-schedules/{scheduleId}/unsubscribe',
      tags,
      summary: 'The unsubscribe page of a scheduled report’s email (a button; opening it changes nothing)',
      request: { params: UnsubscribeParams, query: UnsubscribeQuery },
      responses: { 200: html('The page'), 403: problem('The link is not valid (`invalid_unsubscribe_link`)'), 404: problem('No such schedule') },
    }),
    async (c) => htmlResponse(await unsubscribePage(serviceContext(c), c.req.valid('param').scheduleId, c.req.valid('query').signature)),
  )
  .openapi(
    publicRoute({
      method: 'post',
      path: '/public/report-schedules/{scheduleId}/unsubscribe',
      tags,
      summary: 'Unsubscribe from a scheduled report (the page’s button, or a mail client’s one-click unsubscribe)',
      request: { params: UnsubscribeParams, query: UnsubscribeQuery },
      responses: { 200: html('Unsubscribed (also when it already was)'), 403: problem('The link is not valid (`invalid_unsubscribe_link`)'), 404: problem('No such schedule') },
    }),
    async (c) => htmlResponse(await unsubscribe(serviceContext(c), c.req.valid('param').scheduleId, c.req.valid('query').signature)),
  );
