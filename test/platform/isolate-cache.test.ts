/**
 * The isolate cache (src/platform/isolate-cache.ts) shares data across requests, never a request's I/O: one lookup for
 * a herd; a settled value answered as itself; a failed lookup is the failure of its own request only (each waiter
 * then looks up for itself); a value forgotten while its lookup ran is not kept.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/platform/errors';
import { isolateCache } from '../../src/platform/isolate-cache';

const later = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('isolateCache', () => {
  it('makes one lookup for a herd and answers each caller with its own promise', async () => {
    const cache = isolateCache<number>(1_000);
    const first = later<number>();
    let loads = 0;
    const load = () => (loads++, first.promise);
    const gets = Array.from({ length: 50 }, () => cache.get('k', load));
    expect(new Set(gets).size).toBe(50);
    first.resolve(7);
    expect(await Promise.all(gets)).toEqual(Array(50).fill(7));
    expect(await cache.get('k', load)).toBe(7);
    expect(loads).toBe(1);
  });

  it('does not hand a failed lookup to the requests waiting for it: each looks up for itself', async () => {
    const cache = isolateCache<string>(1_000);
    const leader = later<string>();
    const leaderGet = cache.get('k', () => leader.promise);
    let own = 0;
    const waiters = Array.from({ length: 3 }, () => cache.get('k', () => (own++, Promise.resolve('own'))));
    leader.reject(new Error('Cannot perform I/O on behalf of a different request'));
    await expect(leaderGet).rejects.toThrow(/different request/);
    expect(await Promise.all(waiters)).toEqual(['own', 'own', 'own']);
    // The first waiter's own lookup is shared by the waiters after it, and its value is kept.
    expect(own).toBe(1);
    expect(await cache.get('k', () => Promise.resolve('again'))).toBe('own');
  });

  it('shares a refusal that is the answer (404) with the waiters, without remembering it', async () => {
    const cache = isolateCache<string>(1_000);
    const leader = later<string>();
    let loads = 0;
    const gets = [cache.get('k', () => (loads++, leader.promise)), ...Array.from({ length: 5 }, () => cache.get('k', () => (loads++, Promise.resolve('own'))))];
    leader.reject(new NotFoundError('Event'));
    const settled = await Promise.allSettled(gets);
    expect(settled.every((s) => s.status === 'rejected' && s.reason instanceof NotFoundError)).toBe(true);
    expect(loads).toBe(1);
    expect(await cache.get('k', () => (loads++, Promise.resolve('published meanwhile')))).toBe('published meanwhile');
  });

  it('keeps nothing a lookup read before forget(), and nothing that failed', async () => {
    const cache = isolateCache<string>(1_000);
    const stale = later<string>();
    const before = cache.get('k', () => stale.promise);
    cache.forget('k');
    stale.resolve('old');
    expect(await before).toBe('old');
    expect(await cache.get('k', () => Promise.resolve('new'))).toBe('new');
    await expect(cache.get('x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('x', () => Promise.resolve('up'))).toBe('up');
  });
});
