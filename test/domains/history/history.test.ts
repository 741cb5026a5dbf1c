/**
 * An event's history over time, read from the Postgres copy (src/domains/history/): sales per hour and per day in the
 * organization's time zone agree with D1's sums; occupancy snapshots and scans per minute come back from real rows
 * replicated the usual way; ranges are bounded (422); Postgres away is 503 with Retry-After; another organization's
 * event is 404; each route keeps its permission.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMember, api, signup } from '../../support/api';
import { buyTickets, deviceScan, eventToday, registerDevice, startSession } from '../../support/scanning';
import { postgresAway, replicated } from '../../support/replication';
import { fetchWorker } from '../../support/worker-fetch';

const history = (orgId: string, eventId: string, what: 'sales' | 'occupancy' | 'scans', token: string, query = '') =>
  api('GET', `/orgs/${orgId}/events/${eventId}/history/${what}${query ? `?${query}` : ''}`, { token });
const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
const MINUTE = 60_000;

let seq = 0;
async function insertScan(orgId: string, eventId: string, deviceId: string, result: string, direction: 'in' | 'out', at: number) {
  seq++;
  await env.DB.prepare(
    'INSERT INTO scans (id, organization_id, event_id, ticket_id, device_id, gate_id, session_id, result, direction, scanned_at, received_at, offline, nonce, first_scan_id) VALUES (?, ?, ?, NULL, ?, NULL, NULL, ?, ?, ?, ?, 1, ?, NULL)',
  )
    .bind(`scn_hist${Date.now().toString(36)}${seq}`.padEnd(30, '0'), orgId, eventId, deviceId, result, direction, at, at + 5_000, `hist-${Date.now()}-${seq}`)
    .run();
}

describe('an event’s history over time', () => {
  it('gives sales and revenue per hour and per day in the organization’s time zone, refunds netted, from the copy', async () => {
    const { owner, f } = await eventToday();
    const a = await buyTickets(f.eventId, f.gaTypeId, 2);
    await buyTickets(f.eventId, f.gaTypeId, 1);
    const refunded = await api('POST', `/orgs/${owner.orgId}/orders/${a.orderId}/refunds`, { token: owner.token, body: { reason: 'One ticket', ticketIds: [a.tickets[0]!.id] } });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(201);
    await replicated(owner.orgId);
    const d1 = (await env.DB.prepare("SELECT count(*) AS n, sum(total_minor) AS gross, sum(refunded_minor) AS refunded, max(currency) AS currency, min(paid_at) AS first, max(paid_at) AS last FROM orders WHERE organization_id = ? AND status IN ('paid', 'partially_refunded', 'refunded')").bind(owner.orgId).first<{ n: number; gross: number; refunded: number; currency: string; first: number; last: number }>())!;
    const org = await api('GET', `/orgs/${owner.orgId}`, { token: owner.token });
    const tz: string = org.body.settings.timezone;

    const byDay = await history(owner.orgId, f.eventId, 'sales', owner.token);
    expect(byDay.status, JSON.stringify(byDay.body)).toBe(200);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(d1.last));
    expect(byDay.body).toMatchObject({ eventId: f.eventId, bucket: 'day', timeZone: tz, from: null, to: null, freshness: { source: 'postgres', pendingChanges: 0 } });
    const figures = { currency: d1.currency, orders: 2, tickets: 3, grossMinor: d1.gross, refundedMinor: d1.refunded, netMinor: d1.gross - d1.refunded };
    // The two sales may straddle midnight or an hour: compare the sums, and the bucket of the last sale.
    type Figures = { currency: string; orders: number; tickets: number; grossMinor: number; refundedMinor: number; netMinor: number };
    const sum = (rows: Figures[]): Figures =>
      rows.reduce<Figures>((t, r) => ({ ...t, orders: t.orders + r.orders, tickets: t.tickets + r.tickets, grossMinor: t.grossMinor + r.grossMinor, refundedMinor: t.refundedMinor + r.refundedMinor, netMinor: t.netMinor + r.netMinor }), { currency: d1.currency, orders: 0, tickets: 0, grossMinor: 0, refundedMinor: 0, netMinor: 0 });
    expect(sum(byDay.body.buckets)).toEqual(figures);
    expect(byDay.body.buckets.at(-1).key).toBe(day);
    // A day's first instant is that day's midnight in the time zone.
    const midnight = new Date(byDay.body.buckets.at(-1).start);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(midnight)).toBe('00:00');

    const byHour = await history(owner.orgId, f.eventId, 'sales', owner.token, `bucket=hour&from=${iso(d1.first - 3_600_000)}&to=${iso(d1.last + 3_600_000)}`);
    expect(byHour.status, JSON.stringify(byHour.body)).toBe(200);
    expect(sum(byHour.body.buckets)).toEqual(figures);
    const last = byHour.body.buckets.at(-1);
    expect(Date.parse(last.start)).toBeLessThanOrEqual(d1.last);
    expect(Date.parse(last.start)).toBeGreaterThan(d1.last - 3_600_000);
    const hourLabel = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(d1.last));
    const part = (t: string) => hourLabel.find((p) => p.type === t)!.value;
    expect(last.key).toBe(`${part('year')}-${part('month')}-${part('day')}T${part('hour')}:00`);

    // Another zone cuts other days; a window before the sales holds none.
    const utc = await history(owner.orgId, f.eventId, 'sales', owner.token, 'timezone=UTC');
    expect(utc.body.timeZone).toBe('UTC');
    expect(sum(utc.body.buckets)).toEqual(figures);
    const before = await history(owner.orgId, f.eventId, 'sales', owner.token, `to=${iso(d1.first - 1)}`);
    expect(before.body.buckets).toEqual([]);

    // Hours over more than 92 days, or a backwards range: 422 naming `to`.
    for (const q of [`bucket=hour&from=${iso(Date.now() - 100 * 86_400_000)}&to=${iso(Date.now())}`, `from=${iso(Date.now())}&to=${iso(Date.now() - 1000)}`]) {
      const bad = await history(owner.orgId, f.eventId, 'sales', owner.token, q);
      expect(bad.status, q).toBe(422);
      expect(bad.body.errors[0].path).toBe('query.to');
    }
    expect((await history(owner.orgId, f.eventId, 'sales', owner.token, `bucket=day&from=${iso(Date.now() - 400 * 86_400_000)}&to=${iso(Date.now())}`)).status).toBe(200);
    expect((await history(owner.orgId, f.eventId, 'sales', owner.token, 'bucket=week')).status).toBe(422);
  });

  it('gives the occupancy snapshots over time, oldest first, with what was available', async () => {
    const { owner, f } = await eventToday();
    const t0 = Date.now() - 60 * MINUTE;
    const snaps = [
      { at: t0, sold: 1, held: 2, checkedIn: 0 },
      { at: t0 + 15 * MINUTE, sold: 5, held: 0, checkedIn: 1 },
      { at: t0 + 30 * MINUTE, sold: 9, held: 1, checkedIn: 4 },
    ];
    for (const [i, s] of snaps.entries()) {
      await env.DB.prepare('INSERT INTO occupancy_snapshots (id, organization_id, event_id, taken_at, capacity, sold, held, checked_in) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .bind(`occ_hist${Date.now().toString(36)}${i}`.padEnd(30, '0'), owner.orgId, f.eventId, s.at, 100, s.sold, s.held, s.checkedIn)
        .run();
    }
    await replicated(owner.orgId);
    const all = await history(owner.orgId, f.eventId, 'occupancy', owner.token);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body).toMatchObject({ eventId: f.eventId, from: null, to: null, truncated: false, freshness: { pendingChanges: 0 } });
    expect(all.body.snapshots).toEqual(
      snaps.map((s) => ({ takenAt: new Date(s.at).toISOString(), capacity: 100, sold: s.sold, held: s.held, available: 100 - s.sold - s.held, checkedIn: s.checkedIn })),
    );
    const part = await history(owner.orgId, f.eventId, 'occupancy', owner.token, `from=${iso(t0 + MINUTE)}&to=${iso(t0 + 30 * MINUTE)}`);
    expect(part.body.snapshots.map((s: { sold: number }) => s.sold)).toEqual([5]);
    const tooLong = await history(owner.orgId, f.eventId, 'occupancy', owner.token, `from=${iso(Date.now() - 93 * 86_400_000)}&to=${iso(Date.now())}`);
    expect(tooLong.status).toBe(422);
    // Another event of the organization has none of them.
    const other = await eventToday({ owner });
    expect((await history(owner.orgId, other.f.eventId, 'occupancy', owner.token)).body.snapshots).toEqual([]);
  });

  it('counts scans per minute — admitted, refused and exits — over at most 48 hours', async () => {
    const { owner, f, north } = await eventToday();
    const bought = await buyTickets(f.eventId, f.gaTypeId, 2);
    const device = await registerDevice(owner, [f.eventId], north);
    await startSession(device.token, f.eventId, north);
    expect((await deviceScan(device.token, { eventId: f.eventId, token: bought.tickets[0]!.qrToken })).body.result).toBe('valid');
    expect((await deviceScan(device.token, { eventId: f.eventId, token: bought.tickets[0]!.qrToken })).body.result).toBe('duplicate');
    // An earlier minute at the doors (an offline phone's scans, as D1 holds them).
    const earlier = Math.floor((Date.now() - 20 * MINUTE) / MINUTE) * MINUTE;
    await insertScan(owner.orgId, f.eventId, device.id, 'valid', 'in', earlier + 5_000);
    await insertScan(owner.orgId, f.eventId, device.id, 'valid', 'in', earlier + 40_000);
    await insertScan(owner.orgId, f.eventId, device.id, 'invalid_token', 'in', earlier + 50_000);
    await insertScan(owner.orgId, f.eventId, device.id, 'exit', 'out', earlier + 55_000);
    await replicated(owner.orgId);

    const res = await history(owner.orgId, f.eventId, 'scans', owner.token, `from=${iso(Date.now() - 3_600_000)}&to=${iso(Date.now() + 60_000)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.bucket).toBe('minute');
    expect(res.body.minutes[0]).toEqual({ minute: new Date(earlier).toISOString(), admitted: 2, refused: 1, exits: 1 });
    expect(res.body.totals).toEqual({ admitted: 3, refused: 2, exits: 1 });
    expect(res.body.minutes.reduce((n: number, m: { admitted: number }) => n + m.admitted, 0)).toBe(3);
    expect(res.body.freshness.pendingChanges).toBe(0);

    // Open: the event's doors, 48 hours at most; one open end: 48 hours from the other.
    const open = await history(owner.orgId, f.eventId, 'scans', owner.token);
    expect(open.status).toBe(200);
    expect(Date.parse(open.body.to) - Date.parse(open.body.from)).toBeLessThanOrEqual(48 * 3_600_000);
    const fromOnly = await history(owner.orgId, f.eventId, 'scans', owner.token, `from=${iso(Date.now() - 3_600_000)}`);
    expect(Date.parse(fromOnly.body.to) - Date.parse(fromOnly.body.from)).toBe(48 * 3_600_000);
    expect(fromOnly.body.totals.admitted).toBe(3);
    const tooLong = await history(owner.orgId, f.eventId, 'scans', owner.token, `from=${iso(Date.now() - 49 * 3_600_000)}&to=${iso(Date.now())}`);
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors[0].path).toBe('query.to');
    expect((await history(owner.orgId, f.eventId, 'scans', owner.token, 'bucket=hour')).status).toBe(422);
  });

  it('answers 503 with Retry-After while Postgres is away, 404 for another organization’s event, 403 without the permission', async () => {
    const { owner, f } = await eventToday();
    const away = postgresAway();
    for (const what of ['sales', 'occupancy', 'scans']) {
      const res = await fetchWorker(away, new Request(`https://voelgoed.test/api/v1/orgs/${owner.orgId}/events/${f.eventId}/history/${what}`, { headers: { Authorization: `Bearer ${owner.token}` } }));
      expect(res.status, what).toBe(503);
      expect(res.headers.get('Retry-After')).toMatch(/^\d+$/);
      expect(res.headers.get('Content-Type')).toContain('application/problem+json');
      expect(res.body.code).toBe('postgres_unavailable');
    }
    const other = await signup();
    for (const what of ['sales', 'occupancy', 'scans'] as const) {
      expect((await history(other.orgId, f.eventId, what, other.token)).status, what).toBe(404);
      expect((await history(owner.orgId, 'evt_01doesnotexist00000000000', what, owner.token)).status, what).toBe(404);
    }
    const staff = await addMember(owner, 'staff');
    expect((await history(owner.orgId, f.eventId, 'sales', staff.token)).status).toBe(403);
    expect((await history(owner.orgId, f.eventId, 'occupancy', staff.token)).status).toBe(200);
    expect((await history(owner.orgId, f.eventId, 'scans', staff.token)).status).toBe(200);
    const scannerOnly = await addMember(owner, 'scanner_only');
    expect((await history(owner.orgId, f.eventId, 'scans', scannerOnly.token)).status).toBe(403);
  });
});
