/** Request body size limit: refuses oversized bodies with 413 before any handler reads them. */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from './errors';

/** One operation's own limit (a whole seating layout is several MB), matched on method and request path. */
export type RouteBodyLimit = { method: string; path: RegExp; maxBytes: number };

export type BodyLimitOptions = {
  maxBytes: (env: Cloudflare.Env) => number;
  /**
   * Operations with a limit of their own. A function, because the list comes from the routes'
   * declarations (`x-max-body-bytes`), which exist only once the routers are mounted after this middleware.
   */
  routes?: () => readonly RouteBodyLimit[];
};

/** Hono's limiter for one size, built once per size per isolate rather than once per request. */
const limiters = new Map<number, MiddlewareHandler>();
function limiterFor(max: number): MiddlewareHandler {
  let limiter = limiters.get(max);
  if (!limiter) {
    limiter = honoBodyLimit({
      maxSize: max,
      onError: () => {
        throw new PayloadTooLargeError(max);
      },
    });
    limiters.set(max, limiter);
  }
  return limiter;
}

export function bodyLimit({ maxBytes, routes }: BodyLimitOptions): MiddlewareHandler {
  return async function bodyLimitMiddleware(c, next) {
    // A request without a body (GET, DELETE, …) has nothing to limit.
    if (!c.req.raw.body) return next();
    const route = routes?.().find((r) => r.method === c.req.method && r.path.test(c.req.path));
    return limiterFor(route?.maxBytes ?? maxBytes(c.env))(c, next);
  };
}
