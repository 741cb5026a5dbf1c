/**
 * Funnels (issue #16 items 2, 3, 7): the event's funnel and top referrers from the snapshots, and the organization's
 * saved funnels with their conversion for any range (analytics.read to see, analytics.manage to change). Postgres away
 * answers 503 `postgres_unavailable` with Retry-After, as the reports do. "Refresh now" (analytics.manage) recomputes the
 * snapshots at once, at most every 30 seconds (refresh-now.ts).
 */
import { createRouter, idParam, json, jsonBody, OrgParams, PageQuery, pageOf, problem, tenantRoute } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { POSTGRES_UNAVAILABLE } from '../reports/routes';
import { createFunnel } from './create-funnel';
import { deleteFunnel } from './delete-funnel';
import { readEventFunnel } from './event-funnel';
import { readEventReferrers } from './event-referrers';
import { readFunnelConversion } from './funnel-conversion';
import { loadFunnel, toFunnel } from './funnel-row';
import { listFunnels } from './list-funnels';
import { REFRESH_COOLDOWN_SECONDS, refreshSnapshotsNow } from './refresh-now';
import {
  ConversionQuerySchema,
  CreateFunnelSchema,
  EventFunnelQuerySchema,
  EventFunnelSchema,
  FunnelConversionSchema,
  FunnelSchema,
  ReferrersQuerySchema,
  ReferrersSchema,
  SnapshotRefreshSchema,
  UpdateFunnelSchema,
} from './schemas';
import { updateFunnel } from './update-funnel';

const tags = ['Analytics'];
const EventParams = OrgParams.extend({ eventId: idParam('evt', 'Event id') });
const FunnelParams = OrgParams.extend({ funnelId: idParam('fnl', 'Funnel id') });
const BAD_RANGE = problem('A bad range: from after to, more than 366 days, or not a calendar day (field errors)');

export const funnelRoutes = createRouter()
  .openapi(
    tenantRoute('analytics.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/funnel',
      tags,
      summary: 'The event’s buyer funnel per step and per day (from the snapshots, recomputed every 15 minutes)',
      description:
        'Visitors and events per canonical step (page view → seat map → ticket chosen → hold → checkout → payment → order) summed over the local days from..to (the organization’s time zone; default the last 30 days), conversions from the first and the previous step, the median seconds from the visitor’s previous step, side counts (holds expired, payments failed, waiting room), and each day’s visitors per step. Optionally one ticket type’s or one channel’s slice. Visitors who sent DNT or GPC have no id: they count in `events` only.',
      request: { params: EventParams, query: EventFunnelQuerySchema },
      responses: { 200: json(EventFunnelSchema, 'The funnel'), 404: problem('No such event in this organization'), 503: POSTGRES_UNAVAILABLE },
    }),
    async (c) => c.json(await readEventFunnel(tenantContext(c), c.req.valid('param').eventId, c.req.valid('query')), 200),
  )
  .openapi(
    tenantRoute('analytics.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/referrers',
      tags,
      summary: 'The hosts the event’s visitors came from, with how many of them ordered (from the snapshots)',
      request: { params: EventParams, query: ReferrersQuerySchema },
      responses: { 200: json(ReferrersSchema, 'The top referrers, most visitors first'), 404: problem('No such event in this organization'), 503: POSTGRES_UNAVAILABLE },
    }),
    async (c) => c.json(await readEventReferrers(tenantContext(c), c.req.valid('param').eventId, c.req.valid('query')), 200),
  )
  .openapi(
    tenantRoute('analytics.read', {
      method: 'get',
      path: '/orgs/{orgId}/funnels',
      tags,
      summary: 'The organization’s saved funnels, newest first',
      request: { params: OrgParams, query: PageQuery },
      responses: { 200: json(pageOf(FunnelSchema), 'A page of funnels') },
    }),
    async (c) => c.json(await listFunnels({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('analytics.manage', {
      method: 'post',
      path: '/orgs/{orgId}/funnels',
      tags,
      summary: 'Save a funnel: 2–8 ordered journey steps, optionally one event and filters by channel, ticket type and device',
      request: { params: OrgParams, body: jsonBody(CreateFunnelSchema) },
      responses: { 201: json(FunnelSchema, 'Saved'), 404: problem('The event or ticket type is not this organization’s'), 409: problem('200 saved funnels already (`funnel_limit`)') },
    }),
    async (c) => c.json(await createFunnel({ ctx: tenantContext(c), input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('analytics.read', {
      method: 'get',
      path: '/orgs/{orgId}/funnels/{funnelId}',
      tags,
      summary: 'One saved funnel',
      request: { params: FunnelParams },
      responses: { 200: json(FunnelSchema, 'The funnel'), 404: problem('No such funnel in this organization') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      return c.json(toFunnel(await loadFunnel(ctx, c.req.valid('param').funnelId)), 200);
    },
  )
  .openapi(
    tenantRoute('analytics.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/funnels/{funnelId}',
      tags,
      summary: 'Change a saved funnel’s name, event, steps or filters',
      request: { params: FunnelParams, body: jsonBody(UpdateFunnelSchema) },
      responses: { 200: json(FunnelSchema, 'Changed'), 404: problem('No such funnel, or the event or ticket type is not this organization’s') },
    }),
    async (c) => c.json(await updateFunnel({ ctx: tenantContext(c), funnelId: c.req.valid('param').funnelId, input: c.req.valid('json') }), 200),
  )
  .openapi(
    tenantRoute('analytics.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/funnels/{funnelId}',
      tags,
      summary: 'Delete a saved funnel',
      request: { params: FunnelParams },
      responses: { 204: { description: 'Deleted' }, 404: problem('No such funnel in this organization') },
    }),
    async (c) => {
      await deleteFunnel({ ctx: tenantContext(c), funnelId: c.req.valid('param').funnelId });
      return c.body(null, 204);
    },
  )
  .openapi(
    tenantRoute('analytics.read', {
      method: 'get',
      path: '/orgs/{orgId}/funnels/{funnelId}/conversion',
      tags,
      summary: 'A saved funnel’s conversion over local days from..to (visitors who took its steps in order)',
      description:
        'Read from the per-visitor day rows the funnel job keeps (never the raw journey): a visitor’s days in the range are merged per event, and they reach step i when steps 1..i happened in that order. Visitors without an id (DNT/GPC) cannot be followed and are not counted. `eventId` narrows a funnel saved for every event.',
      request: { params: FunnelParams, query: ConversionQuerySchema },
      responses: { 200: json(FunnelConversionSchema, 'The conversion'), 404: problem('No such funnel or event in this organization'), 422: BAD_RANGE, 503: POSTGRES_UNAVAILABLE },
    }),
    async (c) => c.json(await readFunnelConversion(tenantContext(c), c.req.valid('param').funnelId, c.req.valid('query')), 200),
  )
  .openapi(
    tenantRoute('analytics.manage', {
      method: 'post',
      path: '/orgs/{orgId}/analytics/snapshots/refresh',
      tags,
      summary: 'Refresh now: recompute the organization’s funnel snapshots (today, yesterday, late days) at once',
      description: `What the 15-minute funnel job does, now (audited): the event funnels, referrers and saved funnels' conversions then read the new rows. At most once per ${REFRESH_COOLDOWN_SECONDS} seconds per organization, the job's own runs included: sooner answers 429 \`refresh_too_soon\` with Retry-After.`,
      request: { params: OrgParams },
      responses: {
        200: json(SnapshotRefreshSchema, 'Recomputed'),
        429: problem(`The snapshots were computed less than ${REFRESH_COOLDOWN_SECONDS} seconds ago (\`refresh_too_soon\`, Retry-After)`),
        503: POSTGRES_UNAVAILABLE,
      },
    }),
    async (c) => c.json(await refreshSnapshotsNow(tenantContext(c)), 200),
  );
