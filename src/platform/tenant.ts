/** Tenancy guard: turns the principal into the actor of the organization in the path; non-members get 404. */
import { and, eq } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { memberships, organizations } from '../db/schema/tenancy';
import type { Actor, RequestMeta, TenantContext } from './context';
import { NotFoundError, UnauthorizedError, ForbiddenError } from './errors';
import { can, type Action } from './rbac';
import { setRateLimitHeaders } from './rate-limit-headers';
import { waitUntilOf } from './wait-until';
import { enforceTenantLimits } from './tenant-limits';

export function tenant(): MiddlewareHandler {
  return async function tenantMiddleware(c, next) {
    const organizationId = c.req.param('orgId');
    const principal = c.var.principal;
    if (!principal) throw new UnauthorizedError();
    if (!organizationId) throw new NotFoundError('Organization');
    let actor: Actor;
    let plan: string | null = null;
    if (principal.type === 'device') {
      // Like an API key, a device knows no other organization (404); in its own it may use only the /device routes.
      if (principal.organizationId !== organizationId) throw new NotFoundError('Organization');
      throw new ForbiddenError('Scanner devices may only call the /device routes.', 'device_not_allowed');
    }
    if (principal.type === 'api_key') {
      // A key belongs to one organization: any other id is, to it, an organization that does not exist.
      if (principal.organizationId !== organizationId) throw new NotFoundError('Organization');
      plan = principal.plan;
      actor = {
        type: 'api_key',
        id: principal.apiKeyId,
        userId: null,
        organizationId,
        role: null,
        scopes: principal.scopes,
        isPlatformAdmin: false,
        isPlatformStaff: false,
      };
    } else {
      const [row] = await c.var.db
        .select({ orgId: organizations.id, role: memberships.role, plan: organizations.plan })
        .from(organizations)
        .leftJoin(memberships, and(eq(memberships.organizationId, organizations.id), eq(memberships.userId, principal.userId)))
        .where(eq(organizations.id, organizationId))
        .limit(1);
      const isPlatform = principal.isPlatformAdmin || principal.isPlatformStaff;
      if (!row || (!row.role && !isPlatform)) throw new NotFoundError('Organization');
      plan = row.plan;
      actor = {
        type: 'user',
        id: principal.userId,
        userId: principal.userId,
        organizationId,
        role: row.role ?? null,
        isPlatformAdmin: principal.isPlatformAdmin,
        isPlatformStaff: principal.isPlatformStaff,
      };
    }
    c.set('actor', actor);
    // Per API key, per organization and the daily quota (tenant-limits.ts); their fields go on the answer.
    const outcomes = await enforceTenantLimits(c, actor, plan);
    await next();
    setRateLimitHeaders(c, outcomes);
  };
}

export function requirePermission(action: Action): MiddlewareHandler {
  return async function requirePermissionMiddleware(c, next) {
    const actor = c.var.actor;
    if (!actor) throw new UnauthorizedError();
    if (!can(actor, action)) {
      throw new ForbiddenError(
        actor.type === 'api_key' ? `This API key lacks the scope "${action}".` : `Your role does not allow "${action}".`,
        actor.type === 'api_key' ? 'missing_scope' : 'forbidden',
      );
    }
    await next();
  };
}

export function requestMeta(c: Context): RequestMeta {
  return {
    requestId: c.var.requestId,
    ip: c.req.header('CF-Connecting-IP') ?? c.req.header('X-Real-IP') ?? null,
    userAgent: c.req.header('User-Agent')?.slice(0, 512) ?? null,
  };
}

export function serviceContext(c: Context) {
  return { ...requestMeta(c), env: c.env, db: c.var.db, waitUntil: waitUntilOf(c) };
}

export function tenantContext(c: Context): TenantContext {
  const actor = c.var.actor;
  return { ...serviceContext(c), actor, organizationId: actor.organizationId };
}
