/**
 * The event page this browser showed last (web/src/store/last-event.ts), which the page of a dead order link uses to
 * offer "Email me my order links" for that event's organizer: the latest event wins, it is forgotten after 30 days,
 * a tampered value is ignored, and a browser that refuses storage gets no crash (the page then points to the event).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastEvent, rememberEvent } from '../../../web/src/store/last-event';
import { MESSAGES } from '../../../web/src/store/i18n';

class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, String(v));
  }
}

const g = globalThis as { localStorage?: unknown };
const EVT = 'evt_01jx0000000000000000000000';

describe('the last event page, for a dead order link', () => {
  beforeEach(() => {
    g.localStorage = new MemoryStorage();
  });
  afterEach(() => {
    delete g.localStorage;
  });

  it('hands back the latest event shown, for 30 days', () => {
    const t0 = Date.UTC(2026, 11, 5, 12);
    expect(lastEvent(t0)).toBeNull();
    rememberEvent({ id: 'evt_01jw0000000000000000000000', name: 'Older' }, t0);
    rememberEvent({ id: EVT, name: 'Kirstenbosch Summer Concert' }, t0);
    expect(lastEvent(t0 + 29 * 86_400_000)).toEqual({ id: EVT, name: 'Kirstenbosch Summer Concert' });
    expect(lastEvent(t0 + 31 * 86_400_000)).toBeNull();
  });

  it('ignores a kept value that is not an event id, or not JSON', () => {
    const s = g.localStorage as MemoryStorage;
    s.setItem('vge.lastEvent', JSON.stringify({ id: '../../admin', name: 'x', at: Date.now() }));
    expect(lastEvent()).toBeNull();
    s.setItem('vge.lastEvent', '{not json');
    expect(lastEvent()).toBeNull();
  });

  it('keeps nothing and breaks nothing when the browser refuses storage', () => {
    g.localStorage = {
      getItem() {
        throw new Error('SecurityError');
      },
      setItem() {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => rememberEvent({ id: EVT, name: 'x' })).not.toThrow();
    expect(lastEvent()).toBeNull();
  });

  it('says the same thing in English and Afrikaans whatever was found', () => {
    expect(MESSAGES.en.lostOrders.sent).toBe('If we have orders for that address, we have emailed links to them. Check your inbox (and spam folder).');
    expect(MESSAGES.af.lostOrders.sent).not.toBe(MESSAGES.en.lostOrders.sent);
    for (const lang of ['en', 'af'] as const) expect(MESSAGES[lang].lostOrders.forEvent('Gala')).toContain('Gala');
  });
});
