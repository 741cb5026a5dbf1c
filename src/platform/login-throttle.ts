/**
 * Slows down password guessing without letting anyone who knows an email lock its owner out (docs/rate-limits.md).
 * Failures are counted three ways, each locking for an exponentially growing delay once past its threshold:
 *  - per (account, IP) pair: 5 failures lock that pair;
 *  - per IP: 20 failures across any accounts lock the address;
 *  - per account: 10 failures from anywhere lock the account, but ONLY for addresses that have themselves failed on
 *    it recently, so a correct password from an address that has not failed is never refused.
 * Counters live in Upstash Redis. When Redis cannot answer, the throttle FAILS CLOSED: the pair and IP limits are
 * counted in the RateCounter Durable Object instead, and if that fails too the login is refused with 503.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import { TooManyRequestsError } from './errors';
import { transientError } from './transient-errors';
import { log } from './logger';
import { fallbackHit, fallbackPeek, fallbackReset } from './rate-counter';

export const LOGIN_THROTTLE = {
  windowMs: 15 * 60_000,
  pairThreshold: 5,
  ipThreshold: 20,
  accountThreshold: 10,
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
} as const;

// One round trip, atomic: count the failure, and once past the threshold lock for base * 2^(n - threshold).
const RECORD_FAILURE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local threshold = tonumber(ARGV[2])
if n < threshold then return 0 end
local delay = math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ (n - threshold))
redis.call('SET', KEYS[2], '1', 'PX', math.floor(delay))
if redis.call('PTTL', KEYS[1]) < delay then redis.call('PEXPIRE', KEYS[1], math.floor(delay)) end
return math.floor(delay)
`;

// KEYS: pair lock, IP lock, account lock, pair failure count. The account lock counts only for a pair that has failed.
const CHECK = `
local wait = math.max(0, redis.call('PTTL', KEYS[1]), redis.call('PTTL', KEYS[2]))
if redis.call('EXISTS', KEYS[4]) == 1 then wait = math.max(wait, redis.call('PTTL', KEYS[3])) end
return wait
`;

type Scope = 'pair' | 'ip' | 'acct';
const NO_IP = '-';
const subject = (scope: Scope, email: string, ip: string | null) =>
  scope === 'pair' ? `${email.toLowerCase()}|${ip ?? NO_IP}` : scope === 'ip' ? (ip ?? NO_IP) : email.toLowerCase();
const failKey = (scope: Scope, email: string, ip: string | null) => `login:fail:${scope}:${subject(scope, email, ip)}`;
const lockKey = (scope: Scope, email: string, ip: string | null) => `login:lock:${scope}:${subject(scope, email, ip)}`;
const fallbackKey = (scope: 'pair' | 'ip', email: string, ip: string | null) => `login:${scope}:${subject(scope, email, ip)}`;

const throttled = (waitMs: number) =>
  new TooManyRequestsError('Too many failed sign-in attempts; wait before trying again.', waitMs / 1000, 'login_throttled');

/** Redis first; on any Redis error the fallback (which fails closed with 503 if the Durable Object fails too). */
async function withFallback<T>(what: string, run: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    log('warn', `login throttle: Redis unavailable (${what}); using the fallback counter`, { error: String(error) });
  }
  try {
    return await fallback();
  } catch (error) {
    if (error instanceof TooManyRequestsError) throw error;
    log('error', `login throttle: fallback counter unavailable (${what}); refusing`, { error: String(error) });
    throw transientError('limiter', error, 'Signing in is briefly unavailable; try again shortly.');
  }
}

export async function assertLoginAllowed(env: Cloudflare.Env, redis: Redis, email: string, ip: string | null): Promise<void> {
  const wait = await withFallback(
    'check',
    async () => Number(await redis.eval(CHECK, [lockKey('pair', email, ip), lockKey('ip', email, ip), lockKey('acct', email, ip), failKey('pair', email, ip)], [])),
    async () => {
      const t = LOGIN_THROTTLE;
      const [pair, byIp] = await Promise.all([
        fallbackPeek(env, fallbackKey('pair', email, ip), t.pairThreshold),
        ip ? fallbackPeek(env, fallbackKey('ip', email, ip), t.ipThreshold) : null,
      ]);
      return Math.max(0, ...[pair, byIp].filter((v) => v && !v.allowed).map((v) => v!.resetAt - Date.now()));
    },
  );
  if (wait > 0) throw throttled(wait);
}

export async function recordLoginFailure(env: Cloudflare.Env, redis: Redis, email: string, ip: string | null): Promise<void> {
  const t = LOGIN_THROTTLE;
  const args = (threshold: number) => [t.windowMs, threshold, t.baseDelayMs, t.maxDelayMs].map(String);
  const count = (scope: Scope, threshold: number) => redis.eval(RECORD_FAILURE, [failKey(scope, email, ip), lockKey(scope, email, ip)], args(threshold));
  await withFallback(
    'record',
    async () => {
      await Promise.all([count('pair', t.pairThreshold), count('acct', t.accountThreshold), ...(ip ? [count('ip', t.ipThreshold)] : [])]);
    },
    async () => {
      await Promise.all([
        fallbackHit(env, fallbackKey('pair', email, ip), t.pairThreshold, t.windowMs),
        ...(ip ? [fallbackHit(env, fallbackKey('ip', email, ip), t.ipThreshold, t.windowMs)] : []),
      ]);
    },
  );
}

/** A correct password clears its own pair; the account counter stays (it only affects addresses that failed). */
export async function recordLoginSuccess(env: Cloudflare.Env, redis: Redis, email: string, ip: string | null): Promise<void> {
  try {
    await redis.del(failKey('pair', email, ip), lockKey('pair', email, ip));
  } catch (error) {
    log('warn', 'login throttle: Redis unavailable (reset)', { error: String(error) });
    await fallbackReset(env, fallbackKey('pair', email, ip)).catch((e: unknown) => log('warn', 'login throttle: fallback reset failed', { error: String(e) }));
  }
}
