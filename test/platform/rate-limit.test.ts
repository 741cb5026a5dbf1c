import { describe, expect, it } from 'vitest';
import { DEFAULT_PUBLIC_RATE_LIMITS, parseLimits } from '../../src/platform/rate-limit';
import { api, signup } from '../support/api';
import { onSaleEvent } from '../support/events';

const ipFor = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${Date.now()}`;

describe('per-IP limits on the public buyer routes', () => {
  it('answers 429 with Retry-After once an address is over its window, and only that address', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const ip = ipFor();
    const checkout = (from?: string) => api('POST', `/public/events/${f.eventId}/checkout`, { body: {}, headers: from ? { 'CF-Connecting-IP': from } : {} });
    for (let i = 0; i < DEFAULT_PUBLIC_RATE_LIMITS.checkout; i++) expect((await checkout(ip)).status).toBe(422);
    const refused = await checkout(ip);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    // Another address, and the other routes of the same address, are unaffected.
    expect((await checkout(ipFor())).status).toBe(422);
    expect((await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 }, headers: { 'CF-Connecting-IP': ip } })).status).toBe(201);
  });

  it('reads its limits from PUBLIC_RATE_LIMITS, ignoring nonsense', () => {
    expect(parseLimits('holds=5, quote=7')).toEqual({ ...DEFAULT_PUBLIC_RATE_LIMITS, holds: 5, quote: 7 });
    expect(parseLimits('holds=-1,checkout=abc,bogus=3')).toEqual(DEFAULT_PUBLIC_RATE_LIMITS);
    expect(parseLimits(undefined)).toEqual(DEFAULT_PUBLIC_RATE_LIMITS);
  });
});
