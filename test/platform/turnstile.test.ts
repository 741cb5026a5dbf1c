/**
 * The Turnstile adapter (src/platform/turnstile.ts): on development/test it answers Cloudflare's documented test
 * secrets itself; any other secret (and every secret in production) goes to siteverify; production refuses a test
 * secret at the configuration check. A failed check refuses the waiting room's join (403 turnstile_failed).
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import worker from '../../src/index';
import { configProblems } from '../../src/platform/config';
import { SITEVERIFY_URL, TURNSTILE_TEST_SECRETS, verifyTurnstile } from '../../src/platform/turnstile';
import { BASE, api, signup, uniqueIp } from '../support/api';
import { onSaleEvent } from '../support/events';

const never = vi.fn<typeof fetch>(() => Promise.reject(new Error('no network')));

describe('the Turnstile adapter', () => {
  it('answers Cloudflare’s documented test secrets itself on development/test, never calling out', async () => {
    const dev = (secret: string) => ({ APP_ENV: 'test', TURNSTILE_SECRET: secret });
    expect(await verifyTurnstile(dev(TURNSTILE_TEST_SECRETS.pass), 'XXXX.DUMMY.TOKEN.XXXX', null, never)).toEqual({ success: true, errorCodes: [] });
    expect((await verifyTurnstile(dev(TURNSTILE_TEST_SECRETS.fail), 'XXXX.DUMMY.TOKEN.XXXX', null, never)).success).toBe(false);
    expect(await verifyTurnstile(dev(TURNSTILE_TEST_SECRETS.spent), 'XXXX.DUMMY.TOKEN.XXXX', null, never)).toEqual({ success: false, errorCodes: ['timeout-or-duplicate'] });
    // A secret but no token: refused without asking anyone.
    expect(await verifyTurnstile(dev(TURNSTILE_TEST_SECRETS.pass), undefined, null, never)).toEqual({ success: false, errorCodes: ['missing-input-response'] });
    // No secret on development/test: not checked.
    expect((await verifyTurnstile({ APP_ENV: 'development' }, undefined, null, never)).success).toBe(true);
    expect(never).not.toHaveBeenCalled();
  });

  it('sends any other secret, and every secret in production, to siteverify with the token and address', async () => {
    const seen: FormData[] = [];
    const siteverify = vi.fn<typeof fetch>(async (url, init) => {
      expect(String(url)).toBe(SITEVERIFY_URL);
      seen.push(init!.body as FormData);
      return Response.json({ success: false, 'error-codes': ['invalid-input-response'] });
    });
    expect(await verifyTurnstile({ APP_ENV: 'production', TURNSTILE_SECRET: TURNSTILE_TEST_SECRETS.pass }, 'tok', '203.0.113.9', siteverify)).toEqual({ success: false, errorCodes: ['invalid-input-response'] });
    expect(seen[0]!.get('secret')).toBe(TURNSTILE_TEST_SECRETS.pass);
    expect(seen[0]!.get('response')).toBe('tok');
    expect(seen[0]!.get('remoteip')).toBe('203.0.113.9');
    const ok = vi.fn<typeof fetch>(async () => Response.json({ success: true }));
    expect((await verifyTurnstile({ APP_ENV: 'test', TURNSTILE_SECRET: '0x4AAAAAAAreal-looking-secret' }, 'tok', null, ok)).success).toBe(true);
    // Siteverify unreachable, or no secret in production: refused.
    expect((await verifyTurnstile({ APP_ENV: 'production', TURNSTILE_SECRET: '0x4AAAAAAAreal-looking-secret' }, 'tok', null, never)).success).toBe(false);
    expect((await verifyTurnstile({ APP_ENV: 'production' }, 'tok', null, never)).errorCodes).toEqual(['missing-input-secret']);
  });

  it('is refused by the production configuration check with a test secret or none', () => {
    // The full passing production env is test/platform/config.test.ts's; here only this secret's rule is looked at.
    const problems = (overrides: Record<string, unknown>) =>
      configProblems({ APP_ENV: 'production', TURNSTILE_SECRET: '0x4AAAAAAAB3cdefghijklmnopqrstuv', ...overrides }).filter((p) => p.name === 'TURNSTILE_SECRET');
    expect(problems({})).toEqual([]);
    expect(problems({ TURNSTILE_SECRET: TURNSTILE_TEST_SECRETS.pass })).toHaveLength(1);
    expect(problems({ TURNSTILE_SECRET: undefined })).toHaveLength(1);
  });

  it('refuses a join to the queue when the check fails (403 turnstile_failed), and takes it when it passes', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    expect((await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: true } })).status).toBe(200);
    const joinWith = async (secret: string) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`${BASE}/public/events/${f.eventId}/queue`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': uniqueIp() },
          body: JSON.stringify({ turnstileToken: 'XXXX.DUMMY.TOKEN.XXXX' }),
        }),
        { ...env, TURNSTILE_SECRET: secret },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return { status: res.status, body: (await res.json()) as { code?: string; ticket?: string } };
    };
    const refused = await joinWith(TURNSTILE_TEST_SECRETS.fail);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('turnstile_failed');
    const joined = await joinWith(TURNSTILE_TEST_SECRETS.pass);
    expect(joined.status).toBe(201);
    expect(joined.body.ticket).toBeTruthy();
  });
});
