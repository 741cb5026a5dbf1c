/** Ticket PDFs render inside workerd: one page per ticket, metadata, any name, and the WinAnsi fallback. */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfSafeText, renderTicketsPdf, type TicketPdfInput } from '../../../src/domains/notifications/ticket-pdf';
import { newId } from '../../../src/platform/ids';

const token = (n: number) => `VG1.${'A'.repeat(86)}${n}.${'s'.repeat(86)}`;

function input(overrides: Partial<TicketPdfInput> = {}): TicketPdfInput {
  return {
    locale: 'en',
    event: {
      name: 'Kirstenbosch Summer Sunset Concert',
      venueName: 'Kirstenbosch National Botanical Garden',
      venueAddress: 'Rhodes Drive, Newlands, Cape Town, 7735',
      startsAt: new Date('2027-03-14T17:00:00Z'),
      endsAt: new Date('2027-03-14T21:00:00Z'),
      doorsAt: new Date('2027-03-14T15:30:00Z'),
      timezone: 'Africa/Johannesburg',
    },
    order: { id: newId('ord'), buyerName: 'Thandi Mokoena' },
    organizationName: 'Demo Events (Pty) Ltd',
    tickets: [
      { id: newId('tkt'), ticketTypeName: 'Reserved', seatLabel: 'Section A · Row 12 · Seat 7', attendeeName: null, qrToken: token(1) },
      { id: newId('tkt'), ticketTypeName: 'Reserved', seatLabel: 'Section A · Row 12 · Seat 8', attendeeName: 'Zoë Nkosi-Ødegaard', qrToken: token(2) },
      { id: newId('tkt'), ticketTypeName: 'General', seatLabel: null, attendeeName: null, qrToken: token(3) },
    ],
    ...overrides,
  };
}

const ascii = (bytes: Uint8Array, n: number) => String.fromCharCode(...bytes.subarray(0, n));

describe('renderTicketsPdf', () => {
  it('renders one A4 portrait page per ticket, with metadata', async () => {
    const bytes = await renderTicketsPdf(input());
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(ascii(bytes, 5)).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(3);
    for (const page of doc.getPages()) {
      const { width, height } = page.getSize();
      expect(width).toBeCloseTo(595.28, 1);
      expect(height).toBeCloseTo(841.89, 1);
    }
    expect(doc.getTitle()).toBe('Tickets — Kirstenbosch Summer Sunset Concert');
    expect(doc.getProducer()).toBe('Voelgoed Events');
    expect(doc.getAuthor()).toBe('Demo Events (Pty) Ltd');
  });

  it('never throws on names outside WinAnsi (Afrikaans labels too)', async () => {
    const names = ['李雷', 'Zoë Nkosi-Ødegaard', 'Łukasz Đoković', '😀 Émoji\u200d', 'Ngũgĩ wa Thiong’o', 'Ἀλέξανδρος', 'line\nbreak\ttab'];
    const bytes = await renderTicketsPdf(
      input({
        locale: 'af',
        organizationName: '株式会社 Events',
        event: { ...input().event, name: 'Фестиваль 李雷 — Ødegaard', venueAddress: '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 Street\u202f12', doorsAt: null },
        order: { id: newId('ord'), buyerName: '李雷' },
        tickets: names.map((name, i) => ({ id: newId('tkt'), ticketTypeName: `Tipe ${name}`, seatLabel: i % 2 ? `Blok ${name} · Ry 1 · Sitplek ${i}` : null, attendeeName: i === 0 ? null : name, qrToken: token(i) })),
      }),
    );
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(names.length);
    expect(doc.getTitle()).toBe('Kaartjies — Фестиваль 李雷 — Ødegaard'); // metadata is UTF-16: nothing lost
  });

  it('wraps and truncates very long text instead of running off the page', async () => {
    const long = 'Supercalifragilisticexpialidocious'.repeat(12);
    const bytes = await renderTicketsPdf(input({ event: { ...input().event, name: `${long} ${long}`, venueAddress: long }, tickets: [{ ...input().tickets[0]!, seatLabel: long }] }));
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
  });

  it('falls back to UTC for an unknown time zone, and refuses no tickets or a non-ASCII token', async () => {
    expect((await PDFDocument.load(await renderTicketsPdf(input({ event: { ...input().event, timezone: 'Mars/Olympus_Mons' } })))).getPageCount()).toBe(3);
    await expect(renderTicketsPdf(input({ tickets: [] }))).rejects.toThrow(RangeError);
    await expect(renderTicketsPdf(input({ tickets: [{ ...input().tickets[0]!, qrToken: 'VG1.ü' }] }))).rejects.toThrow(TypeError);
  });
});

describe('pdfSafeText', () => {
  it('keeps WinAnsi, folds what it can and writes ? for the rest', () => {
    expect(pdfSafeText('Zoë Nkosi-Ødegaard')).toBe('Zoë Nkosi-Ødegaard');
    expect(pdfSafeText('Section A · Row 12 · Seat 7 – €50 “quoted”')).toBe('Section A · Row 12 · Seat 7 – €50 “quoted”');
    expect(pdfSafeText('李雷')).toBe('??');
    expect(pdfSafeText('Łukasz Đoković')).toBe('Lukasz Dokovic');
    expect(pdfSafeText('Ngũgĩ')).toBe('Ngugi');
    expect(pdfSafeText('ﬁne ①')).toBe('fine 1');
    expect(pdfSafeText('a\nb\u202fc\u200dd')).toBe('a b cd');
    expect(pdfSafeText('😀')).toBe('?');
  });

  it("output is always drawable by pdf-lib's Helvetica (its character set is exactly our WinAnsi table)", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const all = String.fromCodePoint(...Array.from({ length: 0x3000 }, (_, i) => i).filter((c) => c < 0xd800 || c > 0xdfff));
    const safe = pdfSafeText(all);
    expect(() => font.encodeText(safe)).not.toThrow();
    const winAnsi = new Set(font.getCharacterSet());
    expect([...safe].every((c) => winAnsi.has(c.codePointAt(0)!))).toBe(true);
    expect(pdfSafeText(String.fromCodePoint(...winAnsi))).toBe(String.fromCodePoint(...winAnsi)); // nothing WinAnsi is altered
  });
});
