/**
 * Limits on authenticated traffic inside an organization (docs/rate-limits.md), checked once the tenancy guard knows
 * the actor: per API key per minute, per organization per minute, and the organization's daily API quota. All three
 * come from the organization's plan (quotas.ts) and fail open when Upstash cannot answer (an outage must not stop
 * organizers running their events; the per-IP burst layer and the edge still stand).
 */
import type { Context } from 'hono';
import type { Actor } from './context';
import { log } from './logger';
import { limitWindow } from './rate-limit';
import { refusal, type LimitOutcome } from './rate-limit-headers';
import { consumeDailyQuota, planQuotas } from './quotas';

/** Reading the usage itself is never refused by the daily quota (an organization over it must be able to see why). */
const UNMETERED = [/^\/api\/v1\/orgs\/[^/]+\/usage$/];

export async function enforceTenantLimits(c: Context, actor: Actor, plan: string | null): Promise<LimitOutcome[]> {
  // Platform staff looking into an organization they are no member of work for the platform, not the tenant.
  if (actor.type === 'user' && !actor.role) return [];
  const env = c.env as Cloudflare.Env;
  const q = planQuotas(env, plan);
  const perMinute = await Promise.all([
    actor.type === 'api_key'
      ? limitWindow(env, { policy: 'api-key', key: actor.id, limit: q.apiKeyRequestsPerMinute, windowSeconds: 60, failure: 'open' })
      : null,
    limitWindow(env, { policy: 'org', key: actor.organizationId, limit: q.apiRequestsPerMinute, windowSeconds: 60, failure: 'open' }),
  ]);
  const outcomes = perMinute.filter((o): o is LimitOutcome => o !== null);
  const over = outcomes.find((o) => !o.allowed);
  if (over) {
    throw refusal(
      outcomes,
      over.policy === 'api-key' ? 'Too many requests with this API key; slow down.' : 'Too many requests for this organization; slow down.',
    );
  }
  if (UNMETERED.some((p) => p.test(c.req.path))) return outcomes;
  let day;
  try {
    day = await consumeDailyQuota(env, actor.organizationId, 'api', q.apiCallsPerDay);
  } catch (error) {
    log('warn', 'daily API quota unavailable; letting the request through', { error: String(error) });
    return outcomes;
  }
  outcomes.push({ policy: 'org-day', allowed: day.allowed, limit: q.apiCallsPerDay, windowSeconds: 86_400, remaining: q.apiCallsPerDay - day.used, resetSeconds: day.resetSeconds });
  if (!day.allowed) throw refusal(outcomes, "This organization has used today's API quota of its plan; it resets when the UTC day ends.", 'quota_exceeded');
  return outcomes;
}
