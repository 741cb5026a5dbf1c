/** Authentication middleware: resolves the principal from a session (cookie or Bearer JWT) or an API key, and guards CSRF. */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { apiKeys } from '../db/schema/access';
import { sessions, users } from '../db/schema/tenancy';
import type { Principal } from './context';
import { sha256Hex, timingSafeEqual } from './crypto';
import { ForbiddenError, UnauthorizedError } from './errors';
import { log } from './logger';
import { clearedSessionCookies, CSRF_HEADER, SESSION_COOKIE, verifySessionToken } from './session';

export const API_KEY_PREFIX = 'vge_';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** last_used_at is a hint, not a log: write it at most once a minute per key to keep reads cheap. */
const LAST_USED_RESOLUTION_MS = 60_000;

function bearerToken(c: Context): string | undefined {
  const header = c.req.header('Authorization');
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedError('The Authorization header must be "Bearer <token>".', 'invalid_credentials');
  return token.trim();
}

async function apiKeyPrincipal(c: Context, key: string): Promise<Principal> {
  const now = new Date();
  const [row] = await c.var.db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.secretHash, await sha256Hex(key)))
    .limit(1);
  if (!row) throw new UnauthorizedError('The API key is not valid.', 'invalid_api_key');
  if (row.revokedAt) throw new UnauthorizedError('The API key has been revoked.', 'api_key_revoked');
  if (row.expiresAt && row.expiresAt <= now) throw new UnauthorizedError('The API key has expired.', 'api_key_expired');
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const touch = c.var.db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.id), eq(apiKeys.organizationId, row.organizationId)))
      .run()
      .catch((error: unknown) => log('warn', 'api key last_used_at update failed', { error: String(error) }));
    c.executionCtx.waitUntil(touch);
  }
  return { type: 'api_key', apiKeyId: row.id, organizationId: row.organizationId, scopes: row.scopes };
}

async function sessionPrincipal(c: Context, token: string, viaCookie: boolean): Promise<Principal> {
  const claims = await verifySessionToken(c.env, token);
  if (!claims) throw new UnauthorizedError('The session token is invalid or has expired.', 'invalid_session');
  const [row] = await c.var.db
    .select({ user: users, sessionId: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, claims.sid), eq(sessions.userId, claims.sub), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
    .limit(1);
  if (!row) throw new UnauthorizedError('The session has ended; sign in again.', 'session_ended');
  return {
    type: 'user',
    userId: row.user.id,
    sessionId: row.sessionId,
    email: row.user.email,
    name: row.user.name,
    isPlatformAdmin: row.user.isPlatformAdmin,
    isPlatformStaff: row.user.isPlatformStaff,
    viaCookie,
    csrf: claims.csrf,
  };
}

/**
 * Sets `principal` when credentials are present; a request with a bad Bearer token or API key is refused outright
 * rather than treated as anonymous (a dead cookie is the exception, see below). Cookie-authenticated mutations must
 * echo the session's CSRF token.
 */
export function authenticate(): MiddlewareHandler {
  return async function authenticateMiddleware(c, next) {
    const bearer = bearerToken(c);
    let principal: Principal | undefined;
    let deadCookie = false;
    if (bearer) {
      principal = bearer.startsWith(API_KEY_PREFIX) ? await apiKeyPrincipal(c, bearer) : await sessionPrincipal(c, bearer, false);
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) {
        // The browser sends the cookie by itself and the page cannot remove an HttpOnly cookie, so an ended or forged
        // one counts as signed out (protected routes still answer 401) and is cleared; otherwise it would block signing in again.
        principal = await sessionPrincipal(c, cookie, true).catch((error: unknown) => {
          if (!(error instanceof UnauthorizedError)) throw error;
          deadCookie = true;
          return undefined;
        });
      }
    }
    if (principal?.type === 'user' && principal.viaCookie && !SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header(CSRF_HEADER) ?? '';
      const enc = new TextEncoder();
      if (!timingSafeEqual(enc.encode(sent), enc.encode(principal.csrf))) {
        throw new ForbiddenError(`Cookie-authenticated changes need the ${CSRF_HEADER} header from sign-in.`, 'csrf_failed');
      }
    }
    c.set('principal', principal);
    await next();
    // Unless this very request signed in again (login, accepted invitation) and set a fresh session cookie.
    const signedIn = c.res.headers.getSetCookie().some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
    if (deadCookie && !signedIn) for (const cleared of clearedSessionCookies()) c.header('Set-Cookie', cleared, { append: true });
  };
}

/** For routes outside a tenant that need a signed-in user (not an API key). */
export function requireUser(): MiddlewareHandler {
  return async function requireUserMiddleware(c, next) {
    const principal = c.var.principal;
    if (!principal) throw new UnauthorizedError();
    if (principal.type !== 'user') throw new ForbiddenError('This operation needs a signed-in user, not an API key.', 'user_required');
    await next();
  };
}

export function userPrincipal(c: Context): Extract<Principal, { type: 'user' }> {
  const principal = c.var.principal;
  if (principal?.type !== 'user') throw new UnauthorizedError();
  return principal;
}
