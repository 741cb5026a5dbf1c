/**
 * The configuration check (src/platform/config.ts) and its guard in the Worker's entry points (src/index.ts): a
 * production deployment with any dev-only setting, a missing/short/placeholder secret or an unknown APP_ENV
 * refuses to serve (503 problem+json with Retry-After), and logs the problems by name, never a value.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/index';
import { configProblems } from '../../src/platform/config';

const random = (bytes = 32) => [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
const alnum = (n: number) => random(n).slice(0, n);

/** A production env that passes: real-looking https URLs, the real providers, long random secrets. */
export function productionEnv(overrides: Record<string, unknown> = {}): Cloudflare.Env {
  const good: Record<string, unknown> = {
    ...env,
    APP_ENV: 'production',
    APP_URL: 'https://tickets.voelgoed.events',
    UPSTASH_REDIS_REST_URL: 'https://eu1-brave-otter-31245.upstash.io',
    UPSTASH_REDIS_REST_TOKEN: `AX${random(24)}`,
    EMAIL_PROVIDER: 'resend',
    EMAIL_API_KEY: `re_${alnum(32)}`,
    SMS_PROVIDER: 'clickatell',
    SMS_API_KEY: `${alnum(22)}==`,
    WHATSAPP_PROVIDER: 'cloud_api',
    WHATSAPP_ACCESS_TOKEN: `EAAG${alnum(120)}`,
    WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
    PAYMENT_PROVIDER: 'stripe',
    STRIPE_SECRET_KEY: `sk_live_${alnum(40)}`,
    STRIPE_WEBHOOK_SECRET: `whsec_${alnum(32)}`,
    JWT_SECRET: random(),
    TICKET_KEY_SECRET: random(),
    FILES_SIGNING_SECRET: random(),
    WEBHOOK_SECRET_KEY: random(),
    TURNSTILE_SECRET: `0x4AAAAAAA${alnum(24)}`,
    TURNSTILE_SITE_KEY: `0x4AAAAAAA${alnum(14)}`,
    TEST_PROVIDER_WEBHOOK_SECRET: undefined,
    // The test run's cheap password hash (vitest.config.ts) is for APP_ENV=test only.
    PASSWORD_HASH_COST: undefined,
  };
  return { ...good, ...overrides } as unknown as Cloudflare.Env;
}

const names = (e: Record<string, unknown>) => configProblems(e).map((p) => p.name);

describe('the configuration check', () => {
  it('passes a production env with real providers and secrets, and the test env', () => {
    expect(configProblems(productionEnv() as never)).toEqual([]);
    expect(configProblems(env as never)).toEqual([]);
  });

  it('refuses the test-only password hash cost anywhere but a test run, development included', () => {
    expect(names(productionEnv({ PASSWORD_HASH_COST: 'test-only-low' }) as never)).toEqual(['PASSWORD_HASH_COST']);
    expect(names({ ...env, APP_ENV: 'development' } as never)).toEqual(['PASSWORD_HASH_COST']);
    expect(names({ ...env, PASSWORD_HASH_COST: 'cheap' } as never)).toEqual(['PASSWORD_HASH_COST']);
  });

  it.each([
    ['the mailbox email provider', { EMAIL_PROVIDER: 'mailbox' }, 'EMAIL_PROVIDER'],
    ['no email provider', { EMAIL_PROVIDER: undefined }, 'EMAIL_PROVIDER'],
    ['the test payment provider', { PAYMENT_PROVIDER: 'test' }, 'PAYMENT_PROVIDER'],
    ['no payment provider (the code defaults to test)', { PAYMENT_PROVIDER: undefined }, 'PAYMENT_PROVIDER'],
    ['the test provider secret', { TEST_PROVIDER_WEBHOOK_SECRET: 'test-provider-webhook-secret-0123456789abcdef' }, 'TEST_PROVIDER_WEBHOOK_SECRET'],
    ['the local Upstash bridge', { UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079' }, 'UPSTASH_REDIS_REST_URL'],
    ['a private Upstash address over https', { UPSTASH_REDIS_REST_URL: 'https://10.0.0.7' }, 'UPSTASH_REDIS_REST_URL'],
    ['Upstash on localhost', { UPSTASH_REDIS_REST_URL: 'https://localhost:8079' }, 'UPSTASH_REDIS_REST_URL'],
    ['Upstash on [::1]', { UPSTASH_REDIS_REST_URL: 'https://[::1]:8079' }, 'UPSTASH_REDIS_REST_URL'],
    ['a plain-http APP_URL', { APP_URL: 'http://voelgoed.events' }, 'APP_URL'],
    ['a localhost APP_URL', { APP_URL: 'https://localhost:8787' }, 'APP_URL'],
    ['a test-mode Stripe key', { STRIPE_SECRET_KEY: `sk_test_${alnum(40)}` }, 'STRIPE_SECRET_KEY'],
    ['no Stripe key', { STRIPE_SECRET_KEY: undefined }, 'STRIPE_SECRET_KEY'],
    ['no Stripe webhook secret', { STRIPE_WEBHOOK_SECRET: undefined }, 'STRIPE_WEBHOOK_SECRET'],
    ['a placeholder Stripe key', { STRIPE_SECRET_KEY: 'sk_live_not_a_real_key_0123456789' }, 'STRIPE_SECRET_KEY'],
    ['no email API key with resend', { EMAIL_API_KEY: undefined }, 'EMAIL_API_KEY'],
    ['the SMS outbox', { SMS_PROVIDER: 'outbox' }, 'SMS_PROVIDER'],
    ['the WhatsApp outbox', { WHATSAPP_PROVIDER: 'outbox' }, 'WHATSAPP_PROVIDER'],
    ['an unknown SMS provider', { SMS_PROVIDER: 'twilio' }, 'SMS_PROVIDER'],
    ['no Clickatell key with clickatell', { SMS_API_KEY: undefined }, 'SMS_API_KEY'],
    ['a placeholder Clickatell key', { SMS_API_KEY: 'change-me-change-me-change-me' }, 'SMS_API_KEY'],
    ['no WhatsApp token with cloud_api', { WHATSAPP_ACCESS_TOKEN: undefined }, 'WHATSAPP_ACCESS_TOKEN'],
    ['a WhatsApp token of the wrong shape', { WHATSAPP_ACCESS_TOKEN: alnum(60) }, 'WHATSAPP_ACCESS_TOKEN'],
    ['no WhatsApp phone number id', { WHATSAPP_PHONE_NUMBER_ID: undefined }, 'WHATSAPP_PHONE_NUMBER_ID'],
    ['a placeholder WhatsApp phone number id', { WHATSAPP_PHONE_NUMBER_ID: 'REPLACE-WITH-WHATSAPP-PHONE-NUMBER-ID' }, 'WHATSAPP_PHONE_NUMBER_ID'],
    ['no live relays', { LIVE_RELAYS: '0' }, 'LIVE_RELAYS'],
    ['a relay count that is no number', { LIVE_RELAYS: 'four' }, 'LIVE_RELAYS'],
    ['more sockets per relay than one object should hold', { LIVE_SOCKETS_PER_RELAY: '100000' }, 'LIVE_SOCKETS_PER_RELAY'],
    ['a fractional coalescing window', { LIVE_COALESCE_MS: '2.5' }, 'LIVE_COALESCE_MS'],
    ['a resume window too short to resume from', { LIVE_DELTA_WINDOW: '3' }, 'LIVE_DELTA_WINDOW'],
    ['a seat-map version pointer kept for minutes', { LIVE_SNAPSHOT_POINTER_MS: '600000' }, 'LIVE_SNAPSHOT_POINTER_MS'],
    ['an unknown APP_ENV', { APP_ENV: 'staging' }, 'APP_ENV'],
    ['an empty APP_ENV', { APP_ENV: '' }, 'APP_ENV'],
    ['no APP_ENV', { APP_ENV: undefined }, 'APP_ENV'],
    ['a capitalised APP_ENV', { APP_ENV: 'Production' }, 'APP_ENV'],
  ])('refuses %s in production, by name', (_label, overrides, name) => {
    expect(names(productionEnv(overrides) as never)).toContain(name);
  });

  it('insists on the Turnstile site key and secret in production, and refuses Cloudflare’s documented test keys there', () => {
    const turnstileProblems = (overrides: Record<string, unknown>) => names(productionEnv(overrides) as never).filter((n) => n.startsWith('TURNSTILE_'));
    expect(turnstileProblems({})).toEqual([]);
    for (const siteKey of [undefined, '', '  ', 'REPLACE-WITH-TURNSTILE-SITE-KEY', '1x00000000000000000000AA', '2x00000000000000000000AB', '1x00000000000000000000BB', '2x00000000000000000000BB', '3x00000000000000000000FF']) {
      expect(turnstileProblems({ TURNSTILE_SITE_KEY: siteKey }), String(siteKey)).toEqual(['TURNSTILE_SITE_KEY']);
    }
    for (const secret of [undefined, '', '1x0000000000000000000000000000000AA', '2x0000000000000000000000000000000AA', '3x0000000000000000000000000000000AA']) {
      expect(turnstileProblems({ TURNSTILE_SECRET: secret }), String(secret)).toEqual(['TURNSTILE_SECRET']);
    }
    // Development and test keep the documented test keys (and may have none).
    expect(configProblems({ ...env, TURNSTILE_SITE_KEY: '1x00000000000000000000AA', TURNSTILE_SECRET: '1x0000000000000000000000000000000AA' } as never)).toEqual([]);
    expect(configProblems({ ...env, TURNSTILE_SITE_KEY: '', TURNSTILE_SECRET: undefined } as never)).toEqual([]);
  });

  it('refuses to serve in production without a Turnstile site key (503 problem+json), naming it in the log', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(String(line)));
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request('https://voelgoed.test/api/v1/health'), productionEnv({ TURNSTILE_SITE_KEY: '1x00000000000000000000AA' }), ctx);
    await waitOnExecutionContext(ctx);
    spy.mockRestore();
    expect(res.status).toBe(503);
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    expect(lines.join('\n')).toContain('TURNSTILE_SITE_KEY');
    expect(lines.join('\n')).not.toContain('1x00000000000000000000AA');
  });

  for (const secret of ['JWT_SECRET', 'TICKET_KEY_SECRET', 'FILES_SIGNING_SECRET', 'WEBHOOK_SECRET_KEY', 'UPSTASH_REDIS_REST_TOKEN']) {
    it(`refuses a missing, short or placeholder ${secret}`, () => {
      for (const value of [undefined, '', 'tooshort0123', 'dev-only-change-me-0123456789abcdef0123456789abcdef', 'test-secret-0123456789abcdef0123456789abcdef', 'x'.repeat(48), 'placeholder-placeholder-placeholder-00']) {
        const problems = configProblems(productionEnv({ [secret]: value }) as never);
        expect(problems.map((p) => p.name), String(value)).toEqual([secret]);
      }
    });
  }

  it('never puts a value in a problem', () => {
    const e = productionEnv({ JWT_SECRET: 'dev-only-change-me-0123456789abcdef0123456789abcdef', STRIPE_SECRET_KEY: `sk_test_${alnum(40)}` });
    const text = JSON.stringify(configProblems(e as never));
    expect(text).not.toContain('dev-only-change-me');
    expect(text).not.toContain((e as unknown as Record<string, string>).STRIPE_SECRET_KEY);
  });
});

describe('the Worker with an unsafe configuration', () => {
  afterEach(() => vi.restoreAllMocks());

  async function fetchWith(e: Cloudflare.Env, path = '/api/v1/health') {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(`https://voelgoed.test${path}`), e, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  it('answers 503 problem+json with Retry-After in production with dev settings, and logs names, not values', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(String(line)));
    // The test deployment's own settings, only APP_ENV says production: the mailbox, the test provider, the bridge…
    const res = await fetchWith({ ...env, APP_ENV: 'production' });
    expect(res.status).toBe(503);
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
    const body = await res.json<{ code: string; detail: string }>();
    expect(body.code).toBe('service_misconfigured');
    expect(JSON.stringify(body)).not.toMatch(/JWT_SECRET|EMAIL_PROVIDER/); // the public answer names nothing
    const logged = lines.join('\n');
    for (const name of ['EMAIL_PROVIDER', 'PAYMENT_PROVIDER', 'TEST_PROVIDER_WEBHOOK_SECRET', 'UPSTASH_REDIS_REST_URL', 'APP_URL', 'JWT_SECRET', 'TICKET_KEY_SECRET']) {
      expect(logged).toContain(name);
    }
    for (const value of [env.JWT_SECRET, env.TICKET_KEY_SECRET, env.TEST_PROVIDER_WEBHOOK_SECRET, env.UPSTASH_REDIS_REST_URL, env.FILES_SIGNING_SECRET]) {
      expect(logged).not.toContain(String(value));
    }
  });

  it('refuses an unknown or empty APP_ENV, whatever else is set', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const APP_ENV of ['staging', '', 'prod']) {
      expect((await fetchWith(productionEnv({ APP_ENV }))).status, APP_ENV).toBe(503);
    }
  });

  it('serves a production env whose settings are all real', async () => {
    const res = await fetchWith(productionEnv());
    expect(res.status).toBe(200);
  });

  it('leaves queue messages for later instead of working them', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const retryAll = vi.fn();
    const batch = { queue: 'voelgoed-notifications', messages: [], retryAll, ackAll: vi.fn() } as unknown as MessageBatch<unknown>;
    await worker.queue(batch, { ...env, APP_ENV: 'production' } as Cloudflare.Env, createExecutionContext());
    expect(retryAll).toHaveBeenCalledWith({ delaySeconds: expect.any(Number) });
  });
});
