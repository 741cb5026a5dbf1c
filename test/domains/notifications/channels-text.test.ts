import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone, maskPhone } from '../../../src/domains/notifications/phone';
import { MAX_SMS_SEGMENTS, PHONE_TEMPLATES, PHONE_TEMPLATE_PARAMS, PHONE_TEMPLATE_TEXT, plainText, renderPhoneMessage } from '../../../src/domains/notifications/phone-templates';
import { isGsm7, smsLength } from '../../../src/domains/notifications/sms-segments';

const ORDER_URL = `https://voelgoed.events/orders/${'x'.repeat(43)}`;
const CLAIM_URL = `https://voelgoed.events/waitlist/claim/${'y'.repeat(43)}`;
const varsFor = (eventName: string) => ({ eventName, eventDate: 'Saturday 14 March 2027, 19:30', expires: 'Friday 13 March, 18:00', senderName: 'Thandi Nkosi', url: ORDER_URL });

describe('SMS segments', () => {
  it('counts GSM-7 at 160 for one message and 153 per part, extension characters as two', () => {
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsLength('a'.repeat(161))).toEqual({ encoding: 'gsm7', units: 161, segments: 2 });
    expect(smsLength('a'.repeat(306)).segments).toBe(2);
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
    expect(smsLength('€'.repeat(80))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsLength('{'.repeat(81)).segments).toBe(2);
  });

  it('falls back to UCS-2 (70, then 67 per part) for any character outside GSM 03.38, such as ê or ’', () => {
    expect(isGsm7('Dis lekker, nê?')).toBe(false);
    expect(isGsm7('Café è à')).toBe(true);
    expect(smsLength('ê'.repeat(70))).toEqual({ encoding: 'ucs2', units: 70, segments: 1 });
    expect(smsLength('ê'.repeat(71)).segments).toBe(2);
    expect(smsLength('’'.repeat(134)).segments).toBe(2);
    expect(smsLength('’'.repeat(135)).segments).toBe(3);
    expect(smsLength('🎉').units).toBe(2);
  });
});

describe('phone message templates', () => {
  it('keeps every default wording in GSM-7 in both languages, with the placeholders WhatsApp numbers', () => {
    for (const t of PHONE_TEMPLATES) {
      for (const locale of ['en', 'af'] as const) {
        const text = PHONE_TEMPLATE_TEXT[t][locale];
        expect(isGsm7(text.replace(/\{\{\w+\}\}/g, '')), `${t}/${locale}`).toBe(true);
        expect([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort(), `${t}/${locale}`).toEqual([...PHONE_TEMPLATE_PARAMS[t]].sort());
      }
    }
  });

  it('fits a typical message in one or two segments and carries the link whole', () => {
    for (const t of PHONE_TEMPLATES) {
      for (const locale of ['en', 'af'] as const) {
        const url = t === 'waitlist_offer' ? CLAIM_URL : ORDER_URL;
        const m = renderPhoneMessage(t, locale, { ...varsFor('Oppikoppi Bushveld Festival'), url });
        expect(m.length.encoding, `${t}/${locale}`).toBe('gsm7');
        expect(m.length.segments, `${t}/${locale}: ${m.text}`).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
        expect(m.text).toContain(url);
        expect(m.text).toContain('Oppikoppi Bushveld Festival');
      }
    }
  });

  it('shortens a long event name, or one in characters outside GSM-7, until the SMS is at most two segments', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300, unit: fc.constantFrom('a', 'B', ' ', 'ê', 'ë', '’', '—', '🎉', '€', 'ô', '1') }), fc.constantFrom(...PHONE_TEMPLATES), fc.constantFrom('en' as const, 'af' as const), (name, t, locale) => {
        const m = renderPhoneMessage(t, locale, { ...varsFor(name), url: ORDER_URL });
        expect(m.length.segments, m.text).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
        expect(m.text).toContain(ORDER_URL);
        expect(m.length).toEqual(smsLength(m.text));
      }),
      { numRuns: 300 },
    );
  });

  it('maps typographic characters to plain ones and never lets organizer text become a link', () => {
    expect(plainText('Jazz — “Live”… at Kirstenbosch’s lawn')).toBe('Jazz - "Live"... at Kirstenbosch\'s lawn');
    expect(plainText('Visit evil.example now https://x.test')).toBe('Visit evil. example now https:/ /x. test');
    const m = renderPhoneMessage('ticket_link', 'af', { eventName: 'Kaapse Jazz – 2027', url: ORDER_URL });
    expect(m.length.encoding).toBe('gsm7');
    expect(m.params).toEqual(['Kaapse Jazz - 2027', ORDER_URL]);
  });
});

describe('phone numbers', () => {
  it('normalises South African numbers (a leading 0 is +27) and international ones to E.164', () => {
    expect(normalizePhone('082 123 4567')).toEqual({ ok: true, e164: '+27821234567' });
    expect(normalizePhone('(082) 123-4567')).toEqual({ ok: true, e164: '+27821234567' });
    expect(normalizePhone('+27 82 123 4567')).toEqual({ ok: true, e164: '+27821234567' });
    expect(normalizePhone('0027821234567')).toEqual({ ok: true, e164: '+27821234567' });
    expect(normalizePhone('27821234567')).toEqual({ ok: true, e164: '+27821234567' });
    expect(normalizePhone('+44 20 7946 0958')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalizePhone('+264 81 123 4567')).toEqual({ ok: true, e164: '+264811234567' });
  });

  it('refuses what cannot be a number', () => {
    for (const bad of ['', 'call me', '082 123 456', '082 123 45678', '+27 082 123 4567', '+0 123 456 789', '+1234567', '+1234567890123456', '821234567', '082-123-4567 ext 2']) {
      expect(normalizePhone(bad).ok, bad).toBe(false);
    }
  });

  it('masks a number for display', () => {
    expect(maskPhone('+27821234567')).toBe('+27 82 *** 4567');
  });
});
