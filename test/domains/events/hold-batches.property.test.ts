/**
 * The per-isolate hold lane (src/domains/events/hold-batches.ts), proven with fast-check over random bursts: every
 * operation gets exactly its own answer (never a neighbour's, never none), a failed call fails only the operations it
 * carried, no call carries more than MAX_HOLD_OPS_PER_CALL, never more than IN_FLIGHT calls are out at once, and the
 * lane says it is idle exactly when nothing is queued or out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_HOLD_OPS_PER_CALL, type HoldOp, type HoldOpAnswer } from '../../../durable-objects/inventory/hold-ops';
import { IN_FLIGHT, Lane } from '../../../src/domains/events/hold-batches';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the hold lane', () => {
  it('answers every operation with its own answer, within the per-call and in-flight bounds', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Arrival delays (ms, 0 = same tick), and per call: its latency and whether it fails.
        fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 150 }),
        fc.array(fc.record({ latency: fc.nat({ max: 4 }), fails: fc.boolean() }), { minLength: 1, maxLength: 20 }),
        async (arrivals, calls) => {
          let out = 0;
          let maxOut = 0;
          let callNo = 0;
          const carried = new Map<string, 'answered' | 'failed'>();
          let idled = 0;
          const lane = new Lane(
            async (ops: HoldOp[]) => {
              expect(ops.length).toBeGreaterThan(0);
              expect(ops.length).toBeLessThanOrEqual(MAX_HOLD_OPS_PER_CALL);
              out++;
              maxOut = Math.max(maxOut, out);
              const plan = calls[callNo++ % calls.length]!;
              await tick(plan.latency);
              out--;
              for (const op of ops) carried.set(op.op === 'release' ? op.holdId : '', plan.fails ? 'failed' : 'answered');
              if (plan.fails) throw Object.assign(new Error('Durable Object is overloaded. Too many requests queued.'), { overloaded: true });
              // Answers echo the operation so that a mix-up would show.
              return ops.map((op): HoldOpAnswer => (op.op === 'release' ? { result: { ok: false, code: 'echo', message: op.holdId } } : { error: 'unexpected' }));
            },
            () => idled++,
          );
          const answers = await Promise.all(
            arrivals.map(async (delay, i) => {
              if (delay) await tick(delay);
              const id = `hld_${i}`;
              try {
                const answer = await lane.submit({ op: 'release', holdId: id });
                return { id, answer };
              } catch (error) {
                return { id, error };
              }
            }),
          );
          expect(maxOut).toBeLessThanOrEqual(IN_FLIGHT);
          for (const a of answers) {
            if ('answer' in a) {
              expect(a.answer).toEqual({ result: { ok: false, code: 'echo', message: a.id } });
              expect(carried.get(a.id)).toBe('answered');
            } else {
              expect((a.error as Error).message).toMatch(/overloaded/);
              expect(carried.get(a.id)).toBe('failed');
            }
          }
          expect(carried.size).toBe(arrivals.length);
          // Idle at least once (at the end), and nothing left out.
          expect(idled).toBeGreaterThan(0);
          expect(out).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sends the first operation at once and gathers what arrives while calls are out', async () => {
    const sizes: number[] = [];
    const lane = new Lane(
      async (ops) => {
        sizes.push(ops.length);
        await tick(5);
        return ops.map(() => ({ result: { ok: false, code: 'x', message: 'x' } }) as HoldOpAnswer);
      },
      () => undefined,
    );
    const op: HoldOp = { op: 'extend', holdId: 'hld_1' };
    await lane.submit(op);
    expect(sizes).toEqual([1]);
    sizes.length = 0;
    await Promise.all(Array.from({ length: 100 }, () => lane.submit(op)));
    // 100 operations arriving together: the first IN_FLIGHT calls leave at once, the rest ride on later calls.
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100);
    expect(sizes.length).toBeLessThan(100 / 4);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_HOLD_OPS_PER_CALL);
  });
});
