import { describe, expect, it } from 'vitest';
import { DEFAULT_PUBLIC_RATE_LIMITS, exemptFromPerIpLimits, parseLimits } from '../../src/platform/rate-limit';
import { BURST_POLICIES, EDGE_WINDOWS, ROUTE_CLASSES, routeClassFor } from '../../src/platform/rate-limit-classes';
import { limitKeyForIp, rateLimitHeaders } from '../../src/platform/rate-limit-headers';
import { api, signup, uniqueIp, type ApiResponse } from '../support/api';
import { onSaleEvent } from '../support/events';
import { fetchDocument, label, operations } from '../support/openapi-walk';

const ipFor = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

/** Sends the request until it answers 429 (at most `max` times); returns the refusal and how many went through. */
async function floodUntilRefused(send: () => Promise<ApiResponse>, max: number) {
  for (let i = 0; i < max; i++) {
    const res = await send();
    if (res.status === 429) return { refused: res, passed: i };
  }
  throw new Error(`no 429 after ${max} requests`);
}

function expectRefusal(res: ApiResponse, policy: string) {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ code: 'rate_limited', status: 429 });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(res.headers.get('ratelimit-policy')).toMatch(new RegExp(`^"${policy}";q=\\d+;w=(10|60)$`));
  expect(res.headers.get('ratelimit')).toMatch(new RegExp(`^"${policy}";r=0;t=\\d+$`));
}

describe('per-IP limits on the public buyer routes', () => {
  it('answers 429 with Retry-After and RateLimit fields once an address is over its window, and only that address', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const ip = ipFor();
    const checkout = (from?: string) => api('POST', `/public/events/${f.eventId}/checkout`, { body: {}, headers: from ? { 'CF-Connecting-IP': from } : {} });
    const limit = DEFAULT_PUBLIC_RATE_LIMITS.checkout!;
    for (let i = 0; i < limit; i++) {
      const res = await checkout(ip);
      expect(res.status).toBe(422);
      // Every answer on a limited route says where the caller stands.
      expect(res.headers.get('ratelimit-policy')).toBe(`"checkout";q=${limit};w=60`);
      expect(res.headers.get('ratelimit')).toMatch(new RegExp(`^"checkout";r=${limit - i - 1};t=\\d+$`));
    }
    expectRefusal(await checkout(ip), 'checkout');
    // Another address, and the other routes of the same address, are unaffected.
    expect((await checkout(ipFor())).status).toBe(422);
    expect((await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 }, headers: { 'CF-Connecting-IP': ip } })).status).toBe(201);
    // Without CF-Connecting-IP (local tools, tests) nothing is limited per IP; nor is loopback (wrangler dev's address
    // for local clients), but only because APP_ENV is "test" here.
    for (let i = 0; i < limit + 2; i++) expect((await checkout()).status).toBe(422);
    for (let i = 0; i < limit + 2; i++) expect((await checkout('127.0.0.1')).status).toBe(422);
    for (const appEnv of ['production', 'staging', '']) expect(exemptFromPerIpLimits({ APP_ENV: appEnv }, '127.0.0.1')).toBe(false);
    expect(exemptFromPerIpLimits({ APP_ENV: 'development' }, '::1')).toBe(true);
    expect(exemptFromPerIpLimits({ APP_ENV: 'development' }, '203.0.113.9')).toBe(false);
  });

  it('reads its limits from PUBLIC_RATE_LIMITS, ignoring nonsense', () => {
    expect(parseLimits('checkout=5, quote=7')).toEqual({ ...DEFAULT_PUBLIC_RATE_LIMITS, checkout: 5, quote: 7 });
    expect(parseLimits('quote=-1,checkout=abc,bogus=3')).toEqual(DEFAULT_PUBLIC_RATE_LIMITS);
    expect(parseLimits(undefined)).toEqual(DEFAULT_PUBLIC_RATE_LIMITS);
    // The classes counted at the edge take their limits from their bindings in wrangler.toml, not from this variable.
    expect(parseLimits('holds=5,browse=7')).toEqual(DEFAULT_PUBLIC_RATE_LIMITS);
    expect(Object.keys(DEFAULT_PUBLIC_RATE_LIMITS)).not.toContain('holds');
  });

  it('counts the hot classes (holds, hold, browse, platform) per minute in bindings of their own, at their documented limits', () => {
    const edge = ROUTE_CLASSES.filter((k) => k.edge);
    expect(edge.map((k) => k.name).sort()).toEqual(['browse', 'hold', 'holds', 'platform']);
    for (const k of edge) expect(EDGE_WINDOWS[k.edge!]).toEqual({ limit: k.perMinute, period: 60 });
  });
});

describe('every unauthenticated route class is limited per IP', () => {
  const E = 'evt_01jx0000000000000000000000';
  const H = 'hld_01jx0000000000000000000000';
  // One representative request per class; bodies are invalid on purpose (the limit runs before validation).
  const samples: Record<string, [string, string, unknown?]> = {
    signup: ['POST', '/auth/signup', {}],
    login: ['POST', '/auth/login', {}],
    password: ['POST', '/auth/password/forgot', {}],
    invitations: ['POST', '/invitations/preview', {}],
    auth: ['POST', '/auth/verify-email', {}],
    holds: ['POST', `/public/events/${E}/holds`, {}],
    hold: ['POST', `/public/events/${E}/holds/${H}/extend`, {}],
    quote: ['POST', `/public/events/${E}/quote`, {}],
    unlock: ['GET', `/public/events/${E}?code=PRESALE`],
    checkout: ['POST', `/public/events/${E}/checkout`, {}],
    waitlist: ['POST', `/public/events/${E}/waitlist`, {}],
    'order-links': ['POST', `/public/events/${E}/order-links`, {}],
    queue: ['POST', `/public/events/${E}/queue`, {}],
    admit: ['POST', `/public/events/${E}/queue/admit`],
    orders: ['GET', '/public/orders/not-a-token/tickets.pdf'],
    analytics: ['POST', '/public/analytics', {}],
    live: ['GET', `/events/${E}/live`],
    downloads: ['GET', '/files/exports/exp_01jx0000000000000000000000'],
    browse: ['GET', `/public/events/${E}/seat-map`],
    platform: ['GET', '/ping'],
  };

  it('covers every public operation of the OpenAPI document (a new public route cannot go unlimited)', async () => {
    const publicOps = operations(await fetchDocument()).filter((o) => o.isPublic);
    expect(publicOps.length).toBeGreaterThan(10);
    const unlimited = publicOps.filter((o) => !routeClassFor(o.method, o.path.replace(/\{\w+\}/g, 'x')));
    // Only the signed payment-provider webhooks are unlimited on purpose (see UNLIMITED).
    expect(unlimited.map(label)).toEqual(['POST /api/v1/webhooks/payments/{provider}']);
  });

  it('knows a sample for every class, and every sample lands in its class', () => {
    expect(Object.keys(samples).sort()).toEqual(ROUTE_CLASSES.map((k) => k.name).sort());
    for (const [name, [method, path]] of Object.entries(samples)) {
      const url = new URL(`http://x/api/v1${path}`);
      expect(routeClassFor(method, url.pathname, url.searchParams)?.name).toBe(name);
    }
    // The event page without a code is browsing; with one it is code guessing.
    expect(routeClassFor('GET', '/api/v1/public/events/x')?.name).toBe('browse');
    // Signed webhooks from the payment providers are never limited per IP (a refusal would only delay a payment).
    expect(routeClassFor('POST', '/api/v1/webhooks/payments/stripe')).toBeUndefined();
  });

  for (const k of ROUTE_CLASSES) {
    it(`${k.name}: 429 with Retry-After and RateLimit fields past ${k.perMinute}/min (or the ${k.burst} burst)`, async () => {
      const [method, path, body] = samples[k.name]!;
      const ip = uniqueIp();
      const burst = BURST_POLICIES[k.burst].limit;
      const { refused, passed } = await floodUntilRefused(() => api(method, path, { body, headers: { 'CF-Connecting-IP': ip } }), Math.max(k.perMinute, 2 * burst) + 1);
      if (k.perMinute < burst && k.edge) {
        // Counted at the edge: the class's own binding refuses at its limit; its windows are aligned to the clock,
        // so a flood that straddles a minute boundary gets at most two windows' worth.
        expect(passed).toBeGreaterThanOrEqual(k.perMinute);
        expect(passed).toBeLessThanOrEqual(2 * k.perMinute);
        expectRefusal(refused, k.name);
      } else if (k.perMinute < burst) {
        // Below the burst limit, the per-class window in Upstash is the one that refuses, at its limit. (A flood
        // that straddles a minute boundary may get one more: the sliding window rounds the previous minute's
        // weighted count down.)
        expect(passed).toBeGreaterThanOrEqual(k.perMinute);
        expect(passed).toBeLessThanOrEqual(k.perMinute + 1);
        expectRefusal(refused, k.name);
      } else {
        expectRefusal(refused, refused.headers.get('ratelimit-policy')!.startsWith('"burst"') ? 'burst' : k.name);
      }
      // A neighbour is unaffected.
      const other = await api(method, path, { body, headers: { 'CF-Connecting-IP': uniqueIp() } });
      expect(other.status).not.toBe(429);
    });
  }
});

describe('the burst layer: a Workers Rate Limiting binding per location', () => {
  it('refuses a flood from one address at the edge, before the per-minute window is used up', async () => {
    const browse = ROUTE_CLASSES.find((k) => k.name === 'browse')!.perMinute;
    const { limit, period } = BURST_POLICIES.BURST_PUBLIC;
    expect(browse).toBeGreaterThan(2 * limit); // so only the binding can be the one refusing below
    const ip = uniqueIp();
    const { refused, passed } = await floodUntilRefused(() => api('GET', '/public/events/evt_01jx0000000000000000000000', { headers: { 'CF-Connecting-IP': ip } }), 2 * limit + 1);
    // Windows are aligned to the clock: a flood that straddles a boundary gets at most two windows' worth.
    expect(passed).toBeGreaterThanOrEqual(limit);
    expect(passed).toBeLessThanOrEqual(2 * limit);
    expectRefusal(refused, 'burst');
    expect(refused.headers.get('ratelimit-policy')).toBe(`"burst";q=${limit};w=${period}`);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(period);
  });
});

describe('the address limits key on', () => {
  it('is CF-Connecting-IP, with IPv6 counted per /64', () => {
    expect(limitKeyForIp('203.0.113.9')).toBe('203.0.113.9');
    expect(limitKeyForIp('2001:db8:a:b:1:2:3:4')).toBe('2001:db8:a:b::/64');
    expect(limitKeyForIp('2001:0db8:000a:000b::9')).toBe('2001:db8:a:b::/64');
    expect(limitKeyForIp('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(limitKeyForIp('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(limitKeyForIp(undefined)).toBeNull();
  });

  it('formats the IETF fields as structured-field lists', () => {
    expect(
      rateLimitHeaders([
        { policy: 'api-key', allowed: true, limit: 600, windowSeconds: 60, remaining: 599, resetSeconds: 59.2 },
        { policy: 'org-day', allowed: true, limit: 1000, windowSeconds: 86_400, remaining: 10, resetSeconds: 3600 },
      ]),
    ).toEqual({
      'RateLimit-Policy': '"api-key";q=600;w=60, "org-day";q=1000;w=86400',
      RateLimit: '"api-key";r=599;t=60, "org-day";r=10;t=3600',
    });
  });
});
