/**
 * A tax invoice as a reader gets it: rendered by the Worker's own code, read back by poppler's `pdftotext -layout`
 * (what a bookkeeper's tools see). The supplier, its VAT number, the buyer, every line with its value, VAT, fee and
 * total, and the totals must be there to the cent (docs/pricing.md, worked example 1: 2 × R250.00, VAT 15 % inclusive).
 * Needs poppler-utils: `node tools/system-deps.mjs`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReceiptPdf, type ReceiptInput } from '../../src/domains/receipts/receipt-pdf';

const dir = mkdtempSync(path.join(tmpdir(), 'voelgoed-receipt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function crc32(buf: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of buf) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((width * 3 + 1) * height, 0x40);
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const line = { description: 'General admission', detail: null, exclVatMinor: 25000 - 3261, vatMinor: 3261, feeMinor: 925, totalMinor: 25925 };
const input: ReceiptInput = {
  locale: 'en',
  taxInvoice: true,
  number: 'INV-000042',
  issuedAt: new Date('2027-03-01T10:00:00Z'),
  timezone: 'Africa/Johannesburg',
  currency: 'ZAR',
  vatRateBps: 1500,
  supplier: { name: 'Kaapstad Konserte (Pty) Ltd', tradingName: 'KK Live', address: '12 Long Street\nCape Town 8001', vatNumber: '4123456789', contactLine: 'hello@kk.example · +27 21 555 0100' },
  buyer: { name: 'Thandi Mokoena', email: 'thandi@example.com' },
  orderId: 'ord_01testreceipt',
  eventLine: 'Kirstenbosch Summer Sunset Concert — 14 March 2027',
  lines: [line, { ...line, description: 'General admission — Section A · Row 1 · Seat 2' }],
  donationMinor: 0,
  totalMinor: 51850,
  refunds: [{ at: new Date('2027-03-05T10:00:00Z'), amountMinor: 25925 }],
  logo: { bytes: png(120, 40), type: 'image/png' },
  primaryColor: '#0b6e4f',
};

async function layoutText(receipt: ReceiptInput): Promise<string> {
  const file = path.join(dir, `${receipt.number}-${receipt.locale}.pdf`);
  writeFileSync(file, await renderReceiptPdf(receipt));
  // Non-breaking and narrow spaces (Intl's money format) read as plain spaces.
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
}

describe('a tax invoice read by pdftotext', () => {
  it('shows the supplier, its VAT number, the buyer, each line and the totals to the cent', async () => {
    const text = await layoutText(input);
    for (const wanted of ['TAX INVOICE', 'Invoice no. INV-000042', 'Date: 1 March 2027', 'Kaapstad Konserte (Pty) Ltd', 'trading as KK Live', '12 Long Street', 'Cape Town 8001', 'VAT no. 4123456789', 'Thandi Mokoena', 'thandi@example.com']) {
      expect(text).toContain(wanted);
    }
    // Each line on one row: value excl. VAT, VAT, fee, total.
    const rows = text.split('\n').filter((l) => l.includes('General admission'));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/R 217,39\s+R 32,61\s+R 9,25\s+R 259,25\s*$/);
    expect(text).toMatch(/Total excl\. VAT\s+R 434,78/);
    expect(text).toMatch(/VAT at 15%\s+R 65,22/);
    expect(text).toMatch(/Booking fees \(no VAT\)\s+R 18,50/);
    expect(text).toMatch(/Total paid\s+R 518,50/);
    expect(text).toMatch(/Refunded on 5 March 2027\s+-R 259,25/);
    expect(text).toMatch(/Net paid after refunds\s+R 259,25/);
    expect(text).toContain('hello@kk.example · +27 21 555 0100');
  });

  it('in Afrikaans, and as a plain receipt without a VAT number', async () => {
    const af = await layoutText({ ...input, locale: 'af', refunds: [] });
    expect(af).toContain('BELASTINGFAKTUUR');
    expect(af).toContain('BTW-nr. 4123456789');
    expect(af).toMatch(/BTW teen 15%\s+R 65,22/);
    const plain = await layoutText({ ...input, taxInvoice: false, number: 'ord_01testreceipt', supplier: { ...input.supplier, vatNumber: null }, refunds: [] });
    expect(plain).toContain('RECEIPT');
    expect(plain).not.toContain('TAX INVOICE');
    expect(plain).toContain('Receipt no. ord_01testreceipt');
    expect(plain).not.toContain('VAT no.');
  });
});
