/** Report routes read from Postgres (docs/postgres.md, "Reports"): sales by day, ticket type or channel. */
import { createRouter, json, OrgParams, problem, tenantRoute } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { salesReport } from './run';
import { SalesQuerySchema, SalesReportSchema } from './schemas';

const tags = ['Reports'];
export const POSTGRES_UNAVAILABLE = problem('The reporting database is unavailable (`postgres_unavailable`, Retry-After): reports wait, sales go on');

export const reportRoutes = createRouter().openapi(
  tenantRoute('finance.read', {
    method: 'get',
    path: '/orgs/{orgId}/reports/sales',
    tags,
    summary: 'Sales by day, ticket type or channel (from the reporting copy, with its freshness)',
    description:
      'Orders paid (including those refunded since) with their payment time in [from, to), grouped per day in the time zone, per ticket type, or per channel, each per currency: orders, tickets, gross, refunded and net in minor units. Read from Postgres; `freshness` says how many changes have not reached it yet.',
    request: { params: OrgParams, query: SalesQuerySchema },
    responses: { 200: json(SalesReportSchema, 'The sales report'), 503: POSTGRES_UNAVAILABLE },
  }),
  async (c) => {
    const ctx = tenantContext(c);
    return c.json(await salesReport({ env: c.env, db: ctx.db, organizationId: ctx.organizationId }, c.req.valid('query')), 200);
  },
);
