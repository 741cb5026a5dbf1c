/**
 * Queue tickets and admission tokens: jose HS256 JWTs (the algorithm pinned) under a key derived from JWT_SECRET for
 * this use alone (as live tickets derive theirs, src/domains/events/live-ticket.ts), so neither is ever a session
 * token, a live ticket, or the other kind. Both name the event as `aud`.
 * - queue ticket: `sub` = the join id, `place` (null in the pre-queue), `seq` (the join's number) and, in the
 *   pre-queue, `lottery` (its draw number: status.ts places a pre-queue ticket from the cursor alone); a late join
 *   spread over join shards has no place or number yet but its key: `at` (when it joined, ms) and `lottery`. Expires a
 *   day after joining.
 * - admission: `sub` = a buyer session id, `maxSeats`, expires with the session.
 */
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Env } from '../../env';
import { AppError, UnauthorizedError } from '../../platform/errors';

const QUEUE_ISSUER = 'voelgoed/queue';
const ADMISSION_ISSUER = 'voelgoed/admission';
/** A queue ticket outlives any realistic sale; the room forgets nothing within it. */
export const QUEUE_TICKET_TTL_SECONDS = 24 * 3600;

let cachedKey: { secret: string; key: Uint8Array } | null = null;

async function roomKey(env: Env): Promise<Uint8Array> {
  if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) throw new Error('JWT_SECRET must be set to at least 32 characters');
  if (cachedKey?.secret === env.JWT_SECRET) return cachedKey.key;
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(env.JWT_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const key = new Uint8Array(await crypto.subtle.sign('HMAC', base, new TextEncoder().encode('voelgoed waiting-room tokens v1')));
  cachedKey = { secret: env.JWT_SECRET, key };
  return key;
}

export type QueueTicket = { joinId: string; eventId: string; place: number | null; seq?: number; lottery?: number | null; joinedAt?: number };
export type Admission = { sessionId: string; eventId: string; maxSeats: number; expiresAt: number };

/** `ttlSeconds` other than the default is for tests (an already expired ticket). */
export async function signQueueTicket(env: Env, t: QueueTicket, ttlSeconds = QUEUE_TICKET_TTL_SECONDS): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    place: t.place,
    ...(t.seq !== undefined ? { seq: t.seq } : {}),
    ...(t.lottery !== undefined ? { lottery: t.lottery } : {}),
    ...(t.joinedAt !== undefined ? { at: t.joinedAt } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(QUEUE_ISSUER)
    .setAudience(t.eventId)
    .setSubject(t.joinId)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(await roomKey(env));
}

export async function signAdmission(env: Env, a: Admission): Promise<string> {
  return new SignJWT({ maxSeats: a.maxSeats })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ADMISSION_ISSUER)
    .setAudience(a.eventId)
    .setSubject(a.sessionId)
    .setIssuedAt(Math.floor(Date.now() / 1000))
    .setExpirationTime(Math.floor(a.expiresAt / 1000))
    .sign(await roomKey(env));
}

async function verify(env: Env, token: string, issuer: string, eventId: string) {
  const { payload } = await jwtVerify(token, await roomKey(env), { algorithms: ['HS256'], issuer, audience: eventId, requiredClaims: ['exp', 'sub'] });
  return payload;
}

const invalidTicket = (detail: string) => new UnauthorizedError(detail, 'invalid_queue_ticket');

/** The ticket's join and place, or 401 `invalid_queue_ticket` (forged, expired, for another event, or missing). */
export async function verifyQueueTicket(env: Env, token: string | undefined, eventId: string): Promise<QueueTicket> {
  if (!token) throw invalidTicket('Send your queue ticket as `Authorization: Bearer <ticket>` or `?ticket=`.');
  try {
    const payload = await verify(env, token, QUEUE_ISSUER, eventId);
    const place = payload.place;
    if (place !== null && !(typeof place === 'number' && Number.isInteger(place) && place > 0)) throw new Error('bad place');
    const { seq, lottery, at } = payload;
    if (seq !== undefined && !(typeof seq === 'number' && Number.isInteger(seq) && seq > 0)) throw new Error('bad seq');
    if (lottery !== undefined && lottery !== null && !(typeof lottery === 'number' && lottery >= 0 && lottery < 1)) throw new Error('bad lottery');
    if (at !== undefined && !(typeof at === 'number' && Number.isInteger(at) && at > 0 && typeof lottery === 'number')) throw new Error('bad join time');
    return {
      joinId: String(payload.sub),
      eventId,
      place: place as number | null,
      ...(seq !== undefined ? { seq: seq as number } : {}),
      ...(lottery !== undefined ? { lottery: lottery as number | null } : {}),
      ...(at !== undefined ? { joinedAt: at as number } : {}),
    };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw invalidTicket('This queue ticket has expired; join the queue again.');
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') throw invalidTicket('This queue ticket is for another event.');
    throw invalidTicket('This queue ticket is not valid.');
  }
}

/** The admission's session, or null when the token is missing, forged, expired or for another event. */
export async function readAdmission(env: Env, token: string | undefined, eventId: string): Promise<Admission | null> {
  if (!token) return null;
  try {
    const payload = await verify(env, token, ADMISSION_ISSUER, eventId);
    const maxSeats = payload.maxSeats;
    if (typeof maxSeats !== 'number' || !Number.isInteger(maxSeats) || maxSeats < 1) return null;
    return { sessionId: String(payload.sub), eventId, maxSeats, expiresAt: (payload.exp ?? 0) * 1000 };
  } catch {
    return null;
  }
}

/** The bearer token of an Authorization header, or the `ticket` query parameter. */
export function ticketFrom(authorization: string | undefined, query: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return m?.[1] ?? (query || undefined);
}

export class AdmissionRequiredError extends AppError {
  constructor(eventId: string, why = 'This event has a waiting room') {
    const queue = `/api/v1/public/events/${eventId}/queue`;
    super(403, 'admission_required', 'Forbidden', `${why}: join the queue at POST ${queue} and send the admission it gives you as the \`Admission\` header.`, undefined, { Link: `<${queue}>; rel="queue"` });
  }
}
