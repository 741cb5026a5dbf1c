/**
 * Reports read from the Postgres copy (src/domains/reports/): sales by day (in the event's time zone), by ticket type
 * and by channel agree with what was sold and refunded; each answer says how fresh the copy is; Postgres away is a
 * 503 with Retry-After; another organization's event is 404; finance.read only.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMember, api, signup } from '../../support/api';
import { buyTickets, eventToday } from '../../support/scanning';
import { replicated } from '../../support/replication';
import { fetchWorker } from '../../support/worker-fetch';

const sales = (orgId: string, token: string, query: string) => api('GET', `/orgs/${orgId}/reports/sales?${query}`, { token });

describe('the sales report', () => {
  it('adds up paid orders by day in the event’s time zone, by ticket type and by channel, refunds netted, from the copy', async () => {
    const { owner, f } = await eventToday();
    const a = await buyTickets(f.eventId, f.gaTypeId, 2);
    await buyTickets(f.eventId, f.gaTypeId, 1);
    const refunded = await api('POST', `/orgs/${owner.orgId}/orders/${a.orderId}/refunds`, { token: owner.token, body: { reason: 'One ticket', ticketIds: [a.tickets[0]!.id] } });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(201);
    await replicated(owner.orgId);
    const d1 = (await env.DB.prepare("SELECT count(*) AS n, sum(total_minor) AS gross, sum(refunded_minor) AS refunded, max(currency) AS currency FROM orders WHERE organization_id = ? AND status IN ('paid', 'partially_refunded', 'refunded')").bind(owner.orgId).first<{ n: number; gross: number; refunded: number; currency: string }>())!;
    expect(d1.n).toBe(2);
    expect(d1.refunded).toBeGreaterThan(0);

    const byDay = await sales(owner.orgId, owner.token, `groupBy=day&eventId=${f.eventId}`);
    expect(byDay.status, JSON.stringify(byDay.body)).toBe(200);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: byDay.body.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    expect(byDay.body.rows).toEqual([{ key: today, label: today, currency: d1.currency, orders: 2, tickets: 3, grossMinor: d1.gross, refundedMinor: d1.refunded, netMinor: d1.gross - d1.refunded }]);
    expect(byDay.body.freshness).toMatchObject({ source: 'postgres', pendingChanges: 0 });

    const byType = await sales(owner.orgId, owner.token, `groupBy=ticket_type&eventId=${f.eventId}`);
    expect(byType.body.rows).toHaveLength(1);
    expect(byType.body.rows[0]).toMatchObject({ key: f.gaTypeId, orders: 2, tickets: 3, grossMinor: d1.gross, refundedMinor: d1.refunded });
    expect(byType.body.rows[0].label).not.toBe(f.gaTypeId);

    const byChannel = await sales(owner.orgId, owner.token, 'groupBy=channel');
    expect(byChannel.body.rows).toEqual([expect.objectContaining({ key: 'storefront', orders: 2, tickets: 3 })]);

    // A window that ends before the sales holds nothing.
    const before = await sales(owner.orgId, owner.token, `groupBy=day&to=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`);
    expect(before.body.rows).toEqual([]);
  });

  it('says how far behind the copy is: changes not yet replicated, and since when', async () => {
    const { owner } = await eventToday();
    await replicated(owner.orgId);
    // A change written a minute ago and not replicated yet (claimed just now, so no pump sends it during the test).
    await env.DB.prepare('INSERT INTO replication_outbox (table_name, row_id, organization_id, changed_at, enqueued_at) VALUES (?, ?, ?, ?, ?)')
      .bind('orders', 'ord_not_there_yet', owner.orgId, Date.now() - 60_000, Date.now())
      .run();
    const res = await sales(owner.orgId, owner.token, 'groupBy=channel');
    expect(res.status).toBe(200);
    expect(res.body.freshness.pendingChanges).toBe(1);
    expect(res.body.freshness.lagSeconds).toBeGreaterThanOrEqual(59);
    expect(Date.parse(res.body.freshness.oldestPendingAt)).toBeLessThanOrEqual(Date.now() - 59_000);
  });

  it('answers 503 with Retry-After while Postgres is away, 404 for another organization’s event, 422 for a bad time zone, 403 without finance.read', async () => {
    const { owner, f } = await eventToday();
    const away = { ...env, HYPERDRIVE: { ...env.HYPERDRIVE, connectionString: 'postgres://postgres:postgres@127.0.0.1:9/none' } } as unknown as Cloudflare.Env;
    for (const path of [`/orgs/${owner.orgId}/reports/sales?groupBy=day`, `/orgs/${owner.orgId}/events/${f.eventId}/settlement`]) {
      const res = await fetchWorker(away, new Request(`https://voelgoed.test/api/v1${path}`, { headers: { Authorization: `Bearer ${owner.token}` } }));
      expect(res.status, path).toBe(503);
      expect(res.headers.get('Retry-After')).toMatch(/^\d+$/);
      expect(res.headers.get('Content-Type')).toContain('application/problem+json');
      expect(res.body.code).toBe('postgres_unavailable');
    }
    const other = await signup();
    expect((await sales(other.orgId, other.token, `eventId=${f.eventId}`)).status).toBe(404);
    expect((await sales(owner.orgId, owner.token, 'timezone=Mars/Olympus')).status).toBe(422);
    const staff = await addMember(owner, 'staff');
    expect((await sales(owner.orgId, staff.token, 'groupBy=day')).status).toBe(403);
  });
});
