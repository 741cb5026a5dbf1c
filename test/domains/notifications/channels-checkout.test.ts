/**
 * SMS and WhatsApp from the buyer's side: the opt-in at checkout (recorded with its wording), the ticket link on
 * payment in the dev phone outbox, changing channel or opting out on the order page, and what the refusals look like.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CONSENT_WORDING, CONSENT_WORDING_VERSION, WAITLIST_CONSENT_WORDING } from '../../../src/domains/notifications/channel-consent';
import { api, addMember } from '../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { eventToday } from '../../support/scanning';
import { until } from '../../support/wait';

const optIn = (channel: 'sms' | 'whatsapp', phone: string, extra: Record<string, unknown> = {}) => ({ notify: { channel, phone, consent: true, wordingVersion: CONSENT_WORDING_VERSION, ...extra } });

async function paidWith(eventId: string, typeId: string, extra: Record<string, unknown>) {
  const held = await hold(eventId, { ticketTypeId: typeId, quantity: 1 });
  const started = await checkout(eventId, [held.body.id], extra);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
  await orderReaches(started.body.accessToken, 'paid');
  return { orderId: started.body.order.id as string, accessToken: started.body.accessToken as string };
}

describe('choosing SMS or WhatsApp at checkout', () => {
  it('records the opt-in (when, wording, version, channel, number) and sends the ticket link by SMS once paid', async () => {
    const { owner, f } = await eventToday();
    const order = await paidWith(f.eventId, f.gaTypeId, { ...optIn('sms', '082 123 4567'), locale: 'af' });
    const consent = await env.DB.prepare('select action, source, channel, phone, wording_version, wording, organization_id from channel_consent_events where order_id = ?').bind(order.orderId).all();
    expect(consent.results).toEqual([
      { action: 'opt_in', source: 'checkout', channel: 'sms', phone: '+27821234567', wording_version: CONSENT_WORDING_VERSION, wording: CONSENT_WORDING.af.sms, organization_id: owner.orgId },
    ]);
    const outbox = await until('the SMS', async () => (await api('GET', `/orgs/${owner.orgId}/phone-outbox?to=%2B27821234567`, { token: owner.token })).body.items?.[0]);
    expect(outbox).toMatchObject({ channel: 'sms', template: 'ticket_link', locale: 'af', encoding: 'gsm7' });
    expect(outbox.segments).toBeLessThanOrEqual(2);
    expect(outbox.text).toContain(`/orders/${order.accessToken}`);
    expect(outbox.text).toContain('Jou kaartjies vir Test Concert');
    // The email went too: SMS is in addition.
    const row = await env.DB.prepare("select count(*) as n from notification_outbox where template = 'order_confirmation' and json_extract(payload, '$.orderId') = ?").bind(order.orderId).first<{ n: number }>();
    expect(row!.n).toBe(1);
  });

  it('sends nothing by phone without an opt-in, and refuses a missing tick, a bad number or an old wording before any order exists', async () => {
    const { owner, f } = await eventToday();
    const plain = await paidWith(f.eventId, f.gaTypeId, {});
    expect((await env.DB.prepare('select count(*) as n from notification_outbox where channel != ? and json_extract(payload, "$.orderId") = ?').bind('email', plain.orderId).first<{ n: number }>())!.n).toBe(0);

    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const orders = async () => (await env.DB.prepare('select count(*) as n from orders where organization_id = ?').bind(owner.orgId).first<{ n: number }>())!.n;
    const before = await orders();
    const noTick = await checkout(f.eventId, [held.body.id], { notify: { channel: 'sms', phone: '0821234567', consent: false, wordingVersion: CONSENT_WORDING_VERSION } });
    expect(noTick.status).toBe(422);
    const badNumber = await checkout(f.eventId, [held.body.id], optIn('whatsapp', '082 123'));
    expect(badNumber.status).toBe(422);
    expect(badNumber.body.errors).toContainEqual(expect.objectContaining({ path: 'body.notify.phone' }));
    const oldWording = await checkout(f.eventId, [held.body.id], optIn('sms', '0821234567', { wordingVersion: 'phone-optin-1999' }));
    expect(oldWording.status).toBe(422);
    expect(oldWording.body.errors).toContainEqual(expect.objectContaining({ path: 'body.notify.wordingVersion' }));
    expect(await orders()).toBe(before);
    // The hold is still good for a checkout that gets it right.
    expect((await checkout(f.eventId, [held.body.id], optIn('whatsapp', '+27 82 765 4321'))).status).toBe(201);
  });

  it('offers the channels and the wording the storefront shows', async () => {
    const offer = await api('GET', '/public/notification-channels');
    expect(offer.status).toBe(200);
    expect(offer.body).toEqual({ available: ['sms', 'whatsapp'], wordingVersion: CONSENT_WORDING_VERSION, wording: CONSENT_WORDING, waitlistWording: WAITLIST_CONSENT_WORDING });
  });
});

describe('the order page: change channel, opt out', () => {
  it('lets the buyer move to WhatsApp on another number, then opt out; each step is recorded and audited', async () => {
    const { owner, f } = await eventToday();
    const order = await paidWith(f.eventId, f.gaTypeId, optIn('sms', '0821234567'));
    const path = `/public/orders/${order.accessToken}/channels`;
    const seen = await api('GET', path);
    expect(seen.body).toMatchObject({ channel: 'sms', phone: '+27 82 *** 4567', optedOutAt: null, available: ['sms', 'whatsapp'] });

    const moved = await api('PUT', path, { body: { channel: 'whatsapp', phone: '+27 83 555 0000', consent: true, wordingVersion: CONSENT_WORDING_VERSION } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ channel: 'whatsapp', phone: '+27 83 *** 0000' });

    const stopped = await api('DELETE', path);
    expect(stopped.body).toMatchObject({ channel: null, phone: null });
    expect(stopped.body.optedOutAt).toBeTruthy();
    expect(stopped.body.history.map((h: { action: string }) => h.action)).toEqual(['opt_out', 'change', 'opt_in']);
    expect((await api('DELETE', path)).status).toBe(200); // twice is fine
    const audit = await env.DB.prepare("select action from audit_logs where organization_id = ? and resource_id = ? and action like 'order.channel%' order by id").bind(owner.orgId, order.orderId).all();
    expect(audit.results.map((r) => r.action)).toEqual(['order.channel_changed', 'order.channel_opted_out']);

    // Opting in again from the page needs the tick; a bad link is a 404.
    expect((await api('PUT', path, { body: { channel: 'sms', phone: '0821234567', wordingVersion: CONSENT_WORDING_VERSION } })).status).toBe(422);
    expect((await api('GET', `/public/orders/${'n0pe'.repeat(11)}/channels`)).status).toBe(404);
  });
});

describe('the dev phone outbox', () => {
  it('is for owners and admins only', async () => {
    const { owner } = await eventToday();
    const viewer = await addMember(owner, 'viewer');
    expect((await api('GET', `/orgs/${owner.orgId}/phone-outbox`, { token: viewer.token })).status).toBe(403);
    const admin = await addMember(owner, 'admin');
    expect((await api('GET', `/orgs/${owner.orgId}/phone-outbox`, { token: admin.token })).status).toBe(200);
  });
});
