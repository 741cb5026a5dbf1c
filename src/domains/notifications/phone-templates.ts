/**
 * Short messages for SMS and WhatsApp, in English and Afrikaans. The wording is fixed (WhatsApp only sends templates
 * Meta approved, so an organization cannot override it), written in GSM-7 characters only (no ê/ë/ô, no curly
 * apostrophe) so an SMS stays in the 160/153-character alphabet; organizer text that is not GSM-7 is mapped where a
 * plain equivalent exists. A message over two SMS segments loses the accents and symbols GSM-7 lacks (a single emoji
 * would make it UCS-2, 67 characters per part), then the event name is shortened until it fits.
 *
 * For WhatsApp each template is registered at Meta as `voelgoed_<template>` in languages `en` and `af`, its body the
 * text below with {{1}}, {{2}}… in the order of `PHONE_TEMPLATE_PARAMS` (docs/notifications.md, "Channels").
 */
import type { Locale } from '../../db/schema/tenancy';
import { isGsm7, smsLength, type SmsLength } from './sms-segments';

export const PHONE_TEMPLATES = ['ticket_link', 'event_reminder', 'waitlist_offer', 'ticket_transfer'] as const;
export type PhoneTemplate = (typeof PHONE_TEMPLATES)[number];

/** The variables of each template, in WhatsApp's {{1}}, {{2}}… order. `url` is always a link the platform made. */
export const PHONE_TEMPLATE_PARAMS: Record<PhoneTemplate, readonly string[]> = {
  ticket_link: ['eventName', 'url'],
  event_reminder: ['eventName', 'eventDate', 'url'],
  waitlist_offer: ['eventName', 'expires', 'url'],
  ticket_transfer: ['senderName', 'eventName', 'url'],
};

export const PHONE_TEMPLATE_TEXT: Record<PhoneTemplate, Record<Locale, string>> = {
  ticket_link: {
    en: 'Your tickets for {{eventName}}: {{url}} Show the QR code at the gate. To stop these messages, open the link.',
    af: "Jou kaartjies vir {{eventName}}: {{url}} Wys die QR-kode by die hek. Om hierdie boodskappe te stop, maak die skakel oop.",
  },
  event_reminder: {
    en: 'Reminder: {{eventName}} is on {{eventDate}}. Your tickets: {{url}}',
    af: 'Herinnering: {{eventName}} is op {{eventDate}}. Jou kaartjies: {{url}}',
  },
  waitlist_offer: {
    en: 'A place for {{eventName}} is yours until {{expires}}. Claim it here: {{url}}',
    af: "'n Plek vir {{eventName}} is joune tot {{expires}}. Eis dit hier: {{url}}",
  },
  ticket_transfer: {
    en: '{{senderName}} sent you a ticket for {{eventName}}. Accept it here: {{url}}',
    af: "{{senderName}} het vir jou 'n kaartjie vir {{eventName}} gestuur. Aanvaar dit hier: {{url}}",
  },
};

/** The most an SMS may cost: two segments, whatever the language and the organizer's text. */
export const MAX_SMS_SEGMENTS = 2;

// Typographic characters with a plain GSM-7 equivalent (curly quotes, dashes, ellipsis, odd spaces).
const PLAIN: [RegExp, string][] = [
  [/[\u2018\u2019\u201a\u2032`]/g, "'"],
  [/[\u201c\u201d\u201e\u2033]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' '],
  [/[\u200b-\u200d\u2060\ufeff]/g, ''],
  [/[\r\n\t]+/g, ' '],
];

/** Organizer text made SMS-friendly: plain characters where possible, and never a link a phone would make clickable. */
export function plainText(text: string): string {
  let out = text;
  for (const [re, to] of PLAIN) out = out.replace(re, to);
  return out.replace(/(?<=[\p{L}\p{N}])\.(?=\p{L})/gu, '. ').replace(/:\/\//g, ':/ /').replace(/ {2,}/g, ' ').trim();
}

/** Only GSM-7 characters: accents the alphabet lacks dropped (ê → e), anything else without a plain form removed. */
export function gsmOnly(text: string): string {
  let out = '';
  for (const ch of text) {
    if (isGsm7(ch)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      if (base !== ch && isGsm7(base)) out += base;
    }
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

export type RenderedPhoneMessage = { text: string; params: string[]; length: SmsLength };

const fill = (text: string, vars: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => vars[name] ?? '');

/**
 * The message for `template` in `locale`: organizer text made plain, then the event name (the one long, free
 * variable) shortened with "..." until the SMS fits in MAX_SMS_SEGMENTS. `params` are the same values for WhatsApp.
 */
export function renderPhoneMessage(template: PhoneTemplate, locale: Locale, vars: Record<string, string>): RenderedPhoneMessage {
  const source = PHONE_TEMPLATE_TEXT[template][locale];
  const clean = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, k === 'url' ? v.trim() : plainText(v)]));
  const names = ['eventName', 'senderName'] as const;
  const render = () => {
    const text = fill(source, clean);
    return { text, params: PHONE_TEMPLATE_PARAMS[template].map((p) => clean[p] ?? ''), length: smsLength(text) };
  };
  let out = render();
  // Over two segments because one character forced UCS-2 (70 per message): the plain alphabet's 153 first.
  if (out.length.segments > MAX_SMS_SEGMENTS && out.length.encoding === 'ucs2') {
    for (const name of names) if (clean[name] !== undefined) clean[name] = gsmOnly(clean[name]!);
    out = render();
  }
  for (const name of names) {
    const full = clean[name];
    if (full === undefined) continue;
    let keep = [...full].length;
    while (out.length.segments > MAX_SMS_SEGMENTS && keep > 4) {
      const room = MAX_SMS_SEGMENTS * (out.length.encoding === 'gsm7' ? 153 : 67);
      keep = Math.max(4, keep - Math.max(1, out.length.units - room));
      clean[name] = `${[...full].slice(0, keep).join('').trimEnd()}...`;
      out = render();
    }
  }
  return out;
}
