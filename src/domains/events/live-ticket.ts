/**
 * Channel tickets for the live channel's full figures: a jose HS256 JWT (key derived from JWT_SECRET for this use
 * only, so no session token is ever a ticket nor the reverse) naming the organization, the event and the audience,
 * valid 60 seconds and good for one upgrade (its id is claimed in Redis with SET NX; Redis down → refused, fail closed).
 * The organizer mints one with events.read (issueLiveTicket), a scanner device for an event it is assigned to
 * (issueDeviceLiveTicket); every reconnect mints a new one.
 */
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Env } from '../../env';
import type { TenantContext } from '../../platform/context';
import { AppError, NotFoundError, UnauthorizedError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { loadEvent } from './events';
import { createRedis } from '../../platform/redis';

export const LIVE_TICKET_TTL_SECONDS = 60;
const ISSUER = 'voelgoed/live';
type TicketAudience = 'organizer' | 'gate';
export type LiveTicketClaims = { organizationId: string; eventId: string; audience: TicketAudience; subject: string };

let cachedKey: { secret: string; key: Uint8Array } | null = null;

/** HMAC-SHA256(JWT_SECRET, label): a key for live tickets alone. */
async function ticketKey(env: Env): Promise<Uint8Array> {
  if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) throw new Error('JWT_SECRET must be set to at least 32 characters');
  if (cachedKey?.secret === env.JWT_SECRET) return cachedKey.key;
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(env.JWT_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const key = new Uint8Array(await crypto.subtle.sign('HMAC', base, new TextEncoder().encode('voelgoed live-channel ticket v1')));
  cachedKey = { secret: env.JWT_SECRET, key };
  return key;
}

/** Signs a ticket; `ttlSeconds` other than the default is for tests (an already expired ticket). */
export async function signLiveTicket(env: Env, claims: LiveTicketClaims, ttlSeconds = LIVE_TICKET_TTL_SECONDS) {
  const now = Math.floor(Date.now() / 1000);
  const expiresAt = new Date((now + ttlSeconds) * 1000);
  const ticket = await new SignJWT({ org: claims.organizationId, evt: claims.eventId, scope: claims.audience })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(ISSUER)
    .setSubject(claims.subject)
    .setJti(newId('lvt'))
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(await ticketKey(env));
  return { ticket, expiresAt: expiresAt.toISOString() };
}

const refused = (detail: string) => new UnauthorizedError(detail, 'invalid_live_ticket');

/**
 * The audience a ticket grants on this event, or 401: forged, expired, for another event or organization, or used
 * already. Claims its id in Redis so the same ticket opens one socket only.
 */
export async function redeemLiveTicket(env: Env, ticket: string, event: { id: string; organizationId: string }): Promise<TicketAudience> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(ticket, await ticketKey(env), { algorithms: ['HS256'], issuer: ISSUER, audience: ISSUER, requiredClaims: ['exp', 'jti', 'sub'] }));
  } catch (error) {
    throw refused(error instanceof joseErrors.JWTExpired ? 'This live-channel ticket has expired; ask for a new one.' : 'This live-channel ticket is not valid.');
  }
  if (payload.org !== event.organizationId || payload.evt !== event.id) throw refused('This live-channel ticket is for another event.');
  const audience = payload.scope;
  if (audience !== 'organizer' && audience !== 'gate') throw refused('This live-channel ticket is not valid.');
  let claimed: unknown;
  try {
    claimed = await createRedis(env).set(`live-ticket:${String(payload.jti)}`, '1', { nx: true, ex: LIVE_TICKET_TTL_SECONDS * 2 });
  } catch {
    throw new AppError(503, 'live_ticket_unavailable', 'Service unavailable', 'Live-channel tickets cannot be checked right now; try again shortly.', undefined, { 'Retry-After': '5' });
  }
  if (claimed !== 'OK') throw refused('This live-channel ticket was used already; ask for a new one.');
  return audience;
}

const liveUrlOf = (eventId: string, ticket: string) => `/api/v1/events/${eventId}/live?ticket=${encodeURIComponent(ticket)}`;

/** The organizer's ticket (the route requires events.read): full figures for one event of the organization. */
export async function issueLiveTicket({ ctx, eventId }: { ctx: TenantContext; eventId: string }) {
  await loadEvent(ctx, eventId);
  const signed = await signLiveTicket(ctx.env, { organizationId: ctx.organizationId, eventId, audience: 'organizer', subject: ctx.actor.id });
  return { ...signed, url: liveUrlOf(eventId, signed.ticket) };
}

/** A scanner device's ticket: gate counts of an event it is assigned to (any other event answers 404). */
export async function issueDeviceLiveTicket({ ctx, eventId }: { ctx: TenantContext & { device: { id: string; eventIds: readonly string[] } }; eventId: string }) {
  if (!ctx.device.eventIds.includes(eventId)) throw new NotFoundError('Event');
  const signed = await signLiveTicket(ctx.env, { organizationId: ctx.organizationId, eventId, audience: 'gate', subject: ctx.device.id });
  return { ...signed, url: liveUrlOf(eventId, signed.ticket) };
}

