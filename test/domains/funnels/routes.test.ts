/**
 * The funnel API (src/domains/funnels/routes.ts) over the hand-made journey of test/support/funnels.ts: the event funnel
 * and referrers summed from the snapshots, a saved funnel's ordered conversion from visitor_journeys (each number
 * worked out by hand beside it), saved funnels' CRUD with paging and audit, bad ranges (422), other tenants (404),
 * roles (403) and Postgres away (503 with Retry-After).
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { computeFunnelSnapshots } from '../../../src/domains/funnels/compute-snapshots';
import { addMember, api, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { DAY1, DAY2, JOURNEY, NEWS, SOCIAL, storeRows, T2 } from '../../support/funnels';
import { fetchWorker } from '../../support/worker-fetch';

async function fixture() {
  const owner = await signup();
  const f = await onSaleEvent(owner, { layout: false });
  // T2 becomes the event's real general-admission type, so a saved funnel may filter by it (it must be the event's own).
  await storeRows(owner.orgId, f.eventId, JOURNEY.map((r) => (r.ticketTypeId === T2 ? { ...r, ticketTypeId: f.gaTypeId } : r)));
  await computeFunnelSnapshots(env, owner.orgId, { from: DAY1, to: DAY2 });
  return { owner, eventId: f.eventId, f };
}

const pick = (steps: { kind: string; visitors: number; conversionFromStart: number | null; conversionFromPrevious: number | null; medianSecondsFromPrevious: number | null }[]) =>
  steps.map((s) => [s.kind, s.visitors, s.conversionFromStart, s.conversionFromPrevious, s.medianSecondsFromPrevious]);

describe('the event funnel and referrers (from the snapshots)', () => {
  it('sums the days’ snapshots per step, as worked out by hand', async () => {
    const { owner, eventId, f } = await fixture();
    const res = await api('GET', `/orgs/${owner.orgId}/events/${eventId}/funnel?from=${DAY1}&to=${DAY2}`, { token: owner.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ eventId, from: DAY1, to: DAY2, timeZone: 'Africa/Johannesburg' });
    // Visitor-days DAY1 + DAY2; medians: the visitor-weighted median of the two days' medians.
    expect(pick(res.body.steps)).toEqual([
      ['page_view', 6, 1, null, null], //                  5 + 1
      ['seat_map_opened', 3, 0.5, 0.5, 90], //             2 + 1; 3/6; medians 90 (×2), 30 (×1) → 90
      ['ticket_selected', 6, 1, 2, 60], //                 4 + 2; 6/3 = 2: GA buyers skip the seat map; 60 and 60
      ['hold_made', 5, 0.8333, 0.8333, 60], //             3 + 2; 5/6; 45 (×2), 60 (×3) → 60
      ['checkout_started', 4, 0.6667, 0.8, 90], //         2 + 2; 4/6; 4/5; 90, 90
      ['payment_started', 4, 0.6667, 1, 25], //            2 + 2; 25 (×2), 35 (×2) → the lower middle, 25
      ['order_completed', 3, 0.5, 0.75, 60], //            1 + 2; 3/6; 3/4
    ]);
    expect(res.body.steps.map((s: { events: number }) => s.events)).toEqual([8, 3, 6, 5, 4, 4, 4]); // page views 7 + 1; orders 2 (one DNT) + 2
    expect(res.body.sideSteps).toEqual([
      { kind: 'hold_expired', visitors: 1, events: 1, medianSecondsFromPrevious: 900 },
      { kind: 'payment_failed', visitors: 1, events: 1, medianSecondsFromPrevious: 60 },
      { kind: 'waiting_room_joined', visitors: 0, events: 0, medianSecondsFromPrevious: null },
      { kind: 'waiting_room_admitted', visitors: 0, events: 0, medianSecondsFromPrevious: null },
    ]);
    expect(res.body.days.map((d: { day: string; steps: { visitors: number }[] }) => [d.day, d.steps.map((s) => s.visitors)])).toEqual([
      [DAY1, [5, 2, 4, 3, 2, 2, 1]],
      [DAY2, [1, 1, 2, 2, 2, 2, 2]],
    ]);
    expect(res.body.freshness).toMatchObject({ source: 'funnel_snapshots' });

    // One day, one channel: the box office's vC went as far as the payment.
    const box = await api('GET', `/orgs/${owner.orgId}/events/${eventId}/funnel?from=${DAY1}&to=${DAY1}&channel=box_office`, { token: owner.token });
    expect(box.body.steps.map((s: { visitors: number }) => s.visitors)).toEqual([1, 1, 1, 1, 1, 1, 0]);
    expect(box.body.days).toHaveLength(1);

    // T2's slice: DAY1 vB (page view, ticket, hold); DAY2 vE (ticket, hold, checkout, payment, order; its page view
    // was on DAY1, when it had chosen no ticket type yet).
    const t2 = await api('GET', `/orgs/${owner.orgId}/events/${eventId}/funnel?from=${DAY1}&to=${DAY2}&ticketTypeId=${f.gaTypeId}`, { token: owner.token });
    expect(t2.body.steps.map((s: { visitors: number }) => s.visitors)).toEqual([1, 0, 2, 2, 1, 1, 1]);

    const refs = await api('GET', `/orgs/${owner.orgId}/events/${eventId}/referrers?from=${DAY1}&to=${DAY2}`, { token: owner.token });
    expect(refs.status).toBe(200);
    expect(refs.body.referrers).toEqual([
      { host: NEWS, visitors: 3, orders: 2 }, //   A, E (DAY1), F; orders A and F (E ordered on DAY2, where its rows name no referrer)
      { host: SOCIAL, visitors: 1, orders: 0 },
    ]);
    expect((await api('GET', `/orgs/${owner.orgId}/events/${eventId}/referrers?from=${DAY1}&to=${DAY2}&limit=1`, { token: owner.token })).body.referrers).toEqual([{ host: NEWS, visitors: 3, orders: 2 }]);
  });

  it('defaults to the last 30 days; refuses a bad range with 422 naming the field', async () => {
    const { owner, eventId } = await fixture();
    const plain = await api('GET', `/orgs/${owner.orgId}/events/${eventId}/funnel`, { token: owner.token });
    expect(plain.status).toBe(200);
    expect(plain.body.days).toHaveLength(30);
    expect(plain.body.to).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Johannesburg' }).format(new Date()));
    for (const [query, path] of [
      [`from=${DAY2}&to=${DAY1}`, 'query.from'],
      ['from=2025-01-01&to=2026-12-01', 'query.to'],
      ['from=2026-02-30', 'query.from'],
      ['from=yesterday', 'query.from'],
      ['channel=carrier_pigeon', 'query.channel'],
    ]) {
      const res = await api('GET', `/orgs/${owner.orgId}/events/${eventId}/funnel?${query}`, { token: owner.token });
      expect(res.status, query).toBe(422);
      expect(res.headers.get('Content-Type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path), query).toContain(path);
    }
  });
});

describe('saved funnels', () => {
  it('saves a funnel and reads its ordered conversion from the visitors’ journeys, as worked out by hand', async () => {
    const { owner, eventId, f } = await fixture();
    const created = await api('POST', `/orgs/${owner.orgId}/funnels`, {
      token: owner.token,
      body: { name: 'View to order', eventId, steps: ['page_view', 'ticket_selected', 'hold_made', 'order_completed'] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^fnl_/), name: 'View to order', eventId, steps: ['page_view', 'ticket_selected', 'hold_made', 'order_completed'], filters: {} });
    const conversion = (id: string) => api('GET', `/orgs/${owner.orgId}/funnels/${id}/conversion?from=${DAY1}&to=${DAY2}`, { token: owner.token });

    // Days merged per visitor: vE's page view (DAY1) and order (DAY2) are one journey; vD chose before viewing (out of
    // order) and stops at step 1. Gaps: ticket A 120, B 180, C 180, E 3600, F 90 → median 180; hold A 30, B 60,
    // C 120, E 60, F 30 → 60; order A 190, E 200, F 150 → 190.
    let res = await conversion(created.body.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ funnelId: created.body.id, eventId, from: DAY1, to: DAY2 });
    expect(pick(res.body.steps)).toEqual([
      ['page_view', 6, 1, null, null], //                   A B C D E F
      ['ticket_selected', 5, 0.8333, 0.8333, 180], //       A B C E F
      ['hold_made', 5, 0.8333, 1, 60],
      ['order_completed', 3, 0.5, 0.6, 190], //             A E F; 3/5
    ]);

    // The storefront only: vC (box office) drops out. Ticket gaps 120, 180, 3600, 90 → (120+180)/2 = 150; holds
    // 30, 60, 60, 30 → 45; orders unchanged.
    const patched = await api('PATCH', `/orgs/${owner.orgId}/funnels/${created.body.id}`, { token: owner.token, body: { filters: { channel: 'storefront' } } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.filters).toEqual({ channel: 'storefront' });
    res = await conversion(created.body.id);
    expect(pick(res.body.steps)).toEqual([
      ['page_view', 5, 1, null, null],
      ['ticket_selected', 4, 0.8, 0.8, 150],
      ['hold_made', 4, 0.8, 1, 45],
      ['order_completed', 3, 0.6, 0.75, 190],
    ]);

    // Mobile only: vB, who held and let it expire.
    await api('PATCH', `/orgs/${owner.orgId}/funnels/${created.body.id}`, { token: owner.token, body: { filters: { deviceClass: 'mobile' } } });
    res = await conversion(created.body.id);
    expect(pick(res.body.steps)).toEqual([
      ['page_view', 1, 1, null, null],
      ['ticket_selected', 1, 1, 1, 180],
      ['hold_made', 1, 1, 1, 60],
      ['order_completed', 0, 0, 0, null],
    ]);

    // T2 (general admission): vB, and vE, whose first ticket type over the range is T2 (chosen on DAY2) while its page
    // view was on DAY1: the days are merged before the filter. Tickets vB +180, vE +3600 → 1890; holds 60, 60; order vE 200.
    await api('PATCH', `/orgs/${owner.orgId}/funnels/${created.body.id}`, { token: owner.token, body: { filters: { ticketTypeId: f.gaTypeId } } });
    res = await conversion(created.body.id);
    expect(pick(res.body.steps)).toEqual([
      ['page_view', 2, 1, null, null],
      ['ticket_selected', 2, 1, 1, 1890],
      ['hold_made', 2, 1, 1, 60],
      ['order_completed', 1, 0.5, 0.5, 200],
    ]);

    const audit = await env.DB.prepare("select action from audit_logs where organization_id = ? and resource_type = 'funnel' order by created_at").bind(owner.orgId).all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toEqual(['funnel.created', 'funnel.updated', 'funnel.updated', 'funnel.updated']);
  });

  it('lists a page at a time, reads, deletes; refuses repeated or too few steps and another tenant’s event', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const ids: string[] = [];
    for (const name of ['One', 'Two', 'Three']) {
      const res = await api('POST', `/orgs/${owner.orgId}/funnels`, { token: owner.token, body: { name, steps: ['page_view', 'order_completed'] } });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const first = await api('GET', `/orgs/${owner.orgId}/funnels?limit=2`, { token: owner.token });
    expect(first.body.items.map((i: { name: string }) => i.name)).toEqual(['Three', 'Two']);
    const second = await api('GET', `/orgs/${owner.orgId}/funnels?limit=2&cursor=${first.body.nextCursor}`, { token: owner.token });
    expect(second.body).toEqual({ items: [expect.objectContaining({ name: 'One', eventId: null })], nextCursor: null });
    expect((await api('GET', `/orgs/${owner.orgId}/funnels/${ids[0]}`, { token: owner.token })).body.name).toBe('One');
    expect((await api('DELETE', `/orgs/${owner.orgId}/funnels/${ids[0]}`, { token: owner.token })).status).toBe(204);
    expect((await api('GET', `/orgs/${owner.orgId}/funnels/${ids[0]}`, { token: owner.token })).status).toBe(404);

    for (const steps of [['page_view'], ['page_view', 'page_view'], ['page_view', 'bought_a_car'], Array(9).fill('page_view')]) {
      const res = await api('POST', `/orgs/${owner.orgId}/funnels`, { token: owner.token, body: { name: 'Bad', steps } });
      expect(res.status, JSON.stringify(steps)).toBe(422);
    }
    const other = await signup();
    const theirs = await onSaleEvent(other, { layout: false });
    expect((await api('POST', `/orgs/${owner.orgId}/funnels`, { token: owner.token, body: { name: 'Theirs', eventId: theirs.eventId, steps: ['page_view', 'hold_made'] } })).status).toBe(404);
    expect((await api('POST', `/orgs/${owner.orgId}/funnels`, { token: owner.token, body: { name: 'Their type', steps: ['page_view', 'hold_made'], filters: { ticketTypeId: theirs.gaTypeId } } })).status).toBe(404);
    expect((await api('POST', `/orgs/${owner.orgId}/funnels`, { token: owner.token, body: { name: 'Our type', eventId: f.eventId, steps: ['page_view', 'hold_made'], filters: { ticketTypeId: f.gaTypeId } } })).status).toBe(201);
    // Their funnel, their event: 404 from here, never 403 or their numbers.
    const theirFunnel = await api('POST', `/orgs/${other.orgId}/funnels`, { token: other.token, body: { name: 'Private', steps: ['page_view', 'hold_made'] } });
    expect((await api('GET', `/orgs/${owner.orgId}/funnels/${theirFunnel.body.id}/conversion`, { token: owner.token })).status).toBe(404);
    expect((await api('GET', `/orgs/${owner.orgId}/events/${theirs.eventId}/funnel`, { token: owner.token })).status).toBe(404);
    expect((await api('GET', `/orgs/${owner.orgId}/funnels/${ids[1]}/conversion?eventId=${theirs.eventId}`, { token: owner.token })).status).toBe(404);
  });

  it('answers 503 with Retry-After while Postgres is away, and 403 to a role without analytics', async () => {
    const { owner, eventId } = await fixture();
    const saved = await api('POST', `/orgs/${owner.orgId}/funnels`, { token: owner.token, body: { name: 'Any', steps: ['page_view', 'order_completed'] } });
    const away = { ...env, HYPERDRIVE: { ...env.HYPERDRIVE, connectionString: 'postgres://postgres:postgres@127.0.0.1:9/none' } } as unknown as Cloudflare.Env;
    for (const path of [`/orgs/${owner.orgId}/events/${eventId}/funnel`, `/orgs/${owner.orgId}/events/${eventId}/referrers`, `/orgs/${owner.orgId}/funnels/${saved.body.id}/conversion`]) {
      const res = await fetchWorker(away, new Request(`https://voelgoed.test/api/v1${path}`, { headers: { Authorization: `Bearer ${owner.token}` } }));
      expect(res.status, path).toBe(503);
      expect(res.headers.get('Retry-After')).toMatch(/^\d+$/);
      expect(res.body.code).toBe('postgres_unavailable');
    }
    const supervisor = await addMember(owner, 'supervisor');
    expect((await api('GET', `/orgs/${owner.orgId}/events/${eventId}/funnel`, { token: supervisor.token })).status).toBe(403);
    const viewer = await addMember(owner, 'viewer');
    expect((await api('GET', `/orgs/${owner.orgId}/funnels/${saved.body.id}/conversion`, { token: viewer.token })).status).toBe(200);
    expect((await api('POST', `/orgs/${owner.orgId}/funnels`, { token: viewer.token, body: { name: 'No', steps: ['page_view', 'order_completed'] } })).status).toBe(403);
  });
});
