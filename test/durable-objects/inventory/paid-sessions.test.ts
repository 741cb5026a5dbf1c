/**
 * The waiting room's reading of its shoppers over an event's objects (durable-objects/inventory/paid-sessions.ts):
 * paid — confirmed somewhere and holding nowhere; lapsed — a hold ran out somewhere, nothing confirmed or held anywhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shopperSessions, type SessionHolds } from '../../../durable-objects/inventory/paid-sessions';

const answer = (a: Partial<SessionHolds>): SessionHolds => ({ confirmed: [], active: [], expired: [], ...a });

describe('shopper sessions over shards', () => {
  it('calls a session lapsed only when no shard sees it holding or paid', () => {
    // Ran out in shard 0, still holding in shard 1: shopping.
    expect(shopperSessions([answer({ expired: ['s'] }), answer({ active: ['s'] })])).toEqual({ paid: [], lapsed: [] });
    // Ran out in shard 0, bought in shard 1: paid, not lapsed.
    expect(shopperSessions([answer({ expired: ['s'] }), answer({ confirmed: ['s'] })])).toEqual({ paid: ['s'], lapsed: [] });
    // Ran out, nothing else anywhere: lapsed.
    expect(shopperSessions([answer({ expired: ['s'] }), answer({})])).toEqual({ paid: [], lapsed: ['s'] });
  });

  it('never calls one session both paid and lapsed, nor either while it holds anywhere', () => {
    const ids = fc.subarray(['a', 'b', 'c', 'd']);
    const shard = fc.record({ confirmed: ids, active: ids, expired: ids });
    fc.assert(
      fc.property(fc.array(shard, { minLength: 1, maxLength: 4 }), (answers) => {
        const { paid, lapsed } = shopperSessions(answers);
        const holding = new Set(answers.flatMap((a) => a.active));
        for (const id of [...paid, ...lapsed]) expect(holding.has(id)).toBe(false);
        for (const id of paid) expect(lapsed).not.toContain(id);
      }),
    );
  });
});
