/**
 * Limits on authenticated traffic inside an organization (docs/rate-limits.md), checked once the tenancy guard knows
 * the actor: per API key per minute, per organization per minute, and the organization's daily API quota. All three
 * come from the organization's plan (quotas.ts) and are decided in ONE Redis round trip (a Lua script), since every
 * authenticated request pays for it. They fail open when Upstash cannot answer (an outage must not stop organizers
 * running their events; the per-IP layers still stand).
 *
 * The minute windows are sliding (the previous fixed window weighted by how much of it still overlaps, as
 * @upstash/ratelimit does); a request refused by a minute limit counts nowhere.
 */
import type { Context } from 'hono';
import type { Actor } from './context';
import { log } from './logger';
import { refusal, type LimitOutcome } from './rate-limit-headers';
import { dayKey, planQuotas, secondsUntilUtcMidnight, utcDay } from './quotas';
import { createRedis } from './redis';

/** Reading the usage itself is never refused by the daily quota (an organization over it must be able to see why). */
const UNMETERED = [/^\/api\/v1\/orgs\/[^/]+\/usage$/];
const WINDOW_MS = 60_000;

// KEYS: api-key window (current, previous), organization window (current, previous), today's API count.
// ARGV: key limit (0: not an API key), organization limit, daily quota (0: unmetered), previous window's weight.
// Returns { key used, org used, day used, verdict } with verdict 0 = allowed, 1 = key, 2 = org, 3 = day refused.
const DECIDE = `
local weight = tonumber(ARGV[4])
local function used(cur, prev)
  return tonumber(redis.call('GET', cur) or '0') + math.floor(tonumber(redis.call('GET', prev) or '0') * weight)
end
local keyLimit, orgLimit, quota = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ku = 0
if keyLimit > 0 then ku = used(KEYS[1], KEYS[2]) end
local ou = used(KEYS[3], KEYS[4])
local day = tonumber(redis.call('GET', KEYS[5]) or '0')
if keyLimit > 0 and ku >= keyLimit then return { ku, ou, day, 1 } end
if ou >= orgLimit then return { ku, ou, day, 2 } end
if quota > 0 and day >= quota then return { ku, ou, day, 3 } end
if keyLimit > 0 then
  ku = ku + 1
  if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], 120000) end
end
ou = ou + 1
if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], 120000) end
if quota > 0 then
  day = redis.call('INCR', KEYS[5])
  if day == 1 then redis.call('EXPIRE', KEYS[5], 172800) end
end
return { ku, ou, day, 0 }
`;

export async function enforceTenantLimits(c: Context, actor: Actor, plan: string | null): Promise<LimitOutcome[]> {
  // Platform staff looking into an organization they are no member of work for the platform, not the tenant.
  if (actor.type === 'user' && !actor.role) return [];
  const env = c.env as Cloudflare.Env;
  const q = planQuotas(env, plan);
  const now = Date.now();
  const window = Math.floor(now / WINDOW_MS);
  const weight = 1 - (now % WINDOW_MS) / WINDOW_MS;
  const isKey = actor.type === 'api_key';
  const metered = !UNMETERED.some((p) => p.test(c.req.path));
  const keyId = isKey ? actor.id : '-';
  const keys = [
    `vg:tl:key:${keyId}:${window}`,
    `vg:tl:key:${keyId}:${window - 1}`,
    `vg:tl:org:${actor.organizationId}:${window}`,
    `vg:tl:org:${actor.organizationId}:${window - 1}`,
    dayKey(actor.organizationId, 'api', utcDay(new Date(now))),
  ];
  const args = [isKey ? q.apiKeyRequestsPerMinute : 0, q.apiRequestsPerMinute, metered ? q.apiCallsPerDay : 0, weight].map(String);
  let result: number[];
  try {
    result = (await createRedis(env).eval(DECIDE, keys, args)) as number[];
  } catch (error) {
    log('warn', 'API limits unavailable; letting the request through (fails open)', { error: String(error) });
    return [];
  }
  const [keyUsed = 0, orgUsed = 0, dayUsed = 0, verdict = 0] = result.map(Number);
  const minuteReset = (WINDOW_MS - (now % WINDOW_MS)) / 1000;
  const outcomes: LimitOutcome[] = [];
  if (isKey) {
    outcomes.push({ policy: 'api-key', allowed: verdict !== 1, limit: q.apiKeyRequestsPerMinute, windowSeconds: 60, remaining: q.apiKeyRequestsPerMinute - keyUsed, resetSeconds: minuteReset });
  }
  outcomes.push({ policy: 'org', allowed: verdict !== 2, limit: q.apiRequestsPerMinute, windowSeconds: 60, remaining: q.apiRequestsPerMinute - orgUsed, resetSeconds: minuteReset });
  if (metered) {
    outcomes.push({ policy: 'org-day', allowed: verdict !== 3, limit: q.apiCallsPerDay, windowSeconds: 86_400, remaining: q.apiCallsPerDay - dayUsed, resetSeconds: secondsUntilUtcMidnight(new Date(now)) });
  }
  if (verdict === 1) throw refusal(outcomes, 'Too many requests with this API key; slow down.');
  if (verdict === 2) throw refusal(outcomes, 'Too many requests for this organization; slow down.');
  if (verdict === 3) throw refusal(outcomes, "This organization has used today's API quota of its plan; it resets when the UTC day ends.", 'quota_exceeded');
  return outcomes;
}
