import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import { EmailProviderError, resendProvider, RESEND_API } from '../../src/domains/notifications/providers';
import { checkSendLimit, notificationsConsumer } from '../../src/queues/notifications';
import { RetryLater, type QueueContext } from '../../src/queues/consumer';
import { newId } from '../../src/platform/ids';
import { api, signup } from '../support/api';
import { checkout, hold } from '../support/checkout';
import { buyTickets, eventToday } from '../support/scanning';
import { platformUser } from '../support/tenant-fixtures';
import { until } from '../support/wait';


const mailboxFor = (orgId: string, token: string, to: string) =>
  until(`mail to ${to}`, async () => (await api('GET', `/orgs/${orgId}/mailbox?to=${encodeURIComponent(to)}`, { token })).body.items?.[0]);

const ctxFor = (overrides: Partial<QueueContext> = {}): QueueContext => ({ env, db: createDb(env.DB), waitUntil: () => {}, attempt: 1, messageId: 'm1', ...overrides });

describe('notifications through the queue', () => {
  it('sends the order confirmation with the tickets as PDF and a calendar file, and a link that opens the order', async () => {
    const { owner, f } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 2);
    const row = await env.DB.prepare('select buyer_email from orders where id = ?').bind(order.orderId).first<{ buyer_email: string }>();
    const mail = await mailboxFor(owner.orgId, owner.token, row!.buyer_email);
    expect(mail.subject).toBe('Your tickets for Test Concert');
    expect(mail.from).toBe(env.EMAIL_FROM);
    expect(mail.text).toContain('2 tickets for Test Concert');
    expect(mail.attachments.map((a: { filename: string }) => a.filename)).toEqual([`tickets-${order.orderId}.pdf`, 'event.ics']);
    const pdf = await api('GET', `/orgs/${owner.orgId}/mailbox/${mail.id}/attachments/tickets-${order.orderId}.pdf`, { token: owner.token });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(String(pdf.body).startsWith('%PDF')).toBe(true);
    const ics = await api('GET', `/orgs/${owner.orgId}/mailbox/${mail.id}/attachments/event.ics`, { token: owner.token });
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    // The link in the email is the buyer's order page.
    const link = /\/orders\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect(link).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    expect((await api('GET', `/public/orders/${link}`)).body.id).toBe(order.orderId);
    const outbox = await env.DB.prepare("select status, attempts, provider_message_id from notification_outbox where template = 'order_confirmation' and json_extract(payload, '$.orderId') = ?").bind(order.orderId).first();
    expect(outbox).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: mail.id });
  });

  it("uses the organization's own wording in the buyer's language, and refuses unknown placeholders", async () => {
    const { owner, f } = await eventToday();
    const put = await api('PUT', `/orgs/${owner.orgId}/notification-templates/order_confirmation/en`, {
      token: owner.token,
      body: { subject: 'Sien jou by {{eventName}}!', body: 'Hallo {{buyerName}}, jou {{ticketCount}} kaartjies: {{orderUrl}}' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ overridden: true, template: 'order_confirmation', locale: 'en' });
    const bad = await api('PUT', `/orgs/${owner.orgId}/notification-templates/order_confirmation/en`, { token: owner.token, body: { subject: 'x', body: 'Hi {{password}}' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ path: 'body.body' });
    const order = await buyTickets(f.eventId, f.gaTypeId, 1);
    const to = (await env.DB.prepare('select buyer_email from orders where id = ?').bind(order.orderId).first<{ buyer_email: string }>())!.buyer_email;
    const mail = await mailboxFor(owner.orgId, owner.token, to);
    expect(mail.subject).toBe('Sien jou by Test Concert!');
    expect(mail.html).toContain('Hallo Buyer Test, jou 1 kaartjies');
    const reset = await api('DELETE', `/orgs/${owner.orgId}/notification-templates/order_confirmation/en`, { token: owner.token });
    expect(reset.body).toMatchObject({ overridden: false, subject: 'Your tickets for {{eventName}}' });
    const listed = await api('GET', `/orgs/${owner.orgId}/notification-templates`, { token: owner.token });
    expect(listed.body.items.filter((t: { template: string }) => t.template === 'event_reminder').map((t: { locale: string }) => t.locale)).toEqual(['en', 'af']);
  });

  it('tells the buyer of a refund (with the amount) and of an unpaid order the organizer cancelled', async () => {
    const { owner, f } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 2);
    const refund = await api('POST', `/orgs/${owner.orgId}/orders/${order.orderId}/refunds`, { token: owner.token, body: { reason: 'Double booking', ticketIds: [order.tickets[0]!.id] } });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    const to = (await env.DB.prepare('select buyer_email from orders where id = ?').bind(order.orderId).first<{ buyer_email: string }>())!.buyer_email;
    const refunded = await until('the refund notice', async () =>
      (await api('GET', `/orgs/${owner.orgId}/mailbox?to=${encodeURIComponent(to)}`, { token: owner.token })).body.items.find((m: { subject: string }) => m.subject.startsWith('Refund')),
    );
    expect(refunded.subject).toBe(`Refund for your order ${order.orderId}`);
    expect(refunded.text).toContain('We refunded R');
    expect(refunded.text).toContain('for 1 ticket');
    expect(refunded.text).toContain('Reason: Double booking');

    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const pending = await checkout(f.eventId, [held.body.id]);
    const cancelled = await api('POST', `/orgs/${owner.orgId}/orders/${pending.body.order.id}/cancel`, { token: owner.token });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const notice = await mailboxFor(owner.orgId, owner.token, pending.body.order.buyerEmail);
    expect(notice.subject).toBe(`Order ${pending.body.order.id} cancelled`);
    expect(notice.text).toContain('nothing was charged');
  });

  it('sends nothing twice when a message is delivered again', async () => {
    const owner = await signup();
    const id = newId('ntf');
    await env.DB.prepare(
      "insert into notification_outbox (id, organization_id, channel, recipient, template, locale, payload, status, attempts, created_at) values (?, ?, 'email', ?, 'invitation', 'af', ?, 'queued', 0, ?)",
    )
      .bind(id, owner.orgId, 'twice@example.com', JSON.stringify({ organizationName: 'Twee Keer', role: 'staff', acceptUrl: 'https://x.test/a' }), Date.now())
      .run();
    await notificationsConsumer.handle({ kind: 'notification', id }, ctxFor());
    await notificationsConsumer.handle({ kind: 'notification', id }, ctxFor({ attempt: 2 }));
    const stored = await env.DB.prepare('select subject from mailbox_messages where notification_id = ?').bind(id).all<{ subject: string }>();
    expect(stored.results).toEqual([{ subject: 'Jy is genooi na Twee Keer op Voelgoed Events' }]);
  });

  it('holds a message back while its organization is over the hourly limit', async () => {
    const owner = await signup();
    expect((await checkSendLimit(env, owner.orgId, 2)).success).toBe(true);
    expect((await checkSendLimit(env, owner.orgId, 2)).success).toBe(true);
    const third = await checkSendLimit(env, owner.orgId, 2);
    expect(third.success).toBe(false);
    expect(third.reset).toBeGreaterThan(Date.now());
    const id = newId('ntf');
    await env.DB.prepare(
      "insert into notification_outbox (id, organization_id, channel, recipient, template, locale, payload, status, attempts, created_at) values (?, ?, 'email', 'limit@example.com', 'invitation', 'en', '{}', 'queued', 0, ?)",
    )
      .bind(id, owner.orgId, Date.now())
      .run();
    const limited = { ...env, EMAIL_LIMIT_PER_ORG_PER_HOUR: '2' } as Cloudflare.Env;
    await expect(notificationsConsumer.handle({ kind: 'notification', id }, ctxFor({ env: limited }))).rejects.toBeInstanceOf(RetryLater);
    expect((await env.DB.prepare('select status from notification_outbox where id = ?').bind(id).first())!.status).toBe('queued');
  });

  it('dead-letters a message that keeps failing, and an operator replays it once fixed', async () => {
    const owner = await signup();
    const id = newId('ntf');
    await env.DB.prepare(
      "insert into notification_outbox (id, organization_id, channel, recipient, template, locale, payload, status, attempts, created_at) values (?, ?, 'email', 'poison@example.com', 'no_such_template', 'en', '{}', 'queued', 0, ?)",
    )
      .bind(id, owner.orgId, Date.now())
      .run();
    await env.NOTIFICATIONS_QUEUE.send({ kind: 'notification', id });
    const dead = await until('the dead letter', async () => env.DB.prepare("select * from dead_letters where queue = 'voelgoed-notifications' and json_extract(body, '$.id') = ?").bind(id).first<{ id: string; attempts: number }>(), 20_000);
    // Tried once and retried max_retries (5) times, with backoff, before it was dead-lettered.
    const tried = (await env.DB.prepare('select attempts, last_error from notification_outbox where id = ?').bind(id).first<{ attempts: number; last_error: string }>())!;
    expect(tried.attempts).toBe(6);
    expect(tried.last_error).toContain('Unknown email template');

    const staff = await platformUser('is_platform_staff');
    const admin = await platformUser('is_platform_admin');
    const listed = await api('GET', '/platform/dead-letters?queue=voelgoed-notifications', { token: staff.token });
    expect(listed.body.items.map((d: { id: string }) => d.id)).toContain(dead.id);
    expect((await api('POST', `/platform/dead-letters/${dead.id}/replay`, { token: staff.token })).status).toBe(403);

    await env.DB.prepare("update notification_outbox set template = 'invitation', payload = ? where id = ?").bind(JSON.stringify({ organizationName: 'Fixed', role: 'staff', acceptUrl: 'https://x.test' }), id).run();
    const replayed = await api('POST', `/platform/dead-letters/${dead.id}/replay`, { token: admin.token });
    expect(replayed.status, JSON.stringify(replayed.body)).toBe(200);
    expect(replayed.body.replayedByUserId).toBe(admin.userId);
    expect((await api('POST', `/platform/dead-letters/${dead.id}/replay`, { token: admin.token })).body.code).toBe('already_replayed');
    await until('the replayed email', async () => env.DB.prepare('select id from mailbox_messages where notification_id = ?').bind(id).first());
    const platformMail = await api('GET', `/platform/mailbox?to=poison@example.com`, { token: staff.token });
    expect(platformMail.body.items[0].subject).toContain('Fixed');
  });

  it('keeps password-reset mail (no organization) readable by platform operators, the link redacted for staff', async () => {
    const owner = await signup();
    expect((await api('POST', '/auth/password/forgot', { body: { email: owner.email } })).status).toBeLessThan(300);
    const staff = await platformUser('is_platform_staff');
    const mail = await until('the reset email', async () => (await api('GET', `/platform/mailbox?to=${encodeURIComponent(owner.email)}`, { token: staff.token })).body.items?.[0]);
    expect(mail.subject).toBe('Reset your Voelgoed Events password');
    expect(mail.text).toContain('/reset-password#token=[redacted: sent to the recipient only]');
  });
});

describe('the Resend adapter (HTTP email API)', () => {
  const message = {
    notificationId: 'ntf_01jx0000000000000000000000',
    organizationId: 'org_1',
    from: 'Voelgoed <tickets@voelgoed.events>',
    to: 'buyer@example.com',
    subject: 'Your tickets',
    text: 'Hello',
    html: '<p>Hello</p>',
    attachments: [{ filename: 'tickets.pdf', contentType: 'application/pdf', content: new Uint8Array([37, 80, 68, 70, 0, 255]) }],
  };

  it('posts one request with the key, an idempotency key and base64 attachments', async () => {
    const seen: Request[] = [];
    const provider = resendProvider('re_test_key', async (input, init) => {
      seen.push(new Request(input as string, init));
      return Response.json({ id: 'resend-msg-1' });
    });
    expect(await provider.send(message)).toEqual({ providerMessageId: 'resend-msg-1' });
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.url).toBe(RESEND_API);
    expect(req.method).toBe('POST');
    expect(req.headers.get('authorization')).toBe('Bearer re_test_key');
    expect(req.headers.get('idempotency-key')).toBe(message.notificationId);
    const body = (await req.json()) as Record<string, any>;
    expect(body).toMatchObject({ from: message.from, to: ['buyer@example.com'], subject: 'Your tickets', text: 'Hello', html: '<p>Hello</p>' });
    expect([...Uint8Array.from(atob(body.attachments[0].content), (c) => c.charCodeAt(0))]).toEqual([37, 80, 68, 70, 0, 255]);
  });

  it('retries on 429 and 5xx, gives up on other refusals', async () => {
    const answering = (status: number) => resendProvider('k', async () => Response.json({ message: 'nope' }, { status }));
    for (const [status, retryable] of [[429, true], [503, true], [422, false], [401, false]] as const) {
      const error = await answering(status).send(message).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EmailProviderError);
      expect((error as EmailProviderError).retryable, String(status)).toBe(retryable);
    }
  });
});
