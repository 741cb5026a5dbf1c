import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import { newId } from '../../src/platform/ids';
import { consumeDailyQuota, DEFAULT_PLAN, parsePlans, secondsUntilUtcMidnight } from '../../src/platform/quotas';
import { RetryLater, type QueueContext } from '../../src/queues/consumer';
import { notificationsConsumer } from '../../src/queues/notifications';
import { api, createApiKey, signup, type SignedUp } from '../support/api';

// The test-only plans are defined in vitest.config.ts (PLAN_QUOTAS); production config never names them.
const onPlan = (owner: SignedUp, plan: string) => env.DB.prepare('update organizations set plan = ? where id = ?').bind(plan, owner.orgId).run();
const venues = (owner: SignedUp, token: string) => api('GET', `/orgs/${owner.orgId}/venues`, { token });

describe('per API key and per organization limits', () => {
  it('refuses an API key past its per-minute limit, then the whole organization past its own, and no other organization', async () => {
    const owner = await signup();
    await onPlan(owner, 'test-tight-minute'); // 3 per key, 10 per organization, per minute
    const [a, b] = [await createApiKey(owner, ['venues.read'], 'a'), await createApiKey(owner, ['venues.read'], 'b')]; // 2 of the 10
    for (let i = 0; i < 3; i++) {
      const ok = await venues(owner, a.secret);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit-policy')).toBe('"api-key";q=3;w=60, "org";q=10;w=60, "org-day";q=100000;w=86400');
    }
    const refused = await venues(owner, a.secret);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit')).toMatch(/^"api-key";r=0;t=\d+, "org";r=5;t=\d+, "org-day";r=\d+;t=\d+$/);
    // Another key of the same organization has its own minute…
    for (let i = 0; i < 3; i++) expect((await venues(owner, b.secret)).status).toBe(200);
    // …until the organization's runs out, for keys and sessions alike (a refused request counts nowhere).
    for (let i = 0; i < 2; i++) expect((await venues(owner, owner.token)).status).toBe(200);
    const orgRefused = await venues(owner, owner.token);
    expect(orgRefused.status).toBe(429);
    expect(orgRefused.body.code).toBe('rate_limited');
    expect(orgRefused.headers.get('ratelimit')).toMatch(/^"org";r=0;t=\d+, "org-day";r=\d+;t=\d+$/);
    // Another organization is not affected.
    const other = await signup();
    expect((await venues(other, other.token)).status).toBe(200);
  });
});

describe('per API key and per organization limits, in parallel', () => {
  it('lets exactly the limit through when requests with one key race', async () => {
    const owner = await signup();
    await onPlan(owner, 'test-tight-minute'); // 3 per key
    const key = await createApiKey(owner, ['venues.read']);
    const statuses = await Promise.all(Array.from({ length: 8 }, () => venues(owner, key.secret).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });
});

describe('daily quotas per plan', () => {
  it("refuses an organization's API calls past its daily quota with Retry-After until the UTC day ends, and the usage route shows it", async () => {
    const owner = await signup();
    await onPlan(owner, 'test-tight-day'); // 5 API calls a day
    for (let i = 0; i < 5; i++) {
      const ok = await venues(owner, owner.token);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit')).toMatch(new RegExp(`"org-day";r=${4 - i};t=\\d+$`));
    }
    const refused = await venues(owner, owner.token);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.code).toBe('quota_exceeded');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Math.abs(retryAfter - secondsUntilUtcMidnight())).toBeLessThanOrEqual(5);
    // Over the quota, the usage stays readable.
    const usage = await api('GET', `/orgs/${owner.orgId}/usage`, { token: owner.token });
    expect(usage.status).toBe(200);
    expect(usage.body).toMatchObject({ plan: 'test-tight-day', apiCalls: { used: 5, quota: 5 }, emails: { used: 0, quota: 1 } });
    expect(new Date(usage.body.resetsAt).getUTCHours()).toBe(0);
    expect(Date.parse(usage.body.resetsAt) - Date.now()).toBeLessThanOrEqual(86_400_000);
  });

  it('counts every authenticated request of the organization once, and not the usage reads', async () => {
    const owner = await signup();
    const key = await createApiKey(owner, ['venues.read', 'organization.read']);
    const before = (await api('GET', `/orgs/${owner.orgId}/usage`, { token: owner.token })).body;
    expect(before).toMatchObject({ plan: 'default', apiCalls: { quota: DEFAULT_PLAN.apiCallsPerDay }, emails: { quota: DEFAULT_PLAN.emailsPerDay } });
    expect(before.perMinute).toEqual({ organization: DEFAULT_PLAN.apiRequestsPerMinute, apiKey: DEFAULT_PLAN.apiKeyRequestsPerMinute });
    await venues(owner, owner.token);
    await venues(owner, key.secret);
    await api('GET', `/orgs/${owner.orgId}/usage`, { token: key.secret });
    const after = (await api('GET', `/orgs/${owner.orgId}/usage`, { token: owner.token })).body;
    expect(after.apiCalls.used - before.apiCalls.used).toBe(2);
    // Another organization's usage is its own, and its id answers 404 here.
    // Another organization's calls into this one answer 404 and never spend this organization's quota.
    const other = await signup();
    expect((await api('GET', `/orgs/${other.orgId}/usage`, { token: owner.token })).status).toBe(404);
    expect((await venues(owner, other.token)).status).toBe(404);
    const last = (await api('GET', `/orgs/${owner.orgId}/usage`, { token: owner.token })).body;
    expect(last.apiCalls.used).toBe(after.apiCalls.used);
  });

  it("holds email back in the queue once the organization has used the day's email quota", async () => {
    const owner = await signup();
    await onPlan(owner, 'test-tight-day'); // 1 email a day
    expect((await consumeDailyQuota(env, owner.orgId, 'emails', 1)).allowed).toBe(true);
    const id = newId('ntf');
    await env.DB.prepare(
      "insert into notification_outbox (id, organization_id, channel, recipient, template, locale, payload, status, attempts, created_at) values (?, ?, 'email', 'quota@example.com', 'invitation', 'en', '{}', 'queued', 0, ?)",
    )
      .bind(id, owner.orgId, Date.now())
      .run();
    const ctx: QueueContext = { env, db: createDb(env.DB), waitUntil: () => {}, attempt: 1, messageId: 'm1' };
    const error = await notificationsConsumer.handle({ kind: 'notification', id }, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLater);
    expect(Math.abs((error as RetryLater).delaySeconds - secondsUntilUtcMidnight())).toBeLessThanOrEqual(5);
    expect((await env.DB.prepare('select status from notification_outbox where id = ?').bind(id).first())!.status).toBe('queued');
    const usage = await api('GET', `/orgs/${owner.orgId}/usage`, { token: owner.token });
    expect(usage.body.emails).toEqual({ used: 1, quota: 1 });
  });

  it('reads plans from PLAN_QUOTAS over the built-in default, ignoring nonsense', () => {
    expect(parsePlans(undefined)).toEqual({ default: DEFAULT_PLAN });
    expect(parsePlans('not json')).toEqual({ default: DEFAULT_PLAN });
    const plans = parsePlans(JSON.stringify({ default: { emailsPerDay: 50 }, pro: { apiCallsPerDay: 1e6, emailsPerDay: -3 } }));
    expect(plans.default).toEqual({ ...DEFAULT_PLAN, emailsPerDay: 50 });
    expect(plans.pro).toEqual({ ...DEFAULT_PLAN, emailsPerDay: 50, apiCallsPerDay: 1e6 });
  });
});
