/**
 * The order link kept in the browser while its buyer is at the payment page (web/src/store/order-return.ts): handed
 * back once for the order it belongs to, never for another, forgotten when stale, and never a crash when the browser
 * refuses storage (the confirmation email then carries the link).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepOrderLink, takeOrderLink } from '../../../web/src/store/order-return';

class MemoryStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, String(v));
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  clear() {
    this.map.clear();
  }
}

const g = globalThis as { localStorage?: Storage };

describe('the order link kept for the return from the payment page', () => {
  beforeEach(() => {
    g.localStorage = new MemoryStorage();
  });
  afterEach(() => {
    delete g.localStorage;
  });

  it('is handed back once, for its own order only', () => {
    keepOrderLink('ord_a', 'token-a');
    keepOrderLink('ord_b', 'token-b');
    expect(takeOrderLink('ord_c')).toBeNull();
    expect(takeOrderLink('ord_a')).toBe('token-a');
    expect(takeOrderLink('ord_a')).toBeNull();
    expect(takeOrderLink('ord_b')).toBe('token-b');
    expect(g.localStorage!.length).toBe(0);
  });

  it('is forgotten after a day, and stale ones are swept when another is kept', () => {
    const t0 = Date.UTC(2026, 11, 4, 12);
    keepOrderLink('ord_old', 'token-old', t0);
    expect(takeOrderLink('ord_old', t0 + 25 * 3600_000)).toBeNull();
    keepOrderLink('ord_stale', 'token-stale', t0);
    keepOrderLink('ord_new', 'token-new', t0 + 25 * 3600_000);
    expect(g.localStorage!.getItem('vge.orderLink.ord_stale')).toBeNull();
    expect(takeOrderLink('ord_new', t0 + 25 * 3600_000)).toBe('token-new');
  });

  it('does nothing and answers null where the browser has no storage or refuses it', () => {
    delete g.localStorage;
    expect(() => keepOrderLink('ord_a', 'token-a')).not.toThrow();
    expect(takeOrderLink('ord_a')).toBeNull();
    g.localStorage = Object.assign(new MemoryStorage(), {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(() => keepOrderLink('ord_a', 'token-a')).not.toThrow();
    expect(takeOrderLink('ord_a')).toBeNull();
  });
});
