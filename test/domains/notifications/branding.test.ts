/**
 * Buyer emails and ticket PDFs wear the organization's branding: the logo and colours in the HTML part, the contact
 * details in the footer of both parts (defused: organization text never becomes a link), the logo embedded in the
 * PDF; emails to the organization's own people stay plain.
 */
import { env } from 'cloudflare:test';
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { composeEmail } from '../../../src/domains/notifications/compose';
import { renderEmail } from '../../../src/domains/notifications/templates';
import { renderTicketsPdf } from '../../../src/domains/notifications/ticket-pdf';
import { createDb } from '../../../src/db/client';
import { notificationOutbox } from '../../../src/db/schema/notifications';
import { api, signup, uniqueEmail } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { solidPng, toBase64 } from '../../support/images';
import { pdfText } from '../../support/pdf-text';
import { paidGaOrder } from '../../support/refunds';

const db = createDb(env.DB);
const WJ = '\u2060';

async function brandedOrder() {
  const owner = await signup({ organizationName: 'Kaapstad Konserte' });
  await api('PATCH', `/orgs/${owner.orgId}/branding`, {
    token: owner.token,
    body: { primaryColor: '#0b6e4f', accentColor: '#f2a900', contactEmail: 'hello@kk.example', contactPhone: '+27 21 555 0100', website: 'https://kk.example' },
  });
  const logo = await api('PUT', `/orgs/${owner.orgId}/branding/logo`, { token: owner.token, body: { data: toBase64(await solidPng(160, 48)) } });
  const f = await onSaleEvent(owner, { layout: false });
  const buyer = uniqueEmail('buyer');
  const order = await paidGaOrder(f.eventId, f.gaTypeId, 1, { buyer: { name: 'Lerato Buyer', email: buyer } });
  const [row] = await db
    .select()
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.recipient, buyer), eq(notificationOutbox.template, 'order_confirmation')))
    .orderBy(desc(notificationOutbox.createdAt));
  return { owner, order, row: row!, logoUrl: logo.body.logo.url as string };
}

describe('branded buyer emails', () => {
  it('the confirmation carries the logo and brand colours in its HTML, the contact details in both footers, defused', async () => {
    const { row, logoUrl } = await brandedOrder();
    const mail = await composeEmail(db, env, row);
    expect(mail.html).toContain(`<img src="${logoUrl}"`);
    expect(mail.html).toContain('background:#0b6e4f;color:#ffffff');
    expect(mail.html).toContain('border-bottom:4px solid #f2a900');
    // Contact details: in the text part's footer and the HTML's, never as a link.
    expect(mail.text).toMatch(/\n--\nKaapstad Konserte\n/);
    expect(mail.text).toContain(`hello@kk${WJ}.example`);
    expect(mail.text).toContain(`https:${WJ}//kk${WJ}.example`);
    expect(mail.html).toContain(`hello@kk${WJ}.example`);
    expect(mail.html).not.toContain('href="https://kk.example');
    expect(mail.html).not.toMatch(/href="mailto:/);
    expect(mail.text).toContain('+27 21 555 0100');
    // The attached tickets carry the logo and the contact line.
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')!;
    expect(new TextDecoder('latin1').decode(pdf.content)).toMatch(/\/Subtype\s*\/Image/);
    expect((await pdfText(pdf.content)).join('\n')).toContain('hello@kk.example · +27 21 555 0100 · https://kk.example');
  });

  it('an organization without branding sends the plain email; its name still heads the footer only when contact details exist', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const buyer = uniqueEmail('plain');
    await paidGaOrder(f.eventId, f.gaTypeId, 1, { buyer: { name: 'Sipho', email: buyer } });
    const [row] = await db.select().from(notificationOutbox).where(and(eq(notificationOutbox.recipient, buyer), eq(notificationOutbox.template, 'order_confirmation')));
    const mail = await composeEmail(db, env, row!);
    expect(mail.html).not.toContain('<img');
    expect(mail.text).not.toContain('\n--\n');
  });

  it('organization-controlled branding text cannot inject markup or links into the HTML', () => {
    const mail = renderEmail({ subject: 'Hi', body: 'Hello' }, {}, 'en', {
      name: '<script>alert(1)</script> evil.example',
      logoUrl: 'javascript:alert(1)',
      primaryColor: 'red;background:url(x)',
      primaryTextColor: null,
      accentColor: null,
      contactLine: 'Visit http://evil.example <b>now</b>',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).not.toContain('javascript:');
    expect(mail.html).not.toContain('url(x)');
    expect(mail.html).not.toContain('http://evil.example');
    expect(mail.html).toContain(`evil${WJ}.example`);
  });
});

describe('branded ticket PDFs', () => {
  it('embeds the logo and prints the contact line; a logo pdf-lib cannot read leaves the ticket plain rather than failing', async () => {
    const base = {
      locale: 'en' as const,
      event: { name: 'Concert', venueName: 'Hall', venueAddress: 'Cape Town', startsAt: new Date('2027-03-14T17:00:00Z'), endsAt: new Date('2027-03-14T21:00:00Z'), doorsAt: null, timezone: 'Africa/Johannesburg' },
      order: { id: 'ord_1', buyerName: 'Thandi' },
      organizationName: 'Kaapstad Konserte',
      tickets: [{ id: 'tkt_1', ticketTypeName: 'General', seatLabel: null, attendeeName: null, qrToken: 'VG1.test.token' }],
    };
    const branded = await renderTicketsPdf({ ...base, branding: { logo: { bytes: await solidPng(160, 48), type: 'image/png' }, primaryColor: '#0b6e4f', contactLine: 'hello@kk.example · +27 21 555 0100' } });
    expect(new TextDecoder('latin1').decode(branded)).toMatch(/\/Subtype\s*\/Image/);
    expect((await pdfText(branded)).join('\n')).toContain('hello@kk.example · +27 21 555 0100');
    const broken = await renderTicketsPdf({ ...base, branding: { logo: { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), type: 'image/png' }, primaryColor: null, contactLine: '' } });
    expect(new TextDecoder('latin1').decode(broken)).not.toMatch(/\/Subtype\s*\/Image/);
  });
});
