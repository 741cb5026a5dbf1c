/**
 * What a limiter decided, and how the answer says so: the `RateLimit-Policy` and `RateLimit` fields of the IETF
 * httpapi draft (draft-ietf-httpapi-ratelimit-headers-10/-11, the structured-field form), e.g.
 *
 *   RateLimit-Policy: "login";q=30;w=60
 *   RateLimit: "login";r=12;t=41
 *
 * q = quota units per window, w = window in seconds, r = units left, t = seconds until the window resets. Several
 * policies on one request are one comma-separated list each (RFC 9651 lists). A 429 also carries Retry-After.
 */
import type { Context } from 'hono';
import { TooManyRequestsError } from './errors';

export type LimitOutcome = {
  /** The policy name shown to clients ("login", "burst", "api-key", "org-day", …). */
  policy: string;
  allowed: boolean;
  limit: number;
  windowSeconds: number;
  remaining: number;
  /** Seconds until the window resets (at least 1 when refused). */
  resetSeconds: number;
};

const sfString = (s: string) => `"${s.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;

export function rateLimitHeaders(outcomes: LimitOutcome[]): Record<string, string> {
  if (outcomes.length === 0) return {};
  return {
    'RateLimit-Policy': outcomes.map((o) => `${sfString(o.policy)};q=${o.limit};w=${o.windowSeconds}`).join(', '),
    RateLimit: outcomes.map((o) => `${sfString(o.policy)};r=${Math.max(0, o.remaining)};t=${Math.max(0, Math.ceil(o.resetSeconds))}`).join(', '),
  };
}

/** Adds the fields to the answer once the route has run (a WebSocket upgrade's headers are immutable: left alone). */
export function setRateLimitHeaders(c: Context, outcomes: LimitOutcome[]): void {
  for (const [name, value] of Object.entries(rateLimitHeaders(outcomes))) {
    try {
      c.res.headers.set(name, value);
    } catch {
      return;
    }
  }
}

/** The 429 for the first refused outcome, carrying every outcome's fields and Retry-After. */
export function refusal(outcomes: LimitOutcome[], detail: string, code = 'rate_limited'): TooManyRequestsError {
  const wait = Math.max(1, ...outcomes.filter((o) => !o.allowed).map((o) => o.resetSeconds));
  return new TooManyRequestsError(detail, wait, code, rateLimitHeaders(outcomes));
}

/**
 * The client address the limits key on: Cloudflare's CF-Connecting-IP only (X-Forwarded-For and X-Real-IP are the
 * caller's to write). An IPv6 address counts as its /64, which one subscriber usually holds whole. Null when absent
 * (local tools and tests): per-IP limits then do not apply.
 */
export function clientIp(c: Context): string | null {
  return limitKeyForIp(c.req.header('CF-Connecting-IP'));
}

export function limitKeyForIp(address: string | null | undefined): string | null {
  const raw = address?.trim();
  if (!raw) return null;
  if (!raw.includes(':')) return raw;
  // An IPv4-mapped IPv6 address (::ffff:203.0.113.9) is its IPv4 address.
  if (raw.includes('.')) return raw.slice(raw.lastIndexOf(':') + 1);
  return `${ipv6Prefix64(raw)}::/64`;
}

function ipv6Prefix64(address: string): string {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return groups
    .slice(0, 4)
    .map((g) => (g.replace(/^0+(?=.)/, '') || '0'))
    .join(':');
}
