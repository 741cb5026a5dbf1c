/** The API request log of an organization (read-only; entries arrive through the replication queue). */
import { createRouter, json, OrgParams, pageOf, problem, tenantRoute } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { listApiRequests } from './list-api-requests';
import { ApiRequestQuery, ApiRequestSchema } from './schemas';

export const apiRequestRoutes = createRouter().openapi(
  tenantRoute('api_keys.read', {
    method: 'get',
    path: '/orgs/{orgId}/api-requests',
    tags: ['API keys'],
    summary: 'The API request log: requests by API keys and signed-in members, newest first, filterable',
    description:
      'One entry per request an API key or a member made in this organization: time, method, route pattern (never the ' +
      'URL, query or body), status, latency and key. Entries arrive within seconds and are kept for the retention ' +
      'window (API_REQUEST_LOG_RETENTION_DAYS, 90 days by default).',
    request: { params: OrgParams, query: ApiRequestQuery },
    responses: {
      200: json(pageOf(ApiRequestSchema), 'A page of requests'),
      503: problem('The reporting database (Postgres) is unavailable; see Retry-After'),
    },
  }),
  async (c) => c.json(await listApiRequests({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
);
