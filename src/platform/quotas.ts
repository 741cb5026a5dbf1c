/**
 * Plans and their daily quotas (docs/rate-limits.md). An organization's `plan` names an entry of PLAN_QUOTAS (JSON,
 * merged over the built-in "default" plan; an unknown name gets "default"). Daily counts live in Upstash under the
 * UTC day and expire two days later; a quota resets when the UTC day ends.
 */
import { createRedis } from './redis';

export type PlanQuotas = {
  /** Authenticated API requests per organization per UTC day. */
  apiCallsPerDay: number;
  /** Emails sent in the organization's name per UTC day (the notifications queue). */
  emailsPerDay: number;
  /** Authenticated API requests per organization per minute (sessions and API keys together). */
  apiRequestsPerMinute: number;
  /** Requests per API key per minute. */
  apiKeyRequestsPerMinute: number;
};

export const DEFAULT_PLAN_NAME = 'default';
export const DEFAULT_PLAN: PlanQuotas = { apiCallsPerDay: 100_000, emailsPerDay: 10_000, apiRequestsPerMinute: 3_000, apiKeyRequestsPerMinute: 600 };

const KEYS = Object.keys(DEFAULT_PLAN) as (keyof PlanQuotas)[];
let parsed: { text: string | undefined; plans: Record<string, PlanQuotas> } | undefined;

export function parsePlans(text: string | undefined): Record<string, PlanQuotas> {
  let raw: unknown = {};
  try {
    raw = text ? JSON.parse(text) : {};
  } catch {
    raw = {};
  }
  const plans: Record<string, PlanQuotas> = { [DEFAULT_PLAN_NAME]: { ...DEFAULT_PLAN } };
  if (raw && typeof raw === 'object') {
    const base = { ...DEFAULT_PLAN, ...pick((raw as Record<string, unknown>)[DEFAULT_PLAN_NAME]) };
    plans[DEFAULT_PLAN_NAME] = base;
    for (const [name, value] of Object.entries(raw)) if (name !== DEFAULT_PLAN_NAME) plans[name] = { ...base, ...pick(value) };
  }
  return plans;
}

function pick(value: unknown): Partial<PlanQuotas> {
  if (!value || typeof value !== 'object') return {};
  const out: Partial<PlanQuotas> = {};
  for (const k of KEYS) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) out[k] = v;
  }
  return out;
}

export function planQuotas(env: Cloudflare.Env, plan: string | null | undefined): PlanQuotas {
  const text = (env as { PLAN_QUOTAS?: string }).PLAN_QUOTAS;
  if (!parsed || parsed.text !== text) parsed = { text, plans: parsePlans(text) };
  return parsed.plans[plan ?? DEFAULT_PLAN_NAME] ?? parsed.plans[DEFAULT_PLAN_NAME]!;
}

export type QuotaKind = 'api' | 'emails';

export const utcDay = (now = new Date()) => now.toISOString().slice(0, 10);

export function nextUtcMidnight(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

export const secondsUntilUtcMidnight = (now = new Date()) => Math.max(1, Math.ceil((nextUtcMidnight(now).getTime() - now.getTime()) / 1000));

export const dayKey = (organizationId: string, kind: QuotaKind, day: string) => `vg:quota:${kind}:${organizationId}:${day}`;

// Atomic: count one unit unless the day is already at its quota. Returns the new count, or -count when refused.
const CONSUME = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return -n end
n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], 172800) end
return n
`;

export type QuotaVerdict = { allowed: boolean; used: number; quota: number; resetSeconds: number };

/** Counts one unit of today's quota; throws when Redis cannot answer (the caller picks open or closed). */
export async function consumeDailyQuota(env: Cloudflare.Env, organizationId: string, kind: QuotaKind, quota: number, now = new Date()): Promise<QuotaVerdict> {
  const n = Number(await createRedis(env).eval(CONSUME, [dayKey(organizationId, kind, utcDay(now))], [String(quota)]));
  return { allowed: n > 0, used: Math.abs(n), quota, resetSeconds: secondsUntilUtcMidnight(now) };
}

export async function readDailyUsage(env: Cloudflare.Env, organizationId: string, now = new Date()): Promise<Record<QuotaKind, number>> {
  const day = utcDay(now);
  const [api, emails] = await createRedis(env).mget<(string | number | null)[]>(dayKey(organizationId, 'api', day), dayKey(organizationId, 'emails', day));
  return { api: Number(api ?? 0), emails: Number(emails ?? 0) };
}
