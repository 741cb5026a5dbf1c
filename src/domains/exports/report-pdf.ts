/**
 * Reports as PDF (issue #16 item 5): a report kind that is a document (the settlement statement, the event sales
 * summary) describes itself as a ReportDocument — facts, tables, notes — and this renders it on A4 with the
 * organization's branding: its name and VAT number in the header band, drawn in its primary colour (its accent colour
 * under the table headings). pdf-lib with the standard Helvetica fonts (WinAnsi: other characters fold or become
 * `?`, as on the tickets: pdfSafeText). Tables break across pages, repeating their heading row. The logo is not
 * drawn: it is a URL on another host, and the exports queue fetches nothing a tenant names (no SSRF path).
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { minorToDecimal } from '../../platform/money';
import { pdfSafeText } from '../notifications/ticket-pdf';

export type ReportTable = {
  heading: string;
  columns: readonly string[];
  /** Cells as text; a column whose heading is in `numeric` is right-aligned. */
  rows: readonly (readonly string[])[];
  numeric?: readonly string[];
  /** The last row(s) printed in bold (totals). */
  totals?: number;
  /** Shown instead of the table when it has no rows. */
  empty?: string;
};

export type ReportDocument = {
  title: string;
  subtitle?: string;
  /** Label–value lines under the title (the event, its dates, the period). */
  facts: readonly (readonly [string, string])[];
  tables: readonly ReportTable[];
  /** Small print at the end (how fresh the figures are, what they include). */
  notes: readonly string[];
};

export type Branding = { organizationName: string; vatNumber: string | null; primaryColor: string | null; accentColor: string | null; locale: string; timezone: string };

/** An amount for people: the currency's own digits, grouped, with its code ("ZAR 1,234.50"). */
export function formatAmount(minor: number, currency: string, locale = 'en'): string {
  const [whole, fraction] = minorToDecimal(minor, currency).split('.');
  const grouped = new Intl.NumberFormat(locale === 'af' ? 'af-ZA' : 'en-US', { useGrouping: true }).format(BigInt(whole!.replace('-', '')));
  const decimal = locale === 'af' ? ',' : '.';
  return `${currency} ${whole!.startsWith('-') ? '-' : ''}${grouped}${fraction ? decimal + fraction : ''}`;
}

/** `#1a2b3c` → a pdf-lib colour; anything else → the fallback. */
export function brandColor(hex: string | null, fallback: RGB): RGB {
  const m = hex ? /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim()) : null;
  return m ? rgb(parseInt(m[1]!, 16) / 255, parseInt(m[2]!, 16) / 255, parseInt(m[3]!, 16) / 255) : fallback;
}

/** Black or white, whichever reads on the colour (WCAG relative luminance). */
function inkOn(c: RGB): RGB {
  const lin = (v: number) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const l = 0.2126 * lin(c.red) + 0.7152 * lin(c.green) + 0.0722 * lin(c.blue);
  return l > 0.4 ? rgb(0.07, 0.07, 0.07) : rgb(1, 1, 1);
}

const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const INK = rgb(0.07, 0.07, 0.07);
const GREY = rgb(0.38, 0.38, 0.38);
const RULE = rgb(0.8, 0.8, 0.8);
const DEFAULT_PRIMARY = rgb(0.09, 0.27, 0.42);
const ROW = 16;

type Fonts = { regular: PDFFont; bold: PDFFont };

/** Cuts text to fit `width` at `size`, with an ellipsis. */
function fit(text: string, font: PDFFont, size: number, width: number): string {
  let t = pdfSafeText(text);
  if (font.widthOfTextAtSize(t, size) <= width) return t;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}...`, size) > width) t = t.slice(0, -1);
  return `${t}...`;
}

class Writer {
  page!: PDFPage;
  y = 0;
  pages = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
    private readonly brand: Branding,
    private readonly primary: RGB,
    private readonly generated: string,
  ) {}

  newPage() {
    this.page = this.doc.addPage(PAGE);
    this.pages++;
    const [w, h] = PAGE;
    // The header band: the organization, its VAT number; the footer: when it was made, the page.
    this.page.drawRectangle({ x: 0, y: h - 64, width: w, height: 64, color: this.primary });
    const on = inkOn(this.primary);
    this.page.drawText(fit(this.brand.organizationName, this.fonts.bold, 16, w - 2 * MARGIN - 160), { x: MARGIN, y: h - 38, size: 16, font: this.fonts.bold, color: on });
    if (this.brand.vatNumber) {
      const vat = pdfSafeText(`VAT no. ${this.brand.vatNumber}`);
      this.page.drawText(vat, { x: w - MARGIN - this.fonts.regular.widthOfTextAtSize(vat, 10), y: h - 36, size: 10, font: this.fonts.regular, color: on });
    }
    const footer = pdfSafeText(`${this.generated} · page ${this.pages}`);
    this.page.drawText(footer, { x: MARGIN, y: 28, size: 8, font: this.fonts.regular, color: GREY });
    this.y = h - 64 - 36;
  }

  /** Room for `height` more points on this page, else a new one (true when a new page was started). */
  ensure(height: number): boolean {
    if (this.y - height >= 56) return false;
    this.newPage();
    return true;
  }

  text(text: string, opts: { size?: number; bold?: boolean; color?: RGB; x?: number; gap?: number } = {}) {
    const size = opts.size ?? 10;
    this.ensure(size + 4);
    const font = opts.bold ? this.fonts.bold : this.fonts.regular;
    this.page.drawText(fit(text, font, size, PAGE[0] - 2 * MARGIN - (opts.x ?? 0)), { x: MARGIN + (opts.x ?? 0), y: this.y - size, size, font, color: opts.color ?? INK });
    this.y -= size + (opts.gap ?? 6);
  }

  table(t: ReportTable, accent: RGB) {
    this.ensure(ROW * 3 + 20);
    this.text(t.heading, { size: 12, bold: true, gap: 8 });
    if (!t.rows.length) {
      this.text(t.empty ?? 'Nothing to show.', { color: GREY, gap: 14 });
      return;
    }
    const width = PAGE[0] - 2 * MARGIN;
    // Every other column as wide as its widest cell (bold: the heading and totals), the first takes what is left
    // (at least a third of the page; past that the others shrink alike and cut with an ellipsis).
    const widest = (i: number) => Math.max(...[t.columns[i]!, ...t.rows.map((r) => r[i] ?? '')].map((c) => this.fonts.bold.widthOfTextAtSize(pdfSafeText(c), 9))) + 12;
    let others = t.columns.slice(1).map((_, i) => widest(i + 1));
    const room = width * (2 / 3);
    const used = others.reduce((a, b) => a + b, 0);
    if (used > room) others = others.map((w) => (w * room) / used);
    const widths = [width - others.reduce((a, b) => a + b, 0), ...others];
    const numeric = new Set(t.numeric ?? []);
    const drawRow = (cells: readonly string[], bold: boolean) => {
      let x = MARGIN;
      const font = bold ? this.fonts.bold : this.fonts.regular;
      cells.forEach((cell, i) => {
        const w = widths[i]! - 6;
        const text = fit(cell, font, 9, w);
        const right = numeric.has(t.columns[i]!);
        this.page.drawText(text, { x: right ? x + widths[i]! - font.widthOfTextAtSize(text, 9) : x, y: this.y - 11, size: 9, font, color: INK });
        x += widths[i]!;
      });
      this.y -= ROW;
    };
    const head = () => {
      drawRow(t.columns, true);
      this.page.drawLine({ start: { x: MARGIN, y: this.y + 2 }, end: { x: MARGIN + width, y: this.y + 2 }, thickness: 1.2, color: accent });
    };
    head();
    t.rows.forEach((cells, i) => {
      if (this.ensure(ROW)) head();
      const isTotal = i >= t.rows.length - (t.totals ?? 0);
      if (isTotal) this.page.drawLine({ start: { x: MARGIN, y: this.y + 1 }, end: { x: MARGIN + width, y: this.y + 1 }, thickness: 0.6, color: RULE });
      drawRow(cells, isTotal);
    });
    this.y -= 14;
  }
}

/** The document on A4 pages; title and metadata set, the organization as author. */
export async function renderReportPdf(report: ReportDocument, brand: Branding, generatedAt: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(pdfSafeText(report.title), { showInWindowTitleBar: true });
  doc.setAuthor(pdfSafeText(brand.organizationName));
  doc.setProducer('Voelgoed Events');
  doc.setCreator('Voelgoed Events');
  doc.setCreationDate(generatedAt);
  doc.setModificationDate(generatedAt);
  const fonts: Fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  const primary = brandColor(brand.primaryColor, DEFAULT_PRIMARY);
  const accent = brandColor(brand.accentColor, primary);
  const generated = `Generated ${new Intl.DateTimeFormat(brand.locale === 'af' ? 'af-ZA' : 'en-ZA', { dateStyle: 'medium', timeStyle: 'short', timeZone: brand.timezone }).format(generatedAt)} (${brand.timezone})`;
  const w = new Writer(doc, fonts, brand, primary, generated);
  w.newPage();
  w.text(report.title, { size: 18, bold: true, gap: 6 });
  if (report.subtitle) w.text(report.subtitle, { size: 11, color: GREY, gap: 12 });
  for (const [label, value] of report.facts) {
    w.ensure(14);
    w.page.drawText(fit(label, fonts.bold, 10, 130), { x: MARGIN, y: w.y - 10, size: 10, font: fonts.bold, color: INK });
    w.page.drawText(fit(value, fonts.regular, 10, PAGE[0] - 2 * MARGIN - 140), { x: MARGIN + 140, y: w.y - 10, size: 10, font: fonts.regular, color: INK });
    w.y -= 15;
  }
  w.y -= 12;
  for (const table of report.tables) w.table(table, accent);
  for (const note of report.notes) w.text(note, { size: 8, color: GREY, gap: 4 });
  return doc.save();
}
