/**
 * The "human" pass (docs/waiting-room.md, "Turnstile on holds without a queue"): after one Turnstile check, a buyer
 * of an event without an active room gets a short-lived pass that later holds, extensions and quotes of that event
 * present instead of a new widget token, so the hot path verifies one HMAC instead of calling siteverify per hold.
 * A jose HS256 JWT (the algorithm pinned) under a key derived from JWT_SECRET for this use alone (as the queue's
 * tickets derive theirs, tokens.ts), `iss voelgoed/human`, `aud` = the event, `sub` = a random id, HUMAN_PASS_TTL.
 */
import { jwtVerify, SignJWT } from 'jose';
import type { Env } from '../../env';

const ISSUER = 'voelgoed/human';
export const HUMAN_PASS_TTL_SECONDS = 20 * 60;

let cachedKey: { secret: string; key: Uint8Array } | null = null;

async function passKey(env: Env): Promise<Uint8Array> {
  if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) throw new Error('JWT_SECRET must be set to at least 32 characters');
  if (cachedKey?.secret === env.JWT_SECRET) return cachedKey.key;
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(env.JWT_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const key = new Uint8Array(await crypto.subtle.sign('HMAC', base, new TextEncoder().encode('voelgoed human pass v1')));
  cachedKey = { secret: env.JWT_SECRET, key };
  return key;
}

/** A pass for this event; `ttlSeconds` other than the default is for tests (an already expired pass). */
export async function signHumanPass(env: Env, eventId: string, ttlSeconds = HUMAN_PASS_TTL_SECONDS): Promise<{ pass: string; expiresAt: string }> {
  const now = Math.floor(Date.now() / 1000);
  const pass = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(eventId)
    .setSubject(crypto.randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(await passKey(env));
  return { pass, expiresAt: new Date((now + ttlSeconds) * 1000).toISOString() };
}

/** True for a pass signed here for this event and not expired; false for anything else (missing, forged, other event). */
export async function isHumanPass(env: Env, pass: string | undefined, eventId: string): Promise<boolean> {
  if (!pass) return false;
  try {
    await jwtVerify(pass, await passKey(env), { algorithms: ['HS256'], issuer: ISSUER, audience: eventId, requiredClaims: ['exp', 'sub'] });
    return true;
  } catch {
    return false;
  }
}
