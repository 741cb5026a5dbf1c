/**
 * The admission as the storefront's cookie (docs/waiting-room.md, "The admission cookie"): set on redeeming a queue
 * ticket beside the `Admission` header API clients use. HttpOnly (no script reads it), Secure, SameSite=Strict (never
 * sent on a request another site starts), and scoped to the event's public API path, so it travels only with that
 * event's holds, quotes and checkouts (and the queue's own calls). It carries the signed token and nothing else.
 *
 * Taken from the cookie, an admission is accepted only from the app's own origin: a browser's `Origin` must be
 * APP_URL's (as on the live channel), and `Sec-Fetch-Site: cross-site` is refused — SameSite=Strict already keeps the
 * cookie off such requests, this is the second lock. The header needs no such check: a page on another site cannot
 * read the token to send it.
 */
import type { Env } from '../../env';
import { ForbiddenError } from '../../platform/errors';

export const ADMISSION_COOKIE = 'vge_admission';

/** The public API path the cookie is scoped to: every buyer route of this event, no other event's. */
export function admissionCookiePath(eventId: string): string {
  return `/api/v1/public/events/${eventId}`;
}

/** The Set-Cookie value for an admission token that expires at `expiresAt` (epoch ms). */
export function admissionCookie(eventId: string, token: string, expiresAt: number, now = Date.now()): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - now) / 1000));
  return `${ADMISSION_COOKIE}=${token}; Path=${admissionCookiePath(eventId)}; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Strict`;
}

/** A request's headers, as the routes hand them over (`(name) => c.req.header(name)`). */
export type RequestHeaders = (name: string) => string | undefined;

/** The cookie's value in a Cookie header (undefined: not sent). */
export function admissionCookieValue(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === ADMISSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * The admission a request sent: the `Admission` header first (API clients), else the cookie (the storefront), which
 * is refused from another site's page (403 `origin_not_allowed`). Undefined: neither.
 */
export function admissionSent(env: Pick<Env, 'APP_URL'>, headers: RequestHeaders): string | undefined {
  const header = headers('Admission')?.trim();
  if (header) return header;
  const cookie = admissionCookieValue(headers('Cookie'));
  if (!cookie) return undefined;
  refuseForeignOrigin(env, headers('Origin'), headers('Sec-Fetch-Site'));
  return cookie;
}

/** A cookie-borne admission from another site's page: 403 `origin_not_allowed`. */
export function refuseForeignOrigin(env: Pick<Env, 'APP_URL'>, origin: string | undefined, fetchSite: string | undefined) {
  if (fetchSite === 'cross-site') throw new ForbiddenError('An admission cookie is not accepted on a request another site started.', 'origin_not_allowed');
  if (origin === undefined) return;
  let allowed = '';
  try {
    allowed = new URL(env.APP_URL).origin;
  } catch {
    // No app origin configured: no browser origin is the app's.
  }
  if (origin !== allowed) throw new ForbiddenError('An admission cookie is accepted only from the app’s own pages.', 'origin_not_allowed');
}
