/** The classifier: each documented platform failure is recognised with its kind; a bug or a refusal is not. */
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { asTransient, platformMessageOf, tagFailure, transientError, transientKindOf } from '../../src/platform/transient-errors';
import { SHAPES, SHAPES_BY_KIND, type FaultKind } from '../support/faults';

const EXPECTED_KIND: Record<FaultKind, string | null> = { durableObject: 'inventory', d1: 'database', queue: null, r2: null, upstash: null };

describe('transient platform failures are recognised by their documented shapes', () => {
  for (const [kind, shapes] of Object.entries(SHAPES_BY_KIND) as [FaultKind, (keyof typeof SHAPES)[]][]) {
    for (const shape of shapes) {
      it(`${shape} → ${EXPECTED_KIND[kind] ?? 'only where its call site tags it'}`, () => {
        expect(transientKindOf(SHAPES[shape]())).toBe(EXPECTED_KIND[kind]);
      });
    }
  }

  it('a D1 error wrapped by drizzle is found through its cause, and the log never sees the bound values', () => {
    const wrapped = new DrizzleQueryError('insert into sessions (token_hash) values (?)', ['secret-token-hash'], SHAPES.d1Busy());
    expect(transientKindOf(wrapped)).toBe('database');
    const answer = asTransient(wrapped)!;
    expect(answer.status).toBe(503);
    expect(answer.code).toBe('database_busy');
    expect(answer.headers?.['Retry-After']).toBe('2');
    expect(platformMessageOf(wrapped)).toBe('D1_ERROR: database is locked: SQLITE_BUSY');
    expect(answer.message + answer.platformMessage).not.toContain('secret-token-hash');
  });

  it('refusals and bugs stay what they are: a constraint failure, an error thrown by the object’s own code, a TypeError', () => {
    expect(transientKindOf(new Error('D1_ERROR: UNIQUE constraint failed: hold_claims.hold_id: SQLITE_CONSTRAINT'))).toBeNull();
    expect(transientKindOf(Object.assign(new Error('Cannot read properties of undefined'), { remote: true }))).toBeNull();
    expect(transientKindOf(new TypeError('x is not a function'))).toBeNull();
  });

  it('an overloaded object is answered 503 inventory_unavailable with a small Retry-After', () => {
    const answer = asTransient(SHAPES.doOverloaded())!;
    expect([answer.status, answer.code, answer.headers?.['Retry-After']]).toEqual([503, 'inventory_unavailable', '2']);
  });

  it('the waiting room’s own failures have their own code (room-client.ts names the kind), the same small Retry-After', () => {
    const answer = transientError('waiting_room', SHAPES.doOverloaded());
    expect([answer.status, answer.code, answer.headers?.['Retry-After']]).toEqual([503, 'waiting_room_unavailable', '2']);
  });

  it('a queue or R2 call site tags any failure with its kind', async () => {
    const queue = await tagFailure('queue', () => Promise.reject(SHAPES.queueDown())).catch((e) => e);
    expect([queue.status, queue.code, queue.headers['Retry-After']]).toEqual([503, 'queue_unavailable', '5']);
    const r2 = await tagFailure('storage', () => Promise.reject(SHAPES.r2Down())).catch((e) => e);
    expect([r2.status, r2.code]).toEqual([503, 'storage_unavailable']);
  });
});
