/**
 * Dev conveniences are on only for an explicit APP_ENV `development` or `test` (src/platform/app-env.ts): for
 * production, an unknown value or none at all, they are off — the test payment provider, the mailbox (provider and
 * routes), plain-http and private webhook targets, test-mode API key prefixes.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { createDb } from '../../src/db/client';
import { emailProvider } from '../../src/domains/notifications/providers';
import { createTestProvider } from '../../src/domains/payments/test-provider';
import { webhookUrlProblem } from '../../src/domains/webhooks/urls';
import { isDevelopmentLike } from '../../src/platform/app-env';
import { signup } from '../support/api';

const NOT_DEVELOPMENT = ['production', 'staging', 'Production', 'dev', '', undefined];
const withAppEnv = (APP_ENV: string | undefined) => ({ ...env, APP_ENV }) as unknown as Cloudflare.Env;

describe('dev conveniences', () => {
  it('are on only for development and test', () => {
    expect(isDevelopmentLike('development')).toBe(true);
    expect(isDevelopmentLike({ APP_ENV: 'test' })).toBe(true);
    for (const value of NOT_DEVELOPMENT) expect(isDevelopmentLike({ APP_ENV: value }), String(value)).toBe(false);
  });

  it('webhook targets: plain http to this machine and private addresses only on development/test', () => {
    for (const value of NOT_DEVELOPMENT) {
      expect(webhookUrlProblem('http://127.0.0.1:9999/x', value), String(value)).not.toBeNull();
      expect(webhookUrlProblem('https://10.1.2.3/x', value), String(value)).not.toBeNull();
      expect(webhookUrlProblem('https://169.254.169.254/latest/meta-data', value), String(value)).not.toBeNull();
    }
    expect(webhookUrlProblem('http://127.0.0.1:9999/x', 'test')).toBeNull();
  });

  it('the test payment provider refuses to run outside development/test', () => {
    for (const value of NOT_DEVELOPMENT) expect(() => createTestProvider(withAppEnv(value)), String(value)).toThrow(/development or test/);
    expect(() => createTestProvider(env)).not.toThrow();
  });

  it('the mailbox email provider is not used outside development/test', () => {
    const db = createDb(env.DB);
    for (const value of NOT_DEVELOPMENT) expect(() => emailProvider(withAppEnv(value), db), String(value)).toThrow(/EMAIL_PROVIDER/);
    expect(emailProvider(env, db).name).toBe('mailbox');
  });

  it('the mailbox routes answer 404 outside development/test, and API keys are live keys', async () => {
    const owner = await signup();
    const app = createApp();
    const call = async (APP_ENV: string | undefined, method: string, path: string, body?: unknown) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(
        new Request(`https://voelgoed.test/api/v1${path}`, {
          method,
          headers: { Authorization: `Bearer ${owner.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        }),
        withAppEnv(APP_ENV),
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    expect((await call('test', 'GET', `/orgs/${owner.orgId}/mailbox`)).status).toBe(200);
    for (const value of ['production', 'staging', '']) {
      expect((await call(value, 'GET', `/orgs/${owner.orgId}/mailbox`)).status, value).toBe(404);
      expect((await call(value, 'GET', '/platform/mailbox')).status, value).toBe(404);
    }
    const key = await call('staging', 'POST', `/orgs/${owner.orgId}/api-keys`, { name: 'ci', scopes: ['events.read'] });
    expect(key.status).toBe(201);
    expect(key.body.secret).toMatch(/_live_/);
  });
});
