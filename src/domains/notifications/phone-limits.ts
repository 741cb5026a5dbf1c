/**
 * Per-organization hourly limits for SMS and WhatsApp (SMS_LIMIT_PER_ORG_PER_HOUR, WHATSAPP_LIMIT_PER_ORG_PER_HOUR):
 * one Upstash sliding window per channel. The consumer checks before sending (over it the message waits); the usage
 * route reads how much of the hour is used.
 */
import { Ratelimit } from '@upstash/ratelimit';
import type { PhoneChannel } from '../../db/schema/channels';
import { createRedis } from '../../platform/redis';

export const PHONE_LIMIT_DEFAULTS: Record<PhoneChannel, { variable: string; perHour: number }> = {
  sms: { variable: 'SMS_LIMIT_PER_ORG_PER_HOUR', perHour: 500 },
  whatsapp: { variable: 'WHATSAPP_LIMIT_PER_ORG_PER_HOUR', perHour: 1000 },
};

const limiters = new Map<string, Ratelimit>();

/** The organization's hourly limit for one channel (SMS_LIMIT_PER_ORG_PER_HOUR, WHATSAPP_LIMIT_PER_ORG_PER_HOUR). */
export function phoneLimitPerHour(env: Cloudflare.Env, channel: PhoneChannel): number {
  const { variable, perHour } = PHONE_LIMIT_DEFAULTS[channel];
  const n = Number((env as unknown as Record<string, unknown>)[variable]);
  return Number.isInteger(n) && n > 0 ? n : perHour;
}

export function phoneLimiter(env: Cloudflare.Env, channel: PhoneChannel, perHour = phoneLimitPerHour(env, channel)): Ratelimit {
  const key = `${channel}:${perHour}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new Ratelimit({ redis: createRedis(env), limiter: Ratelimit.slidingWindow(perHour, '1 h'), prefix: `vg:${channel}`, analytics: false, ephemeralCache: false });
    limiters.set(key, limiter);
  }
  return limiter;
}

export const checkPhoneSendLimit = (env: Cloudflare.Env, channel: PhoneChannel, organizationId: string, perHour?: number) => phoneLimiter(env, channel, perHour).limit(organizationId);

