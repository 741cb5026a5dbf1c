/**
 * An event's history over time, read from Postgres (docs/postgres.md, "History"): sales per hour or day, occupancy
 * snapshots, scans per minute — the console's "History" screen beside the live dashboard (which stays on the event's
 * live channel). Postgres away: 503 `postgres_unavailable` with Retry-After, as the reports.
 */
import { createRouter, idParam, json, OrgParams, tenantRoute } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { POSTGRES_UNAVAILABLE } from '../reports/routes';
import { occupancyHistory } from './occupancy-history';
import { salesHistory } from './sales-history';
import { scanHistory } from './scan-history';
import { OccupancyHistoryQuerySchema, OccupancyHistorySchema, SalesHistoryQuerySchema, SalesHistorySchema, ScanHistoryQuerySchema, ScanHistorySchema } from './schemas';

const EventParams = OrgParams.extend({ eventId: idParam('evt', 'Event id') });
const tags = ['Reports'];

export const historyRoutes = createRouter()
  .openapi(
    tenantRoute('finance.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/history/sales',
      tags,
      summary: 'An event’s sales and revenue per hour or day (from the reporting copy, with its freshness)',
      description:
        'Orders paid (including those refunded since) with their payment time in [from, to), per hour or calendar day in the time zone (the organization’s unless given), each per currency: orders, tickets, gross, refunded and net in minor units. Buckets with sales only. `bucket=hour` takes at most 92 days.',
      request: { params: EventParams, query: SalesHistoryQuerySchema },
      responses: { 200: json(SalesHistorySchema, 'Sales per bucket'), 503: POSTGRES_UNAVAILABLE },
    }),
    async (c) => c.json(await salesHistory({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('events.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/history/occupancy',
      tags,
      summary: 'An event’s occupancy over time: its snapshots (every 15 minutes while in play) from the reporting copy',
      description: 'Capacity, sold, held, available and checked in at each snapshot taken in [from, to) (at most 92 days), oldest first; the newest 10,000 at most (`truncated`).',
      request: { params: EventParams, query: OccupancyHistoryQuerySchema },
      responses: { 200: json(OccupancyHistorySchema, 'The snapshots'), 503: POSTGRES_UNAVAILABLE },
    }),
    async (c) => c.json(await occupancyHistory({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('checkins.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/history/scans',
      tags,
      summary: 'An event’s scans per minute: admitted, refused and exits (from the reporting copy)',
      description:
        'Scans by the device’s scan time in [from, to), at most 48 hours; left open, the event’s doors (two hours before the doors or start to two hours after the end). Minutes with scans only.',
      request: { params: EventParams, query: ScanHistoryQuerySchema },
      responses: { 200: json(ScanHistorySchema, 'Scans per minute'), 503: POSTGRES_UNAVAILABLE },
    }),
    async (c) => c.json(await scanHistory({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('query') }), 200),
  );
