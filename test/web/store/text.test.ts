import jsQR from 'jsqr';
import qrcode from 'qrcode-generator';
import { describe, expect, it } from 'vitest';
import { icsFor, icsText } from '../../../web/src/store/calendar';
import { announcementBetween, formatClock } from '../../../web/src/store/countdown';
import { intlLocale, joinList, MESSAGES, pickLang } from '../../../web/src/store/i18n';
import { seatText } from '../../../web/src/store/labels';
import { qrPath } from '../../../web/src/store/qr-path';

describe('hold countdown', () => {
  it('shows mm:ss, rounding up so 0:00 means really over', () => {
    expect(formatClock(300_000)).toBe('05:00');
    expect(formatClock(61_001)).toBe('01:02');
    expect(formatClock(999)).toBe('00:01');
    expect(formatClock(-5)).toBe('00:00');
  });

  it('announces once at one minute left and once at expiry', () => {
    expect(announcementBetween(60_200, 59_950)).toBe('oneMinute');
    expect(announcementBetween(59_950, 59_700)).toBeNull();
    expect(announcementBetween(300, -50)).toBe('expired');
    expect(announcementBetween(-50, -300)).toBeNull();
  });
});

describe('languages', () => {
  it('takes the stored choice, else the first browser language we speak, else English', () => {
    expect(pickLang('af', ['en-US'])).toBe('af');
    expect(pickLang(null, ['fr-FR', 'af-ZA', 'en'])).toBe('af');
    expect(pickLang(null, ['en-GB', 'af'])).toBe('en');
    expect(pickLang('xx', ['de'])).toBe('en');
  });

  it("falls back to the organizer's language when neither the buyer nor the browser says", () => {
    expect(pickLang(null, ['de-DE', 'fr'], 'af')).toBe('af');
    expect(pickLang(null, [], 'af')).toBe('af');
    // The buyer's choice and a browser language we speak come first.
    expect(pickLang('en', ['de'], 'af')).toBe('en');
    expect(pickLang(null, ['en-US'], 'af')).toBe('en');
    expect(pickLang(null, ['nl'], 'xx')).toBe('en');
  });

  it('formats in the browser’s regional variant of the chosen language, else South African', () => {
    expect(intlLocale('en', ['en-GB', 'af'])).toBe('en-GB');
    expect(intlLocale('af', ['en-GB'])).toBe('af-ZA');
    expect(intlLocale('en', ['en'])).toBe('en-ZA');
  });

  it('names seat buttons the way the end-to-end test finds them', () => {
    expect(MESSAGES.en.seatName('A', '3', 'available')).toBe('Row A, seat 3 — available');
    expect(MESSAGES.en.seatName('A', '3', 'unavailable')).toBe('Row A, seat 3 — unavailable');
    expect(MESSAGES.en.seatName('A', '3', 'mine')).toBe('Row A, seat 3 — held for you');
    expect(MESSAGES.af.seatName('A', '3', 'available')).toBe('Ry A, sitplek 3 — beskikbaar');
    expect(MESSAGES.en.mapSummary(1438, 1440)).toBe('Seat map: 1,438 of 1,440 seats available');
  });

  it('has every message in Afrikaans too, translated', () => {
    const en = MESSAGES.en as Record<string, unknown>;
    const af = MESSAGES.af as Record<string, unknown>;
    expect(Object.keys(af).sort()).toEqual(Object.keys(en).sort());
    const same = Object.keys(en).filter((k) => typeof en[k] === 'string' && en[k] === af[k]);
    expect(same).toEqual(['appName']);
  });

  it('names a seat with its section', () => {
    expect(seatText('1:A:8', MESSAGES.en)).toBe('Section 1 · Row A, seat 8');
    expect(seatText('Stalls:B:2', MESSAGES.af)).toBe('Stalls · Ry B, sitplek 2');
    expect(seatText('A:1:3', MESSAGES.af)).toBe('Afdeling A · Ry 1, sitplek 3');
    // With the seat map's section names, the name the organizer gave.
    const names = new Map([['N', 'Main Stand North']]);
    expect(seatText('N:C:14', MESSAGES.en, names)).toBe('Main Stand North · Row C, seat 14');
    expect(seatText('N:C:14', MESSAGES.af, names)).toBe('Main Stand North · Ry C, sitplek 14');
    expect(seatText('1:A:8', MESSAGES.en, new Map([['1', '1']]))).toBe('Section 1 · Row A, seat 8');
    expect(joinList(['a', 'b', 'c'], 'en')).toBe('a, b and c');
    expect(joinList(['a', 'b'], 'af')).toBe('a en b');
  });
});

describe('calendar file', () => {
  it('writes a valid VEVENT in UTC with escaped text', () => {
    const ics = icsFor({ uid: 'ord_1@x', name: 'Sunset; Sessions, live', startsAt: '2026-12-30T17:00:00.000Z', endsAt: '2026-12-30T21:00:00.000Z', location: 'Amphitheatre, Cape Town', now: new Date('2026-11-30T10:00:00Z') });
    expect(ics).toContain('DTSTART:20261230T170000Z\r\n');
    expect(ics).toContain('DTEND:20261230T210000Z\r\n');
    expect(ics).toContain('SUMMARY:Sunset\\; Sessions\\, live\r\n');
    expect(ics).toContain('LOCATION:Amphitheatre\\, Cape Town\r\n');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(icsText('a\nb\\c')).toBe('a\\nb\\\\c');
  });
});

describe('ticket QR codes', () => {
  it('draws a QR path that scanners decode back to the ticket token', () => {
    const token = 'vgt1.eyJ0IjoidGt0XzAxbThwMTBuYjg5NSJ9.c2lnbmF0dXJlLWJ5dGVz';
    const code = qrcode(0, 'M');
    code.addData(token);
    code.make();
    const n = code.getModuleCount();
    const margin = 4;
    const d = qrPath(n, (r, c) => code.isDark(r, c), margin);
    // Rasterise the path (each "Mx yh{w}v1h-{w}z" is a run of dark modules) at 4 px per module.
    const px = 4;
    const size = (n + 2 * margin) * px;
    const rgba = new Uint8ClampedArray(size * size * 4).fill(255);
    for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
      const [x, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
      for (let yy = y * px; yy < (y + 1) * px; yy++)
        for (let xx = x * px; xx < (x + w) * px; xx++) {
          const o = (yy * size + xx) * 4;
          rgba[o] = rgba[o + 1] = rgba[o + 2] = 0;
        }
    }
    expect(jsQR(rgba, size, size)?.data).toBe(token);
  });
});
