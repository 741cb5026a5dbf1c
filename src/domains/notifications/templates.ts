/**
 * Email templates: built-in defaults in English and Afrikaans, which an organization may override
 * per template and locale (notification_templates). A template is a subject and a plain-text body
 * with {{placeholders}}; the HTML part is rendered from the text (escaped, paragraphs, links), so an
 * override can never inject markup, and organization text is defused so it never becomes a link (defuseLinks).
 */
import type { Locale } from '../../db/schema/tenancy';

export const EMAIL_TEMPLATES = [
  'order_confirmation',
  'order_refunded',
  'order_auto_refunded',
  'order_cancelled',
  'order_pending',
  'event_cancelled',
  'event_reminder',
  'invitation',
  'password_reset',
  'email_verification',
  'daily_report',
  'scheduled_report',
  'webhook_disabled',
  'order_refund_requested',
  'order_refund_declined',
  'waitlist_joined',
  'waitlist_offer',
  'ticket_transferred',
  'ticket_reissued',
  'buyer_order_links',
] as const;
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];

type Text = { subject: string; body: string };

/** Emails to the organization's own people or about the platform: they carry no organization branding; every other (buyer) email does. */
export const UNBRANDED_TEMPLATES: ReadonlySet<string> = new Set<EmailTemplate>(['invitation', 'password_reset', 'email_verification', 'daily_report', 'scheduled_report', 'webhook_disabled']);

/** The placeholders each template may use (an override using any other is refused). */
export const TEMPLATE_PLACEHOLDERS: Record<EmailTemplate, readonly string[]> = {
  order_confirmation: ['buyerName', 'eventName', 'eventDate', 'venueName', 'ticketCount', 'tickets', 'total', 'orderId', 'orderUrl', 'organizationName'],
  order_refunded: ['buyerName', 'eventName', 'amount', 'ticketCount', 'tickets', 'reason', 'orderId', 'orderUrl', 'organizationName'],
  order_auto_refunded: ['buyerName', 'eventName', 'amount', 'orderId', 'organizationName'],
  order_cancelled: ['buyerName', 'eventName', 'orderId', 'organizationName'],
  order_pending: ['buyerName', 'eventName', 'eventDate', 'ticketCount', 'tickets', 'total', 'orderId', 'orderUrl', 'organizationName'],
  event_cancelled: ['buyerName', 'eventName', 'eventDate', 'orderId', 'orderUrl', 'organizationName'],
  event_reminder: ['buyerName', 'eventName', 'eventDate', 'doorsTime', 'venueName', 'venueAddress', 'ticketCount', 'tickets', 'orderUrl', 'organizationName'],
  invitation: ['organizationName', 'role', 'acceptUrl'],
  password_reset: ['name', 'resetUrl'],
  email_verification: ['name', 'verifyUrl'],
  daily_report: ['organizationName', 'reportDate', 'report'],
  scheduled_report: ['organizationName', 'reportName', 'period', 'events', 'unsubscribeUrl'],
  webhook_disabled: ['organizationName', 'endpointUrl', 'reason'],
  order_refund_requested: ['buyerName', 'eventName', 'amount', 'fee', 'ticketCount', 'tickets', 'reason', 'orderId', 'orderUrl', 'organizationName'],
  order_refund_declined: ['buyerName', 'eventName', 'ticketCount', 'tickets', 'reason', 'orderId', 'orderUrl', 'organizationName'],
  waitlist_joined: ['buyerName', 'eventName', 'eventDate', 'quantity', 'ticketTypeName', 'position', 'leaveUrl', 'organizationName'],
  waitlist_offer: ['buyerName', 'eventName', 'eventDate', 'quantity', 'ticketTypeName', 'expiresAt', 'claimUrl', 'leaveUrl', 'organizationName'],
  ticket_transferred: ['recipientName', 'senderName', 'eventName', 'eventDate', 'venueName', 'ticketUrl', 'organizationName'],
  ticket_reissued: ['recipientName', 'eventName', 'eventDate', 'venueName', 'ticketUrl', 'organizationName'],
  buyer_order_links: ['buyerName', 'orderCount', 'orderLinks', 'organizationName'],
};

export const DEFAULT_TEMPLATES: Record<EmailTemplate, Record<Locale, Text>> = {
  order_confirmation: {
    en: {
      subject: 'Your tickets for {{eventName}}',
      body: 'Hi {{buyerName}},\n\nThank you for your order {{orderId}}: {{tickets}} for {{eventName}} on {{eventDate}} at {{venueName}}. Total paid: {{total}}.\n\nYour tickets are attached as a PDF (one page per ticket) with a calendar file. You can also open them any time here:\n{{orderUrl}}\n\nShow the QR code at the gate, on paper or on your phone.\n\n{{organizationName}}',
    },
    af: {
      subject: 'Jou kaartjies vir {{eventName}}',
      body: 'Hallo {{buyerName}},\n\nDankie vir jou bestelling {{orderId}}: {{tickets}} vir {{eventName}} op {{eventDate}} by {{venueName}}. Totaal betaal: {{total}}.\n\nJou kaartjies is aangeheg as ’n PDF (een bladsy per kaartjie) saam met ’n kalenderlêer. Jy kan hulle ook enige tyd hier oopmaak:\n{{orderUrl}}\n\nWys die QR-kode by die hek, op papier of op jou foon.\n\n{{organizationName}}',
    },
  },
  order_refunded: {
    en: {
      subject: 'Refund for your order {{orderId}}',
      body: 'Hi {{buyerName}},\n\nWe refunded {{amount}} for {{tickets}} of your order {{orderId}} for {{eventName}}. Reason: {{reason}}.\n\nRefunded tickets no longer admit anyone. Your order: {{orderUrl}}\n\n{{organizationName}}',
    },
    af: {
      subject: 'Terugbetaling vir jou bestelling {{orderId}}',
      body: 'Hallo {{buyerName}},\n\nOns het {{amount}} terugbetaal vir {{tickets}} van jou bestelling {{orderId}} vir {{eventName}}. Rede: {{reason}}.\n\nTerugbetaalde kaartjies gee nie meer toegang nie. Jou bestelling: {{orderUrl}}\n\n{{organizationName}}',
    },
  },
  order_auto_refunded: {
    en: {
      subject: 'Your payment for {{eventName}} was refunded',
      body: 'Hi {{buyerName}},\n\nYour payment for order {{orderId}} arrived after your seats were released and they were no longer available, so we refunded {{amount}} in full. We are sorry.\n\n{{organizationName}}',
    },
    af: {
      subject: 'Jou betaling vir {{eventName}} is terugbetaal',
      body: 'Hallo {{buyerName}},\n\nJou betaling vir bestelling {{orderId}} het aangekom nadat jou plekke vrygestel is en hulle was nie meer beskikbaar nie, dus het ons {{amount}} ten volle terugbetaal. Ons is jammer.\n\n{{organizationName}}',
    },
  },
  order_cancelled: {
    en: { subject: 'Order {{orderId}} cancelled', body: 'Hi {{buyerName}},\n\nYour unpaid order {{orderId}} for {{eventName}} was cancelled and nothing was charged.\n\n{{organizationName}}' },
    af: { subject: 'Bestelling {{orderId}} gekanselleer', body: 'Hallo {{buyerName}},\n\nJou onbetaalde bestelling {{orderId}} vir {{eventName}} is gekanselleer en niks is gehef nie.\n\n{{organizationName}}' },
  },
  order_pending: {
    en: {
      subject: 'Finish paying for your order {{orderId}}',
      body: 'Hi {{buyerName}},\n\nYou asked for the link to your order {{orderId}} for {{eventName}} on {{eventDate}}: {{tickets}}, {{total}}, waiting for payment. Open it to finish paying while your seats are still reserved:\n{{orderUrl}}\n\nIf you did not ask for this, you can ignore this email: nothing is charged until you pay.\n\n{{organizationName}}',
    },
    af: {
      subject: 'Voltooi die betaling vir jou bestelling {{orderId}}',
      body: 'Hallo {{buyerName}},\n\nJy het gevra vir die skakel na jou bestelling {{orderId}} vir {{eventName}} op {{eventDate}}: {{tickets}}, {{total}}, wat op betaling wag. Maak dit oop om die betaling te voltooi terwyl jou plekke nog gereserveer is:\n{{orderUrl}}\n\nAs jy nie hierom gevra het nie, kan jy hierdie e-pos ignoreer: niks word gehef totdat jy betaal nie.\n\n{{organizationName}}',
    },
  },
  event_cancelled: {
    en: {
      subject: '{{eventName}} is cancelled',
      body: 'Hi {{buyerName}},\n\nWe are sorry: {{eventName}} on {{eventDate}} is cancelled. Your order {{orderId}} will be refunded; we will email you when it is done.\n\nYour order: {{orderUrl}}\n\n{{organizationName}}',
    },
    af: {
      subject: '{{eventName}} is gekanselleer',
      body: 'Hallo {{buyerName}},\n\nOns is jammer: {{eventName}} op {{eventDate}} is gekanselleer. Jou bestelling {{orderId}} sal terugbetaal word; ons stuur vir jou ’n e-pos sodra dit gedoen is.\n\nJou bestelling: {{orderUrl}}\n\n{{organizationName}}',
    },
  },
  event_reminder: {
    en: {
      subject: 'Tomorrow: {{eventName}}',
      body: 'Hi {{buyerName}},\n\nA reminder: {{eventName}} is on {{eventDate}} at {{venueName}}, {{venueAddress}}. Doors open at {{doorsTime}}.\n\nYou have {{tickets}}. Have your QR codes ready: {{orderUrl}}\n\n{{organizationName}}',
    },
    af: {
      subject: 'Môre: {{eventName}}',
      body: 'Hallo {{buyerName}},\n\n’n Herinnering: {{eventName}} is op {{eventDate}} by {{venueName}}, {{venueAddress}}. Die deure gaan oop om {{doorsTime}}.\n\nJy het {{tickets}}. Hou jou QR-kodes gereed: {{orderUrl}}\n\n{{organizationName}}',
    },
  },
  invitation: {
    en: { subject: 'You are invited to {{organizationName}} on Voelgoed Events', body: 'Hello,\n\nYou have been invited to join {{organizationName}} as {{role}}. Accept the invitation here:\n{{acceptUrl}}\n\nThe link works for 7 days.' },
    af: { subject: 'Jy is genooi na {{organizationName}} op Voelgoed Events', body: 'Hallo,\n\nJy is genooi om by {{organizationName}} aan te sluit as {{role}}. Aanvaar die uitnodiging hier:\n{{acceptUrl}}\n\nDie skakel werk vir 7 dae.' },
  },
  password_reset: {
    en: { subject: 'Reset your Voelgoed Events password', body: 'Hi {{name}},\n\nSomeone (we hope you) asked to reset your password. Choose a new one here within the hour:\n{{resetUrl}}\n\nIf it was not you, ignore this email: your password stays as it is.' },
    af: { subject: 'Stel jou Voelgoed Events-wagwoord terug', body: 'Hallo {{name}},\n\nIemand (hopelik jy) het gevra om jou wagwoord terug te stel. Kies binne die uur ’n nuwe een hier:\n{{resetUrl}}\n\nAs dit nie jy was nie, ignoreer hierdie e-pos: jou wagwoord bly soos dit is.' },
  },
  email_verification: {
    en: { subject: 'Verify your email for Voelgoed Events', body: 'Hi {{name}},\n\nPlease confirm this is your email address by opening this link within 48 hours:\n{{verifyUrl}}\n\nUntil then you can set up events, but not publish them, invite people or email buyers.\n\nIf you did not sign up, ignore this email.' },
    af: { subject: 'Bevestig jou e-pos vir Voelgoed Events', body: 'Hallo {{name}},\n\nBevestig asseblief dat dit jou e-posadres is deur hierdie skakel binne 48 uur oop te maak:\n{{verifyUrl}}\n\nTot dan kan jy geleenthede opstel, maar nie publiseer, mense nooi of kopers e-pos nie.\n\nAs jy nie ingeteken het nie, ignoreer hierdie e-pos.' },
  },
  daily_report: {
    en: { subject: '{{organizationName}}: sales for {{reportDate}}', body: 'Good morning,\n\nSales for {{reportDate}} (UTC):\n\n{{report}}\n\nVoelgoed Events' },
    af: { subject: '{{organizationName}}: verkope vir {{reportDate}}', body: 'Goeiemôre,\n\nVerkope vir {{reportDate}} (UTC):\n\n{{report}}\n\nVoelgoed Events' },
  },
  scheduled_report: {
    en: {
      subject: '{{organizationName}}: {{reportName}} ({{period}})',
      body: 'Hello,\n\nYour scheduled {{reportName}} is attached as a PDF, one per event:\n\n{{events}}\n\nThe figures are as they stood when this email was written.\n\nTo stop receiving this report, unsubscribe here:\n{{unsubscribeUrl}}\n\nVoelgoed Events',
    },
    af: {
      subject: '{{organizationName}}: {{reportName}} ({{period}})',
      body: 'Hallo,\n\nJou geskeduleerde {{reportName}} is aangeheg as ’n PDF, een per geleentheid:\n\n{{events}}\n\nDie syfers is soos hulle gestaan het toe hierdie e-pos geskryf is.\n\nOm nie meer hierdie verslag te ontvang nie, teken hier uit:\n{{unsubscribeUrl}}\n\nVoelgoed Events',
    },
  },
  webhook_disabled: {
    en: { subject: 'A webhook endpoint of {{organizationName}} was disabled', body: 'Hello,\n\nWe stopped sending webhooks to {{endpointUrl}} because it kept failing ({{reason}}). Fix the endpoint, then enable it again in the console: failed deliveries can be replayed from its delivery log.' },
    af: { subject: '’n Webhook-eindpunt van {{organizationName}} is gedeaktiveer', body: 'Hallo,\n\nOns het opgehou om webhooks na {{endpointUrl}} te stuur omdat dit aanhou misluk het ({{reason}}). Herstel die eindpunt en aktiveer dit weer in die konsole: mislukte aflewerings kan vanuit die afleweringslog herhaal word.' },
  },
  order_refund_requested: {
    en: {
      subject: 'We received your refund request for order {{orderId}}',
      body: 'Hi {{buyerName}},\n\nWe received your request to refund {{tickets}} of your order {{orderId}} for {{eventName}}. It falls outside the event’s refund policy, so the organizer will decide. Under the policy it would give back {{amount}} (after a fee of {{fee}}); the organizer may decide otherwise.\n\nYour tickets stay valid until then. We will email you when the organizer has decided. Your order: {{orderUrl}}\n\n{{organizationName}}',
    },
    af: {
      subject: 'Ons het jou terugbetalingsversoek vir bestelling {{orderId}} ontvang',
      body: 'Hallo {{buyerName}},\n\nOns het jou versoek ontvang om {{tickets}} van jou bestelling {{orderId}} vir {{eventName}} terug te betaal. Dit val buite die geleentheid se terugbetalingsbeleid, dus sal die organiseerder besluit. Volgens die beleid sou dit {{amount}} teruggee (na ’n fooi van {{fee}}); die organiseerder kan anders besluit.\n\nJou kaartjies bly tot dan geldig. Ons e-pos jou sodra die organiseerder besluit het. Jou bestelling: {{orderUrl}}\n\n{{organizationName}}',
    },
  },
  order_refund_declined: {
    en: {
      subject: 'Your refund request for order {{orderId}} was declined',
      body: 'Hi {{buyerName}},\n\nThe organizer of {{eventName}} declined your request to refund {{tickets}} of order {{orderId}}. Their reason: {{reason}}.\n\nYour tickets remain valid. Your order: {{orderUrl}}\n\n{{organizationName}}',
    },
    af: {
      subject: 'Jou terugbetalingsversoek vir bestelling {{orderId}} is afgekeur',
      body: 'Hallo {{buyerName}},\n\nDie organiseerder van {{eventName}} het jou versoek om {{tickets}} van bestelling {{orderId}} terug te betaal, afgekeur. Hulle rede: {{reason}}.\n\nJou kaartjies bly geldig. Jou bestelling: {{orderUrl}}\n\n{{organizationName}}',
    },
  },
  waitlist_joined: {
    en: {
      subject: 'You are on the waiting list for {{eventName}}',
      body: 'Hi {{buyerName}},\n\nYou are on the waiting list for {{eventName}} on {{eventDate}}: {{quantity}} × {{ticketTypeName}}, number {{position}} in line. When places come back we hold them for the next people in line and email you a link to buy them; the offer waits for you for a limited time.\n\nJoining again with this email changes the number of places. To leave the waiting list:\n{{leaveUrl}}\n\n{{organizationName}}',
    },
    af: {
      subject: 'Jy is op die waglys vir {{eventName}}',
      body: 'Hallo {{buyerName}},\n\nJy is op die waglys vir {{eventName}} op {{eventDate}}: {{quantity}} × {{ticketTypeName}}, nommer {{position}} in die ry. Wanneer plekke terugkom, hou ons hulle vir die volgende mense in die ry en stuur vir jou ’n skakel om hulle te koop; die aanbod wag ’n beperkte tyd vir jou.\n\nAs jy weer met hierdie e-posadres aansluit, verander die getal plekke. Om die waglys te verlaat:\n{{leaveUrl}}\n\n{{organizationName}}',
    },
  },
  waitlist_offer: {
    en: {
      subject: 'Places for {{eventName}} are held for you',
      body: 'Hi {{buyerName}},\n\nGood news: {{quantity}} × {{ticketTypeName}} for {{eventName}} on {{eventDate}} came back, and we are holding them for you until {{expiresAt}}. Nobody else can buy them until then.\n\nBuy them here:\n{{claimUrl}}\n\nIf you do not buy them in time, they go to the next person in line. To leave the waiting list:\n{{leaveUrl}}\n\n{{organizationName}}',
    },
    af: {
      subject: 'Plekke vir {{eventName}} word vir jou gehou',
      body: 'Hallo {{buyerName}},\n\nGoeie nuus: {{quantity}} × {{ticketTypeName}} vir {{eventName}} op {{eventDate}} het teruggekom, en ons hou hulle vir jou tot {{expiresAt}}. Niemand anders kan hulle tot dan koop nie.\n\nKoop hulle hier:\n{{claimUrl}}\n\nAs jy hulle nie betyds koop nie, gaan hulle na die volgende persoon in die ry. Om die waglys te verlaat:\n{{leaveUrl}}\n\n{{organizationName}}',
    },
  },
  ticket_transferred: {
    en: {
      subject: '{{senderName}} sent you a ticket for {{eventName}}',
      body: 'Hi {{recipientName}},\n\n{{senderName}} transferred a ticket for {{eventName}} on {{eventDate}} at {{venueName}} to you. It is attached as a PDF with its QR code, and you can open it any time here:\n{{ticketUrl}}\n\nThis QR code is new: the copy {{senderName}} had no longer gets in. Show yours at the gate, on paper or on your phone.\n\n{{organizationName}}',
    },
    af: {
      subject: '{{senderName}} het vir jou ’n kaartjie vir {{eventName}} gestuur',
      body: 'Hallo {{recipientName}},\n\n{{senderName}} het ’n kaartjie vir {{eventName}} op {{eventDate}} by {{venueName}} aan jou oorgedra. Dit is aangeheg as ’n PDF met sy QR-kode, en jy kan dit enige tyd hier oopmaak:\n{{ticketUrl}}\n\nHierdie QR-kode is nuut: die kopie wat {{senderName}} gehad het, gee nie meer toegang nie. Wys joune by die hek, op papier of op jou foon.\n\n{{organizationName}}',
    },
  },
  ticket_reissued: {
    en: {
      subject: 'A new QR code for your ticket to {{eventName}}',
      body: 'Hi {{recipientName}},\n\nThe organizer of {{eventName}} on {{eventDate}} at {{venueName}} issued a new QR code for your ticket. The old one no longer works at the gate: use the new one, attached as a PDF and on your ticket page:\n{{ticketUrl}}\n\n{{organizationName}}',
    },
    af: {
      subject: '’n Nuwe QR-kode vir jou kaartjie vir {{eventName}}',
      body: 'Hallo {{recipientName}},\n\nDie organiseerder van {{eventName}} op {{eventDate}} by {{venueName}} het ’n nuwe QR-kode vir jou kaartjie uitgereik. Die ou een werk nie meer by die hek nie: gebruik die nuwe een, aangeheg as ’n PDF en op jou kaartjiebladsy:\n{{ticketUrl}}\n\n{{organizationName}}',
    },
  },
  buyer_order_links: {
    en: {
      subject: 'Your orders with {{organizationName}}',
      body: 'Hi {{buyerName}},\n\nYou asked for the links to your orders with {{organizationName}}. Here they are ({{orderCount}}), each with its own link to your order and tickets:\n\n{{orderLinks}}\n\nKeep this email: each link is the key to its order, so do not share it. If you did not ask for this, you can ignore this email; only this inbox receives these links.\n\n{{organizationName}}',
    },
    af: {
      subject: 'Jou bestellings by {{organizationName}}',
      body: 'Hallo {{buyerName}},\n\nJy het gevra vir die skakels na jou bestellings by {{organizationName}}. Hier is hulle ({{orderCount}}), elkeen met sy eie skakel na jou bestelling en kaartjies:\n\n{{orderLinks}}\n\nHou hierdie e-pos: elke skakel is die sleutel tot sy bestelling, so moenie dit deel nie. As jy nie hierom gevra het nie, kan jy hierdie e-pos ignoreer; net hierdie inkassie ontvang hierdie skakels.\n\n{{organizationName}}',
    },
  },
};

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** Placeholders a text uses that the template does not offer. */
export function unknownPlaceholders(template: EmailTemplate, text: string): string[] {
  const allowed = new Set(TEMPLATE_PLACEHOLDERS[template]);
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))].filter((p) => !allowed.has(p));
}

export function fill(text: string, vars: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => vars[name] ?? '');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * The organization's look in a buyer's email (docs/buyers.md, "Branding and receipts"): a header band in the primary
 * colour with the logo (an address the platform made) and the text colour derived from it, an accent rule, and a
 * footer with the contact details. Every organization-controlled string in it is escaped and defused like the body.
 */
export type EmailBranding = {
  name: string;
  logoUrl: string | null;
  primaryColor: string | null;
  primaryTextColor: string | null;
  accentColor: string | null;
  contactLine: string;
};

const COLOR = /^#[0-9a-f]{6}$/i;

function brandHeader(b: EmailBranding): string {
  const bg = b.primaryColor && COLOR.test(b.primaryColor) ? b.primaryColor : '#ffffff';
  const fg = b.primaryTextColor && COLOR.test(b.primaryTextColor) ? b.primaryTextColor : '#111111';
  const rule = b.accentColor && COLOR.test(b.accentColor) ? b.accentColor : bg;
  const name = escapeHtml(defuseLinks(b.name));
  const logo = b.logoUrl && /^https?:\/\//.test(b.logoUrl) ? `<img src="${escapeHtml(b.logoUrl)}" alt="${name}" height="48" style="display:block;max-height:48px;max-width:200px">` : `<strong style="font-size:1.25rem">${name}</strong>`;
  return `<div style="background:${bg};color:${fg};padding:16px;border-bottom:4px solid ${rule}">${logo}</div>`;
}

function brandFooter(b: EmailBranding): string {
  if (!b.contactLine) return '';
  return `<hr style="border:0;border-top:1px solid #ccc"><p style="font-size:0.85rem;color:#555">${escapeHtml(defuseLinks(b.name))}<br>${escapeHtml(defuseLinks(b.contactLine))}</p>`;
}

/** The HTML part from the filled text: escaped, paragraphs and line breaks, https links made clickable. */
export function textToHtml(text: string, lang: string, brand?: EmailBranding): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>').replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const header = brand ? `${brandHeader(brand)}\n` : '';
  const footer = brand ? `\n${brandFooter(brand)}` : '';
  return `<!doctype html><html lang="${lang}"><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:36rem">\n${header}${paragraphs}${footer}\n</body></html>`;
}

export type RenderedEmail = { subject: string; text: string; html: string };

/**
 * The placeholders whose values are links the platform made (from APP_URL and a token): the only text left linkable.
 * `orderLinks` is a list of order links the platform made, whose other text (event names) is defused as the list is
 * written (src/domains/orders/order-links-email-vars.ts).
 */
const PLATFORM_LINKS = new Set(['claimUrl', 'leaveUrl', 'unsubscribeUrl', 'orderUrl', 'acceptUrl', 'resetUrl', 'verifyUrl', 'ticketUrl', 'orderLinks']);
const WORD_JOINER = '\u2060';

/**
 * Organization-controlled text (names, descriptions, template overrides, endpoint URLs) must never become a link in
 * an email, neither ours (textToHtml links only http(s) URLs) nor one a mail client makes of anything that looks
 * like a domain or URL. An invisible word joiner goes before every `.` between a letter/digit and a letter
 * (`evil.example` → `evil⁠.example`) and inside every `://`, so no domain or URL survives intact; decimals (`123.45`)
 * and ordinary sentences are left as they are.
 */
export function defuseLinks(text: string): string {
  return text.replace(/(?<=[\p{L}\p{N}])\.(?=\p{L})/gu, `${WORD_JOINER}.`).replace(/:\/\//g, `:${WORD_JOINER}//`);
}

export function renderEmail(source: Text, vars: Record<string, string>, locale: Locale, brand?: EmailBranding): RenderedEmail {
  const safe = Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, PLATFORM_LINKS.has(name) ? value : defuseLinks(value)]));
  // The template itself may be the organization's own wording (an override): defused the same.
  const body = fill(defuseLinks(source.body), safe);
  // The text part's footer: the organization's contact details, defused like any organization text.
  const text = brand?.contactLine ? `${body}\n\n--\n${defuseLinks(brand.name)}\n${defuseLinks(brand.contactLine)}` : body;
  return { subject: fill(defuseLinks(source.subject), safe).replace(/[\r\n]+/g, ' ').trim(), text, html: textToHtml(body, locale, brand) };
}
