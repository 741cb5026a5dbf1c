/**
 * Structured JSON logs: one line per request with id, route, status, timing and actor, plus a log() for the rest.
 * A request line names the matched route PATTERN (`/api/v1/public/orders/:accessToken`), never the raw path or
 * query string: paths and queries carry order links, invitation and reset tokens and signed download links.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes, routePath } from 'hono/route';

type Level = 'debug' | 'info' | 'warn' | 'error';

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

const isWildcard = (path: string) => !path || path === '*' || path.endsWith('/*');

/**
 * The route pattern Hono matched for this request: the one whose handler answered, else the first concrete
 * (non-wildcard) route that matched, else `(unmatched)`. Never the raw path.
 */
export function routePattern(c: Context): string {
  try {
    const answered = routePath(c);
    if (!isWildcard(answered)) return answered;
    return matchedRoutes(c).find((r) => !isWildcard(r.path))?.path ?? '(unmatched)';
  } catch {
    return '(unmatched)';
  }
}

export type RequestLoggerOptions = { quiet?: (path: string) => boolean };

/** LOG_LEVEL=warn (or error) keeps only the lines that matter, e.g. under load tests where logging is the bottleneck. */
const QUIET_LEVELS = new Set(['warn', 'error']);

export function requestLogger({ quiet }: RequestLoggerOptions = {}): MiddlewareHandler {
  return async function requestLoggerMiddleware(c, next) {
    const started = performance.now();
    await next();
    if (quiet?.(c.req.path)) return;
    if (c.res.status < 500 && QUIET_LEVELS.has((c.env as { LOG_LEVEL?: string } | undefined)?.LOG_LEVEL ?? 'info')) return;
    const actor = c.var.actor ?? undefined;
    const principal = c.var.principal;
    // 503 is overload answered on purpose (transient-errors.ts): a warning, not an error page for someone.
    log(c.res.status === 503 ? 'warn' : c.res.status >= 500 ? 'error' : 'info', 'request', {
      requestId: c.var.requestId,
      method: c.req.method,
      route: routePattern(c),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      organizationId: actor?.organizationId,
      actorType: actor?.type ?? principal?.type,
      actorId: actor?.id ?? (principal?.type === 'user' ? principal.userId : principal?.type === 'device' ? principal.deviceId : principal?.apiKeyId),
    });
  };
}
