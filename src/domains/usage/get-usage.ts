/** Today's counts against the organization's plan (src/platform/quotas.ts). */
import { eq } from 'drizzle-orm';
import { organizations } from '../../db/schema/tenancy';
import type { TenantContext } from '../../platform/context';
import { NotFoundError, ServiceUnavailableError } from '../../platform/errors';
import { log } from '../../platform/logger';
import { nextUtcMidnight, planQuotas, readDailyUsage, utcDay } from '../../platform/quotas';
import { phoneLimiter, phoneLimitPerHour } from '../notifications/phone-limits';
import type { Usage } from './schemas';

/** Messages in the channel's sliding hour (what the consumer's limiter sees). */
async function phoneUsage(env: Cloudflare.Env, organizationId: string, channel: 'sms' | 'whatsapp') {
  const quota = phoneLimitPerHour(env, channel);
  const { remaining } = await phoneLimiter(env, channel, quota).getRemaining(organizationId);
  return { used: Math.max(0, Math.min(quota, quota - remaining)), quota };
}

export async function getUsage({ ctx }: { ctx: TenantContext }): Promise<Usage> {
  const [org] = await ctx.db.select({ plan: organizations.plan }).from(organizations).where(eq(organizations.id, ctx.organizationId)).limit(1);
  if (!org) throw new NotFoundError('Organization');
  const q = planQuotas(ctx.env, org.plan);
  const now = new Date();
  const [used, sms, whatsapp] = await Promise.all([
    readDailyUsage(ctx.env, ctx.organizationId, now),
    phoneUsage(ctx.env, ctx.organizationId, 'sms'),
    phoneUsage(ctx.env, ctx.organizationId, 'whatsapp'),
  ]).catch((error: unknown) => {
    log('warn', 'usage counters unavailable', { error: String(error) });
    throw new ServiceUnavailableError('Usage counts are briefly unavailable; try again shortly.', 30);
  });
  return {
    plan: org.plan,
    day: utcDay(now),
    resetsAt: nextUtcMidnight(now).toISOString(),
    apiCalls: { used: Math.min(used.api, q.apiCallsPerDay), quota: q.apiCallsPerDay },
    emails: { used: Math.min(used.emails, q.emailsPerDay), quota: q.emailsPerDay },
    perMinute: { organization: q.apiRequestsPerMinute, apiKey: q.apiKeyRequestsPerMinute },
    phoneMessagesLastHour: { sms, whatsapp },
  };
}
