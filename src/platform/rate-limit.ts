/**
 * Per-IP rate limits on the public buyer routes a bot would hammer in a flash sale: holds, quotes
 * (coupon-code probing) and checkouts. Sliding windows in Upstash Redis (@upstash/ratelimit), one per
 * route kind; an IP over its window gets 429 with Retry-After. Limits come from PUBLIC_RATE_LIMITS
 * (`holds=60,quote=120,checkout=20` per minute). If Redis cannot answer, the request goes through:
 * a limiter outage must not close the box office (the inventory DO still never oversells).
 */
import { Ratelimit } from '@upstash/ratelimit';
import type { MiddlewareHandler } from 'hono';
import { TooManyRequestsError } from './errors';
import { log } from './logger';
import { createRedis } from './redis';

const KINDS = [
  { kind: 'holds', pattern: /^\/api\/v1\/public\/events\/[^/]+\/holds$/ },
  { kind: 'quote', pattern: /^\/api\/v1\/public\/events\/[^/]+\/quote$/ },
  { kind: 'checkout', pattern: /^\/api\/v1\/public\/events\/[^/]+\/checkout$/ },
] as const;
type Kind = (typeof KINDS)[number]['kind'];

export const DEFAULT_PUBLIC_RATE_LIMITS: Record<Kind, number> = { holds: 60, quote: 120, checkout: 20 };

export function parseLimits(text: string | undefined): Record<Kind, number> {
  const limits = { ...DEFAULT_PUBLIC_RATE_LIMITS };
  for (const part of (text ?? '').split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k && k in limits && Number.isInteger(Number(v)) && Number(v) > 0) limits[k as Kind] = Number(v);
  }
  return limits;
}

const limiters = new Map<string, Ratelimit>();
/** Blocked IPs are remembered in the isolate until their window resets: a flood costs no Redis calls. */
const blocked = new Map<string, number>();

export function publicRateLimits(): MiddlewareHandler<{ Bindings: Cloudflare.Env }> {
  return async function publicRateLimitMiddleware(c, next) {
    const ip = c.req.header('CF-Connecting-IP');
    const match = c.req.method === 'POST' && ip ? KINDS.find((k) => k.pattern.test(c.req.path)) : undefined;
    if (!match || !ip) return next();
    const limit = parseLimits((c.env as { PUBLIC_RATE_LIMITS?: string }).PUBLIC_RATE_LIMITS)[match.kind];
    const id = `${match.kind}:${limit}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new Ratelimit({ redis: createRedis(c.env), limiter: Ratelimit.slidingWindow(limit, '1 m'), prefix: `vg:rl:${match.kind}`, ephemeralCache: blocked, analytics: false });
      limiters.set(id, limiter);
    }
    let verdict: { success: boolean; reset: number } | null = null;
    try {
      verdict = await limiter.limit(ip);
    } catch (error) {
      log('warn', 'rate limiter unavailable; letting the request through', { kind: match.kind, error: String(error) });
    }
    if (verdict && !verdict.success) {
      throw new TooManyRequestsError(`Too many ${match.kind} requests from your address; try again shortly.`, (verdict.reset - Date.now()) / 1000);
    }
    return next();
  };
}
