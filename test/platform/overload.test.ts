/**
 * Overload is answered, never crashed into (docs/operations.md, "Overload and outages"): with a platform failure
 * injected into a binding (test/support/faults.ts), each representative route answers 503 problem+json with
 * Retry-After and its kind's code — never 500 — and leaves nothing half-written: a clean retry succeeds, once.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { createDb } from '../../src/db/client';
import { ABANDONED_CLAIM_MS } from '../../src/domains/orders/checkout';
import { storeDeadLetter } from '../../src/queues/dead-letters';
import { api, signup, sleep, uniqueEmail, uniqueIp } from '../support/api';
import { callWithFaults, SHAPES, type Fault, type FaultKind, type FaultyResponse } from '../support/faults';
import { SCENARIOS, type Scenario } from '../support/overload-scenarios';
import { platformUser } from '../support/tenant-fixtures';

const CODES: Record<FaultKind, string> = { durableObject: 'inventory_unavailable', d1: 'database_busy', queue: 'queue_unavailable', r2: 'storage_unavailable', upstash: 'limiter_unavailable' };

function expectOverloadAnswer(res: FaultyResponse, code: string) {
  expect(res.status, res.text).toBe(503);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(res.body.code).toBe(code);
}

/** Sends the scenario's request with `fault`, then cleanly; gives both answers. */
async function faultThenRetry(scenario: Scenario, fault: Fault) {
  const owner = await signup();
  const s = await scenario.setup(owner);
  const first = await callWithFaults(await scenario.request(s, 'faulty'), [fault]);
  const retry = await callWithFaults(await scenario.request(s, 'retry'));
  return { s, first, retry };
}

const byName = (name: string) => SCENARIOS.find((x) => x.name === name)!;

describe('the first call of its kind fails: each route answers 503 with its code, and the retry succeeds once', () => {
  const cases: [string, FaultKind, keyof typeof SHAPES][] = [
    ['public hold', 'durableObject', 'doOverloaded'],
    ['checkout', 'durableObject', 'doQueuedTooLong'],
    ['checkout', 'd1', 'd1Busy'],
    ['payment webhook (order completion)', 'd1', 'd1Overloaded'],
    ['refund', 'd1', 'd1TimedOut'],
    ['online scan', 'durableObject', 'doStorageTimeout'],
    ['event publish', 'durableObject', 'doOverloaded'],
    ['event publish', 'd1', 'd1Reset'],
    ['export request', 'queue', 'queueDown'],
    ['signup', 'd1', 'd1NetworkLost'],
  ];
  for (const [name, kind, shape] of cases) {
    it(`${name}: ${shape} → 503 ${CODES[kind]}`, async () => {
      const scenario = byName(name);
      const { s, first, retry } = await faultThenRetry(scenario, { kind, nth: 1, error: SHAPES[shape] });
      expectOverloadAnswer(first, CODES[kind]);
      expect(first.plan.injected).toHaveLength(1);
      expect(scenario.success, retry.text).toContain(retry.status);
      await scenario.check(s);
    });
  }
});

describe('idempotent inventory calls are retried once when the runtime says retryable (never when overloaded)', () => {
  it('a hold whose answer was lost after the object made it: asked again with the same hold id, one hold', async () => {
    const scenario = byName('public hold');
    const owner = await signup();
    const s = await scenario.setup(owner);
    const res = await callWithFaults(await scenario.request(s, 'faulty'), [{ kind: 'durableObject', nth: 1, error: SHAPES.doNetworkLost, when: 'after' }]);
    expect(res.status, res.text).toBe(201);
    expect(res.plan.calls.durableObject).toBe(2);
    await scenario.check(s);
  });

  it('retryable twice in a row: 503 inventory_unavailable after one retry, not a loop', async () => {
    const scenario = byName('public hold');
    const s = await scenario.setup(await signup());
    const res = await callWithFaults(await scenario.request(s, 'faulty'), [{ kind: 'durableObject', nth: 1, times: 5, error: SHAPES.doCodeUpdated }]);
    expectOverloadAnswer(res, 'inventory_unavailable');
    expect(res.plan.calls.durableObject).toBe(2);
  });

  it('an overloaded object is asked once', async () => {
    const scenario = byName('public hold');
    const s = await scenario.setup(await signup());
    const res = await callWithFaults(await scenario.request(s, 'faulty'), [{ kind: 'durableObject', nth: 1, times: 5, error: SHAPES.doOverloaded }]);
    expectOverloadAnswer(res, 'inventory_unavailable');
    expect(res.plan.calls.durableObject).toBe(1);
  });
});

describe('a queue send after a committed change never fails the request nor loses the message', () => {
  it('checkout answers 201 while the notifications queue is down; the outbox row stays queued for the next pump', async () => {
    const scenario = byName('checkout');
    const owner = await signup();
    const s = await scenario.setup(owner);
    const res = await callWithFaults(await scenario.request(s, 'faulty'), [{ kind: 'queue', nth: 1, times: 100, error: SHAPES.queueDown }]);
    expect(res.status, res.text).toBe(201);
    await scenario.check(s);
  });
});

describe('R2 and the Upstash store', () => {
  it('an export download while R2 fails: 503 storage_unavailable; the same link works once R2 is back', async () => {
    const owner = await signup();
    const requested = await api('POST', `/orgs/${owner.orgId}/exports`, { token: owner.token, body: { kind: 'orders' } });
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    let job: any;
    for (const until = Date.now() + 20_000; Date.now() < until; await sleep(50)) {
      job = (await api('GET', `/orgs/${owner.orgId}/exports/${requested.body.id}`, { token: owner.token })).body;
      if (job.status === 'completed') break;
    }
    expect(job.status).toBe('completed');
    const link = new URL(job.downloadUrl);
    const path = `https://voelgoed.test${link.pathname}${link.search}`;
    const failed = await callWithFaults(new Request(path), [{ kind: 'r2', nth: 1, error: SHAPES.r2Down }]);
    expectOverloadAnswer(failed, 'storage_unavailable');
    const ok = await callWithFaults(new Request(path));
    expect(ok.status, ok.text).toBe(200);
  });

  it('signup while Upstash is unreachable counts in the fallback object (201); with that down too, 503 limiter_unavailable and no account', async () => {
    const email = uniqueEmail('limiter');
    const body = { email, password: 'correct-horse-battery', name: 'New Owner', organizationName: 'New Org' };
    const upstashDown: Fault = { kind: 'upstash', nth: 1, times: 1_000, error: SHAPES.upstashDown };
    const brokenCounter = { RATE_COUNTER: { idFromName: () => { throw SHAPES.doOverloaded(); } } };
    const refused = await callWithFaults({ method: 'POST', path: '/auth/signup', body, headers: { 'CF-Connecting-IP': uniqueIp() } }, [upstashDown], brokenCounter);
    expectOverloadAnswer(refused, 'limiter_unavailable');
    expect(refused.plan.calls.upstash).toBeGreaterThan(0);
    expect((await env.DB.prepare('select count(*) as n from users where email = ?').bind(email).first<{ n: number }>())!.n).toBe(0);
    const counted = await callWithFaults({ method: 'POST', path: '/auth/signup', body, headers: { 'CF-Connecting-IP': uniqueIp() } }, [upstashDown]);
    expect(counted.status, counted.text).toBe(201);
  });
});

describe('what a failure leaves behind does not block the next attempt', () => {
  it('a hold claim whose checkout died without its order is taken over once abandoned; a fresh one still refuses', async () => {
    const scenario = byName('checkout');
    const owner = await signup();
    const s = await scenario.setup(owner);
    const claim = (orderId: string, ageMs: number) =>
      env.DB.prepare('insert into hold_claims (hold_id, organization_id, event_id, order_id, created_at) values (?, ?, ?, ?, ?)')
        .bind(s.holdId, owner.orgId, s.eventId, orderId, Date.now() - ageMs)
        .run();
    await claim('ord_01neverwritten000000000000', 10_000);
    const refused = await callWithFaults(await scenario.request(s, 'faulty'));
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.code).toBe('hold_already_checked_out');
    await env.DB.prepare('delete from hold_claims where hold_id = ?').bind(s.holdId).run();
    await claim('ord_01neverwritten000000000000', ABANDONED_CLAIM_MS + 1_000);
    const taken = await callWithFaults(await scenario.request(s, 'retry'));
    expect(taken.status, taken.text).toBe(201);
    await scenario.check(s);
  });

  it('an order completed while the notifications queue is down: 200, and its email waits unclaimed for the next pump', async () => {
    const scenario = byName('payment webhook (order completion)');
    const owner = await signup();
    const s = await scenario.setup(owner);
    const res = await callWithFaults(await scenario.request(s, 'faulty'), [{ kind: 'queue', nth: 1, times: 1_000, error: SHAPES.queueDown }]);
    expect(res.status, res.text).toBe(200);
    expect(res.plan.injected.length).toBeGreaterThan(0);
    const stuck = await env.DB.prepare("select count(*) as n from notification_outbox where organization_id = ? and status = 'queued' and enqueued_at is not null").bind(owner.orgId).first<{ n: number }>();
    expect(stuck!.n, 'no email claimed by a pump whose send failed').toBe(0);
    const waiting = await env.DB.prepare("select count(*) as n from notification_outbox where organization_id = ? and status = 'queued'").bind(owner.orgId).first<{ n: number }>();
    expect(waiting!.n, 'the order confirmation waits in the outbox').toBeGreaterThan(0);
    await scenario.check(s);
  });
});

describe('an operator replaying a dead letter while the queue is down', () => {
  it('503 queue_unavailable, and the letter is not marked replayed: the next replay sends it', async () => {
    const admin = await platformUser('is_platform_admin');
    const messageId = `overload-${crypto.randomUUID()}`;
    // A delivery id that does not exist: its consumer acknowledges it and does nothing.
    await storeDeadLetter(createDb(env.DB), 'voelgoed-webhooks', { id: messageId, body: { kind: 'delivery', id: 'whd_01doesnotexist000000000000' }, attempts: 5 } as unknown as Message<unknown>);
    const { id } = (await env.DB.prepare('select id from dead_letters where message_id = ?').bind(messageId).first<{ id: string }>())!;
    const path = `/platform/dead-letters/${id}/replay`;
    const failed = await callWithFaults({ method: 'POST', path, token: admin.token }, [{ kind: 'queue', nth: 1, error: SHAPES.queueDown }]);
    expectOverloadAnswer(failed, 'queue_unavailable');
    const row = await env.DB.prepare('select replayed_at as replayedAt from dead_letters where id = ?').bind(id).first<{ replayedAt: number | null }>();
    expect(row!.replayedAt, 'not shown as replayed').toBeNull();
    const replayed = await callWithFaults({ method: 'POST', path, token: admin.token });
    expect(replayed.status, replayed.text).toBe(200);
    expect(replayed.plan.calls.queue).toBe(1);
  });
});

describe('the log of an overload', () => {
  it('one warning with the platform’s own words; never the query’s bound values (here the email signing in)', async () => {
    const owner = await signup();
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    try {
      const res = await callWithFaults({ method: 'POST', path: '/auth/login', body: { email: owner.email, password: owner.password }, headers: { 'CF-Connecting-IP': uniqueIp() } }, [
        { kind: 'd1', nth: 1, error: SHAPES.d1Busy },
      ]);
      expectOverloadAnswer(res, 'database_busy');
      const lines = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes(res.body.requestId));
      const platform = lines.filter((l) => l.includes('platform unavailable'));
      expect(platform, lines.join('\n')).toHaveLength(1);
      expect(JSON.parse(platform[0]!)).toMatchObject({ level: 'warn', kind: 'database', code: 'database_busy', error: 'D1_ERROR: database is locked: SQLITE_BUSY' });
      const all = [...warn.mock.calls, ...error.mock.calls].map((c) => String(c[0])).join('\n');
      expect(all).not.toContain(owner.email);
      expect(error.mock.calls.map((c) => String(c[0])).filter((l) => l.includes(res.body.requestId)), 'no error lines for an answered overload').toEqual([]);
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});
