/**
 * Per-IP limits on every unauthenticated route, in two layers (docs/rate-limits.md):
 *  1. burst: a Workers Rate Limiting binding (BURST_PUBLIC / BURST_AUTH), counted at each Cloudflare location with no
 *     network hop; it stops floods before they cost a Redis call;
 *  2. per class: a sliding window per minute in Upstash (@upstash/ratelimit), global, with the counts that the
 *     `RateLimit-Policy` / `RateLimit` fields report; except the flash sale's hot classes (holds, hold, browse,
 *     platform), whose per-minute window is a binding of their own like layer 1 (no network hop per hold).
 * The route classes, their limits and their failure mode live in rate-limit-classes.ts. Requests without
 * CF-Connecting-IP (local tools, tests) are not limited per IP.
 */
import { isDevelopmentLike } from './app-env';
import { Ratelimit } from '@upstash/ratelimit';
import type { MiddlewareHandler } from 'hono';
import { transientError } from './transient-errors';
import { log } from './logger';
import { BURST_POLICIES, DEVICE_WINDOW, EDGE_WINDOWS, publicLimits, routeClassFor, type BurstBinding, type EdgeWindowBinding } from './rate-limit-classes';
import { clientIp, refusal, setRateLimitHeaders, type LimitOutcome } from './rate-limit-headers';
import { fallbackHit } from './rate-counter';
import { createRedis } from './redis';

export { DEFAULT_PUBLIC_RATE_LIMITS, parseLimits } from './rate-limit-classes';

const limiters = new Map<string, Ratelimit>();
/** Blocked keys are remembered in the isolate until their window resets: a flood costs no Redis calls. */
const blocked = new Map<string, number>();

export type WindowLimit = {
  policy: string;
  key: string;
  limit: number;
  windowSeconds: number;
  /** What to do when Upstash cannot answer: 'open' lets it through, 'closed' counts in the RateCounter DO instead. */
  failure: 'open' | 'closed';
};

/** One sliding window in Upstash. Null when Upstash is down and the limit fails open. */
export async function limitWindow(env: Cloudflare.Env, w: WindowLimit): Promise<LimitOutcome | null> {
  // One limiter per policy, limit and Redis (a test may point the same isolate at another, unreachable Redis).
  const id = `${w.policy}:${w.limit}:${w.windowSeconds}:${env.UPSTASH_REDIS_REST_URL}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new Ratelimit({
      redis: createRedis(env),
      limiter: Ratelimit.slidingWindow(w.limit, `${w.windowSeconds} s`),
      prefix: `vg:rl:${w.policy}`,
      ephemeralCache: blocked,
      analytics: false,
    });
    limiters.set(id, limiter);
  }
  try {
    const v = await limiter.limit(w.key);
    return { policy: w.policy, allowed: v.success, limit: v.limit, windowSeconds: w.windowSeconds, remaining: v.remaining, resetSeconds: Math.max(v.success ? 0 : 1, (v.reset - Date.now()) / 1000) };
  } catch (error) {
    if (w.failure === 'open') {
      log('warn', 'rate limiter unavailable; letting the request through (fails open)', { policy: w.policy, error: String(error) });
      return null;
    }
    log('warn', 'rate limiter unavailable; counting in the fallback Durable Object (fails closed)', { policy: w.policy, error: String(error) });
    try {
      const v = await fallbackHit(env, `${w.policy}:${w.key}`, w.limit, w.windowSeconds * 1000);
      return { policy: w.policy, allowed: v.allowed, limit: w.limit, windowSeconds: w.windowSeconds, remaining: w.limit - v.count, resetSeconds: (v.resetAt - Date.now()) / 1000 };
    } catch (fallbackError) {
      log('error', 'rate limiter and its fallback unavailable; refusing (fails closed)', { policy: w.policy, error: String(fallbackError) });
      throw transientError('limiter', fallbackError);
    }
  }
}

/**
 * A Workers Rate Limiting binding (counted at each location, no network hop). It answers only yes or no, so a refusal
 * reports r=0 and the time to the end of its clock-aligned window; a binding error lets the request through (logged).
 */
async function bindingLimit(env: Cloudflare.Env, binding: BurstBinding | EdgeWindowBinding | 'LIMIT_DEVICE', policy: string, limit: number, period: number, key: string): Promise<LimitOutcome | null> {
  try {
    const { success } = await env[binding].limit({ key });
    if (success) return null;
  } catch (error) {
    log('warn', 'rate limit binding unavailable', { binding, error: String(error) });
    return null;
  }
  return { policy, allowed: false, limit, windowSeconds: period, remaining: 0, resetSeconds: Math.max(1, period - ((Date.now() / 1000) % period)) };
}

/**
 * A scanner device's own window (keyed by its id, so a gate's shared Wi-Fi address never limits its phones): null when
 * allowed, else the refused outcome. Fails open like the other bindings.
 */
export const deviceLimit = (env: Cloudflare.Env, deviceId: string) => bindingLimit(env, 'LIMIT_DEVICE', 'device', DEVICE_WINDOW.limit, DEVICE_WINDOW.period, deviceId);

/** Layer 1, the per-location burst. */
const burst = (env: Cloudflare.Env, binding: BurstBinding, ip: string) => bindingLimit(env, binding, 'burst', BURST_POLICIES[binding].limit, BURST_POLICIES[binding].period, ip);

/**
 * `wrangler dev` stamps CF-Connecting-IP 127.0.0.1 on local requests, so the end-to-end tests and the benchmarks
 * (one load generator, one address) would measure the limits instead of the platform: loopback addresses are not
 * limited per IP, but only on an explicit development/test deployment (isDevelopmentLike). (Behind Cloudflare the
 * address is never loopback anyway.)
 */
const isLoopback = (address: string | undefined) => !!address && (/^(::ffff:)?127\./i.test(address) || /^(0*:)*:?0*1$/.test(address));

export function exemptFromPerIpLimits(env: Pick<Cloudflare.Env, 'APP_ENV'>, connectingIp: string | undefined): boolean {
  return isLoopback(connectingIp?.trim()) && isDevelopmentLike(env);
}

export function publicRateLimits(): MiddlewareHandler<{ Bindings: Cloudflare.Env }> {
  return async function publicRateLimitMiddleware(c, next) {
    const ip = clientIp(c);
    if (!ip || exemptFromPerIpLimits(c.env, c.req.header('CF-Connecting-IP'))) return next();
    const match = routeClassFor(c.req.method, c.req.path, () => new URL(c.req.url).searchParams);
    if (!match) return next();
    const flood = await burst(c.env, match.burst, ip);
    if (flood) throw refusal([flood], 'Too many requests from your address; slow down and try again in a few seconds.');
    if (match.edge) {
      // The hot classes: the per-minute window at the edge too; no Upstash call (rate-limit-classes.ts).
      const { limit, period } = EDGE_WINDOWS[match.edge];
      const window = await bindingLimit(c.env, match.edge, match.name, limit, period, ip);
      if (window) throw refusal([window], `Too many ${match.name} requests from your address; try again shortly.`);
      return next();
    }
    const limit = publicLimits(c.env.PUBLIC_RATE_LIMITS)[match.name]!;
    const outcome = await limitWindow(c.env, { policy: match.name, key: ip, limit, windowSeconds: 60, failure: match.failure });
    const outcomes = outcome ? [outcome] : [];
    if (outcome && !outcome.allowed) throw refusal(outcomes, `Too many ${match.name} requests from your address; try again shortly.`);
    await next();
    setRateLimitHeaders(c, outcomes);
  };
}
