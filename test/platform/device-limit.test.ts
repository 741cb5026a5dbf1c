/**
 * Scanner devices are limited per device, not per address (src/platform/auth.ts, requireDevice; the LIMIT_DEVICE
 * binding): the phones at one gate share its Wi-Fi, and a leaked device token must not flood its event. Over the
 * limit: 429 problem+json with Retry-After and the RateLimit fields; the binding failing lets the device through.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, signup, uniqueIp } from '../support/api';
import { onSaleEvent } from '../support/events';
import { registerDevice } from '../support/scanning';
import { fetchWorker } from '../support/worker-fetch';

type Limiter = { limit: (o: { key: string }) => Promise<{ success: boolean }> };

const asDevice = (token: string, limiter: Limiter) =>
  fetchWorker({ ...env, LIMIT_DEVICE: limiter } as Cloudflare.Env, new Request(`${BASE}/device/me`, { headers: { Authorization: `Bearer ${token}`, 'CF-Connecting-IP': uniqueIp() } }));

describe('the per-device limit', () => {
  it('counts each device by its id and refuses it with 429 and Retry-After once its window is full', async () => {
    const owner = await signup();
    const { eventId } = await onSaleEvent(owner);
    const device = await registerDevice(owner, [eventId]);
    const keys: string[] = [];
    let allowed = 2;
    const limiter: Limiter = {
      limit: async ({ key }) => {
        keys.push(key);
        return { success: allowed-- > 0 };
      },
    };
    expect((await asDevice(device.token, limiter)).status).toBe(200);
    expect((await asDevice(device.token, limiter)).status).toBe(200);
    const refused = await asDevice(device.token, limiter);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Content-Type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(refused.headers.get('RateLimit-Policy')).toContain('device');
    expect(new Set(keys)).toEqual(new Set([device.id]));
  });

  it('lets the device through when the binding fails (the per-IP layers still stand)', async () => {
    const owner = await signup();
    const { eventId } = await onSaleEvent(owner);
    const device = await registerDevice(owner, [eventId]);
    const broken: Limiter = { limit: async () => Promise.reject(new Error('binding unavailable')) };
    expect((await asDevice(device.token, broken)).status).toBe(200);
  });

  it('runs on the real binding: a device well inside its window scans as before', async () => {
    const owner = await signup();
    const { eventId } = await onSaleEvent(owner);
    const device = await registerDevice(owner, [eventId]);
    for (let i = 0; i < 5; i++) expect((await asDevice(device.token, env.LIMIT_DEVICE)).status).toBe(200);
  });
});
