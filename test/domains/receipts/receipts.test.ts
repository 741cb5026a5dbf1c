/**
 * Receipts: a tax invoice with a sequential, gap-free number per organization (taken once per order, even when many
 * first downloads race) where a VAT number is set, a plain receipt numbered by the order id otherwise; supplier,
 * VAT number, lines and refunds on the PDF; the buyer's link and the organizer's route, tenant-scoped.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { issueInvoiceNumber } from '../../../src/domains/receipts/issue-invoice-number';
import { createDb } from '../../../src/db/client';
import { formatMoney } from '../../../src/platform/money';
import { newId } from '../../../src/platform/ids';
import { api, BASE, signup, type SignedUp } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { jpegHeader, solidPng, toBase64 } from '../../support/images';
import { pdfText } from '../../support/pdf-text';
import { paidGaOrder } from '../../support/refunds';
import { checkout, hold } from '../../support/checkout';

async function vatRegistered(vatNumber: string | null = '4123456789') {
  const owner = await signup({ organizationName: 'Kaapstad Konserte' });
  await api('PATCH', `/orgs/${owner.orgId}/settings`, { token: owner.token, body: { vatRateBps: 1500, vatMode: 'inclusive' } });
  await api('PATCH', `/orgs/${owner.orgId}/branding`, {
    token: owner.token,
    body: { legalName: 'Kaapstad Konserte (Pty) Ltd', ...(vatNumber ? { vatNumber } : {}), address: '12 Long Street\nCape Town 8001', contactEmail: 'hello@kk.example' },
  });
  const event = await onSaleEvent(owner, { layout: false });
  return { owner, event };
}

async function download(path: string, token?: string) {
  const res = await SELF.fetch(`${BASE}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: res.status === 200 ? (await pdfText(bytes)).join('\n') : new TextDecoder().decode(bytes) };
}

const receiptOf = (owner: SignedUp, orderId: string, lang = 'en') => download(`/orgs/${owner.orgId}/orders/${orderId}/receipt.pdf?lang=${lang}`, owner.token);
const money = (minor: number, locale = 'en') => formatMoney(minor, 'ZAR', locale);

describe('receipts', () => {
  it('a VAT-registered organization issues tax invoices: "Tax Invoice", supplier, address, VAT number, buyer, lines with VAT, totals to the cent', async () => {
    const { owner, event } = await vatRegistered();
    const order = await paidGaOrder(event.eventId, event.gaTypeId, 2);
    const detail = (await api('GET', `/orgs/${owner.orgId}/orders/${order.orderId}`, { token: owner.token })).body;
    const receipt = await receiptOf(owner, order.orderId);
    expect(receipt.status, receipt.text).toBe(200);
    expect(receipt.headers.get('content-type')).toBe('application/pdf');
    expect(receipt.headers.get('content-disposition')).toContain('receipt-INV-');
    const text = receipt.text;
    for (const wanted of ['TAX INVOICE', 'Kaapstad Konserte (Pty) Ltd', '12 Long Street', 'VAT no. 4123456789', detail.buyerName, detail.buyerEmail, 'Standing', order.orderId]) {
      expect(text).toContain(wanted);
    }
    expect(text).toMatch(/Invoice no\. INV-0000\d\d/);
    // 2 × R200.00 inclusive of 15 % VAT: round(20000 × 1500 / 11500) = 2609 a ticket.
    expect(detail.vatMinor).toBe(2 * 2609);
    expect(text).toContain(money(2609));
    expect(text).toContain(money(detail.vatMinor));
    expect(text).toContain(money(detail.totalMinor));
    expect(text).toContain(money(detail.subtotalMinor - detail.vatMinor));
    expect(text).toContain('VAT at 15%');
  });

  it('numbers invoices 1, 2, 3 … per organization, once per order, with no gap when first downloads race', async () => {
    const { owner, event } = await vatRegistered();
    const orders = [];
    for (let i = 0; i < 4; i++) orders.push(await paidGaOrder(event.eventId, event.gaTypeId, 1));
    // Every order's first download at once, twice over.
    const results = await Promise.all([...orders, ...orders].map((o) => receiptOf(owner, o.orderId)));
    for (const r of results) expect(r.status).toBe(200);
    const numberOf = (t: string) => /INV-(\d{6})/.exec(t)![1];
    const numbers = results.map((r) => Number(numberOf(r.text)));
    expect(numbers.slice(0, 4)).toEqual(numbers.slice(4));
    expect([...numbers.slice(0, 4)].sort()).toEqual([1, 2, 3, 4]);
    // Asked again later: the same number; another organization starts at 1.
    expect(numberOf((await receiptOf(owner, orders[0]!.orderId)).text)).toBe(numberOf(results[0]!.text));
    const other = await vatRegistered('4987654321');
    const theirs = await paidGaOrder(other.event.eventId, other.event.gaTypeId, 1);
    expect(numberOf((await receiptOf(other.owner, theirs.orderId)).text)).toBe('000001');
  });

  it('issueInvoiceNumber is idempotent and gap-free under concurrency, and an issued number cannot be changed or deleted', async () => {
    const db = createDb(env.DB);
    const owner = await signup();
    const ids = Array.from({ length: 12 }, () => newId('ord'));
    const issued = await Promise.all([...ids, ...ids, ...ids].map((id) => issueInvoiceNumber(db, owner.orgId, id)));
    const byOrder = new Map<string, number>();
    issued.forEach((n, i) => {
      const id = [...ids, ...ids, ...ids][i]!;
      if (byOrder.has(id)) expect(byOrder.get(id)).toBe(n.number);
      byOrder.set(id, n.number);
    });
    expect([...byOrder.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    await expect(env.DB.prepare('update order_invoices set invoice_number = 99 where organization_id = ?').bind(owner.orgId).run()).rejects.toThrow(/invoice_numbers_are_final/);
    await expect(env.DB.prepare('delete from order_invoices where organization_id = ?').bind(owner.orgId).run()).rejects.toThrow(/invoice_numbers_are_final/);
  });

  it('without a VAT number: a "Receipt" numbered by the order id, no invoice number taken', async () => {
    const { owner, event } = await vatRegistered(null);
    const order = await paidGaOrder(event.eventId, event.gaTypeId, 1);
    const receipt = await receiptOf(owner, order.orderId);
    expect(receipt.text).toContain('RECEIPT');
    expect(receipt.text).not.toContain('TAX INVOICE');
    expect(receipt.text).toContain(`Receipt no. ${order.orderId}`);
    const row = await env.DB.prepare('select count(*) as n from order_invoices where organization_id = ?').bind(owner.orgId).first<{ n: number }>();
    expect(row!.n).toBe(0);
  });

  it('the buyer downloads it through the order link, in Afrikaans too; refunds show as credit lines with the net paid', async () => {
    const { owner, event } = await vatRegistered();
    const order = await paidGaOrder(event.eventId, event.gaTypeId, 2);
    const refund = await api('POST', `/orgs/${owner.orgId}/orders/${order.orderId}/refunds`, { token: owner.token, body: { ticketIds: [order.ticketIds[0]], reason: 'Cannot come' }, headers: { 'Idempotency-Key': `r-${order.orderId}` } });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    const refunded = refund.body.amountMinor as number;
    const en = await download(`/public/orders/${order.accessToken}/receipt.pdf`);
    expect(en.status).toBe(200);
    expect(en.headers.get('cache-control')).toBe('private, no-store');
    expect(en.text).toMatch(/Refunded on/);
    expect(en.text).toContain(money(-refunded));
    expect(en.text).toContain('Net paid after refunds');
    expect(en.text).toContain(money(order.totalMinor - refunded));
    const af = await download(`/public/orders/${order.accessToken}/receipt.pdf?lang=af`);
    expect(af.text).toContain('BELASTINGFAKTUUR');
    expect(af.text).toContain('BTW-nr. 4123456789');
    expect(af.text).toContain(money(order.totalMinor, 'af'));
  });

  it('an unpaid order has no receipt (409), a bad link 404, another organization’s order 404', async () => {
    const { owner, event } = await vatRegistered();
    const held = await hold(event.eventId, { ticketTypeId: event.gaTypeId, quantity: 1 });
    const started = await checkout(event.eventId, [held.body.id]);
    expect((await download(`/public/orders/${started.body.accessToken}/receipt.pdf`)).status).toBe(409);
    expect((await receiptOf(owner, started.body.order.id)).status).toBe(409);
    expect((await download(`/public/orders/${'x'.repeat(43)}/receipt.pdf`)).status).toBe(404);
    const paid = await paidGaOrder(event.eventId, event.gaTypeId, 1);
    const stranger = await signup();
    expect((await download(`/orgs/${stranger.orgId}/orders/${paid.orderId}/receipt.pdf`, stranger.token)).status).toBe(404);
  });

  it('embeds the logo (PNG or JPEG) in the receipt', async () => {
    const { owner, event } = await vatRegistered();
    const order = await paidGaOrder(event.eventId, event.gaTypeId, 1);
    for (const bytes of [await solidPng(200, 60), jpegHeader(200, 60)]) {
      await api('PUT', `/orgs/${owner.orgId}/branding/logo`, { token: owner.token, body: { data: toBase64(bytes) } });
      const pdf = await receiptOf(owner, order.orderId);
      const raw = new TextDecoder('latin1').decode(pdf.bytes);
      expect(raw).toMatch(/\/Subtype\s*\/Image/);
      expect(raw).toMatch(/\/Width 200/);
    }
  });
});
