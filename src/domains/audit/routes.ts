/** Reading the audit log. There is no route that edits or deletes it. */
import { createRouter, json, OrgParams, pageOf, tenantRoute } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { listAuditLogs } from './list-audit-logs';
import { AuditLogSchema, AuditQuery } from './schemas';

export const auditRoutes = createRouter().openapi(
  tenantRoute('audit.read', {
    method: 'get',
    path: '/orgs/{orgId}/audit-logs',
    tags: ['Audit'],
    summary: 'The audit log, newest first, filterable',
    request: { params: OrgParams, query: AuditQuery },
    responses: { 200: json(pageOf(AuditLogSchema), 'A page of entries') },
  }),
  async (c) => c.json(await listAuditLogs({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
);
