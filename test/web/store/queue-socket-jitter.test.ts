/**
 * The waiting buyer's queue socket opens a jittered 0–3 s after its join (web/src/store/queue-live.ts), so a crowd
 * joining in one second spreads its socket upgrades over three; leaving (or being admitted) first opens none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUEUE_SOCKET_JITTER_MS, queueSocketDelay, startQueueLiveLater } from '../../../web/src/store/queue-live';
import { fakeTimers } from '../ui/fake-timers';

describe('the queue socket’s jitter', () => {
  it('is within [0, 3 s) for any randomness, and spread across it', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (r) => {
      const d = queueSocketDelay(() => r);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(QUEUE_SOCKET_JITTER_MS);
      expect(Number.isInteger(d)).toBe(true);
    }));
    expect(QUEUE_SOCKET_JITTER_MS).toBe(3_000);
    expect(queueSocketDelay(() => 0)).toBe(0);
    expect(queueSocketDelay(() => 0.5)).toBe(1_500);
    expect(queueSocketDelay(() => 1)).toBeLessThan(3_000);
    expect(queueSocketDelay(() => Number.NaN)).toBe(0);
    // 3,000 buyers joining at once: every half-second of the window gets its share of socket opens (none bunched).
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const buckets = new Array(6).fill(0);
    for (let i = 0; i < 3_000; i++) buckets[Math.floor(queueSocketDelay(random) / 500)] += 1;
    for (const n of buckets) expect(n).toBeGreaterThan(400);
  });

  it('opens the socket only once its delay has passed, and never when cancelled first', () => {
    const { timers, advance } = fakeTimers();
    let started = 0;
    const live = { start: () => void (started += 1) };
    startQueueLiveLater(live, timers, () => 0.6); // 1.8 s
    advance(1_799);
    expect(started).toBe(0);
    advance(1);
    expect(started).toBe(1);
    advance(10_000);
    expect(started).toBe(1);

    const cancel = startQueueLiveLater(live, timers, () => 0.9);
    advance(1_000);
    cancel();
    advance(5_000);
    expect(started).toBe(1);
    cancel(); // twice is harmless
  });
});
