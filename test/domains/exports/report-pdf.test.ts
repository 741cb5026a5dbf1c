/** The report PDF renderer: amounts for people, brand colours, tables across pages with their heading repeated. */
import { PDFDocument, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { brandColor, formatAmount, renderReportPdf, type Branding } from '../../../src/domains/exports/report-pdf';
import { pdfText } from '../../support/pdf-text';

const brand: Branding = { organizationName: 'Ōtautahi Events — Zoë’s', vatNumber: null, primaryColor: 'not-a-colour', accentColor: null, locale: 'en', timezone: 'Africa/Johannesburg' };

describe('report PDFs', () => {
  it('writes amounts with the currency’s digits, grouped, in English or Afrikaans', () => {
    expect(formatAmount(123456789, 'ZAR')).toBe('ZAR 1,234,567.89');
    expect(formatAmount(123456789, 'ZAR', 'af')).toMatch(/^ZAR 1\s234\s567,89$/);
    expect(formatAmount(-35000, 'ZAR')).toBe('ZAR -350.00');
    expect(formatAmount(5000, 'JPY')).toBe('JPY 5,000');
    expect(formatAmount(5, 'ZAR')).toBe('ZAR 0.05');
  });

  it('takes a brand colour as #rrggbb, else the default', () => {
    expect(brandColor('#0B6E4F', rgb(0, 0, 0))).toEqual(rgb(11 / 255, 110 / 255, 79 / 255));
    expect(brandColor('red', rgb(0, 0, 1))).toEqual(rgb(0, 0, 1));
    expect(brandColor(null, rgb(0, 0, 1))).toEqual(rgb(0, 0, 1));
  });

  it('breaks a long table over pages, repeating its heading row, and folds what WinAnsi cannot show', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`Row ${i + 1}`, String(i)]);
    const bytes = await renderReportPdf(
      { title: 'Long', facts: [['Event', 'x']], tables: [{ heading: 'Rows', columns: ['Name', 'Value'], numeric: ['Value'], rows, totals: 1 }], notes: ['The end.'] },
      brand,
      new Date('2026-12-05T06:00:00Z'),
    );
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(3);
    const text = await pdfText(bytes);
    expect(text.filter((t) => t === 'Name').length).toBe(doc.getPageCount());
    expect(text).toEqual(expect.arrayContaining(['Row 1', 'Row 120', 'The end.']));
    expect(text.indexOf('Row 120')).toBeGreaterThan(text.indexOf('Row 1'));
    // The organization's name: what WinAnsi has stays, the rest folds (never a missing-glyph error).
    expect(text[0]).toMatch(/^.tautahi Events . Zo/);
    expect(text.filter((t) => t.startsWith('Generated 05 Dec 2026, 08:00 (Africa/Johannesburg)'))).toHaveLength(doc.getPageCount());
  });
});
