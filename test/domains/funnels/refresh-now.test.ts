/**
 * "Refresh now" (POST /orgs/{orgId}/analytics/snapshots/refresh): a visit sent through the real ingestion shows in the
 * event's funnel right after the refresh, without waiting for the 15-minute job; a second press within 30 seconds is
 * 429 with Retry-After; audited; another tenant's organization is 404, a role without analytics.manage 403, Postgres
 * away 503.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMember, api, signup } from '../../support/api';
import { analyticsEvent, sendAnalytics } from '../../support/analytics';
import { onSaleEvent } from '../../support/events';
import { fetchWorker } from '../../support/worker-fetch';

const VISITOR = () => `v_${crypto.randomUUID().replace(/-/g, '')}`;
const refresh = (orgId: string, token: string) => api('POST', `/orgs/${orgId}/analytics/snapshots/refresh`, { token });

describe('refresh now', () => {
  it('recomputes today at once, so a fresh visit shows in the event funnel; refuses a second press within 30 s', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const visitor = VISITOR();
    const sent = await sendAnalytics([analyticsEvent(f.eventId, { visitorId: visitor }), analyticsEvent(f.eventId, { kind: 'ticket_selected', ticketTypeId: f.gaTypeId, visitorId: visitor })]);
    expect(sent.status).toBe(202);

    const funnel = async () => (await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/funnel`, { token: owner.token })).body;
    const before = await funnel();
    expect(before.steps.find((s: { kind: string }) => s.kind === 'page_view').visitors).toBe(0);

    const res = await refresh(owner.orgId, owner.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ days: expect.any(Number), journeys: 1, snapshots: expect.any(Number), computedAt: expect.any(String) });
    expect(res.body.days).toBeGreaterThanOrEqual(2);
    expect(res.body.snapshots).toBeGreaterThan(0);

    const after = await funnel();
    const visitors = Object.fromEntries(after.steps.map((s: { kind: string; visitors: number }) => [s.kind, s.visitors]));
    expect(visitors).toMatchObject({ page_view: 1, ticket_selected: 1, order_completed: 0 });
    expect(after.freshness.computedAt).toBe(res.body.computedAt);

    const again = await refresh(owner.orgId, owner.token);
    expect(again.status).toBe(429);
    expect(again.headers.get('Content-Type')).toContain('application/problem+json');
    expect(again.body.code).toBe('refresh_too_soon');
    expect(Number(again.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(Number(again.headers.get('Retry-After'))).toBeLessThanOrEqual(30);

    const audit = await env.DB.prepare("select action from audit_logs where organization_id = ? and action = 'funnel_snapshots.refreshed'").bind(owner.orgId).all();
    expect(audit.results).toHaveLength(1);
  });

  it('is 404 for another tenant, 403 without analytics.manage, 503 while Postgres is away', async () => {
    const owner = await signup();
    const other = await signup();
    const theirs = await refresh(owner.orgId, other.token);
    expect(theirs.status).toBe(404);
    const viewer = await addMember(owner, 'viewer');
    expect((await refresh(owner.orgId, viewer.token)).status).toBe(403);
    const away = { ...env, HYPERDRIVE: { ...env.HYPERDRIVE, connectionString: 'postgres://postgres:postgres@127.0.0.1:9/none' } } as unknown as Cloudflare.Env;
    const res = await fetchWorker(away, new Request(`https://voelgoed.test/api/v1/orgs/${owner.orgId}/analytics/snapshots/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${owner.token}` } }));
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(res.body.code).toBe('postgres_unavailable');
  });
});
