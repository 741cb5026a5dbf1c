/** The Upstash Redis client for ephemeral state (rate limits, counters, caches); locally it talks to tools/upstash-bridge. */
import { Redis } from '@upstash/redis/cloudflare';
import type { Env } from '../env';

export function createRedis(env: Env): Redis {
  return new Redis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN, retry: { retries: 1, backoff: () => 50 } });
}
