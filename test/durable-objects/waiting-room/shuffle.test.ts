/** The pre-queue's draw (durable-objects/waiting-room/shuffle.ts): a permutation, and each place equally likely for everyone. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newLottery } from '../../../durable-objects/waiting-room/ids';
import { randomBelow, shuffled } from '../../../durable-objects/waiting-room/shuffle';

describe('the pre-queue shuffle', () => {
  it('always answers a permutation of what it was given, leaving the input as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 200 }), (items) => {
        const copy = [...items];
        const out = shuffled(items);
        expect(items).toEqual(copy);
        expect([...out].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it('puts every joiner at every place about equally often over many simulated pre-queues (χ² per joiner)', () => {
    const n = 8;
    const trials = 8_000;
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const joiners = Array.from({ length: n }, (_, i) => i);
    for (let t = 0; t < trials; t++) shuffled(joiners).forEach((joiner, place) => counts[joiner]![place]! += 1);
    const expected = trials / n;
    for (const row of counts) {
      const chi2 = row.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
      // 7 degrees of freedom: P(χ² > 35) ≈ 1e-5, so a fair draw fails this about once in 10^4 runs of 8 joiners.
      expect(chi2).toBeLessThan(35);
    }
    // The first joiner is not favoured: place 1 about 1/n of the time.
    expect(Math.abs(counts[0]![0]! - expected)).toBeLessThan(expected * 0.2);
  });

  it('orders a pre-queue by lottery numbers as fairly: every joiner at every place about equally often (χ² per joiner)', () => {
    const n = 8;
    const trials = 8_000;
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let t = 0; t < trials; t++) {
      // What the room does at sale start (queue.ts): sort the pre-queue by the numbers drawn when each joined.
      const drawn = Array.from({ length: n }, (_, joiner) => ({ joiner, lottery: newLottery() }));
      drawn.sort((a, b) => a.lottery - b.lottery || a.joiner - b.joiner).forEach(({ joiner }, place) => (counts[joiner]![place]! += 1));
    }
    const expected = trials / n;
    for (const row of counts) expect(row.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0)).toBeLessThan(35);
  });

  it('draws lottery numbers in [0, 1) from 53 random bits', () => {
    const all = (v: number) => (a: Uint32Array) => a.fill(v);
    expect(newLottery(all(0))).toBe(0);
    expect(newLottery(all(2 ** 32 - 1))).toBe(1 - 2 ** -53);
    for (let i = 0; i < 1_000; i++) {
      const x = newLottery();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('draws without modulo bias: values at the top of the 32-bit range are thrown away', () => {
    const words = [2 ** 32 - 1, 7];
    const fill = (a: Uint32Array) => {
      a[0] = words.shift()!;
      return a;
    };
    // 2^32 - 1 is above the largest multiple of 3 below 2^32: rejected; 7 % 3 = 1.
    expect(randomBelow(3, fill)).toBe(1);
  });
});
