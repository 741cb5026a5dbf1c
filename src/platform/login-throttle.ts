/**
 * Slows down password guessing: after repeated failures an account (and, with a higher threshold, an IP)
 * is locked for an exponentially growing delay. Counters live in Redis, never in D1.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import { TooManyRequestsError } from './errors';
import { log } from './logger';

export const LOGIN_THROTTLE = {
  windowMs: 15 * 60_000,
  accountThreshold: 5,
  ipThreshold: 20,
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

const keys = (scope: 'acct' | 'ip', subject: string) => [`login:fail:${scope}:${subject}`, `login:lock:${scope}:${subject}`];

/**
 * Redis trouble must not lock everyone out of the admin app: it is logged and the login goes on
 * (the password check is the real guard; this only slows guessing down).
 */
async function failOpen<T>(what: string, fallback: T, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    log('warn', `login throttle unavailable: ${what}`, { error: String(error) });
    return fallback;
  }
}

export async function assertLoginAllowed(redis: Redis, email: string, ip: string | null): Promise<void> {
  const lockKeys = [keys('acct', email)[1]!, ...(ip ? [keys('ip', ip)[1]!] : [])];
  const ttls = await failOpen('check', [] as number[], () => Promise.all(lockKeys.map((k) => redis.pttl(k))));
  const wait = Math.max(0, ...ttls);
  if (wait > 0) {
    throw new TooManyRequestsError('Too many failed sign-in attempts; wait before trying again.', wait / 1000, 'login_throttled');
  }
}

export async function recordLoginFailure(redis: Redis, email: string, ip: string | null): Promise<void> {
  const t = LOGIN_THROTTLE;
  const args = (threshold: number) => [t.windowMs, threshold, t.baseDelayMs, t.maxDelayMs].map(String);
  await failOpen('record', undefined, async () => {
    await redis.eval(RECORD_FAILURE, keys('acct', email), args(t.accountThreshold));
    if (ip) await redis.eval(RECORD_FAILURE, keys('ip', ip), args(t.ipThreshold));
  });
}

export async function recordLoginSuccess(redis: Redis, email: string): Promise<void> {
  await failOpen('reset', undefined, () => redis.del(...keys('acct', email)).then(() => undefined));
}
