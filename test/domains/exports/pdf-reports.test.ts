/**
 * Reports as PDF (issue #16 item 5): the settlement statement and the event sales summary, written on the exports
 * queue from the Postgres copy, branded with the organization's name, colours and VAT number; the sales summary
 * as CSV too. PDF only where the kind is a document; finance.read as for the CSV.
 */
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { formatAmount } from '../../../src/domains/exports/report-pdf';
import { minorToDecimal } from '../../../src/platform/money';
import { addMember, api, signup } from '../../support/api';
import { parseCsv } from '../../support/csv';
import { onSaleEvent } from '../../support/events';
import { completed, download, fetchLink, requestExport } from '../../support/exports';
import { pdfText } from '../../support/pdf-text';
import { paidGaOrder } from '../../support/refunds';

const ORG = 'Kaapse Klanke (Edms) Bpk';

/** The file behind a download link, as bytes (a PDF is not text). */
async function downloadPdf(url: string) {
  const res = await fetchLink(url);
  expect(res.status).toBe(200);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function brandedSale() {
  const owner = await signup({ organizationName: ORG });
  const settings = await api('PATCH', `/orgs/${owner.orgId}/settings`, { token: owner.token, body: { vatNumber: '4123456789', brandPrimaryColor: '#0b6e4f', brandAccentColor: '#f2a900' } });
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);
  const f = await onSaleEvent(owner, { layout: false });
  const first = await paidGaOrder(f.eventId, f.gaTypeId, 2);
  const second = await paidGaOrder(f.eventId, f.gaTypeId, 1);
  const refund = await api('POST', `/orgs/${owner.orgId}/orders/${first.orderId}/refunds`, { token: owner.token, body: { ticketIds: [first.ticketIds[0]], reason: 'Cannot come' } });
  expect(refund.status, JSON.stringify(refund.body)).toBe(201);
  return { owner, f, first, second };
}

describe('reports as PDF', () => {
  it('writes the settlement statement as a branded PDF with the ledger’s figures and the VAT number', async () => {
    const { owner, f } = await brandedSale();
    const job = await completed(owner, (await requestExport(owner, { kind: 'settlement', eventId: f.eventId, format: 'pdf' })).id);
    expect(job).toMatchObject({ format: 'pdf' });
    const { res, bytes } = await downloadPdf(job.downloadUrl!);
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    expect(res.headers.get('Content-Disposition')).toMatch(/filename="settlement-test-concert-\d{4}-\d{2}-\d{2}\.pdf"/);
    expect(String.fromCharCode(...bytes.subarray(0, 5))).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getTitle()).toBe('Settlement statement');
    expect(doc.getAuthor()).toBe(ORG);
    const text = await pdfText(bytes);
    const report = (await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/settlement`, { token: owner.token })).body;
    const c = report.currencies[0];
    expect(text).toEqual(expect.arrayContaining([ORG, 'VAT no. 4123456789', 'Settlement statement', 'Test Concert', `In ${c.currency}`]));
    // Each line beside its amount, as the ledger has it (refunds and deductions shown negative).
    const after = (label: string) => text[text.indexOf(label) + 1];
    expect(after('Gross received')).toBe(formatAmount(c.grossReceivedMinor, c.currency));
    expect(after('Refunds')).toBe(formatAmount(-c.refundsMinor, c.currency));
    expect(after('Payable to the organizer')).toBe(formatAmount(c.netPayableMinor, c.currency));
    expect(c.refundsMinor).toBeGreaterThan(0);
    expect(text).toContain(`${report.orders.paid} paid, ${report.orders.partiallyRefunded} partly refunded, ${report.orders.refunded} refunded`);
    // How fresh the copy was when read (the export's own audit entry may still be on its way to it).
    expect(text.filter((t) => /^(Up to date when read \(.+\): every change is in these figures\.|\d+ recent changes? (was|were) not yet in these figures)/.test(t))).toHaveLength(1);
  });

  it('writes the sales summary by ticket type and by day, as CSV and as PDF, with totals', async () => {
    const { owner, f, first, second } = await brandedSale();
    const gross = first.totalMinor + second.totalMinor;
    const csvJob = await completed(owner, (await requestExport(owner, { kind: 'sales_summary', eventId: f.eventId })).id);
    const rows = parseCsv((await download(csvJob.downloadUrl!)).text);
    expect(rows[0]).toEqual(['section', 'key', 'label', 'currency', 'orders', 'tickets', 'gross', 'refunded', 'net']);
    const byType = rows.slice(1).filter((r) => r[0] === 'ticket_type');
    const byDay = rows.slice(1).filter((r) => r[0] === 'day');
    expect(byType).toHaveLength(1);
    expect(byType[0]!.slice(1, 6)).toEqual([f.gaTypeId, 'Standing', 'ZAR', '2', '3']);
    expect(byType[0]![6]).toBe(minorToDecimal(gross, 'ZAR'));
    expect(byDay).toHaveLength(1);
    expect(byDay[0]![1]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(byDay[0]!.slice(3, 6)).toEqual(['ZAR', '2', '3']);
    expect(Number(byDay[0]![7])).toBeGreaterThan(0); // the refund
    expect(csvJob).toMatchObject({ rowsWritten: 2, rowsTotal: 2 });

    const pdfJob = await completed(owner, (await requestExport(owner, { kind: 'sales_summary', eventId: f.eventId, format: 'pdf' })).id);
    const { bytes } = await downloadPdf(pdfJob.downloadUrl!);
    const text = await pdfText(bytes);
    expect(text).toEqual(expect.arrayContaining(['Sales summary', 'By ticket type', 'Standing', 'Total (ZAR)', formatAmount(gross, 'ZAR'), 'VAT no. 4123456789']));
    expect(text.filter((t) => t === 'Total (ZAR)')).toHaveLength(2);
  });

  it('refuses PDF for the kinds that are lists, and a report to those who may not read the ledger', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const list = await api('POST', `/orgs/${owner.orgId}/exports`, { token: owner.token, body: { kind: 'orders', format: 'pdf' } });
    expect(list.status).toBe(422);
    expect(list.headers.get('Content-Type')).toContain('application/problem+json');
    expect(list.body.errors[0]).toMatchObject({ path: 'body.format' });
    const noEvent = await api('POST', `/orgs/${owner.orgId}/exports`, { token: owner.token, body: { kind: 'sales_summary', format: 'pdf' } });
    expect(noEvent.status).toBe(422);
    expect(noEvent.body.errors[0].path).toBe('body.eventId');
    const bad = await api('POST', `/orgs/${owner.orgId}/exports`, { token: owner.token, body: { kind: 'settlement', eventId: f.eventId, format: 'docx' } });
    expect(bad.status).toBe(422);
    const staff = await addMember(owner, 'staff');
    const refused = await api('POST', `/orgs/${owner.orgId}/exports`, { token: staff.token, body: { kind: 'sales_summary', eventId: f.eventId, format: 'pdf' } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('export_not_allowed');
  });
});
