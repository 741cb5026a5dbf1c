/** Platform operators (platform admin/staff flags): every organization, across tenants. */
import { desc, lt } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { organizations } from '../../db/schema/tenancy';
import { userPrincipal } from '../../platform/auth';
import { ForbiddenError } from '../../platform/errors';
import { createRouter, json, PageQuery, pageOf, toPage, userRoute, z } from '../../platform/openapi';
import { IsoDateTime } from '../shared-schemas';

/** Platform admins and staff only; others get 403 `platform_only`. */
export function requirePlatformOperator(): MiddlewareHandler {
  return async function requirePlatformOperatorMiddleware(c, next) {
    const p = userPrincipal(c);
    if (!p.isPlatformAdmin && !p.isPlatformStaff) throw new ForbiddenError('Only platform operators may do this.', 'platform_only');
    await next();
  };
}

const PlatformOrganizationSchema = z.object({ id: z.string(), name: z.string(), slug: z.string(), createdAt: IsoDateTime }).openapi('PlatformOrganization');

export const platformRoutes = createRouter().openapi(
  userRoute(
    {
      method: 'get',
      path: '/platform/organizations',
      tags: ['Platform'],
      summary: 'Every organization on the platform (platform admin/staff only)',
      request: { query: PageQuery },
      responses: { 200: json(pageOf(PlatformOrganizationSchema), 'A page of organizations') },
    },
    [requirePlatformOperator()],
  ),
  async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const rows = await c.var.db
      .select()
      .from(organizations)
      .where(cursor ? lt(organizations.id, cursor) : undefined)
      .orderBy(desc(organizations.id))
      .limit(limit + 1);
    const page = toPage(rows, limit);
    return c.json({ items: page.items.map((o) => ({ id: o.id, name: o.name, slug: o.slug, createdAt: o.createdAt.toISOString() })), nextCursor: page.nextCursor }, 200);
  },
);
