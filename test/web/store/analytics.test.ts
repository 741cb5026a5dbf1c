/**
 * The storefront's journey events, pure parts (web/src/store/analytics.ts): nothing is sent under Do Not Track or
 * Global Privacy Control; the visitor id is random, kept, and never made when storage is refused; an event carries the
 * referrer's host only (never its path or query) and the page's UTM; the batcher sends at most 50 per body, on its
 * timer, at 50, and on flush (the page hidden), as the JSON body the server takes.
 */
import { describe, expect, it } from 'vitest';
import { buildEvent, createBatcher, MAX_BATCH, payload, referrerHost, trackingAllowed, utmFrom, visitorIdFrom, VISITOR_KEY, type JourneyEvent } from '../../../web/src/store/analytics';

const E = 'evt_01jx0000000000000000000000';

function fakeTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    timers: { set: (fn: () => void) => (pending.set(next, fn), next++), clear: (h: unknown) => void pending.delete(h as number) },
    fire() {
      const fns = [...pending.values()];
      pending.clear();
      for (const fn of fns) fn();
    },
    count: () => pending.size,
  };
}

describe('storefront analytics', () => {
  it('sends nothing when navigator.doNotTrack is "1" or globalPrivacyControl is true', () => {
    expect(trackingAllowed({ doNotTrack: '1' })).toBe(false);
    expect(trackingAllowed({ globalPrivacyControl: true })).toBe(false);
    expect(trackingAllowed({ doNotTrack: '1', globalPrivacyControl: false })).toBe(false);
    expect(trackingAllowed({ doNotTrack: '0', globalPrivacyControl: false })).toBe(true);
    expect(trackingAllowed({ doNotTrack: null })).toBe(true);
    expect(trackingAllowed(undefined)).toBe(false);
  });

  it('keeps one random visitor id per browser, and has none when storage is refused', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    const first = visitorIdFrom(storage);
    expect(first).toMatch(/^v_[0-9a-f]{32}$/);
    expect(visitorIdFrom(storage)).toBe(first);
    expect(map.get(VISITOR_KEY)).toBe(first);
    // Something else under the key (tampered with) is replaced, not sent.
    map.set(VISITOR_KEY, 'jan@example.com');
    expect(visitorIdFrom(storage, () => 'v_replacement0123456789')).toBe('v_replacement0123456789');
    const refusing = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => undefined };
    expect(visitorIdFrom(refusing)).toBeNull();
    expect(visitorIdFrom(null)).toBeNull();
  });

  it('builds events with the referrer host only, the UTM of the page, and no identity it was not given', () => {
    expect(referrerHost('https://mail.example.com/inbox?to=jan@example.com', 'tickets.voelgoed.test')).toBe('mail.example.com');
    expect(referrerHost('https://tickets.voelgoed.test/events/x', 'tickets.voelgoed.test')).toBeUndefined();
    expect(referrerHost('', 'x')).toBeUndefined();
    expect(utmFrom('?utm_source=news&utm_medium=email&utm_campaign=launch&email=jan@example.com')).toEqual({ utmSource: 'news', utmMedium: 'email', utmCampaign: 'launch' });
    const page = { referrer: 'https://news.example.org/a?b=c', ownHost: 'shop.test', search: '?utm_source=x', locale: 'af-ZA', visitorId: 'v_0123456789abcdef' };
    const event = buildEvent('ticket_selected', E, page, { ticketTypeId: 'tt_01jx000000000000000000000' }, new Date('2026-12-05T06:00:00Z'), 'id-1');
    expect(event).toEqual({
      id: 'id-1',
      kind: 'ticket_selected',
      occurredAt: '2026-12-05T06:00:00.000Z',
      eventId: E,
      ticketTypeId: 'tt_01jx000000000000000000000',
      referrer: 'news.example.org',
      utmSource: 'x',
      locale: 'af-ZA',
      visitorId: 'v_0123456789abcdef',
    });
    expect(buildEvent('page_view', E, { ...page, visitorId: null, referrer: '', search: '' })).not.toHaveProperty('visitorId');
  });

  it('batches: one body on the timer, at most 50 per body, and everything waiting on flush', () => {
    const sent: string[] = [];
    const t = fakeTimers();
    const b = createBatcher((body) => sent.push(body), t.timers);
    const ev = (i: number): JourneyEvent => ({ id: `id-${i}`, kind: 'page_view', occurredAt: '2026-12-05T06:00:00.000Z', eventId: E });
    b.add(ev(1));
    b.add(ev(2));
    expect(sent).toEqual([]);
    expect(t.count()).toBe(1);
    t.fire();
    expect(sent).toEqual([payload([ev(1), ev(2)])]);
    expect(JSON.parse(sent[0]!)).toEqual({ events: [ev(1), ev(2)] });

    sent.length = 0;
    for (let i = 0; i < MAX_BATCH + 3; i++) b.add(ev(i));
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!).events).toHaveLength(MAX_BATCH);
    expect(b.pending()).toBe(3);
    b.flush(); // the page is hidden
    expect(sent).toHaveLength(2);
    expect(JSON.parse(sent[1]!).events).toHaveLength(3);
    expect(t.count()).toBe(0);
    b.flush();
    expect(sent).toHaveLength(2);
  });
});
