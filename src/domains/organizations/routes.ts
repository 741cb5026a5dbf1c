/** Organization profile and settings; creating further organizations for the signed-in user. */
import { createRouter, json, jsonBody, OrgParams, tenantRoute, userRoute } from '../../platform/openapi';
import { userPrincipal } from '../../platform/auth';
import { serviceContext, tenantContext } from '../../platform/tenant';
import { buildCreateOrganization } from './create-organization';
import { getOrganization } from './queries';
import { CreateOrganizationSchema, OrganizationSchema, UpdateOrganizationSchema, UpdateSettingsSchema } from './schemas';
import { updateOrganization, updateSettings } from './update-organization';

const tags = ['Organizations'];

export const organizationRoutes = createRouter()
  .openapi(
    userRoute({
      method: 'post',
      path: '/orgs',
      tags,
      summary: 'Create another organization, owned by you',
      request: { body: jsonBody(CreateOrganizationSchema) },
      responses: { 201: json(OrganizationSchema, 'Created') },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const { organizationId, writes } = await buildCreateOrganization(ctx, c.req.valid('json'), userPrincipal(c).userId);
      await ctx.db.batch(writes);
      return c.json(await getOrganization(ctx.db, organizationId), 201);
    },
  )
  .openapi(
    tenantRoute('organization.read', {
      method: 'get',
      path: '/orgs/{orgId}',
      tags,
      summary: 'The organization and its settings',
      request: { params: OrgParams },
      responses: { 200: json(OrganizationSchema, 'The organization') },
    }),
    async (c) => c.json(await getOrganization(c.var.db, tenantContext(c).organizationId), 200),
  )
  .openapi(
    tenantRoute('organization.update', {
      method: 'patch',
      path: '/orgs/{orgId}',
      tags,
      summary: 'Rename the organization',
      request: { params: OrgParams, body: jsonBody(UpdateOrganizationSchema) },
      responses: { 200: json(OrganizationSchema, 'Updated') },
    }),
    async (c) => c.json(await updateOrganization({ ctx: tenantContext(c), input: c.req.valid('json') }), 200),
  )
  .openapi(
    tenantRoute('organization.update', {
      method: 'patch',
      path: '/orgs/{orgId}/settings',
      tags,
      summary: 'Change currency, timezone, locale, VAT number or branding',
      request: { params: OrgParams, body: jsonBody(UpdateSettingsSchema) },
      responses: { 200: json(OrganizationSchema, 'Updated') },
    }),
    async (c) => c.json(await updateSettings({ ctx: tenantContext(c), input: c.req.valid('json') }), 200),
  );
