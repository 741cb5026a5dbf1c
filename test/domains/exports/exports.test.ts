/**
 * CSV exports end to end: requested through the route, run by the real exports queue consumer, stored in
 * R2, downloaded through the signed link and parsed back; the rows must say what the API says. Plus the
 * link's refusals, tenancy, permissions, the consumer's idempotency and failure path, and a 100,000-row
 * export that streams with a bounded buffer.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { CSV_BOM } from '../../../src/domains/exports/csv';
import { downloadLink } from '../../../src/domains/exports/links';
import { EXPORT_MAX_ATTEMPTS, exportObjectKey, runExport } from '../../../src/domains/exports/run';
import { minorToDecimal } from '../../../src/platform/money';
import { addMember, api, createApiKey, signup, uniqueEmail } from '../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { parseCsv, records } from '../../support/csv';
import { onSaleEvent } from '../../support/events';
import { deviceScan, eventToday, registerDevice, startSession } from '../../support/scanning';
import { completed, download, fetchLink, insertJob, requestExport, type Job } from '../../support/exports';
import { replicated } from '../../support/replication';

async function buy(eventId: string, ticketTypeId: string, quantity: number, extra: Record<string, unknown> = {}) {
  const held = await hold(eventId, { ticketTypeId, quantity });
  expect(held.status, JSON.stringify(held.body)).toBe(201);
  const started = await checkout(eventId, [held.body.id], extra);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
  return orderReaches(started.body.accessToken, 'paid');
}

const money = (minor: number, currency: string) => minorToDecimal(minor, currency);

describe('CSV exports through the queue', () => {
  it('exports orders: one row per order, amounts as decimals, text guarded, as the order API shows them', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const coupon = await api('POST', `/orgs/${owner.orgId}/coupons`, { token: owner.token, body: { code: 'EXPORT10', kind: 'percent', percentBps: 1000, eventId: f.eventId } });
    expect(coupon.status, JSON.stringify(coupon.body)).toBe(201);
    const a = await buy(f.eventId, f.gaTypeId, 2, { couponCode: 'EXPORT10', buyer: { name: '=HYPERLINK("http://evil.example","click")', email: uniqueEmail('formula') } });
    const b = await buy(f.eventId, f.gaTypeId, 1, { buyer: { name: 'Zoë "Zee" Müller, Jr.', email: uniqueEmail('zoe') } });
    const refund = await api('POST', `/orgs/${owner.orgId}/orders/${b.id}/refunds`, { token: owner.token, body: { amountMinor: 1234, reason: 'Goodwill' } });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);

    const queued = await requestExport(owner, { kind: 'orders' });
    const audit = await env.DB.prepare("select action, resource_id from audit_logs where organization_id = ? and action = 'export.requested'").bind(owner.orgId).all();
    expect(audit.results).toEqual([{ action: 'export.requested', resource_id: queued.id }]);
    const job = await completed(owner, queued.id);
    expect(job).toMatchObject({ rowsWritten: 2, rowsTotal: 2, error: null });
    expect(new Date(job.expiresAt!).getTime() - new Date(job.completedAt!).getTime()).toBe(7 * 86_400_000);
    const linkTtl = new Date(job.downloadUrlExpiresAt!).getTime() - Date.now();
    expect(linkTtl).toBeGreaterThan(14 * 60_000);
    expect(linkTtl).toBeLessThanOrEqual(15 * 60_000);

    const { res, bytes, text } = await download(job.downloadUrl!);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(bytes.length).toBe(job.sizeBytes);
    expect(text.endsWith('\r\n')).toBe(true);

    const { header, rows } = records(text);
    expect(header.slice(0, 6)).toEqual(['order_id', 'created_at_utc', 'created_at_local', 'status', 'buyer_name', 'buyer_email']);
    expect(rows.map((r) => r.order_id)).toEqual([a.id, b.id].sort());
    for (const row of rows) {
      const order = (await api('GET', `/orgs/${owner.orgId}/orders/${row.order_id}`, { token: owner.token })).body;
      expect(row).toMatchObject({
        created_at_utc: order.createdAt,
        status: order.status,
        buyer_email: order.buyerEmail,
        event_id: f.eventId,
        event_name: 'Test Concert',
        event_timezone: 'Africa/Johannesburg',
        currency: order.currency,
        subtotal: money(order.subtotalMinor, order.currency),
        discount: money(order.discountMinor, order.currency),
        buyer_fee: money(order.buyerFeeMinor, order.currency),
        organizer_fee: money(order.organizerFeeMinor, order.currency),
        vat: money(order.vatMinor, order.currency),
        donation: money(order.donationMinor, order.currency),
        total: money(order.totalMinor, order.currency),
        refunded: money(order.refundedMinor, order.currency),
        tickets: String(order.tickets.length),
        paid_at_utc: order.paidAt,
      });
      // Two hours ahead of UTC in Johannesburg, as spreadsheets read a date and time.
      const local = new Date(new Date(order.createdAt).getTime() + 2 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
      expect(row.created_at_local).toBe(local);
    }
    const rowA = rows.find((r) => r.order_id === a.id)!;
    const rowB = rows.find((r) => r.order_id === b.id)!;
    // The formula is text, not a formula: a leading apostrophe; a name with quotes and a comma survives quoting.
    expect(rowA.buyer_name).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(rowA.coupon_code).toBe('EXPORT10');
    expect(Number(rowA.discount)).toBeGreaterThan(0);
    expect(rowB.buyer_name).toBe('Zoë "Zee" Müller, Jr.');
    expect(rowB).toMatchObject({ status: 'partially_refunded', refunded: '12.34', coupon_code: '' });
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""click"")"');
  });

  it('exports attendees (one row per ticket) and check-ins (one row per scan), filtered by event, as the API shows them', async () => {
    const { owner, f, north } = await eventToday();
    const order = await buy(f.eventId, f.gaTypeId, 3);
    // Another event's tickets stay out of an export filtered by event.
    const other = await onSaleEvent(owner, { layout: false });
    await buy(other.eventId, other.gaTypeId, 1);
    const phone = await registerDevice(owner, [f.eventId], north, 'North phone');
    const session = await startSession(phone.token, f.eventId);
    const [t1, t2] = order.tickets;
    expect((await deviceScan(phone.token, { eventId: f.eventId, token: t1.qrToken, sessionId: session })).body.result).toBe('valid');
    expect((await deviceScan(phone.token, { eventId: f.eventId, token: t1.qrToken, sessionId: session })).body.result).toBe('duplicate');
    const offline = await api('POST', '/device/scans/batch', {
      token: phone.token,
      body: { eventId: f.eventId, scans: [{ nonce: 'exp-off-1', token: t2.qrToken, scannedAt: new Date(Date.now() - 60_000).toISOString(), direction: 'in', sessionId: session }] },
    });
    expect(offline.status, JSON.stringify(offline.body)).toBe(200);

    const attendees = await completed(owner, (await requestExport(owner, { kind: 'attendees', eventId: f.eventId })).id);
    expect(attendees).toMatchObject({ rowsWritten: 3, rowsTotal: 3 });
    const file = await download(attendees.downloadUrl!);
    expect(file.res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="attendees-test-concert-\d{4}-\d{2}-\d{2}\.csv"/);
    const { rows } = records(file.text);
    const view = (await api('GET', `/orgs/${owner.orgId}/orders/${order.id}`, { token: owner.token })).body;
    expect(rows.map((r) => r.ticket_id).sort()).toEqual(view.tickets.map((t: { id: string }) => t.id).sort());
    for (const row of rows) {
      const ticket = view.tickets.find((t: { id: string }) => t.id === row.ticket_id);
      expect(row).toMatchObject({
        ticket_status: ticket.status,
        issued_at_utc: ticket.issuedAt,
        attendee_name: ticket.attendeeName ?? '',
        ticket_type_id: ticket.ticketTypeId,
        ticket_type: 'Standing',
        seat: '',
        order_id: order.id,
        order_status: 'paid',
        buyer_name: view.buyerName,
        buyer_email: view.buyerEmail,
        event_id: f.eventId,
      });
    }

    const checkIns = await completed(owner, (await requestExport(owner, { kind: 'check_ins', eventId: f.eventId })).id);
    const scans = (await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/scans?limit=200`, { token: owner.token })).body.items as Record<string, any>[];
    expect(scans).toHaveLength(3);
    expect(checkIns).toMatchObject({ rowsWritten: 3, rowsTotal: 3 });
    const scanRows = records((await download(checkIns.downloadUrl!)).text).rows;
    // In scan time order: the offline scan (a minute ago, uploaded last) comes first.
    expect(scanRows.map((r) => r.scan_id)).toEqual([...scans].sort((x, y) => x.scannedAt.localeCompare(y.scannedAt) || x.id.localeCompare(y.id)).map((s) => s.id));
    expect(scanRows[0]!.offline).toBe('true');
    for (const row of scanRows) {
      const scan = scans.find((s) => s.id === row.scan_id)!;
      expect(row).toMatchObject({
        scanned_at_utc: scan.scannedAt,
        received_at_utc: scan.receivedAt,
        result: scan.result,
        direction: scan.direction,
        offline: String(scan.offline),
        ticket_id: scan.ticketId ?? '',
        device_id: phone.id,
        device_name: 'North phone',
        gate_id: north,
        gate_name: 'North',
        session_id: session,
        operator_name: 'Sipho',
        ticket_type: 'Standing',
        event_id: f.eventId,
        shown_on_gate: scan.shownResult ?? '',
        double_admission: String(scan.doubleAdmission),
      });
    }
    expect(scanRows.map((r) => r.result).sort()).toEqual(['duplicate', 'valid', 'valid']);
    expect(scanRows.filter((r) => r.offline === 'true')).toHaveLength(1);

    // Without an event: every event of the organization, event by event.
    const everything = await completed(owner, (await requestExport(owner, { kind: 'attendees' })).id);
    const all = records((await download(everything.downloadUrl!)).text).rows;
    expect(everything).toMatchObject({ rowsWritten: 4, rowsTotal: 4 });
    expect(new Set(all.map((r) => r.event_id))).toEqual(new Set([f.eventId, other.eventId]));
  });

  it("exports an event's settlement (finance.read only), line per currency, as the ledger report shows it", async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const paid = await buy(f.eventId, f.gaTypeId, 2);
    await api('POST', `/orgs/${owner.orgId}/orders/${paid.id}/refunds`, { token: owner.token, body: { ticketIds: [paid.tickets[0].id], reason: 'Cannot come' } });

    const noEvent = await api('POST', `/orgs/${owner.orgId}/exports`, { token: owner.token, body: { kind: 'settlement' } });
    expect(noEvent.status).toBe(422);
    expect(noEvent.body.errors[0].path).toBe('body.eventId');
    // Staff may export, but not read the ledger: refused like any permission.
    const staff = await addMember(owner, 'staff');
    const refused = await api('POST', `/orgs/${owner.orgId}/exports`, { token: staff.token, body: { kind: 'settlement', eventId: f.eventId } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('Content-Type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'export_not_allowed', status: 403 });
    expect(refused.body.detail).toContain('finance.read');
    await completed(owner, (await requestExport(owner, { kind: 'orders' }, staff.token)).id);

    const job = await completed(owner, (await requestExport(owner, { kind: 'settlement', eventId: f.eventId })).id);
    const report = (await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/settlement`, { token: owner.token })).body;
    const { rows } = records((await download(job.downloadUrl!)).text);
    expect(rows).toHaveLength(report.currencies.length);
    expect(job).toMatchObject({ rowsWritten: report.currencies.length, rowsTotal: report.currencies.length });
    const c = report.currencies[0];
    expect(rows[0]).toEqual({
      event_id: f.eventId,
      event_name: 'Test Concert',
      currency: c.currency,
      gross_received: money(c.grossReceivedMinor, c.currency),
      refunds: money(c.refundsMinor, c.currency),
      net_received: money(c.netReceivedMinor, c.currency),
      platform_fees: money(c.platformFeesMinor, c.currency),
      vat: money(c.vatMinor, c.currency),
      donations: money(c.donationsMinor, c.currency),
      net_payable: money(c.netPayableMinor, c.currency),
      orders_paid: String(report.orders.paid),
      orders_partially_refunded: String(report.orders.partiallyRefunded),
      orders_refunded: String(report.orders.refunded),
    });
    expect(c.refundsMinor).toBeGreaterThan(0);
  });

  it('limits an API key to exports of data it may read itself', async () => {
    const owner = await signup();
    const exportsOnly = await createApiKey(owner, ['exports.manage']);
    const refused = await api('POST', `/orgs/${owner.orgId}/exports`, { token: exportsOnly.secret, body: { kind: 'attendees' } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('export_not_allowed');
    expect(refused.body.detail).toContain('orders.read');
    const withOrders = await createApiKey(owner, ['exports.manage', 'orders.read']);
    await completed(owner, (await requestExport(owner, { kind: 'attendees' }, withOrders.secret)).id);
    const checkIns = await api('POST', `/orgs/${owner.orgId}/exports`, { token: withOrders.secret, body: { kind: 'check_ins' } });
    expect(checkIns.status).toBe(403);
    expect(checkIns.body.detail).toContain('checkins.read');
    const withoutExports = await createApiKey(owner, ['orders.read']);
    const noScope = await api('POST', `/orgs/${owner.orgId}/exports`, { token: withoutExports.secret, body: { kind: 'orders' } });
    expect(noScope.status).toBe(403);
    expect(noScope.body.code).toBe('missing_scope');
  });
});

describe('download links', () => {
  it('refuses a tampered, re-dated, missing or expired link with 403, and answers 410 once the file expired', async () => {
    const owner = await signup();
    const job = await completed(owner, (await requestExport(owner, { kind: 'orders' })).id);
    const good = new URL(job.downloadUrl!);
    expect((await fetchLink(good.toString())).status).toBe(200);

    const tampered = new URL(good);
    const sig = tampered.searchParams.get('signature')!;
    tampered.searchParams.set('signature', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
    const redated = new URL(good);
    redated.searchParams.set('expires', String(Number(good.searchParams.get('expires')) + 3600));
    const unsigned = new URL(good);
    unsigned.search = '';
    const otherExport = new URL(good);
    otherExport.pathname = otherExport.pathname.replace(job.id, (await completed(owner, (await requestExport(owner, { kind: 'attendees' })).id)).id);
    for (const [what, url] of [['tampered', tampered], ['re-dated', redated], ['unsigned', unsigned], ["another export's signature", otherExport]] as const) {
      const res = await fetchLink(url.toString());
      const body = (await res.json()) as { code: string };
      expect(res.status, what).toBe(403);
      expect(res.headers.get('Content-Type'), what).toContain('application/problem+json');
      expect(body.code, what).toBe('invalid_download_link');
    }

    const stale = await downloadLink(env, job.id, new Date(Date.now() - 16 * 60_000));
    const expired = await fetchLink(stale.url);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { code: string }).code).toBe('download_link_expired');

    const unknown = await fetchLink(good.toString().replace(job.id, 'exj_01doesnotexist0000000000'));
    expect(unknown.status).toBe(404);

    await env.DB.prepare('update export_jobs set expires_at = ? where id = ?').bind(Date.now() - 1000, job.id).run();
    const gone = await fetchLink(good.toString());
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { code: string }).code).toBe('export_expired');
    const after = await api('GET', `/orgs/${owner.orgId}/exports/${job.id}`, { token: owner.token });
    expect(after.body).toMatchObject({ status: 'completed', downloadUrl: null, downloadUrlExpiresAt: null });
  });

  it("answers 404 for another organization's export, and lists only the caller's own", async () => {
    const a = await signup();
    const b = await signup();
    const job = await requestExport(a, { kind: 'orders' });
    expect((await api('GET', `/orgs/${b.orgId}/exports/${job.id}`, { token: b.token })).status).toBe(404);
    expect((await api('GET', `/orgs/${a.orgId}/exports/${job.id}`, { token: b.token })).status).toBe(404);
    const listB = await api('GET', `/orgs/${b.orgId}/exports`, { token: b.token });
    expect(listB.body.items).toEqual([]);
    const second = await requestExport(a, { kind: 'attendees' });
    const page1 = await api('GET', `/orgs/${a.orgId}/exports?limit=1`, { token: a.token });
    expect(page1.body.items.map((j: Job) => j.id)).toEqual([second.id]);
    const page2 = await api('GET', `/orgs/${a.orgId}/exports?limit=1&cursor=${page1.body.nextCursor}`, { token: a.token });
    expect(page2.body.items.map((j: Job) => j.id)).toEqual([job.id]);
    expect(page2.body.nextCursor).toBeNull();
    // An event of another organization is not one to export.
    const otherEvent = await onSaleEvent(b, { layout: false });
    expect((await api('POST', `/orgs/${a.orgId}/exports`, { token: a.token, body: { kind: 'attendees', eventId: otherEvent.eventId } })).status).toBe(404);
    // Settled before the test ends, so no consumer is cut off mid-upload.
    for (const id of [job.id, second.id]) await completed(a, id);
  });
});

/** A job row as the route writes it, without a queue message (so only the test runs it). */

const jobRow = (id: string) => env.DB.prepare('select status, rows_written, rows_total, size_bytes, error, object_key, completed_at from export_jobs where id = ?').bind(id).first<Record<string, any>>();

describe('the exports consumer', () => {
  it('does nothing for a completed job, and starts over a job found running (its worker died)', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    await buy(f.eventId, f.gaTypeId, 1);
    const db = createDb(env.DB);
    const id = await insertJob(owner.orgId, 'orders');
    const first = await runExport(env, db, id);
    expect(first).toMatchObject({ outcome: 'completed', rowsWritten: 1 });
    const done = await jobRow(id);
    expect(await runExport(env, db, id, { attempt: 2 })).toEqual({ outcome: 'skipped', reason: 'completed' });
    expect(await jobRow(id)).toEqual(done);

    // Died half-way: running, with some progress and no file. A redelivery starts from the first row.
    await env.DB.prepare("update export_jobs set status = 'running', rows_written = 7, object_key = null, completed_at = null where id = ?").bind(id).run();
    await buy(f.eventId, f.gaTypeId, 1);
    await replicated(owner.orgId);
    const rerun = await runExport(env, db, id, { attempt: 2 });
    expect(rerun).toMatchObject({ outcome: 'completed', rowsWritten: 2 });
    expect(await jobRow(id)).toMatchObject({ status: 'completed', rows_written: 2, rows_total: 2, error: null });
    const object = await env.FILES.get(exportObjectKey({ organizationId: owner.orgId, id }));
    expect(parseCsv(await object!.text())).toHaveLength(3);
    expect(await runExport(env, db, 'exj_01doesnotexist0000000000')).toEqual({ outcome: 'skipped', reason: 'not_found' });
  });

  it('keeps the job queued with its error between attempts, fails it after the last, and the message dead-letters', async () => {
    const owner = await signup();
    const db = createDb(env.DB);
    const direct = await insertJob(owner.orgId, 'settlement', 'evt_01doesnotexist0000000000');
    await expect(runExport(env, db, direct, { attempt: 1 })).rejects.toThrow(/no longer exists/);
    expect(await jobRow(direct)).toMatchObject({ status: 'queued', error: expect.stringContaining('no longer exists') });
    await expect(runExport(env, db, direct, { attempt: EXPORT_MAX_ATTEMPTS })).rejects.toThrow();
    expect(await jobRow(direct)).toMatchObject({ status: 'failed', error: expect.stringContaining('no longer exists'), object_key: null });

    // Through the real queue: every retry fails, then the message is kept as a dead letter.
    const queued = await insertJob(owner.orgId, 'settlement', 'evt_01doesnotexist0000000000');
    await env.EXPORTS_QUEUE.send({ kind: 'export', id: queued });
    const until = Date.now() + 20_000;
    let dead: { attempts: number } | null = null;
    while (Date.now() < until && !dead) {
      await new Promise((r) => setTimeout(r, 100));
      dead = await env.DB.prepare("select attempts from dead_letters where queue = 'voelgoed-exports' and json_extract(body, '$.id') = ?").bind(queued).first<{ attempts: number }>();
    }
    expect(dead, 'dead letter').not.toBeNull();
    expect(await jobRow(queued)).toMatchObject({ status: 'failed', error: expect.stringContaining('no longer exists') });
  });
});

describe('pagination', () => {
  it('writes the same file whatever the page size: cursors cross pages and events, skipping events with nothing', async () => {
    const { owner, f, north } = await eventToday();
    await onSaleEvent(owner, { layout: false }); // an event with no tickets and no scans
    const second = await onSaleEvent(owner, { layout: false });
    const orders = [await buy(f.eventId, f.gaTypeId, 3), await buy(second.eventId, second.gaTypeId, 2), await buy(f.eventId, f.gaTypeId, 1)];
    const phone = await registerDevice(owner, [f.eventId], north);
    for (const t of orders[0].tickets) await deviceScan(phone.token, { eventId: f.eventId, token: t.qrToken });
    await deviceScan(phone.token, { eventId: f.eventId, token: orders[0].tickets[0].qrToken });
    const db = createDb(env.DB);
    for (const [kind, rows] of [['orders', 3], ['attendees', 6], ['check_ins', 4]] as const) {
      const files: string[] = [];
      for (const pageSize of [1, 2, 1000]) {
        const id = await insertJob(owner.orgId, kind);
        const result = await runExport(env, db, id, { pageSize });
        expect(result, `${kind} by ${pageSize}`).toMatchObject({ outcome: 'completed', rowsWritten: rows });
        files.push(await (await env.FILES.get(exportObjectKey({ organizationId: owner.orgId, id })))!.text());
      }
      expect(new Set(files).size, kind).toBe(1);
      const parsed = parseCsv(files[0]!);
      expect(parsed, kind).toHaveLength(rows + 1);
      expect(new Set(parsed.slice(1).map((r) => r[0])).size, `${kind}: no row twice`).toBe(rows);
    }
  });
});
