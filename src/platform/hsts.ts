/**
 * HSTS on every response the Worker answers (API, problems, app pages, files fetched through it); the files the assets
 * layer serves on its own get it from web/public/_headers. Two years, subdomains included.
 */
import type { MiddlewareHandler } from 'hono';

export const HSTS = 'max-age=63072000; includeSubDomains';

export function strictTransportSecurity(): MiddlewareHandler {
  return async function hstsMiddleware(c, next) {
    await next();
    // A WebSocket upgrade hands its socket over with the response object itself: leave it as it is.
    if (c.res.status === 101) return;
    try {
      c.res.headers.set('Strict-Transport-Security', HSTS);
    } catch {
      // A response fetched from elsewhere (the assets binding) has immutable headers: copy it.
      const copy = new Response(c.res.body, c.res);
      copy.headers.set('Strict-Transport-Security', HSTS);
      c.res = undefined;
      c.res = copy;
    }
  };
}
