/** Platform operators (platform admin/staff flags): every organization, across tenants. */
import {  } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { organizations } from '../../db/schema/tenancy';
import { developmentOnly } from '../../platform/app-env';
import { userPrincipal } from '../../platform/auth';
import { ForbiddenError } from '../../platform/errors';
import { createRouter, idParam, json, PageQuery, pageOf, userRoute, z } from '../../platform/openapi';
import { listDeadLetters, replayDeadLetter } from '../../queues/dead-letters';
import { listPlatformMailbox } from '../notifications/manage';
import { MailboxMessageSchema } from '../notifications/schemas';
import { IsoDateTime } from '../shared-schemas';
import { newestFirstPage } from '../../db/keyset';

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
    const page = await newestFirstPage(organizations.id, { limit, cursor }, (k) =>
      c.var.db
        .select()
        .from(organizations)
        .where(k.after)
        .orderBy(k.order)
        .limit(k.limit),
    );
    return c.json({ items: page.items.map((o) => ({ id: o.id, name: o.name, slug: o.slug, createdAt: o.createdAt.toISOString() })), nextCursor: page.nextCursor }, 200);
  },
);

/** Platform admins only (staff may look, not act); others get 403 `platform_admin_only`. */
export function requirePlatformAdmin(): MiddlewareHandler {
  return async function requirePlatformAdminMiddleware(c, next) {
    if (!userPrincipal(c).isPlatformAdmin) throw new ForbiddenError('Only platform admins may do this.', 'platform_admin_only');
    await next();
  };
}

const DeadLetterSchema = z
  .object({
    id: z.string(),
    queue: z.string(),
    messageId: z.string(),
    body: z.unknown(),
    attempts: z.number().int(),
    receivedAt: IsoDateTime,
    replayedAt: IsoDateTime.nullable(),
    replayedByUserId: z.string().nullable(),
  })
  .openapi('DeadLetter');

export const deadLetterRoutes = createRouter()
  .openapi(
    userRoute(
      {
        method: 'get',
        path: '/platform/mailbox',
        tags: ['Platform'],
        summary: 'The dev mailbox across the platform, including mail outside any organization (password resets)',
        request: { query: PageQuery.extend({ to: z.string().max(320).optional() }) },
        responses: { 200: json(pageOf(MailboxMessageSchema), 'A page of messages') },
      },
      [developmentOnly(), requirePlatformOperator()],
    ),
    async (c) => c.json(await listPlatformMailbox(c.var.db, c.req.valid('query'), { type: 'user', isPlatformAdmin: userPrincipal(c).isPlatformAdmin }), 200),
  )
  .openapi(
    userRoute(
      {
        method: 'get',
        path: '/platform/dead-letters',
        tags: ['Platform'],
        summary: 'Queue messages that ran out of retries, newest first (platform admin/staff)',
        request: { query: PageQuery.extend({ queue: z.string().max(100).optional().openapi({ example: 'voelgoed-webhooks' }) }) },
        responses: { 200: json(pageOf(DeadLetterSchema), 'A page of dead letters') },
      },
      [requirePlatformOperator()],
    ),
    async (c) => c.json(await listDeadLetters(c.var.db, c.req.valid('query')), 200),
  )
  .openapi(
    userRoute(
      {
        method: 'post',
        path: '/platform/dead-letters/{deadLetterId}/replay',
        tags: ['Platform'],
        summary: 'Send a dead letter back to its queue, once (platform admin)',
        request: { params: z.object({ deadLetterId: idParam('dlq', 'Dead letter id') }) },
        responses: { 200: json(DeadLetterSchema, 'Sent back'), 409: json(z.any(), 'Already replayed') },
      },
      [requirePlatformAdmin()],
    ),
    async (c) => c.json(await replayDeadLetter(c.var.db, c.env, c.req.valid('param').deadLetterId, userPrincipal(c).userId), 200),
  );
