/**
 * Printable tickets: one A4 portrait page per ticket with the event, the venue, the seat, the holder
 * and the ticket's signed QR token as a QR code a phone reads from paper. Runs inside the Worker
 * (pdf-lib and qrcode-generator are plain JavaScript; no Node APIs, no files).
 *
 * Text uses the standard Helvetica fonts, which are not embedded and speak only WinAnsi (Latin-1 and
 * a few typographic extras): `pdfSafeText` keeps every WinAnsi character ("Zoë", "Ødegaard"), folds
 * the rest to a close form (NFKD without accents, a few letters by hand, any space as a space) and
 * writes '?' for what has none ("李雷" → "??"), so no name ever makes the renderer throw.
 * Layout and QR parameters: docs/tickets.md ("Ticket PDFs and calendar files").
 */
import { PDFDocument, StandardFonts, fill, popGraphicsState, pushGraphicsState, rectangle, rgb, setFillingGrayscaleColor, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import qrcode from 'qrcode-generator';
import { drawLogo, embedLogo, pdfColor, type PdfLogo } from './pdf-branding';

export type TicketPdfInput = {
  locale: 'en' | 'af';
  event: {
    name: string;
    venueName: string;
    venueAddress: string;
    startsAt: Date;
    endsAt: Date;
    doorsAt: Date | null;
    /** IANA, e.g. Africa/Johannesburg: every time on the ticket is shown in it. */
    timezone: string;
  };
  order: { id: string; buyerName: string };
  organizationName: string;
  tickets: {
    id: string;
    ticketTypeName: string;
    /** e.g. "Section A · Row 12 · Seat 7"; null for general admission. */
    seatLabel: string | null;
    attendeeName: string | null;
    qrToken: string;
  }[];
  /** The organization's branding (docs/buyers.md, "Branding and receipts"): logo in the header, contact details in the footer. */
  branding?: { logo: PdfLogo | null; primaryColor: string | null; contactLine: string };
};

// ---------------------------------------------------------------------------------------------
// Labels

const LABELS = {
  en: {
    title: 'Tickets',
    when: 'When',
    doors: 'Doors open',
    where: 'Where',
    ticketType: 'Ticket type',
    seat: 'Seat',
    generalAdmission: 'General admission',
    holder: 'Ticket holder',
    order: 'Order',
    ticket: 'Ticket',
    showAtGate: 'Show this QR code at the gate',
    pageOf: (n: number, of: number) => `Ticket ${n} of ${of}`,
  },
  af: {
    title: 'Kaartjies',
    when: 'Wanneer',
    doors: 'Deure oop',
    where: 'Waar',
    ticketType: 'Kaartjiesoort',
    seat: 'Sitplek',
    generalAdmission: 'Algemene toegang',
    holder: 'Kaartjiehouer',
    order: 'Bestelling',
    ticket: 'Kaartjie',
    showAtGate: 'Wys hierdie QR-kode by die hek',
    pageOf: (n: number, of: number) => `Kaartjie ${n} van ${of}`,
  },
} as const;

// ---------------------------------------------------------------------------------------------
// WinAnsi text

/** What the standard fonts can show: printable ASCII, Latin-1 (0xA0–0xFF) and WinAnsi's 27 extras in 0x80–0x9F. */
const WIN_ANSI = new Set<number>([
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i),
  ...Array.from({ length: 0x100 - 0xa0 }, (_, i) => 0xa0 + i),
  ...[...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'].map((c) => c.codePointAt(0)!),
]);

/** Letters NFKD does not take apart. */
const FOLD: Record<string, string> = {
  Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŀ: 'L', ŀ: 'l', Ŋ: 'N', ŋ: 'n', ĸ: 'k',
  Ŧ: 'T', ŧ: 't', Ə: 'E', ə: 'e', ẞ: 'SS', ſ: 's', Ɖ: 'D', ɖ: 'd', Ƒ: 'F',
  '‐': '-', '‑': '-', '‒': '-', '−': '-', '⁃': '-', '′': "'", '″': '"', '⁄': '/', '∕': '/',
};

/**
 * `text` with only characters the standard (WinAnsi) fonts can draw: WinAnsi characters stay, any
 * whitespace becomes a space, other controls go, the rest folds to a close form or becomes '?'.
 */
export function pdfSafeText(text: string): string {
  let out = '';
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    if (WIN_ANSI.has(cp)) out += c;
    else if (/\s/u.test(c)) out += ' ';
    else if (/\p{Cc}|\p{Cf}/u.test(c)) continue; // controls and invisible format characters (ZWJ, BOM …)
    else if (FOLD[c] !== undefined) out += FOLD[c];
    else {
      const base = c.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base && [...base].every((b) => WIN_ANSI.has(b.codePointAt(0)!)) ? base : '?';
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Layout (points; A4 portrait)

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 48;
/** The QR code's side including its 4-module quiet zone: 3 inches, so the code itself is ≥ 2.1 inches at any version. */
const QR_BOX = 216;
const QR_QUIET_MODULES = 4;
const GUTTER = 20;
const INK = rgb(0.07, 0.07, 0.07);
const GREY = rgb(0.38, 0.38, 0.38);

type Fonts = { regular: PDFFont; bold: PDFFont; logo?: PDFImage | null };

/** Greedy word wrap to `width`; a word wider than a line is broken by characters; over `maxLines` the last line ends in '…'. */
export function wrap(text: string, font: PDFFont, size: number, width: number, maxLines: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    while (!fits(rest)) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last && !fits(`${last}…`)) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}

/** Draws wrapped lines from baseline `y` downwards; returns the y below the block. */
function drawLines(page: PDFPage, lines: string[], x: number, y: number, font: PDFFont, size: number, color = INK, leading = size * 1.25): number {
  for (const line of lines) {
    page.drawText(line, { x, y, font, size, color });
    y -= leading;
  }
  return y;
}

function drawQr(page: PDFPage, token: string, x: number, yTop: number): void {
  if (!/^[\x20-\x7e]+$/.test(token)) throw new TypeError('A ticket QR token is non-empty printable ASCII');
  const qr = qrcode(0, 'M'); // smallest version that fits, error correction M
  qr.addData(token, 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const cell = QR_BOX / (count + 2 * QR_QUIET_MODULES);
  // The quiet zone is the page's own white; no other mark may enter the box. Dark modules: one
  // rectangle per horizontal run, all in one path with one fill, so adjacent modules show no seams.
  const ops = [pushGraphicsState(), setFillingGrayscaleColor(0)];
  for (let row = 0; row < count; row++) {
    const y = yTop - (QR_QUIET_MODULES + row + 1) * cell;
    for (let col = 0; col < count; ) {
      if (!qr.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && qr.isDark(row, col)) col++;
      ops.push(rectangle(x + (QR_QUIET_MODULES + start) * cell, y, (col - start) * cell, cell));
    }
  }
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}

function formatters(locale: 'en' | 'af', timeZone: string) {
  const intlLocale = locale === 'af' ? 'af-ZA' : 'en-ZA';
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat(intlLocale, { timeZone: zone });
  } catch {
    zone = 'UTC'; // an unknown zone still gives a correct (and labelled) time rather than no ticket
  }
  const date = new Intl.DateTimeFormat(intlLocale, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const time = new Intl.DateTimeFormat(intlLocale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const zoneName = new Intl.DateTimeFormat(intlLocale, { timeZone: zone, timeZoneName: 'short' });
  const tz = (d: Date) => zoneName.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? zone;
  return {
    date: (d: Date) => date.format(d),
    time: (d: Date) => `${time.format(d)} ${tz(d)}`,
    /** "Sunday, 14 March 2027" + "19:00 – 23:00 SAST", or the end's date too when it falls on another day. */
    span(start: Date, end: Date): [string, string] {
      const sameDay = date.format(start) === date.format(end);
      const startTime = sameDay && tz(start) === tz(end) ? time.format(start) : `${time.format(start)} ${tz(start)}`;
      return [date.format(start), sameDay ? `${startTime} – ${time.format(end)} ${tz(end)}` : `${startTime} – ${date.format(end)}, ${time.format(end)} ${tz(end)}`];
    },
  };
}

function drawTicketPage(
  doc: PDFDocument,
  fonts: Fonts,
  input: TicketPdfInput,
  ticket: TicketPdfInput['tickets'][number],
  index: number,
  fmt: ReturnType<typeof formatters>,
): void {
  const L = LABELS[input.locale];
  const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  const contentWidth = PAGE_WIDTH - 2 * MARGIN;
  const t = pdfSafeText;
  let y = PAGE_HEIGHT - MARGIN - 10;

  // Brand: a band of the primary colour along the top edge, the logo above the header.
  const band = pdfColor(input.branding?.primaryColor);
  if (band) page.drawRectangle({ x: 0, y: PAGE_HEIGHT - 12, width: PAGE_WIDTH, height: 12, color: band });
  if (fonts.logo) y -= drawLogo(page, fonts.logo, MARGIN, PAGE_HEIGHT - MARGIN + 16, 160, 48) - 4;

  // Header: organization, event, when, where.
  y = drawLines(page, wrap(t(input.organizationName), fonts.regular, 11, contentWidth, 1), MARGIN, y, fonts.regular, 11, GREY) - 12;
  y = drawLines(page, wrap(t(input.event.name), fonts.bold, 24, contentWidth, 3), MARGIN, y, fonts.bold, 24, INK, 29) - 8;

  const labelWidth = 78;
  const valueX = MARGIN + labelWidth;
  const valueWidth = contentWidth - labelWidth;
  /** A grey label with its value lines beside it: [text, bold?, size, max lines] each. */
  const field = (label: string, parts: [string, boolean, number, number][]) => {
    page.drawText(t(label), { x: MARGIN, y, font: fonts.regular, size: 10, color: GREY });
    for (const [text, bold, size, maxLines] of parts) {
      const font = bold ? fonts.bold : fonts.regular;
      y = drawLines(page, wrap(t(text), font, size, valueWidth, maxLines), valueX, y, font, size);
    }
    y -= 6;
  };
  const [day, hours] = fmt.span(input.event.startsAt, input.event.endsAt);
  field(L.when, [[day, true, 12, 1], [hours, false, 12, 2]]);
  if (input.event.doorsAt) field(L.doors, [[fmt.time(input.event.doorsAt), false, 12, 1]]);
  field(L.where, [[input.event.venueName, true, 12, 2], [input.event.venueAddress, false, 11, 3]]);

  y -= 4;
  page.drawLine({ start: { x: MARGIN, y }, end: { x: PAGE_WIDTH - MARGIN, y }, thickness: 0.75, color: GREY });
  y -= 20;

  // Body: the ticket's fields on the left, the QR code on the right.
  const qrX = PAGE_WIDTH - MARGIN - QR_BOX;
  const qrTop = y + 10;
  drawQr(page, ticket.qrToken, qrX, qrTop);
  const gate = t(L.showAtGate);
  const gateLines = wrap(gate, fonts.bold, 11, QR_BOX, 2);
  let gy = qrTop - QR_BOX - 14;
  for (const line of gateLines) {
    page.drawText(line, { x: qrX + (QR_BOX - fonts.bold.widthOfTextAtSize(line, 11)) / 2, y: gy, font: fonts.bold, size: 11, color: INK });
    gy -= 14;
  }

  const columnWidth = qrX - GUTTER - MARGIN;
  const block = (label: string, value: string, font: PDFFont, size: number, maxLines: number) => {
    page.drawText(t(label).toUpperCase(), { x: MARGIN, y, font: fonts.regular, size: 9, color: GREY });
    y -= size + 5;
    y = drawLines(page, wrap(t(value), font, size, columnWidth, maxLines), MARGIN, y, font, size) - 10;
  };
  block(L.ticketType, ticket.ticketTypeName, fonts.bold, 16, 2);
  block(L.seat, ticket.seatLabel ?? L.generalAdmission, fonts.bold, 16, 3);
  block(L.holder, ticket.attendeeName?.trim() || input.order.buyerName, fonts.bold, 14, 2);
  block(L.order, input.order.id, fonts.regular, 10, 2);
  block(L.ticket, ticket.id, fonts.regular, 10, 2);

  // Footer: the organization's contact details, then the page number and the producer.
  const footerY = MARGIN - 10;
  const contact = input.branding?.contactLine ? wrap(t(input.branding.contactLine), fonts.regular, 8, contentWidth, 2) : [];
  drawLines(page, contact, MARGIN, footerY + 12 + 10 * (contact.length - 1), fonts.regular, 8, GREY, 10);
  page.drawText(t(L.pageOf(index + 1, input.tickets.length)), { x: MARGIN, y: footerY, font: fonts.regular, size: 9, color: GREY });
  const producer = 'Voelgoed Events';
  page.drawText(producer, { x: PAGE_WIDTH - MARGIN - fonts.regular.widthOfTextAtSize(producer, 9), y: footerY, font: fonts.regular, size: 9, color: GREY });
}

/** One A4 portrait page per ticket, in the given order. Throws only on no tickets, an invalid date or a non-ASCII QR token. */
export async function renderTicketsPdf(input: TicketPdfInput): Promise<Uint8Array> {
  if (input.tickets.length === 0) throw new RangeError('A tickets PDF needs at least one ticket');
  for (const d of [input.event.startsAt, input.event.endsAt, input.event.doorsAt]) {
    if (d !== null && Number.isNaN(d.getTime())) throw new RangeError('Invalid event date');
  }
  const L = LABELS[input.locale];
  const doc = await PDFDocument.create();
  doc.setTitle(`${L.title} — ${input.event.name}`, { showInWindowTitleBar: true });
  doc.setSubject(`${input.event.name}, ${input.event.venueName}`);
  doc.setAuthor(input.organizationName);
  doc.setCreator('Voelgoed Events');
  doc.setProducer('Voelgoed Events');
  doc.setLanguage(input.locale === 'af' ? 'af-ZA' : 'en-ZA');
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    logo: await embedLogo(doc, input.branding?.logo),
  };
  const fmt = formatters(input.locale, input.event.timezone);
  input.tickets.forEach((ticket, i) => drawTicketPage(doc, fonts, input, ticket, i, fmt));
  return doc.save();
}
