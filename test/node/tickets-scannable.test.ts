/**
 * The real proof that printed tickets work, in Node because it runs programs: a 2-ticket PDF with
 * genuinely signed tokens is rasterized by poppler (`pdftoppm -r 150 -gray`, what a printer would
 * get), each page's QR code is decoded from the pixels with jsQR and must be exactly that page's
 * token and verify against the event's public key; `pdftotext -layout` must find the event, seat
 * and holder. The .ics is parsed by ical.js, a real calendar parser, and must give back the input.
 * Needs poppler-utils: `node tools/system-deps.mjs` (run first by `npm test`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventIcs, type EventIcsInput } from '../../src/domains/notifications/ics';
import { renderTicketsPdf, type TicketPdfInput } from '../../src/domains/notifications/ticket-pdf';
import { signTicketToken, verifyTicketToken, type TicketClaimsInput } from '../../src/domains/tickets/token';
import { base64url, newId } from '../../src/platform/ids';

// jsqr is a webpack UMD bundle: under Node's CJS interop its default import is `{ default: jsQR }`.
const jsQR: typeof jsQRModule = typeof jsQRModule === 'function' ? jsQRModule : (jsQRModule as unknown as { default: typeof jsQRModule }).default;

type Gray = { width: number; height: number; pixels: Uint8Array };

/** A binary PGM (P5): header `P5 <width> <height> <maxval>` (whitespace- and comment-separated), one whitespace, then rows of samples. */
function parsePgm(bytes: Uint8Array): Gray {
  let at = 0;
  const token = (): string => {
    for (;;) {
      while (at < bytes.length && /\s/.test(String.fromCharCode(bytes[at]!))) at++;
      if (bytes[at] !== 0x23) break; // '#': a comment to the end of the line
      while (at < bytes.length && bytes[at] !== 0x0a) at++;
    }
    const start = at;
    while (at < bytes.length && !/\s/.test(String.fromCharCode(bytes[at]!))) at++;
    return String.fromCharCode(...bytes.subarray(start, at));
  };
  if (token() !== 'P5') throw new Error('not a binary PGM (P5)');
  const width = Number(token());
  const height = Number(token());
  const maxval = Number(token());
  at++; // the single whitespace before the samples
  if (!(width > 0 && height > 0 && maxval > 0 && maxval < 65536)) throw new Error('bad PGM header');
  const wide = maxval > 255;
  const count = width * height;
  if (bytes.length - at < count * (wide ? 2 : 1)) throw new Error('PGM truncated');
  const pixels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const sample = wide ? (bytes[at + 2 * i]! << 8) | bytes[at + 2 * i + 1]! : bytes[at + i]!;
    pixels[i] = Math.round((sample * 255) / maxval);
  }
  return { width, height, pixels };
}

function toRgba({ width, height, pixels }: Gray): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < pixels.length; i++) {
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = pixels[i]!;
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

const START = new Date('2027-03-14T17:00:00Z'); // 19:00 in Johannesburg
const END = new Date('2027-03-14T21:00:00Z');
const DOORS = new Date('2027-03-14T15:30:00Z');

describe('printed tickets scan', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'voelgoed-tickets-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every page of the PDF carries its own ticket, and its QR code decodes from 150 dpi pixels to the exact signed token', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const publicKey = base64url(new Uint8Array((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer));
    const eventId = newId('evt');
    const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
    const claims: TicketClaimsInput[] = ['Section A:12:7', null].map((seatId) => ({
      ticketId: newId('tkt'),
      eventId,
      ticketTypeId: newId('tty'),
      seatId,
      secretVersion: 1,
      notBefore: seconds(DOORS) - 6 * 3600,
      notAfter: seconds(END) + 6 * 3600,
    }));
    const tokens = await Promise.all(claims.map((c) => signTicketToken({ version: 1, privateKey: pair.privateKey }, c)));
    expect(tokens[0]).not.toBe(tokens[1]);

    const input: TicketPdfInput = {
      locale: 'en',
      event: {
        name: 'Kirstenbosch Summer Sunset Concert',
        venueName: 'Kirstenbosch National Botanical Garden',
        venueAddress: 'Rhodes Drive, Newlands, Cape Town, 7735',
        startsAt: START,
        endsAt: END,
        doorsAt: DOORS,
        timezone: 'Africa/Johannesburg',
      },
      order: { id: newId('ord'), buyerName: 'Thandi Mokoena' },
      organizationName: 'Demo Events (Pty) Ltd',
      tickets: [
        { id: claims[0]!.ticketId, ticketTypeName: 'Reserved', seatLabel: 'Section A · Row 12 · Seat 7', attendeeName: null, qrToken: tokens[0]! },
        { id: claims[1]!.ticketId, ticketTypeName: 'General', seatLabel: null, attendeeName: 'Zoë Nkosi-Ødegaard', qrToken: tokens[1]! },
      ],
    };
    const pdfPath = path.join(dir, 'tickets.pdf');
    writeFileSync(pdfPath, await renderTicketsPdf(input));

    execFileSync('pdftoppm', ['-r', '150', '-gray', pdfPath, path.join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.pgm')).sort();
    expect(pages).toHaveLength(2);

    for (const [i, file] of pages.entries()) {
      const image = parsePgm(readFileSync(path.join(dir, file)));
      expect(Math.abs(image.width - 1240)).toBeLessThanOrEqual(1); // A4 at 150 dpi (poppler rounds up)
      expect(Math.abs(image.height - 1754)).toBeLessThanOrEqual(1);
      const code = jsQR(toRgba(image), image.width, image.height, { inversionAttempts: 'dontInvert' });
      expect(code, `no QR code found on page ${i + 1}`).not.toBeNull();
      expect(code!.data).toBe(tokens[i]);
      const verified = await verifyTicketToken(code!.data, [{ version: 1, publicKey }], { eventId, now: START });
      expect(verified).toEqual({ ok: true, claims: { ...claims[i], keyVersion: 1 } });
      // The code's size on paper: the finder patterns' centres are (modules − 7) apart; ≥ 2 inches wide in all.
      const { topLeftFinderPattern: tl, topRightFinderPattern: tr } = code!.location;
      const modules = 17 + 4 * code!.version;
      const inches = ((tr.x - tl.x) / (modules - 7)) * modules / 150;
      expect(inches).toBeGreaterThanOrEqual(2);
    }

    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    const [page1 = '', page2 = ''] = text.split('\f');
    for (const page of [page1, page2]) {
      expect(page).toContain('Kirstenbosch Summer Sunset Concert');
      expect(page).toContain('Demo Events (Pty) Ltd');
      expect(page).toContain('Rhodes Drive, Newlands, Cape Town, 7735');
      expect(page).toContain('Sunday, 14 March 2027');
      expect(page).toMatch(/19:00 – 23:00 \S+/); // venue time, not UTC (17:00)
      expect(page).toMatch(/Doors open\s+17:30/);
      expect(page).toContain('Show this QR code at the gate');
      expect(page).toContain(input.order.id);
    }
    expect(page1).toContain('Section A · Row 12 · Seat 7');
    expect(page1).toContain('Thandi Mokoena'); // no attendee name: the buyer
    expect(page1).toContain(claims[0]!.ticketId);
    expect(page1).toContain('Ticket 1 of 2');
    expect(page2).toContain('General admission');
    expect(page2).toContain('Zoë Nkosi-Ødegaard'); // WinAnsi letters survive as themselves
    expect(page2).not.toContain('Thandi Mokoena');
    expect(page2).toContain(claims[1]!.ticketId);
  });
});

describe('the calendar file parses with a real iCalendar parser', () => {
  const base: EventIcsInput = {
    uid: 'ord_01m8c3vq2w7k5h9d3xg4tz0b6r@voelgoed.events',
    name: 'Kirstenbosch Summer Sunset Concert',
    description: '2 ticket(s), order ord_01m8c3vq2w7k5h9d3xg4tz0b6r',
    location: 'Kirstenbosch National Botanical Garden, Rhodes Drive, Newlands',
    startsAt: START,
    endsAt: END,
    url: 'https://tickets.example/orders/ord_01m8c3vq2w7k5h9d3xg4tz0b6r?t=abc',
    organizerName: 'Demo Events (Pty) Ltd',
    sequence: 2,
    now: new Date('2027-01-02T03:04:05Z'),
  };

  function parse(ics: string) {
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const vevent = calendar.getFirstSubcomponent('vevent');
    expect(vevent).not.toBeNull();
    return { calendar, vevent: vevent!, event: new ICAL.Event(vevent!) };
  }

  it('gives back summary, location, the exact instants, the alarm and the organizer', () => {
    const { calendar, vevent, event } = parse(eventIcs(base));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(event.uid).toBe(base.uid);
    expect(event.summary).toBe(base.name);
    expect(event.location).toBe(base.location);
    expect(event.description).toBe(base.description);
    expect(event.sequence).toBe(2);
    expect(event.startDate.toJSDate().getTime()).toBe(START.getTime());
    expect(event.endDate.toJSDate().getTime()).toBe(END.getTime());
    expect(event.startDate.zone?.tzid).toBe('UTC');
    expect(vevent.getFirstPropertyValue('url')).toBe(base.url);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    const organizer = vevent.getFirstProperty('organizer')!;
    expect(organizer.getParameter('cn')).toBe(base.organizerName);
    expect(organizer.getFirstValue()).toBe('mailto:tickets@voelgoed.events');
    const alarm = vevent.getFirstSubcomponent('valarm');
    expect(alarm).not.toBeNull();
    expect(alarm!.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect((alarm!.getFirstPropertyValue('trigger') as InstanceType<typeof ICAL.Duration>).toSeconds()).toBe(-3 * 3600);
  });

  it('round-trips hostile text exactly: commas, semicolons, backslashes, newlines, a 200-character location, multi-byte characters', () => {
    const description = 'Doors 17:30; gates close at 19:00, sharp.\nBring: ID, ticket; a jacket.\r\nPath C:\\tickets\\ — "quoted", ŉ 李雷 😀\n\nEnd;,\\';
    const location = `Kirstenbosch; Rhodes Drive, Newlands, Cape Town — Ødegaard Hall, 李雷 😀 ${'Long Lane, '.repeat(20)}`.slice(0, 200);
    expect([...location].length).toBeGreaterThanOrEqual(199); // 200 UTF-16 units (😀 is two)
    expect(location.length).toBe(200);
    const organizerName = 'The "Best": Events; ^Ltd, Cape Town';
    const ics = eventIcs({ ...base, name: 'Rock; Roll, \\ Jazz', description, location, organizerName });
    const { vevent, event } = parse(ics);
    expect(event.summary).toBe('Rock; Roll, \\ Jazz');
    expect(event.description).toBe(description.replace(/\r\n/g, '\n'));
    expect(event.location).toBe(location);
    expect(vevent.getFirstProperty('organizer')!.getParameter('cn')).toBe(organizerName);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });
});
