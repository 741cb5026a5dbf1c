/**
 * SMS/WhatsApp for the waiting list's offer: a buyer joining may choose a phone channel with the checkout's explicit
 * opt-in (recorded in the consent history against the entry); the offer then goes out on it too, with the claim link,
 * besides the email. A join with a number but no opt-in is refused before anything is written; leaving stops it.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CONSENT_WORDING_VERSION, LEFT_WAITLIST_WORDING, WAITLIST_CONSENT_WORDING } from '../../../src/domains/notifications/channel-consent';
import { claimUrl, leaveUrl } from '../../../src/domains/waitlist/links';
import { createDb } from '../../../src/db/client';
import { notificationsConsumer } from '../../../src/queues/notifications';
import type { QueueContext } from '../../../src/queues/consumer';
import { api, lastEmail, signup, uniqueEmail, type SignedUp } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { paidGaOrder } from '../../support/refunds';

const join = (eventId: string, body: Record<string, unknown>) => api('POST', `/public/events/${eventId}/waitlist`, { body });
const refundTicket = (owner: SignedUp, orderId: string, ticketId: string) => api('POST', `/orgs/${owner.orgId}/orders/${orderId}/refunds`, { token: owner.token, body: { reason: 'Cannot come', ticketIds: [ticketId] } });
const ctx = (): QueueContext => ({ env, db: createDb(env.DB), waitUntil: () => {}, attempt: 1, messageId: 'm1' });
const phoneOffers = (orgId: string) =>
  env.DB.prepare("select id, channel, recipient, status, payload from notification_outbox where organization_id = ? and template = 'waitlist_offer' and channel != 'email'")
    .bind(orgId)
    .all<{ id: string; channel: string; recipient: string; status: string; payload: string }>();
const consents = (entryId: string) =>
  env.DB.prepare('select order_id, action, source, channel, phone, wording_version, wording from channel_consent_events where waitlist_entry_id = ? order by id').bind(entryId).all<Record<string, unknown>>();

async function soldOut(capacity = 1) {
  const owner = await signup();
  const f = await onSaleEvent(owner, { layout: false, gaCapacity: capacity });
  const paid = await paidGaOrder(f.eventId, f.gaTypeId, capacity);
  return { owner, f, paid };
}

describe('the waiting list on SMS and WhatsApp', () => {
  it('records the opt-in when joining and sends the offer on the chosen channel with its claim link, besides the email', async () => {
    const { owner, f, paid } = await soldOut(1);
    const email = uniqueEmail('sms-waiter');
    const notify = { channel: 'sms', phone: '082 555 0101', consent: true, wordingVersion: CONSENT_WORDING_VERSION, locale: 'en' };
    const joined = await join(f.eventId, { email, name: 'Sipho Wag', quantity: 1, ticketTypeId: f.gaTypeId, notify });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    expect((await consents(joined.body.id)).results).toEqual([
      { order_id: null, action: 'opt_in', source: 'waitlist', channel: 'sms', phone: '+27825550101', wording_version: CONSENT_WORDING_VERSION, wording: WAITLIST_CONSENT_WORDING.en.sms },
    ]);
    expect((await phoneOffers(owner.orgId)).results).toEqual([]); // nothing before an offer

    expect((await refundTicket(owner, paid.orderId, paid.ticketIds[0]!)).status).toBe(201);
    const mail = await lastEmail(email, 'waitlist_offer'); // email always
    const [row, ...more] = (await phoneOffers(owner.orgId)).results;
    expect(more).toEqual([]);
    expect(row).toMatchObject({ channel: 'sms', recipient: '+27825550101', status: 'queued' });

    await notificationsConsumer.handle({ kind: 'notification', id: row!.id }, ctx());
    const sent = await env.DB.prepare('select text from phone_outbox_messages where notification_id = ?').bind(row!.id).first<{ text: string }>();
    expect(sent!.text).toContain('Test Concert');
    expect(sent!.text).toContain(await claimUrl(env, joined.body.id, mail.payload.holdId));
    // Owners see it in the dev phone outbox, the claim link's signature redacted.
    const outbox = (await api('GET', `/orgs/${owner.orgId}/phone-outbox?channel=sms`, { token: owner.token })).body.items;
    expect(outbox.map((m: { template: string; recipient: string }) => [m.template, m.recipient])).toEqual([['waitlist_offer', '+27825550101']]);
    expect(outbox[0].text).toContain(`/waitlist/${joined.body.id}?hold=${mail.payload.holdId}`);

    // Another organization reads none of it.
    const other = await signup();
    expect((await api('GET', `/orgs/${other.orgId}/phone-outbox`, { token: other.token })).body.items).toEqual([]);
  });

  it('refuses a number without the ticked opt-in, or with an old wording, before anything is written', async () => {
    const { f } = await soldOut(1);
    const email = uniqueEmail('no-consent');
    const base = { email, name: 'Nee Dankie', quantity: 1, ticketTypeId: f.gaTypeId };
    const unticked = await join(f.eventId, { ...base, notify: { channel: 'whatsapp', phone: '0825550102', consent: false, wordingVersion: CONSENT_WORDING_VERSION } });
    expect(unticked.status).toBe(422);
    expect(JSON.stringify(unticked.body)).toContain('notify.consent');
    const missing = await join(f.eventId, { ...base, notify: { channel: 'whatsapp', phone: '0825550102', wordingVersion: CONSENT_WORDING_VERSION } });
    expect(missing.status).toBe(422);
    const old = await join(f.eventId, { ...base, notify: { channel: 'whatsapp', phone: '0825550102', consent: true, wordingVersion: 'phone-optin-2020-01' } });
    expect(old.status).toBe(422);
    expect(JSON.stringify(old.body)).toContain('notify.wordingVersion');
    const badNumber = await join(f.eventId, { ...base, notify: { channel: 'sms', phone: '12', consent: true, wordingVersion: CONSENT_WORDING_VERSION } });
    expect(badNumber.status).toBe(422);
    expect(JSON.stringify(badNumber.body)).toContain('notify.phone');

    const written = await env.DB.prepare('select (select count(*) from waitlist_entries where event_id = ?1) as entries, (select count(*) from channel_consent_events where phone = ?2) as consents, (select count(*) from notification_outbox where recipient = ?3) as emails')
      .bind(f.eventId, '+27825550102', email)
      .first();
    expect(written).toEqual({ entries: 0, consents: 0, emails: 0 });
  });

  it('sends nothing on the phone once the buyer left the list, and records the opt-out', async () => {
    const { owner, f, paid } = await soldOut(1);
    const notify = { channel: 'whatsapp', phone: '+27 82 555 0103', consent: true, wordingVersion: CONSENT_WORDING_VERSION, locale: 'af' };
    const joined = await join(f.eventId, { email: uniqueEmail('leaver'), name: 'Gaan Weg', quantity: 1, locale: 'af', notify });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    expect((await refundTicket(owner, paid.orderId, paid.ticketIds[0]!)).status).toBe(201);
    const [row] = (await phoneOffers(owner.orgId)).results;
    expect(row).toMatchObject({ channel: 'whatsapp', recipient: '+27825550103', status: 'queued' });

    const leave = new URL(await leaveUrl(env, joined.body.id));
    const left = await api('POST', `/public/waitlist/${joined.body.id}/leave${leave.search}`);
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    await notificationsConsumer.handle({ kind: 'notification', id: row!.id }, ctx());
    expect((await phoneOffers(owner.orgId)).results.map((r) => r.status)).toEqual(['suppressed']);
    expect(await env.DB.prepare('select count(*) as n from phone_outbox_messages where notification_id = ?').bind(row!.id).first()).toEqual({ n: 0 });
    expect((await consents(joined.body.id)).results.map((c) => [c.action, c.wording])).toEqual([
      ['opt_in', WAITLIST_CONSENT_WORDING.af.whatsapp],
      ['opt_out', LEFT_WAITLIST_WORDING],
    ]);
  });
});
