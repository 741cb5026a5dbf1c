/**
 * The web apps' single-page fallback. Static files in web/dist are served by the assets layer before the Worker
 * runs (wrangler.toml [assets]); a path that is no file — a deep link like /admin/orgs/…/events or /orders/{token}
 * — reaches this handler, which answers the index.html of the app that owns the path. API and payment paths
 * never fall back (they answer problem+json 404s), and neither does anything that looks like a file.
 */
import { Hono } from 'hono';

/** Which app owns a path: the admin console, the scanner, or (everything else) the storefront. */
export function shellFor(path: string): '/admin/' | '/scan/' | '/' {
  if (path === '/admin' || path.startsWith('/admin/') || path === '/reset-password' || path === '/accept-invitation' || path === '/verify-email') return '/admin/';
  if (path === '/scan' || path.startsWith('/scan/')) return '/scan/';
  return '/';
}

/**
 * The apps load only their own scripts and styles; the live seat map talks to the same origin over WebSocket. One
 * exception: Cloudflare Turnstile's widget (script and iframe from TURNSTILE_ORIGIN), which the storefront loads only
 * when a site key is configured (docs/waiting-room.md).
 */
export const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

export const WEB_CSP = [
  "default-src 'self'",
  `script-src 'self' ${TURNSTILE_ORIGIN}`,
  `frame-src ${TURNSTILE_ORIGIN}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const NOT_APP = /^\/(api|pay)(\/|$)/;
const LOOKS_LIKE_FILE = /\/[^/]+\.[a-z0-9]{1,12}$/i;

export function webShell() {
  const app = new Hono<{ Bindings: Cloudflare.Env }>();
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const path = c.req.path;
    if (NOT_APP.test(path) || !c.env.ASSETS) return next();
    if (LOOKS_LIKE_FILE.test(path)) {
      // The assets layer answers files before the Worker runs; one that reaches here is missing (or this runtime
      // routes everything through the Worker, as the test pool does): ask the assets once, never fall back.
      const file = await c.env.ASSETS.fetch(c.req.raw);
      return file.ok ? file : next();
    }
    const shell = await c.env.ASSETS.fetch(new URL(shellFor(path), c.req.url), { method: 'GET' });
    if (!shell.ok) return next();
    const headers = new Headers(shell.headers);
    headers.set('Content-Type', 'text/html; charset=utf-8');
    // The shell names the current build's hashed scripts: never serve a stale one.
    headers.set('Cache-Control', 'no-cache');
    headers.set('Content-Security-Policy', WEB_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    return new Response(c.req.method === 'HEAD' ? null : shell.body, { status: 200, headers });
  });
  return app;
}

/** Paths the web apps own (everything outside the API and the test payment page). */
export function isWebAppPath(path: string): boolean {
  return !NOT_APP.test(path);
}
