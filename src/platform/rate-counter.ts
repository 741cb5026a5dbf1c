/** The Worker's side of the RateCounter Durable Object (durable-objects/rate-counter.ts): one object per key. */
import type { CounterVerdict } from '../../durable-objects/rate-counter';

const counter = (env: Cloudflare.Env, key: string) => env.RATE_COUNTER.get(env.RATE_COUNTER.idFromName(key));

export function fallbackHit(env: Cloudflare.Env, key: string, limit: number, windowMs: number): Promise<CounterVerdict> {
  return counter(env, key).hit(limit, windowMs);
}

export function fallbackPeek(env: Cloudflare.Env, key: string, limit: number): Promise<CounterVerdict> {
  return counter(env, key).peek(limit);
}

export function fallbackReset(env: Cloudflare.Env, key: string): Promise<void> {
  return counter(env, key).reset();
}
