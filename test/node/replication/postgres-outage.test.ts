/**
 * The outage drill (docs/postgres.md, "When Postgres is away"): the platform runs as a developer runs it (`npm run
 * dev`) against a Postgres of this test's own; mid-run the database is stopped hard (a private PostgreSQL cluster
 * stopped with `pg_ctl -m immediate`, or the embedded one killed), and sales, scans and a refund go on — every one
 * answered as usual — while the reports answer 503 with Retry-After and the changes wait in D1's outbox. The database
 * comes back; the outbox drains by itself (the queue's retries), and the copy holds every fact once: the same figures
 * as D1, no row twice, the journal balanced, the reports answering again with the sales made during the outage.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, DEMO, startDev, type Platform } from '../../../bench/lib/dev-platform.mjs';
import { stoppablePostgres, type StoppablePostgres } from '../../support/stoppable-postgres';

const db: StoppablePostgres = await stoppablePostgres();
let platform: Platform;
let token = '';
let orgId = '';
let eventId = '';
let gaTypeId = '';
let deviceToken = '';
let nonce = 0;
/** Cloudflare's dummy Turnstile token, which the always-pass test secret `npm run dev` sets answers. */
const TURNSTILE_DUMMY = 'XXXX.DUMMY.TOKEN.XXXX';

beforeAll(async () => {
  try {
    platform = await startDev(240_000, { DATABASE_URL: db.url });
  } catch (error) {
    await db.remove();
    throw error;
  }
  token = (await api(platform.base, 'POST', '/auth/login', { email: DEMO.email, password: DEMO.password })).token;
  orgId = platform.demo.orgId;
  const venues = await api(platform.base, 'GET', `/orgs/${orgId}/venues`, undefined, token);
  const startsAt = Date.now() + 2 * 3_600_000;
  const event = await api(
    platform.base,
    'POST',
    `/orgs/${orgId}/events`,
    { name: 'Outage drill', venueId: venues.items[0].id, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 3 * 3_600_000).toISOString() },
    token,
  );
  eventId = event.id;
  gaTypeId = (await api(platform.base, 'POST', `/orgs/${orgId}/events/${eventId}/ticket-types`, { name: 'Standing', kind: 'ga', capacity: 200, priceMinor: 15_000 }, token)).id;
  for (const status of ['published', 'on_sale']) await api(platform.base, 'POST', `/orgs/${orgId}/events/${eventId}/status`, { status }, token);
  deviceToken = (await api(platform.base, 'POST', `/orgs/${orgId}/devices`, { name: 'Drill gate', eventIds: [eventId] }, token)).token;
}, 300_000);

afterAll(async () => {
  await platform?.stop();
  await db?.remove();
});

type Sold = { orderId: string; accessToken: string; totalMinor: number; tickets: { id: string; qrToken: string }[] };

/** A buyer's order of `quantity` standing tickets, paid on the test provider's page; resolves once it is paid. */
async function buy(quantity: number): Promise<Sold> {
  const held = await api(platform.base, 'POST', `/public/events/${eventId}/holds`, { ticketTypeId: gaTypeId, quantity, turnstileToken: TURNSTILE_DUMMY });
  const started = await api(platform.base, 'POST', `/public/events/${eventId}/checkout`, { holds: [held.id], buyer: { name: 'Drill Buyer', email: `drill-${Date.now()}-${nonce++}@example.com` } });
  const session = new URL(started.payment.redirectUrl).pathname.split('/').pop();
  const paid = await fetch(`${platform.base}/pay/test/${session}/pay`, { method: 'POST', redirect: 'manual' });
  expect(paid.status).toBe(303);
  const until = Date.now() + 30_000;
  for (;;) {
    const order = await api(platform.base, 'GET', `/public/orders/${started.accessToken}`);
    if (order.status === 'paid') return { orderId: order.id, accessToken: started.accessToken, totalMinor: order.totalMinor, tickets: order.tickets };
    if (Date.now() > until) throw new Error(`order ${order.id} never paid: ${order.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function scan(qrToken: string) {
  const res = await api(platform.base, 'POST', '/device/scan', { eventId, token: qrToken, nonce: `drill-${nonce++}`, direction: 'in' }, deviceToken);
  expect(res.result).toBe('valid');
}

const lag = async () => (await api(platform.base, 'GET', `/orgs/${orgId}/replication`, undefined, token)).lag as { pending: number; oldestPendingSeconds: number | null };

async function drained(ms: number) {
  const until = Date.now() + ms;
  for (;;) {
    const now = await lag();
    if (now.pending === 0) return;
    if (Date.now() > until) throw new Error(`the outbox did not drain in ${ms} ms: ${JSON.stringify(now)}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Rows of the organization in a Postgres table, read as the database's owner (no RLS: the drill checks the copy itself). */
async function copy<T = Record<string, unknown>>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(text, [orgId])).rows as T[];
  } finally {
    await client.end();
  }
}

/** Buyers buying one after another (two at a time) until stop() is called; what they bought. */
function buyers() {
  const sold: Sold[] = [];
  let running = true;
  const buyer = async (i: number) => {
    for (let n = 0; running; n++) sold.push(await buy(1 + ((i + n) % 3)));
  };
  const done = Promise.all([buyer(0), buyer(1)]);
  return { sold, stop: async () => ((running = false), await done, sold) };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`Postgres (${db.kind}) stopped mid-run`, () => {
  it('sells, scans and refunds on; reports wait with 503; on restart the outbox drains and the copy holds every fact once', { timeout: 600_000 }, async () => {
    // Buyers keep buying through the whole run: the database stops under them, and starts again under them.
    const sales = buyers();
    await pause(3_000);
    await db.stop();
    const soldBeforeStop = sales.sold.length;
    await pause(2_000);
    // Down: scans and a refund answer as usual (the buyers' sales too: they go on).
    const [first, second] = sales.sold;
    await scan(first!.tickets[0]!.qrToken);
    await scan(second!.tickets[0]!.qrToken);
    const refund = await api(platform.base, 'POST', `/orgs/${orgId}/orders/${first!.orderId}/refunds`, { reason: 'Drill: the buyer cannot come' }, token);
    expect(refund.status).toBe('succeeded');
    // The changes wait in D1's outbox.
    expect((await lag()).pending).toBeGreaterThan(0);
    // The reports wait too: 503, Retry-After, a problem document.
    for (const path of [`/orgs/${orgId}/reports/sales?eventId=${eventId}`, `/orgs/${orgId}/events/${eventId}/settlement`, `/orgs/${orgId}/events/${eventId}/replication`]) {
      const res = await fetch(`${platform.base}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status, path).toBe(503);
      expect(Number(res.headers.get('Retry-After')), path).toBeGreaterThan(0);
      expect(res.headers.get('Content-Type'), path).toContain('application/problem+json');
      expect(((await res.json()) as { code: string }).code, path).toBe('postgres_unavailable');
    }
    const soldWhileDown = sales.sold.length - soldBeforeStop;
    await db.start();
    await pause(3_000);
    const sold = await sales.stop();
    expect(soldWhileDown, 'sales while Postgres was down').toBeGreaterThan(0);
    await scan(sold[sold.length - 1]!.tickets[0]!.qrToken);

    // Up again: the queue's retries drain the outbox with no one's help.
    await drained(300_000);

    // The copy equals D1, figure by figure (the same comparison the hourly check makes).
    const compared = await api(platform.base, 'GET', `/orgs/${orgId}/events/${eventId}/replication`, undefined, token);
    expect(compared.differences).toEqual({});
    const ticketsSold = sold.reduce((n, o) => n + o.tickets.length, 0);
    expect(compared.postgres['orders.paid']).toBe(sold.length);
    expect(compared.postgres['revenue.paid_minor']).toBe(sold.reduce((n, o) => n + o.totalMinor, 0));
    expect(compared.postgres['checkins']).toBe(3);
    expect(compared.postgres['tickets.valid']).toBe(ticketsSold - first!.tickets.length);
    expect(compared.postgres['tickets.cancelled']).toBe(first!.tickets.length);
    expect(compared.postgres['refunds.succeeded.minor']).toBe(refund.amountMinor);

    // Every fact once: each id a single row (the partitioned tables' keys include the month, so this is checked).
    for (const table of ['orders', 'order_lines', 'tickets', 'payments', 'refunds', 'journal_entries', 'journal_lines', 'check_ins', 'audit_entries']) {
      const twice = await copy(`select id from ${table} where organization_id = $1 group by id having count(*) > 1`);
      expect(twice, table).toEqual([]);
    }
    const orders = await copy<{ id: string; status: string }>('select id, status from orders where organization_id = $1');
    const status = new Map(orders.map((o) => [o.id, o.status]));
    expect(sold.map((o) => status.get(o.orderId))).toEqual(sold.map((o) => (o === first ? 'refunded' : 'paid')));
    const [balance] = await copy<{ debit: string; credit: string }>('select sum(debit_minor) as debit, sum(credit_minor) as credit from journal_lines where organization_id = $1');
    expect(balance!.debit).toBe(balance!.credit);

    // The reports answer again, with the outage's sales in them.
    const report = await api(platform.base, 'GET', `/orgs/${orgId}/reports/sales?eventId=${eventId}&groupBy=ticket_type`, undefined, token);
    expect(report.freshness.pendingChanges).toBe(0);
    expect(report.rows).toMatchObject([{ key: gaTypeId, orders: sold.length, tickets: ticketsSold, refundedMinor: refund.amountMinor }]);
  });
});
