/**
 * POST /public/analytics (docs/analytics.md): a storefront's batch is answered 202 at once and reaches Postgres'
 * analytics_events through the analytics queue — also as a sendBeacon text/plain body; bad batches are 4xx problems;
 * events of unknown or draft events are dropped; the address is kept as its network, the referrer as its host, and
 * DNT / GPC strip every identity field; a batch sent twice stores each id once; a flood is refused with 429.
 */
import { describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_BATCH } from '../../../src/domains/analytics/schemas';
import { DEFAULT_PUBLIC_RATE_LIMITS } from '../../../src/platform/rate-limit';
import { api, BASE, sessionCookieHeader, signup, uniqueIp } from '../../support/api';
import { countingEnv, type Counts } from '../../support/counting-env';
import { fetchWorker } from '../../support/worker-fetch';
import { analyticsEvent, capturedAnalyticsQueue, ingest, journeyRows, journeyRowsWhen, sendAnalytics } from '../../support/analytics';
import { draftEvent, onSaleEvent } from '../../support/events';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
const VISITOR = () => `v_${crypto.randomUUID().replace(/-/g, '')}`;

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, detail: expect.any(String) });
}

describe('analytics ingestion', () => {
  it('answers 202 and stores the batch under the event’s organization, with the device class and the visitor id', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const visitor = VISITOR();
    const events = [
      analyticsEvent(f.eventId, { visitorId: visitor, locale: 'en-ZA', utmSource: 'newsletter', utmMedium: 'email', utmCampaign: 'summer' }),
      analyticsEvent(f.eventId, { kind: 'seat_map_opened', visitorId: visitor }),
      analyticsEvent(f.eventId, { kind: 'ticket_selected', ticketTypeId: f.gaTypeId, visitorId: visitor }),
    ];
    const res = await sendAnalytics(events, { 'User-Agent': IPHONE });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 3, dropped: 0 });

    const rows = await journeyRowsWhen(f.eventId, '3 journey rows', (r) => r.length === 3);
    expect(rows.map((r) => r.id).sort()).toEqual(events.map((e) => e.id).sort());
    for (const r of rows) expect(r).toMatchObject({ organization_id: owner.orgId, source: 'client', channel: 'storefront', device_class: 'mobile', visitor_id: visitor });
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, r]));
    expect(byKind.page_view).toMatchObject({ locale: 'en-ZA', utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'summer' });
    expect(byKind.ticket_selected!.ticket_type_id).toBe(f.gaTypeId);
  });

  it('accepts a sendBeacon body (text/plain carrying JSON), and the Visitor-Id header', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const visitor = VISITOR();
    const event = analyticsEvent(f.eventId);
    const res = await ingest({ rawBody: JSON.stringify({ events: [event] }), headers: { 'Content-Type': 'text/plain;charset=UTF-8', 'Visitor-Id': visitor } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, dropped: 0 });
    const [row] = await journeyRowsWhen(f.eventId, 'the beacon row', (r) => r.length === 1);
    expect(row).toMatchObject({ id: event.id, kind: 'page_view', visitor_id: visitor });
    // A malformed beacon is a 400 problem like malformed JSON, never a 500.
    expectProblem(await ingest({ rawBody: '{"events": [', headers: { 'Content-Type': 'text/plain' } }), 400);
  });

  it('takes a beacon from a browser with an organizer signed in (cookie, no CSRF header) and spends no D1 query once the event is cached', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const beacon = (id: string) =>
      new Request(`${BASE}/public/analytics`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8', Cookie: sessionCookieHeader(owner) },
        body: JSON.stringify({ events: [analyticsEvent(f.eventId, { id })] }),
      });
    const counts: Counts = { d1: [], inventory: [], upstash: 0, bindings: [] };
    const captured = capturedAnalyticsQueue();
    const wrapped = { ...countingEnv(counts), ANALYTICS_QUEUE: captured.queue };
    const first = crypto.randomUUID();
    expect(await fetchWorker(wrapped, beacon(first))).toMatchObject({ status: 202, body: { accepted: 1, dropped: 0 } });
    Object.assign(counts, { d1: [], inventory: [], upstash: 0, bindings: [] });
    // The event is in the isolate's cache now: no D1 read, no session lookup, no outbox pump, nothing written.
    const second = crypto.randomUUID();
    expect(await fetchWorker(wrapped, beacon(second))).toMatchObject({ status: 202, body: { accepted: 1, dropped: 0 } });
    expect(counts.d1).toEqual([]);
    expect(counts.inventory).toEqual([]);
    await captured.store();
    const rows = await journeyRowsWhen(f.eventId, 'both beacons', (r) => r.length === 2);
    expect(rows.map((r) => r.id).sort()).toEqual([first, second].sort());
  });

  it('refuses a bad batch with a 4xx problem: too many events, a kind the client may not send, a bad id, an unknown field', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const tooMany = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => analyticsEvent(f.eventId));
    expectProblem(await sendAnalytics(tooMany), 422);
    expectProblem(await sendAnalytics([]), 422);
    for (const bad of [
      { kind: 'bogus' },
      { kind: 'order_completed' }, // the server records sales itself
      { id: 'not-an-id' },
      { eventId: 'https://evil.example/' },
      { occurredAt: 'yesterday' },
      { referrer: 'x'.repeat(3000) },
      { email: 'jan@example.com' },
    ]) {
      const res = await sendAnalytics([analyticsEvent(f.eventId, bad)]);
      expectProblem(res, 422);
    }
    expectProblem(await ingest({ rawBody: 'a=b', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await journeyRows(f.eventId)).toEqual([]);
  });

  it('drops the events of unknown and draft events (202, counted as dropped) and stores the rest', async () => {
    const owner = await signup();
    const live = await onSaleEvent(owner, { layout: false });
    const draft = await draftEvent(owner, { layout: false });
    const kept = analyticsEvent(live.eventId);
    const res = await sendAnalytics([kept, analyticsEvent(draft.eventId), analyticsEvent('evt_01doesnotexist00000000000')]);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, dropped: 2 });
    await journeyRowsWhen(live.eventId, 'the kept row', (r) => r.length === 1);
    expect(await journeyRows(draft.eventId)).toEqual([]);
    // A batch of nothing countable is still 202: the storefront has nothing to retry.
    expect((await sendAnalytics([analyticsEvent(draft.eventId)])).body).toEqual({ accepted: 0, dropped: 1 });
  });

  it('stores no personal data: the referrer as its host, the address as its /24, never an email or the full address', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const event = analyticsEvent(f.eventId, { referrer: 'https://mail.example.com/inbox?to=jan.buyer%40example.com&email=jan.buyer@example.com', visitorId: VISITOR() });
    const res = await sendAnalytics([event], { 'CF-Connecting-IP': '203.0.113.77', 'User-Agent': IPHONE });
    expect(res.status).toBe(202);
    const [row] = await journeyRowsWhen(f.eventId, 'the row', (r) => r.length === 1);
    expect(row).toMatchObject({ referrer_host: 'mail.example.com', ip_network: '203.0.113.0/24' });
    const stored = JSON.stringify(row);
    for (const never of ['jan.buyer', '@', '203.0.113.77', 'inbox', 'iPhone OS']) expect(stored).not.toContain(never);

    const v6 = analyticsEvent(f.eventId);
    await sendAnalytics([v6], { 'CF-Connecting-IP': '2001:db8:abcd:12:34:56:78:9a' });
    const rows = await journeyRowsWhen(f.eventId, 'the IPv6 row', (r) => r.some((x) => x.id === v6.id));
    expect(rows.find((x) => x.id === v6.id)!.ip_network).toBe('2001:db8:abcd::/48');
  });

  it('counts an event sent with DNT: 1 or Sec-GPC: 1, but without visitor id, address, referrer or UTM', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const identity = { visitorId: VISITOR(), referrer: 'https://news.example.com/story', utmSource: 'news', utmMedium: 'web', utmCampaign: 'launch' };
    const dnt = analyticsEvent(f.eventId, identity);
    const gpc = analyticsEvent(f.eventId, identity);
    await sendAnalytics([dnt], { DNT: '1', 'CF-Connecting-IP': '198.51.100.9', 'Visitor-Id': VISITOR(), 'User-Agent': IPHONE });
    await sendAnalytics([gpc], { 'Sec-GPC': '1', 'CF-Connecting-IP': '198.51.100.9', 'User-Agent': IPHONE });
    const rows = await journeyRowsWhen(f.eventId, 'both rows', (r) => r.length === 2);
    for (const r of rows) {
      expect(r).toMatchObject({ kind: 'page_view', organization_id: owner.orgId, device_class: 'mobile' });
      expect(r).toMatchObject({ visitor_id: null, ip_network: null, referrer_host: null, utm_source: null, utm_medium: null, utm_campaign: null });
    }
  });

  it('stores each event id once when the same batch arrives twice', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const at = new Date(Date.now() - 60_000).toISOString();
    const events = [analyticsEvent(f.eventId, { occurredAt: at }), analyticsEvent(f.eventId, { kind: 'seat_map_opened', occurredAt: at })];
    expect((await sendAnalytics(events)).status).toBe(202);
    expect((await sendAnalytics(events)).status).toBe(202);
    await journeyRowsWhen(f.eventId, 'two rows', (r) => r.length >= 2);
    await new Promise((r) => setTimeout(r, 2_500)); // the second batch's message has been consumed by now
    const rows = await journeyRows(f.eventId);
    expect(rows.map((r) => r.id).sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('limits an address with the analytics rate-limit class: 429 with Retry-After', async () => {
    const ip = uniqueIp();
    const limit = DEFAULT_PUBLIC_RATE_LIMITS.analytics!;
    expect(limit).toBeGreaterThan(0);
    let refused: Awaited<ReturnType<typeof sendAnalytics>> | undefined;
    for (let i = 0; i <= limit + 1 && !refused; i++) {
      const res = await sendAnalytics([], { 'CF-Connecting-IP': ip });
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(422);
    }
    expect(refused).toBeDefined();
    expectProblem(refused!, 429);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused!.headers.get('ratelimit-policy')).toMatch(/^"analytics";q=\d+;w=60$/);
  });
});
