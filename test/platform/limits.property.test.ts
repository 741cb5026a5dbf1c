/**
 * The counters behind the limits under concurrency (fast-check): however many requests race, exactly as many are
 * let through as the limit allows — for the fail-closed fallback counter (RateCounter Durable Object), the daily
 * quotas in Redis, and a mix of consuming and refused calls.
 */
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids';
import { fallbackHit, fallbackPeek } from '../../src/platform/rate-counter';
import { consumeDailyQuota, readDailyUsage } from '../../src/platform/quotas';

describe('limit counters under concurrent requests', () => {
  it('the fallback counter lets exactly min(n, limit) of n parallel hits through, and then refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 30 }), async (limit, n) => {
        const key = `prop:${newId('tst')}`;
        const verdicts = await Promise.all(Array.from({ length: n }, () => fallbackHit(env, key, limit, 60_000)));
        expect(verdicts.filter((v) => v.allowed)).toHaveLength(Math.min(n, limit));
        const peek = await fallbackPeek(env, key, limit);
        expect(peek.count).toBe(Math.min(n, limit));
        expect(peek.allowed).toBe(n < limit);
      }),
      { numRuns: 25 },
    );
  });

  it('a daily quota lets exactly min(n, quota) of n parallel requests through and counts exactly those', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 40 }), async (quota, n) => {
        const org = newId('org');
        const verdicts = await Promise.all(Array.from({ length: n }, () => consumeDailyQuota(env, org, 'api', quota)));
        expect(verdicts.filter((v) => v.allowed)).toHaveLength(Math.min(n, quota));
        expect((await readDailyUsage(env, org)).api).toBe(Math.min(n, quota));
        // Every allowed answer saw a distinct count: no two requests took the same unit.
        const seen = verdicts.filter((v) => v.allowed).map((v) => v.used);
        expect(new Set(seen).size).toBe(seen.length);
      }),
      { numRuns: 25 },
    );
  });
});
