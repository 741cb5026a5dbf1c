/**
 * An order's receipt as one A4 PDF: a tax invoice (South Africa: the words "Tax Invoice", the supplier's name,
 * address and VAT number, the buyer's name, a sequential invoice number, the date, and per line the value, the VAT
 * and the total) when the organization has a VAT number, otherwise a receipt numbered by the order id. Refunds are
 * credit lines under the total with what was paid net. Plain pdf-lib, like the tickets (runs in the Worker).
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatMoney } from '../../platform/money';
import { drawLogo, embedLogo, pdfColor, type PdfLogo } from '../notifications/pdf-branding';
import { pdfSafeText, wrap } from '../notifications/ticket-pdf';

export type ReceiptLine = { description: string; detail: string | null; exclVatMinor: number; vatMinor: number; feeMinor: number; totalMinor: number };

export type ReceiptInput = {
  locale: 'en' | 'af';
  /** A tax invoice (the supplier has a VAT number) or a plain receipt. */
  taxInvoice: boolean;
  /** The invoice number (tax invoice) or the order id (receipt). */
  number: string;
  issuedAt: Date;
  timezone: string;
  currency: string;
  vatRateBps: number;
  supplier: { name: string; tradingName: string | null; address: string | null; vatNumber: string | null; contactLine: string };
  buyer: { name: string; email: string };
  orderId: string;
  eventLine: string;
  lines: ReceiptLine[];
  donationMinor: number;
  totalMinor: number;
  refunds: { at: Date; amountMinor: number }[];
  logo: PdfLogo | null;
  primaryColor: string | null;
};

export const RECEIPT_LABELS = {
  en: {
    taxInvoice: 'Tax Invoice',
    receipt: 'Receipt',
    invoiceNo: 'Invoice no.',
    receiptNo: 'Receipt no.',
    date: 'Date',
    order: 'Order',
    supplier: 'Supplier',
    buyer: 'Customer',
    vatNo: 'VAT no.',
    description: 'Description',
    exclVat: 'Excl. VAT',
    vat: 'VAT',
    fee: 'Booking fee',
    total: 'Total',
    totalExclVat: 'Total excl. VAT',
    vatAt: (rate: string) => `VAT at ${rate}%`,
    fees: 'Booking fees (no VAT)',
    donation: 'Donation (no VAT)',
    totalPaid: 'Total paid',
    refunded: (date: string) => `Refunded on ${date}`,
    netPaid: 'Net paid after refunds',
    refundNote: 'Refunds are shown as credit lines against this invoice.',
    tradingAs: (name: string) => `trading as ${name}`,
  },
  af: {
    taxInvoice: 'Belastingfaktuur',
    receipt: 'Kwitansie',
    invoiceNo: 'Faktuurnr.',
    receiptNo: 'Kwitansienr.',
    date: 'Datum',
    order: 'Bestelling',
    supplier: 'Verskaffer',
    buyer: 'Klient',
    vatNo: 'BTW-nr.',
    description: 'Beskrywing',
    exclVat: 'Eks. BTW',
    vat: 'BTW',
    fee: 'Besprekingsfooi',
    total: 'Totaal',
    totalExclVat: 'Totaal eks. BTW',
    vatAt: (rate: string) => `BTW teen ${rate}%`,
    fees: 'Besprekingsfooie (geen BTW)',
    donation: 'Skenking (geen BTW)',
    totalPaid: 'Totaal betaal',
    refunded: (date: string) => `Terugbetaal op ${date}`,
    netPaid: 'Netto betaal na terugbetalings',
    refundNote: 'Terugbetalings word as krediet-lyne teen hierdie faktuur getoon.',
    tradingAs: (name: string) => `handeldrywend as ${name}`,
  },
} as const;

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 48;
const INK = rgb(0.07, 0.07, 0.07);
const GREY = rgb(0.38, 0.38, 0.38);
const t = pdfSafeText;

type Ctx = { doc: PDFDocument; page: PDFPage; regular: PDFFont; bold: PDFFont; y: number };

function text(c: Ctx, s: string, x: number, size: number, font = c.regular, color = INK) {
  c.page.drawText(t(s), { x, y: c.y, font, size, color });
}
function right(c: Ctx, s: string, xRight: number, size: number, font = c.regular, color = INK) {
  const v = t(s);
  c.page.drawText(v, { x: xRight - font.widthOfTextAtSize(v, size), y: c.y, font, size, color });
}

/** Columns (right edges) of the line table. */
const COLS = { exclVat: 350, vat: 415, fee: 485, total: PAGE_WIDTH - MARGIN };

export async function renderReceiptPdf(input: ReceiptInput): Promise<Uint8Array> {
  const L = RECEIPT_LABELS[input.locale];
  const tag = input.locale === 'af' ? 'af-ZA' : 'en-ZA';
  let zone = input.timezone;
  try {
    new Intl.DateTimeFormat(tag, { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  const day = new Intl.DateTimeFormat(tag, { timeZone: zone, day: 'numeric', month: 'long', year: 'numeric' });
  const money = (minor: number) => formatMoney(minor, input.currency, input.locale);
  const doc = await PDFDocument.create();
  const title = input.taxInvoice ? L.taxInvoice : L.receipt;
  doc.setTitle(`${title} ${input.number}`, { showInWindowTitleBar: true });
  doc.setAuthor(input.supplier.name);
  doc.setCreator('Voelgoed Events');
  doc.setProducer('Voelgoed Events');
  doc.setLanguage(tag);
  // The same receipt is the same file, whenever it is downloaded.
  doc.setCreationDate(input.issuedAt);
  doc.setModificationDate(input.issuedAt);
  const c: Ctx = { doc, page: doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]), regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold), y: 0 };
  const logo = await embedLogo(doc, input.logo);
  const band = pdfColor(input.primaryColor);
  if (band) c.page.drawRectangle({ x: 0, y: PAGE_HEIGHT - 12, width: PAGE_WIDTH, height: 12, color: band });
  const contentRight = PAGE_WIDTH - MARGIN;

  // Header: logo left; title, number and date right.
  const top = PAGE_HEIGHT - MARGIN;
  if (logo) drawLogo(c.page, logo, MARGIN, top + 12, 180, 56);
  c.y = top - 10;
  right(c, title.toUpperCase(), contentRight, 20, c.bold);
  c.y -= 20;
  right(c, `${input.taxInvoice ? L.invoiceNo : L.receiptNo} ${input.number}`, contentRight, 11, c.bold);
  c.y -= 14;
  right(c, `${L.date}: ${day.format(input.issuedAt)}`, contentRight, 10);
  c.y -= 13;
  right(c, `${L.order}: ${input.orderId}`, contentRight, 9, c.regular, GREY);
  c.y = Math.min(c.y, top - 60) - 24;

  // Supplier (left) and customer (right).
  const half = (PAGE_WIDTH - 2 * MARGIN) / 2 - 10;
  const startY = c.y;
  text(c, L.supplier.toUpperCase(), MARGIN, 8, c.regular, GREY);
  c.y -= 13;
  const supplierLines: [string, boolean][] = [[input.supplier.name, true]];
  if (input.supplier.tradingName) supplierLines.push([L.tradingAs(input.supplier.tradingName), false]);
  for (const line of (input.supplier.address ?? '').split('\n').filter((l) => l.trim())) supplierLines.push([line.trim(), false]);
  if (input.supplier.vatNumber) supplierLines.push([`${L.vatNo} ${input.supplier.vatNumber}`, true]);
  for (const [line, bold] of supplierLines) {
    for (const part of wrap(t(line), bold ? c.bold : c.regular, 10, half, 2)) {
      text(c, part, MARGIN, 10, bold ? c.bold : c.regular);
      c.y -= 13;
    }
  }
  const afterSupplier = c.y;
  c.y = startY;
  const bx = MARGIN + half + 20;
  text(c, L.buyer.toUpperCase(), bx, 8, c.regular, GREY);
  c.y -= 13;
  for (const [line, bold] of [[input.buyer.name, true], [input.buyer.email, false]] as const) {
    for (const part of wrap(t(line), bold ? c.bold : c.regular, 10, half, 2)) {
      text(c, part, bx, 10, bold ? c.bold : c.regular);
      c.y -= 13;
    }
  }
  c.y = Math.min(c.y, afterSupplier) - 14;
  for (const part of wrap(t(input.eventLine), c.bold, 11, PAGE_WIDTH - 2 * MARGIN, 2)) {
    text(c, part, MARGIN, 11, c.bold);
    c.y -= 15;
  }
  c.y -= 8;

  // The lines.
  const rule = () => c.page.drawLine({ start: { x: MARGIN, y: c.y + 9 }, end: { x: contentRight, y: c.y + 9 }, thickness: 0.5, color: GREY });
  text(c, L.description, MARGIN, 9, c.bold, GREY);
  right(c, L.exclVat, COLS.exclVat, 9, c.bold, GREY);
  right(c, L.vat, COLS.vat, 9, c.bold, GREY);
  right(c, L.fee, COLS.fee, 9, c.bold, GREY);
  right(c, L.total, COLS.total, 9, c.bold, GREY);
  c.y -= 14;
  rule();
  c.y -= 4;
  const descWidth = COLS.exclVat - 70 - MARGIN;
  const newPageIfNeeded = (need: number) => {
    if (c.y - need > MARGIN + 40) return;
    c.page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    c.y = PAGE_HEIGHT - MARGIN;
  };
  for (const line of input.lines) {
    newPageIfNeeded(30);
    const desc = wrap(t(line.description), c.regular, 10, descWidth, 2);
    text(c, desc[0] ?? '', MARGIN, 10);
    right(c, money(line.exclVatMinor), COLS.exclVat, 10);
    right(c, money(line.vatMinor), COLS.vat, 10);
    right(c, money(line.feeMinor), COLS.fee, 10);
    right(c, money(line.totalMinor), COLS.total, 10);
    c.y -= 12;
    for (const extra of [...desc.slice(1), ...(line.detail ? wrap(t(line.detail), c.regular, 8, descWidth, 2) : [])]) {
      text(c, extra, MARGIN, 8, c.regular, GREY);
      c.y -= 10;
    }
    c.y -= 4;
  }
  rule();
  c.y -= 8;

  // Totals.
  const sum = (f: (l: ReceiptLine) => number) => input.lines.reduce((s, l) => s + f(l), 0);
  const rate = (input.vatRateBps / 100).toFixed(input.vatRateBps % 100 === 0 ? 0 : 2);
  const totals: [string, number, boolean][] = [
    [L.totalExclVat, sum((l) => l.exclVatMinor), false],
    [L.vatAt(rate), sum((l) => l.vatMinor), false],
  ];
  if (sum((l) => l.feeMinor)) totals.push([L.fees, sum((l) => l.feeMinor), false]);
  if (input.donationMinor) totals.push([L.donation, input.donationMinor, false]);
  totals.push([L.totalPaid, input.totalMinor, true]);
  let refunded = 0;
  for (const r of input.refunds) {
    totals.push([L.refunded(day.format(r.at)), -r.amountMinor, false]);
    refunded += r.amountMinor;
  }
  if (input.refunds.length) totals.push([L.netPaid, input.totalMinor - refunded, true]);
  for (const [label, minor, strong] of totals) {
    newPageIfNeeded(16);
    const font = strong ? c.bold : c.regular;
    right(c, label, COLS.fee, 10, font);
    right(c, money(minor), COLS.total, 10, font);
    c.y -= 15;
  }
  if (input.refunds.length) {
    c.y -= 4;
    text(c, L.refundNote, MARGIN, 8, c.regular, GREY);
  }

  // Footer on every page: the supplier's contact details and the producer.
  for (const page of doc.getPages()) {
    const lines = input.supplier.contactLine ? wrap(t(input.supplier.contactLine), c.regular, 8, PAGE_WIDTH - 2 * MARGIN - 90, 2) : [];
    let fy = MARGIN - 10 + 10 * (lines.length - 1);
    for (const line of lines) {
      page.drawText(line, { x: MARGIN, y: fy, font: c.regular, size: 8, color: GREY });
      fy -= 10;
    }
    page.drawText('Voelgoed Events', { x: contentRight - c.regular.widthOfTextAtSize('Voelgoed Events', 8), y: MARGIN - 10, font: c.regular, size: 8, color: GREY });
  }
  return doc.save();
}
