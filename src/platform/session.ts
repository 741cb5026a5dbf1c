/** Session tokens: jose HS256 JWTs (algorithm pinned, exp/iss/aud checked) backed by a revocable sessions row. */
import { jwtVerify, SignJWT } from 'jose';
import { sessions } from '../db/schema/tenancy';
import type { Env } from '../env';
import type { ServiceContext } from './context';
import { ID_PREFIXES, newId, randomToken } from './ids';

export const SESSION_COOKIE = 'vge_session';
export const CSRF_COOKIE = 'vge_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export type SessionClaims = { sub: string; sid: string; csrf: string };

function secretKey(env: Env): Uint8Array {
  if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) throw new Error('JWT_SECRET must be set to at least 32 characters');
  return new TextEncoder().encode(env.JWT_SECRET);
}

export function sessionTtlSeconds(env: Env): number {
  const ttl = Number(env.SESSION_TTL_SECONDS);
  return Number.isFinite(ttl) && ttl > 0 ? ttl : 43_200;
}

export type IssuedSession = {
  token: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  insert: ReturnType<typeof insertSession>;
};

function insertSession(ctx: ServiceContext, row: typeof sessions.$inferInsert) {
  return ctx.db.insert(sessions).values(row);
}

/** Signs a session token; the caller puts `insert` in its batch so the session exists exactly when the change does. */
export async function issueSession(ctx: ServiceContext, userId: string, organizationId: string | null): Promise<IssuedSession> {
  const sessionId = newId(ID_PREFIXES.session);
  const csrfToken = randomToken(24);
  const now = Date.now();
  const expiresAt = new Date(now + sessionTtlSeconds(ctx.env) * 1000);
  const token = await new SignJWT({ sid: sessionId, csrf: csrfToken })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(ctx.env.JWT_ISSUER)
    .setAudience(ctx.env.JWT_AUDIENCE)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(secretKey(ctx.env));
  const insert = insertSession(ctx, {
    id: sessionId,
    userId,
    organizationId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    createdAt: new Date(now),
    expiresAt,
  });
  return { token, sessionId, csrfToken, expiresAt, insert };
}

/** Returns the claims of a valid token, or null for anything forged, expired, or meant for another issuer/audience. */
export async function verifySessionToken(env: Env, token: string): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, secretKey(env), {
      algorithms: ['HS256'],
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      requiredClaims: ['exp', 'sub', 'sid', 'csrf'],
    });
    if (typeof payload.sid !== 'string' || typeof payload.csrf !== 'string' || !payload.sub) return null;
    return { sub: payload.sub, sid: payload.sid, csrf: payload.csrf };
  } catch {
    return null;
  }
}

export function sessionCookies(env: Env, session: { token: string; csrfToken: string; expiresAt: Date }): string[] {
  const maxAge = Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000));
  return [
    `${SESSION_COOKIE}=${session.token}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=${maxAge}`,
    // Readable by the web app, which echoes it in the CSRF header (double submit bound to the session).
    `${CSRF_COOKIE}=${session.csrfToken}; Path=/; Secure; SameSite=Lax; Max-Age=${maxAge}`,
  ];
}

export function clearedSessionCookies(): string[] {
  return [
    `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`,
    `${CSRF_COOKIE}=; Path=/; Secure; SameSite=Lax; Max-Age=0`,
  ];
}
