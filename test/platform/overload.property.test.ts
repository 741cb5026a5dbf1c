/**
 * Property: any representative route × any binding × any failing call (before the platform applied it, or after —
 * the answer lost) → the answer is the route's success or a 503 problem+json with Retry-After, never a 500; and after
 * a clean retry nothing is half-written: no oversell, the ledger balances, the inventory agrees with D1, no order,
 * payment, ticket or account twice (the invariants are each scenario's `check`, test/support/overload-scenarios.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signup } from '../support/api';
import { callWithFaults, SHAPES, SHAPES_BY_KIND } from '../support/faults';
import { SCENARIOS } from '../support/overload-scenarios';

/** ≈1 s a run (each sets up its own tenant and event); 300 runs found nothing more than 60 do on this machine. */
const RUNS = 60;

const run = fc.record({
  scenario: fc.integer({ min: 0, max: SCENARIOS.length - 1 }),
  kind: fc.nat(),
  shape: fc.nat(),
  nth: fc.integer({ min: 1, max: 10 }),
  when: fc.constantFrom('before' as const, 'after' as const),
});

describe('overload property', () => {
  it('success or 503, never 500; a clean retry leaves every invariant true', async () => {
    const seen = { runs: 0, injected: 0, unavailable: 0 };
    await fc.assert(
      fc.asyncProperty(run, async ({ scenario: i, kind: k, shape, nth, when }) => {
        const scenario = SCENARIOS[i]!;
        const kind = scenario.uses[k % scenario.uses.length]!;
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
    expect(seen.unavailable, JSON.stringify(seen)).toBeGreaterThan(seen.runs / 5);
  }, 600_000);
});
