/**
 * Property: any representative route × any binding × any failing call (before the platform applied it, or after —
 * the answer lost) → the answer is the route's success or a 503 problem+json with Retry-After, never a 500; and after
 * a clean retry nothing is half-written: no oversell, the ledger balances, the inventory agrees with D1, no order,
 * payment, ticket or account twice (the invariants are each scenario's `check`, test/support/overload-scenarios.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signup } from '../support/api';
import { callWithFaults, SHAPES, SHAPES_BY_KIND, type FaultKind } from '../support/faults';
import { SCENARIOS } from '../support/overload-scenarios';

/** Each run sets up its own tenant and event (≈0.2–1 s); runs of 300 found nothing that 60 did not. */
const RUNS = 60;

/** About how many calls of each kind one of these requests makes: the failing call is picked among them. */
const CALLS_PER_REQUEST: Record<FaultKind, number> = { d1: 8, durableObject: 3, queue: 2, r2: 1, upstash: 3 };

const run = fc.record({
  scenario: fc.integer({ min: 0, max: SCENARIOS.length - 1 }),
  kind: fc.nat(),
  shape: fc.nat(),
  nth: fc.nat(),
  when: fc.constantFrom('before' as const, 'after' as const),
});

describe('overload property', () => {
  it('success or 503, never 500; a clean retry leaves every invariant true', async () => {
    const seen = { runs: 0, injected: 0, unavailable: 0 };
    await fc.assert(
      fc.asyncProperty(run, async ({ scenario: i, kind: k, shape, nth: n, when }) => {
        const scenario = SCENARIOS[i]!;
        const kind = scenario.uses[k % scenario.uses.length]!;
        const nth = 1 + (n % CALLS_PER_REQUEST[kind]);
        const shapes = SHAPES_BY_KIND[kind];
        const error = SHAPES[shapes[shape % shapes.length]!];
        const s = await scenario.setup(await signup());
        const first = await callWithFaults(await scenario.request(s, 'faulty'), [{ kind, nth, error, when }]);
        seen.runs++;
        if (first.plan.injected.length) seen.injected++;
        if (first.status === 503) seen.unavailable++;
        const label = `${scenario.name} ${kind}#${nth} ${when}: ${first.status} ${first.text}`;
        expect([...scenario.success, 503], label).toContain(first.status);
        if (first.status === 503) {
          expect(first.headers.get('content-type'), label).toContain('application/problem+json');
          expect(Number(first.headers.get('retry-after')), label).toBeGreaterThan(0);
        }
        if (first.status === 503) {
          // What a client does with a 503: try again (after Retry-After), and it goes through.
          const retry = await callWithFaults(await scenario.request(s, 'retry'));
          const allowed = [...scenario.success, ...(when === 'after' ? (scenario.retryAfterCommit ?? []) : [])];
          expect(allowed, `${label} → retry ${retry.status} ${retry.text}`).toContain(retry.status);
        }
        await scenario.check(s, when === 'after' && first.plan.injected.length > 0);
      }),
      { numRuns: RUNS },
    );
    // The property saw faults and overload answers (a wrapper that injected nothing would prove nothing).
    expect(seen.injected, JSON.stringify(seen)).toBeGreaterThan(seen.runs / 3);
    expect(seen.unavailable, JSON.stringify(seen)).toBeGreaterThan(seen.runs / 6);
  }, 600_000);
});
