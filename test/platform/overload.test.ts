/**
 * Overload is answered, never crashed into (docs/operations.md, "Overload and outages"): with a platform failure
 * injected into a binding (test/support/faults.ts), each representative route answers 503 problem+json with
 * Retry-After and its kind's code — never 500 — and leaves nothing half-written: a clean retry succeeds, once.
 */
import { describe, expect, it } from 'vitest';
import { signup } from '../support/api';
import { callWithFaults, SHAPES, type Fault, type FaultKind, type FaultyResponse } from '../support/faults';
import { SCENARIOS, type Scenario } from '../support/overload-scenarios';

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
