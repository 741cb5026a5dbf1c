/** Platform operators' fee policies: every row, and setting one (platform admins only). */
import { userPrincipal } from '../../platform/auth';
import { ForbiddenError } from '../../platform/errors';
import { createRouter, json, jsonBody, PageQuery, pageOf, userRoute } from '../../platform/openapi';
import { serviceContext } from '../../platform/tenant';
import { requirePlatformOperator } from '../platform/routes';
import { listFeePolicies, putFeePolicy } from './fee-policies';
import { FeePolicyListQuery, FeePolicySchema, PutFeePolicySchema } from './schemas';

const tags = ['Platform'];

export const platformFeeRoutes = createRouter()
  .openapi(
    userRoute(
      {
        method: 'get',
        path: '/platform/fee-policies',
        tags,
        summary: 'Every fee policy: platform defaults per currency and organizations’ own (platform admin/staff only)',
        request: { query: PageQuery.extend(FeePolicyListQuery.shape) },
        responses: { 200: json(pageOf(FeePolicySchema), 'A page of fee policies, newest first') },
      },
      [requirePlatformOperator()],
    ),
    async (c) => c.json(await listFeePolicies(serviceContext(c), c.req.valid('query')), 200),
  )
  .openapi(
    userRoute(
      {
        method: 'put',
        path: '/platform/fee-policies',
        tags,
        summary: 'Set the fee policy of an organization, or the platform default for a currency (platform admins only)',
        description:
          'Upserts by (organizationId, currency); organizationId null or absent sets the platform default. An organization’s change is written to its audit log. ' +
          'Quotes pick it up at once on this isolate and within a minute everywhere; orders keep the fee they were quoted.',
        request: { body: jsonBody(PutFeePolicySchema) },
        responses: { 200: json(FeePolicySchema, 'The policy as stored') },
      },
      [requirePlatformOperator()],
    ),
    async (c) => {
      const input = c.req.valid('json');
      // Checked after validation: staff may learn that a body is malformed, not change fees.
      const principal = userPrincipal(c);
      if (!principal.isPlatformAdmin) throw new ForbiddenError('Only platform admins may change fee policies.', 'platform_admin_only');
      return c.json(await putFeePolicy({ ctx: serviceContext(c), userId: principal.userId, input }), 200);
    },
  );
