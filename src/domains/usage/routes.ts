/** Usage against the plan's quotas (docs/rate-limits.md); the admin console shows it under Settings → Usage. */
import { createRouter, json, OrgParams, problem, tenantRoute } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { getUsage } from './get-usage';
import { UsageSchema } from './schemas';

export const usageRoutes = createRouter().openapi(
  tenantRoute('organization.read', {
    method: 'get',
    path: '/orgs/{orgId}/usage',
    tags: ['Organizations'],
    summary: "Today's API calls and emails against the plan's daily quotas",
    description:
      'Counts reset at the end of the UTC day. Over a quota, API requests answer 429 `quota_exceeded` with Retry-After until then ' +
      '(this route stays readable), and email waits in the queue. Per-minute limits are reported in the RateLimit fields of every answer.',
    request: { params: OrgParams },
    responses: { 200: json(UsageSchema, 'Usage today'), 503: problem('The counters are briefly unavailable; see Retry-After') },
  }),
  async (c) => c.json(await getUsage({ ctx: tenantContext(c) }), 200),
);
