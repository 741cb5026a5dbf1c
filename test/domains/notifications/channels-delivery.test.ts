/**
 * Delivering SMS and WhatsApp rows: the 24-hour reminder on the buyer's channel, nothing after an opt-out or a
 * change of number, the waiting list's offer, the per-organization hourly limit (the message waits), and the dev
 * outbox failing closed outside development/test.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { CONSENT_WORDING_VERSION } from '../../../src/domains/notifications/channel-consent';
import { queueWaitlistOffer } from '../../../src/domains/notifications/phone-port';
import { queueEventReminders } from '../../../src/jobs/reminders';
import { RetryLater, type QueueContext } from '../../../src/queues/consumer';
import { notificationsConsumer } from '../../../src/queues/notifications';
import { checkPhoneSendLimit } from '../../../src/domains/notifications/phone-limits';
import { ValidationError } from '../../../src/platform/errors';
import { api, signup } from '../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { eventToday } from '../../support/scanning';

const db = () => createDb(env.DB);
const ctxFor = (overrides: Partial<QueueContext> = {}): QueueContext => ({ env, db: db(), waitUntil: () => {}, attempt: 1, messageId: 'm1', ...overrides });

async function paidWith(eventId: string, typeId: string, channel: 'sms' | 'whatsapp', phone: string) {
  const held = await hold(eventId, { ticketTypeId: typeId, quantity: 1 });
  const started = await checkout(eventId, [held.body.id], { notify: { channel, phone, consent: true, wordingVersion: CONSENT_WORDING_VERSION } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
  await orderReaches(started.body.accessToken, 'paid');
  return { orderId: started.body.order.id as string, accessToken: started.body.accessToken as string };
}

const reminderRows = (orderId: string) =>
  env.DB.prepare("select id, channel, recipient, status, last_error from notification_outbox where template = 'event_reminder' and channel != 'email' and json_extract(payload, '$.orderId') = ?")
    .bind(orderId)
    .all<{ id: string; channel: string; recipient: string; status: string; last_error: string | null }>();

async function remindersFor(eventId: string) {
  const e = (await env.DB.prepare('select starts_at from events where id = ?').bind(eventId).first<{ starts_at: number }>())!;
  return queueEventReminders(db(), new Date(e.starts_at - 24.5 * 3600_000));
}

describe('SMS and WhatsApp delivery', () => {
  it('sends the 24-hour reminder on each buyer’s channel, once, and nothing to a buyer who opted out or changed number meanwhile', async () => {
    const { owner, f } = await eventToday();
    const sms = await paidWith(f.eventId, f.gaTypeId, 'sms', '0821110001');
    const wa = await paidWith(f.eventId, f.gaTypeId, 'whatsapp', '0821110002');
    const stopped = await paidWith(f.eventId, f.gaTypeId, 'sms', '0821110003');
    const moved = await paidWith(f.eventId, f.gaTypeId, 'sms', '0821110004');
    await api('DELETE', `/public/orders/${stopped.accessToken}/channels`);

    await remindersFor(f.eventId);
    expect((await reminderRows(stopped.orderId)).results).toEqual([]);
    const again = await remindersFor(f.eventId);
    expect((await reminderRows(sms.orderId)).results).toHaveLength(1); // a repeated run writes nothing twice
    expect(again).toBe(0);

    // The buyer changes number after the reminder was queued: it is not sent to the old one.
    await api('PUT', `/public/orders/${moved.accessToken}/channels`, { body: { channel: 'sms', phone: '0829990000', consent: true, wordingVersion: CONSENT_WORDING_VERSION } });

    for (const o of [sms, wa, moved]) {
      const [row] = (await reminderRows(o.orderId)).results;
      await notificationsConsumer.handle({ kind: 'notification', id: row!.id }, ctxFor());
      await notificationsConsumer.handle({ kind: 'notification', id: row!.id }, ctxFor({ attempt: 2 })); // redelivered: nothing twice
    }
    const [smsRow] = (await reminderRows(sms.orderId)).results;
    const [waRow] = (await reminderRows(wa.orderId)).results;
    const [movedRow] = (await reminderRows(moved.orderId)).results;
    expect(smsRow).toMatchObject({ channel: 'sms', recipient: '+27821110001', status: 'sent' });
    expect(waRow).toMatchObject({ channel: 'whatsapp', recipient: '+27821110002', status: 'sent' });
    expect(movedRow).toMatchObject({ status: 'suppressed' });

    const outbox = (await api('GET', `/orgs/${owner.orgId}/phone-outbox?channel=whatsapp`, { token: owner.token })).body.items;
    const reminder = outbox.filter((m: { template: string; recipient: string }) => m.template === 'event_reminder' && m.recipient === '+27821110002');
    expect(reminder).toHaveLength(1);
    expect(reminder[0].text).toMatch(/^Reminder: Test Concert is on .+\. Your tickets: https?:\/\/.+\/orders\//);
    expect(reminder[0].text).toContain(wa.accessToken);
  });

  it('sends the waiting list’s offer with its claim link on the chosen channel, once per offer', async () => {
    const owner = await signup();
    const offer = { organizationId: owner.orgId, offerId: 'wlo_1', channel: 'whatsapp' as const, phone: '083 222 3333', locale: 'af' as const, eventName: 'Kaapse Jazz', expires: 'Vr 13 Mrt 18:00', claimUrl: 'https://voelgoed.test/waitlist/claim#token=s3cr3t' };
    await queueWaitlistOffer(db(), offer);
    await queueWaitlistOffer(db(), offer);
    const rows = await env.DB.prepare("select id, recipient from notification_outbox where organization_id = ? and template = 'waitlist_offer'").bind(owner.orgId).all<{ id: string; recipient: string }>();
    expect(rows.results).toHaveLength(1);
    expect(rows.results[0]!.recipient).toBe('+27832223333');
    await notificationsConsumer.handle({ kind: 'notification', id: rows.results[0]!.id }, ctxFor());
    const [stored] = (await api('GET', `/orgs/${owner.orgId}/phone-outbox`, { token: owner.token })).body.items;
    expect(stored.text).toBe("'n Plek vir Kaapse Jazz is joune tot Vr 13 Mrt 18:00. Eis dit hier: https://voelgoed.test/waitlist/claim#token=[redacted: sent to the recipient only]");
    expect(stored.redacted).toBe(true);
    expect(() => queueWaitlistOffer(db(), { ...offer, offerId: 'wlo_2', phone: 'not a number' })).toThrow(ValidationError);
  });

  it('holds a message back while its organization is over the hourly SMS limit', async () => {
    const owner = await signup();
    expect((await checkPhoneSendLimit(env, 'sms', owner.orgId, 1)).success).toBe(true);
    expect((await checkPhoneSendLimit(env, 'sms', owner.orgId, 1)).success).toBe(false);
    expect((await checkPhoneSendLimit(env, 'whatsapp', owner.orgId, 1)).success).toBe(true); // a window per channel
    // The organization sees the hour's use where it sees its email use (limits from wrangler.toml: 500 and 1,000).
    const usage = await api('GET', `/orgs/${owner.orgId}/usage`, { token: owner.token });
    expect(usage.body.phoneMessagesLastHour).toEqual({ sms: { used: 1, quota: 500 }, whatsapp: { used: 1, quota: 1000 } });
    await queueWaitlistOffer(db(), { organizationId: owner.orgId, offerId: 'wlo_limit', channel: 'sms', phone: '0821234567', locale: 'en', eventName: 'X', expires: 'soon', claimUrl: 'https://voelgoed.test/c' });
    const row = (await env.DB.prepare("select id from notification_outbox where dedupe_key = 'phone:waitlist_offer:wlo_limit'").first<{ id: string }>())!;
    const limited = { ...env, SMS_LIMIT_PER_ORG_PER_HOUR: '1' } as Cloudflare.Env;
    await expect(notificationsConsumer.handle({ kind: 'notification', id: row.id }, ctxFor({ env: limited }))).rejects.toBeInstanceOf(RetryLater);
    expect((await env.DB.prepare('select status, attempts from notification_outbox where id = ?').bind(row.id).first())).toEqual({ status: 'queued', attempts: 0 });
  });

  it('keeps the outbox to development/test (elsewhere the message waits, nothing is stored) and fails a message for a channel that is off, with the error kept', async () => {
    const owner = await signup();
    const queue = async (offerId: string) => {
      await queueWaitlistOffer(db(), { organizationId: owner.orgId, offerId, channel: 'sms', phone: '0821234567', locale: 'en', eventName: 'X', expires: 'soon', claimUrl: 'https://voelgoed.test/c' });
      return (await env.DB.prepare('select id from notification_outbox where dedupe_key = ?').bind(`phone:waitlist_offer:${offerId}`).first<{ id: string }>())!.id;
    };
    const id = await queue('wlo_prod');
    const production = { ...env, APP_ENV: 'production' } as Cloudflare.Env;
    await expect(notificationsConsumer.handle({ kind: 'notification', id }, ctxFor({ env: production }))).rejects.toThrow(/outbox refused/);
    expect(await env.DB.prepare('select status from notification_outbox where id = ?').bind(id).first()).toEqual({ status: 'queued' });
    expect(await env.DB.prepare('select count(*) as n from phone_outbox_messages where notification_id = ?').bind(id).first()).toEqual({ n: 0 });

    const off = await queue('wlo_off');
    await notificationsConsumer.handle({ kind: 'notification', id: off }, ctxFor({ env: { ...env, SMS_PROVIDER: 'none' } as Cloudflare.Env }));
    const failed = await env.DB.prepare('select status, last_error from notification_outbox where id = ?').bind(off).first<{ status: string; last_error: string }>();
    expect(failed!.status).toBe('failed');
    expect(failed!.last_error).toContain('SMS_PROVIDER=none');
  });
});
