/** OpenAPI plumbing: routers that validate with zod into problem+json, and route builders that declare access and permission. */
import { createRoute, OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ValidationError } from './errors';
import { requireDevice, requireUser } from './auth';
import type { RouteBodyLimit } from './body-limit';
import { type Action } from './rbac';
import { requirePermission, tenant } from './tenant';

export { z };

export type AppEnv = { Bindings: Cloudflare.Env };

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw ValidationError.fromZod(result.error, result.target === 'json' ? 'body' : result.target);
    },
  });
}

export type Router = ReturnType<typeof createRouter>;

export const ProblemSchema = z
  .object({
    type: z.string().url(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ example: 'validation_failed' }),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
  })
  .openapi('Problem');

export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const COMMON_ERRORS = {
  400: problem('Malformed request (for example, invalid JSON)'),
  413: problem('Request body too large'),
  415: problem('Body is not application/json'),
  422: problem('Validation failed; `errors` lists each field'),
  429: problem('Too many requests; see Retry-After'),
} as const;

const AUTH_ERRORS = {
  401: problem('Not signed in, or the credentials are invalid'),
  403: problem('Signed in, but the role or API key scope does not allow this'),
  404: problem('Not found (also the answer for another organization’s ids)'),
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true as const,
  content: { 'application/json': { schema } },
});

type RouteInput = Omit<RouteConfig, 'security' | 'middleware'>;

/** Anyone may call it (sign-up, login, public pages). */
export function publicRoute<const R extends RouteInput>(route: R) {
  return createRoute({ ...route, security: [], responses: { ...COMMON_ERRORS, ...route.responses } });
}

/** A signed-in user outside any organization's scope (their profile, their memberships). */
export function userRoute<const R extends RouteInput>(route: R, middleware: MiddlewareHandler[] = []) {
  return createRoute({
    ...route,
    security: [{ session: [] }],
    middleware: [requireUser(), ...middleware] as MiddlewareHandler[],
    responses: { ...COMMON_ERRORS, ...AUTH_ERRORS, ...route.responses },
  });
}

/**
 * A scanner device's own routes (under /device): only a device token passes; the actor is the device, in its
 * organization. No x-permission: what a device may touch is decided by the events and gate it is bound to.
 */
export function deviceRoute<const R extends RouteInput>(route: R, options: RouteOptions = {}) {
  const config = createRoute({
    ...route,
    security: [{ device: [] }],
    middleware: [requireDevice()] as MiddlewareHandler[],
    responses: {
      ...COMMON_ERRORS,
      401: problem('No device token, or it is unknown (`invalid_device_token`) or revoked (`device_revoked`)'),
      403: problem('Not a device token (users and API keys cannot call device routes)'),
      404: problem('Not found, or not one of this device’s events or sessions'),
      ...route.responses,
    },
  });
  return Object.assign(config, options.maxBodyBytes ? { [MAX_BODY_BYTES_EXTENSION]: options.maxBodyBytes } : {});
}

export type RouteOptions = {
  /**
   * A body limit other than the API-wide one (MAX_BODY_BYTES), for operations that take a large document
   * such as a whole seating layout. Declared as `x-max-body-bytes`; the body-limit middleware enforces it.
   */
  maxBodyBytes?: number;
  /** Middleware that runs before the tenant and permission checks (e.g. `developmentOnly()`). */
  before?: MiddlewareHandler[];
};

export const MAX_BODY_BYTES_EXTENSION = 'x-max-body-bytes';

/** Inside `/orgs/{orgId}`: the caller must belong to that organization and hold `permission`. */
export function tenantRoute<const R extends RouteInput>(permission: Action, route: R, options: RouteOptions = {}) {
  const config = createRoute({
    ...route,
    security: [{ session: [] }, { apiKey: [] }] as Record<string, string[]>[],
    middleware: [...(options.before ?? []), tenant(), requirePermission(permission)] as MiddlewareHandler[],
    responses: { ...COMMON_ERRORS, ...AUTH_ERRORS, ...route.responses },
  });
  // OpenAPI extensions, so the document (and docs/rbac.md) says which permission each operation needs
  // and how large a body it takes.
  const extensions = options.maxBodyBytes ? { [MAX_BODY_BYTES_EXTENSION]: options.maxBodyBytes } : {};
  return Object.assign(config, { 'x-permission': permission }, extensions);
}

/**
 * Marks an operation whose success answer carries a secret shown once (a session, an API key, a device token, a
 * webhook signing secret, an order link): the idempotency store keeps no copy of it, and a replay with the same
 * Idempotency-Key answers 409 `idempotency_secret_not_replayable` (src/platform/idempotency.ts). Declared as
 * `x-mints-secret`; test/platform/idempotency-secrets.test.ts fails for an operation that returns a token or a
 * secret without it.
 */
export function mintsSecret<R extends object>(route: R): R & { [MINTS_SECRET_EXTENSION]: true } {
  return Object.assign(route, { [MINTS_SECRET_EXTENSION]: true as const });
}

export const MINTS_SECRET_EXTENSION = 'x-mints-secret';

/**
 * Marks an operation whose state lives only in an inventory Durable Object, which keys it itself (a hold: the
 * Idempotency-Key becomes the hold id) and which writes nothing to the outbox: the platform middleware spends no D1
 * read on it (no stored idempotent answer, no outbox pump after it). The flash sale's hot path; docs/benchmarks.md.
 */
export function inventoryOnly<R extends object>(route: R): R & { [INVENTORY_ONLY_EXTENSION]: true } {
  return Object.assign(route, { [INVENTORY_ONLY_EXTENSION]: true as const });
}

export const INVENTORY_ONLY_EXTENSION = 'x-inventory-only';

/**
 * Marks an operation a browser beacon calls (navigator.sendBeacon: no headers of its own, cookies included): the
 * platform middleware reads no credentials for it (a signed-in organizer's session cookie would otherwise demand a
 * CSRF header a beacon cannot send; the operation takes no identity anyway), and, like `inventoryOnly`, it gets no
 * stored idempotent answer and no outbox pump after it (it writes nothing to D1). docs/analytics.md.
 */
export function beaconRoute<R extends object>(route: R): R & { [BEACON_EXTENSION]: true } {
  return Object.assign(route, { [BEACON_EXTENSION]: true as const });
}

export const BEACON_EXTENSION = 'x-beacon';

export type RouteMatcher = { method: string; path: RegExp };

/** The operations that declare `extension`, as matchers over the request path, read from the app's OpenAPI registry. */
function declaredRoutes(app: OpenAPIHono<AppEnv>, extension: string): (RouteMatcher & { value: unknown })[] {
  return app.openAPIRegistry.definitions.flatMap((def) => {
    if (def.type !== 'route') return [];
    const value = (def.route as Record<string, unknown>)[extension];
    if (value === undefined) return [];
    const pattern = def.route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+');
    return [{ method: def.route.method.toUpperCase(), path: new RegExp(`^${pattern}$`), value }];
  });
}

/**
 * The operations that declare their own body limit, as matchers over the request path, read from the
 * app's OpenAPI registry (so the route declaration is the one place a limit is written).
 */
export function declaredBodyLimits(app: OpenAPIHono<AppEnv>): RouteBodyLimit[] {
  return declaredRoutes(app, MAX_BODY_BYTES_EXTENSION).flatMap(({ method, path, value }) => (typeof value === 'number' ? [{ method, path, maxBytes: value }] : []));
}

/** The operations marked with `mintsSecret`. */
export function declaredSecretMinting(app: OpenAPIHono<AppEnv>): RouteMatcher[] {
  return declaredRoutes(app, MINTS_SECRET_EXTENSION).map(({ method, path }) => ({ method, path }));
}

/** The operations marked with `beaconRoute`. */
export function declaredBeacons(app: OpenAPIHono<AppEnv>): RouteMatcher[] {
  return declaredRoutes(app, BEACON_EXTENSION).map(({ method, path }) => ({ method, path }));
}

/** The operations marked with `inventoryOnly`. */
export function declaredInventoryOnly(app: OpenAPIHono<AppEnv>): RouteMatcher[] {
  return declaredRoutes(app, INVENTORY_ONLY_EXTENSION).map(({ method, path }) => ({ method, path }));
}

/** Path parameter schema for an id with a known prefix, documented with an example. */
export function idParam(prefix: string, description: string) {
  return z
    .string()
    .min(1)
    .max(64)
    .openapi({ description, example: `${prefix}_01jx0000000000000000000000` });
}

export const OrgParams = z.object({ orgId: idParam('org', 'Organization id') });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'Page size (1–200)' }),
  cursor: z.string().max(64).optional().openapi({ description: 'The `nextCursor` of the previous page' }),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const SECURITY_SCHEMES = {
  session: {
    type: 'http' as const,
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The session token from sign-up or login, as `Authorization: Bearer …` or the HttpOnly `vge_session` cookie (cookie requests that change data also send `X-CSRF-Token`).',
  },
  apiKey: {
    type: 'http' as const,
    scheme: 'bearer',
    bearerFormat: 'vge_live_…',
    description: 'An organization API key, limited to its scopes.',
  },
  device: {
    type: 'http' as const,
    scheme: 'bearer',
    bearerFormat: 'vgd_…',
    description: 'A scanner device token (shown once when the organizer registers the device); accepted only by the /device routes.',
  },
};
