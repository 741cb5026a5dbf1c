/** Authentication middleware: resolves the principal from a session (cookie or Bearer JWT), an API key or a device token, and guards CSRF. */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { apiKeys } from '../db/schema/access';
import { devices } from '../db/schema/scanning';
import { organizations, sessions, users } from '../db/schema/tenancy';
import type { Actor, Principal } from './context';
import { sha256Hex, timingSafeEqual } from './crypto';
import { ForbiddenError, UnauthorizedError } from './errors';
import { log } from './logger';
import { deviceLimit } from './rate-limit';
import { refusal } from './rate-limit-headers';
import { clearedSessionCookies, CSRF_HEADER, SESSION_COOKIE, verifySessionToken } from './session';

export const API_KEY_PREFIX = 'vge_';
/** Scanner device tokens: `vgd_` + 32 random bytes, base64url. */
export const DEVICE_TOKEN_PREFIX = 'vgd_';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** last_used_at is a hint, not a log: write it at most once a minute per key to keep reads cheap. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The waiting room's buyer routes take a queue ticket as their Bearer token (src/domains/waiting-room/tokens.ts), not a
 * session: the routes verify it themselves, and a poll must not cost a session lookup.
 */
const QUEUE_TICKET_PATH = /\/public\/events\/[^/]+\/queue\/(status|admit)$/;

function bearerToken(c: Context): string | undefined {
  const header = c.req.header('Authorization');
  if (!header) return undefined;
  if (QUEUE_TICKET_PATH.test(c.req.path)) return undefined;
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedError('The Authorization header must be "Bearer <token>".', 'invalid_credentials');
  return token.trim();
}

async function apiKeyPrincipal(c: Context, key: string): Promise<Principal> {
  const now = new Date();
  // The organization's plan comes with the key (the tenancy guard's limits need it; no second read per request).
  const [found] = await c.var.db
    .select({ key: apiKeys, plan: organizations.plan })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
    .where(eq(apiKeys.secretHash, await sha256Hex(key)))
    .limit(1);
  const row = found?.key;
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
  return { type: 'api_key', apiKeyId: row.id, organizationId: row.organizationId, scopes: row.scopes, plan: found.plan };
}

async function devicePrincipal(c: Context, token: string): Promise<Principal> {
  const now = new Date();
  const [row] = await c.var.db
    .select()
    .from(devices)
    .where(eq(devices.tokenHash, await sha256Hex(token)))
    .limit(1);
  if (!row) throw new UnauthorizedError('The device token is not valid.', 'invalid_device_token');
  if (row.revokedAt) throw new UnauthorizedError('This device has been revoked; ask the organizer to register it again.', 'device_revoked');
  if (row.expiresAt && row.expiresAt <= now) throw new UnauthorizedError('This device token has expired; ask the organizer to register the device again.', 'device_expired');
  if (!row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const touch = c.var.db
      .update(devices)
      .set({ lastSeenAt: now })
      .where(and(eq(devices.id, row.id), eq(devices.organizationId, row.organizationId)))
      .run()
      .catch((error: unknown) => log('warn', 'device last_seen_at update failed', { error: String(error) }));
    c.executionCtx.waitUntil(touch);
  }
  return { type: 'device', deviceId: row.id, organizationId: row.organizationId, eventIds: row.eventIds, gateId: row.gateId };
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
      principal = bearer.startsWith(API_KEY_PREFIX)
        ? await apiKeyPrincipal(c, bearer)
        : bearer.startsWith(DEVICE_TOKEN_PREFIX)
          ? await devicePrincipal(c, bearer)
          : await sessionPrincipal(c, bearer, false);
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

/** For routes outside a tenant that need a signed-in user (not an API key, not a device). */
export function requireUser(): MiddlewareHandler {
  return async function requireUserMiddleware(c, next) {
    const principal = c.var.principal;
    if (!principal) throw new UnauthorizedError();
    if (principal.type !== 'user') throw new ForbiddenError('This operation needs a signed-in user, not an API key or device.', 'user_required');
    await next();
  };
}

/**
 * For the /device routes: only a registered scanner device may call them (never a user or an API key), at most
 * LIMIT_DEVICE requests a minute each (429 with Retry-After beyond). Sets the actor to the device, inside its
 * organization, so audit entries name it.
 */
export function requireDevice(): MiddlewareHandler {
  return async function requireDeviceMiddleware(c, next) {
    const principal = c.var.principal;
    if (!principal) throw new UnauthorizedError('Send a device token: Authorization: Bearer vgd_…', 'unauthenticated');
    if (principal.type !== 'device') throw new ForbiddenError('This operation is for registered scanner devices only.', 'device_required');
    // Per device, not per address: the phones at one gate share its Wi-Fi, and a leaked device token is still limited.
    const refused = await deviceLimit(c.env as Cloudflare.Env, principal.deviceId);
    if (refused) throw refusal([refused], 'This scanner device is sending too many requests; wait a moment and try again.');
    const actor: Actor = {
      type: 'device',
      id: principal.deviceId,
      userId: null,
      organizationId: principal.organizationId,
      role: null,
      scopes: [],
      isPlatformAdmin: false,
      isPlatformStaff: false,
    };
    c.set('actor', actor);
    await next();
  };
}

export function devicePrincipalOf(c: Context): Extract<Principal, { type: 'device' }> {
  const principal = c.var.principal;
  if (principal?.type !== 'device') throw new UnauthorizedError();
  return principal;
}

export function userPrincipal(c: Context): Extract<Principal, { type: 'user' }> {
  const principal = c.var.principal;
  if (principal?.type !== 'user') throw new UnauthorizedError();
  return principal;
}
