/**
 * A relay delivers every delta exactly once, in order, whatever the pushes do (issue 13): pushes duplicated, reordered
 * or lost, with the relay asking the inventory for what is missing whenever it sees a gap (as LiveRelay does with
 * liveDeltasSince). Its window answers a resume with exactly the deltas after `since`, or null outside it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RelayStream } from '../../../durable-objects/relay/stream';
import type { ChannelDelta } from '../../../src/shared/live-protocol';

const delta = (version: number): ChannelDelta => ({ type: 'delta', audience: 'gate', version, counts: { checkedIn: version, inside: version, gates: {} } });

/** Pushes as the network may deliver them: each a batch of versions, duplicated, shuffled, some never sent. */
const pushes = (n: number) =>
  fc.array(fc.array(fc.integer({ min: 1, max: n }), { maxLength: 6 }), { maxLength: 3 * n }).chain((batches) => fc.shuffledSubarray(batches, { minLength: 0 }));

describe('RelayStream', () => {
  it('releases every version once, in order, from pushes duplicated, reordered or lost, filling gaps from the source', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.nat(), (start, n, seed) => {
        const truth = Array.from({ length: n }, (_, i) => delta(start + 1 + i));
        return fc.assert(
          fc.property(pushes(n), fc.boolean(), (batches, fillOften) => {
            const stream = new RelayStream(start, 256);
            const delivered: number[] = [];
            const fill = () => delivered.push(...stream.receive(truth.filter((d) => d.version > stream.version)).map((d) => d.version));
            for (const batch of batches) {
              delivered.push(...stream.receive(batch.map((v) => truth[v - 1]!)).map((d) => d.version));
              if (stream.hasGap && fillOften) fill();
            }
            // Whatever was lost: one more gap fill (the relay's periodic check, or the next push) completes it.
            fill();
            expect(delivered).toEqual(truth.map((d) => d.version));
            expect(stream.version).toBe(start + n);
            expect(stream.hasGap).toBe(false);
          }),
          { numRuns: 5, seed },
        );
      }),
      { numRuns: 60 },
    );
  });

  it('answers a resume from its window, exactly the missing deltas, or null when since is older than the window', () => {
    const stream = new RelayStream(10, 4);
    stream.receive([11, 12, 13, 14, 15, 16].map(delta));
    expect(stream.after(13)!.map((d) => d.version)).toEqual([14, 15, 16]);
    expect(stream.after(12)!.map((d) => d.version)).toEqual([13, 14, 15, 16]);
    expect(stream.after(16)).toEqual([]);
    expect(stream.after(11)).toBeNull();
    // A resync jumps ahead and forgets the window (sockets refetch); what waited beyond follows on.
    stream.receive([delta(30)]);
    expect(stream.hasGap).toBe(true);
    expect(stream.reset(29)).toBe(30);
    expect(stream.after(28)).toBeNull();
  });
});
