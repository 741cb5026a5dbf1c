import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { LOGIN_THROTTLE } from '../../src/platform/login-throttle';
import { BASE, login, signup, uniqueIp } from '../support/api';

describe('someone who knows an email cannot lock its owner out', () => {
  it('an attacker address failing 100 times does not stop the owner signing in from theirs', async () => {
    const owner = await signup();
    const attacker = uniqueIp();
    const statuses = new Set<number>();
    for (let i = 0; i < 100; i++) statuses.add((await login(owner.email, `guess-${i}`, attacker)).status);
    expect([...statuses].sort()).toEqual([401, 429]);
    // The attacker's address is refused even with the right password…
    expect((await login(owner.email, owner.password, attacker)).status).toBe(429);
    // …the owner's address, which never failed, is not.
    const res = await login(owner.email, owner.password, uniqueIp());
    expect(res.status).toBe(200);
    expect(res.body.token).toEqual(expect.any(String));
  });

  it('the per-account limit slows a spread-out guesser: every address that failed is refused, a fresh one is not', async () => {
    const owner = await signup();
    const guessers = Array.from({ length: 3 }, () => uniqueIp());
    // Four guesses from each address: no address reaches its own pair threshold (5), but the account does at 10.
    const seen: number[] = [];
    for (const ip of guessers) for (let i = 0; i < 4; i++) seen.push((await login(owner.email, `guess-${i}`, ip)).status);
    expect(LOGIN_THROTTLE.accountThreshold).toBe(10);
    expect(seen).toEqual([...Array(10).fill(401), 429, 429]);
    for (const ip of guessers) {
      const refused = await login(owner.email, owner.password, ip);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('login_throttled');
    }
    expect((await login(owner.email, owner.password, uniqueIp())).status).toBe(200);
  });
});

/** Calls the Worker with a modified environment (SELF always has the configured one). */
async function call(modified: Cloudflare.Env, method: string, path: string, body: unknown, ip: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, { method, headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ip }, body: JSON.stringify(body) }),
    modified,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

// Nothing listens on port 9 (discard): every Upstash call fails at once.
const redisDown = { ...env, UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9' } as Cloudflare.Env;

describe('login and password routes fail closed when Redis is down', () => {
  it('counts in the fallback Durable Object: a correct login goes through, a guesser is stopped at its small limit', async () => {
    const owner = await signup();
    const home = uniqueIp();
    expect((await call(redisDown, 'POST', '/auth/login', { email: owner.email, password: owner.password }, home)).status).toBe(200);

    const attacker = uniqueIp();
    for (let i = 0; i < LOGIN_THROTTLE.pairThreshold; i++) {
      expect((await call(redisDown, 'POST', '/auth/login', { email: owner.email, password: `guess-${i}` }, attacker)).status).toBe(401);
    }
    const refused = await call(redisDown, 'POST', '/auth/login', { email: owner.email, password: owner.password }, attacker);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('login_throttled');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The owner's own address is still let in.
    expect((await call(redisDown, 'POST', '/auth/login', { email: owner.email, password: owner.password }, home)).status).toBe(200);
  });

  it('keeps the per-IP route limit on the password routes in the fallback counter', async () => {
    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await call(redisDown, 'POST', '/auth/password/forgot', { email: `nobody${i}@example.com` }, ip)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
    expect(statuses[10]).toBe(429);
  });

  it('refuses with 503 and Retry-After when the fallback cannot answer either', async () => {
    const owner = await signup();
    const broken = { ...redisDown, RATE_COUNTER: { idFromName: () => { throw new Error('counter down'); } } } as unknown as Cloudflare.Env;
    const res = await call(broken, 'POST', '/auth/login', { email: owner.email, password: owner.password }, uniqueIp());
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.body.token).toBeUndefined();
  });

  it("organizers' authenticated requests fail open: no API key, organization or daily limit stops them", async () => {
    const owner = await signup();
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(`${BASE}/orgs/${owner.orgId}/venues`, { headers: { Authorization: `Bearer ${owner.token}` } }), redisDown, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-policy')).toBeNull();
  });

  it('the buyer routes fail open: a limiter outage does not close the box office', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 25; i++) {
      expect((await call(redisDown, 'POST', '/public/events/evt_01jx0000000000000000000000/checkout', {}, ip)).status).toBe(422);
    }
  });
});
