/**
 * "Email me my orders" (src/domains/orders/email-order-links.ts): a buyer who lost their order email asks from an
 * event's page; if the event's organization has orders bought with that address, one email lists each of them with a
 * link that opens it. Another organization's orders with the same address are never listed, an unknown address gets
 * the same 202 and no email, asking again within ten minutes sends nothing more, and bad input is a 4xx problem.
 */
import { env } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { auditLogs } from '../../../src/db/schema/audit';
import { notificationOutbox } from '../../../src/db/schema/notifications';
import { composeEmail } from '../../../src/domains/notifications/compose';
import { ORDER_LINKS_WINDOW_MS, orderLinksDedupeKey } from '../../../src/domains/orders/email-order-links';
import { api, signup, uniqueEmail, type SignedUp } from '../../support/api';
import { hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';

const db = createDb(env.DB);
const linkEmails = (to: string) => db.select().from(notificationOutbox).where(and(eq(notificationOutbox.recipient, to), eq(notificationOutbox.template, 'buyer_order_links')));
const askFor = (eventId: string, body: unknown) => api('POST', `/public/events/${eventId}/order-links`, { body });

/** An order for `email` of `quantity` standing tickets; paid unless `pay` is false (then it waits for payment). */
async function buy(eventId: string, gaTypeId: string, email: string, { quantity = 1, pay = true } = {}) {
  const held = await hold(eventId, { ticketTypeId: gaTypeId, quantity });
  expect(held.status, JSON.stringify(held.body)).toBe(201);
  const started = await api('POST', `/public/events/${eventId}/checkout`, { body: { holds: [held.body.id], buyer: { name: 'Lerato Buyer', email } } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  if (pay) {
    await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    await orderReaches(started.body.accessToken, 'paid');
  }
  return { orderId: started.body.order.id as string, accessToken: started.body.accessToken as string };
}

async function buyerWithOrders() {
  const owner = await signup();
  const later = await onSaleEvent(owner, { layout: false, startsInMs: 40 * 86_400_000 });
  const sooner = await onSaleEvent(owner, { layout: false, startsInMs: 10 * 86_400_000 });
  const email = uniqueEmail('lost');
  const paid = await buy(later.eventId, later.gaTypeId, email, { quantity: 2 });
  const pending = await buy(sooner.eventId, sooner.gaTypeId, email, { pay: false });
  const someoneElse = await buy(later.eventId, later.gaTypeId, uniqueEmail('other'));
  return { owner, later, sooner, email, paid, pending, someoneElse };
}

async function auditOf(owner: SignedUp) {
  return db.select().from(auditLogs).where(and(eq(auditLogs.organizationId, owner.orgId), eq(auditLogs.action, 'order.links_emailed')));
}

describe('email me my orders', () => {
  it('emails one list of that buyer’s orders with the organizer (upcoming first), each link opening its order; another organizer’s orders stay out', async () => {
    const { owner, later, email, paid, pending, someoneElse } = await buyerWithOrders();
    // The same address bought from another organizer too.
    const other = await signup();
    const elsewhere = await onSaleEvent(other, { layout: false });
    const otherOrder = await buy(elsewhere.eventId, elsewhere.gaTypeId, email);
    // Organization text in the list never becomes a link: only the platform's order links are links.
    const renamed = await api('PATCH', `/orgs/${owner.orgId}/events/${later.eventId}`, { token: owner.token, body: { name: 'Gala, tickets at https://evil.example/win' } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);

    const res = await askFor(later.eventId, { email: `  ${email.toUpperCase()} `, locale: 'en' });
    expect(res).toMatchObject({ status: 202, body: { accepted: true } });

    const rows = await linkEmails(email);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.organizationId).toBe(owner.orgId);
    expect(JSON.stringify(rows[0]!.dedupeKey)).not.toContain(email.split('@')[0]);
    const mail = await composeEmail(db, env, rows[0]!);
    expect(mail.to).toBe(email);
    expect(mail.subject).toBe('Your orders with Test Org');
    expect(mail.text).toContain(`Order ${paid.orderId} · 2 tickets · Paid`);
    expect(mail.text).toContain(`Order ${pending.orderId} · 1 ticket · Waiting for payment`);
    // The sooner event's order comes first.
    expect(mail.text.indexOf(pending.orderId)).toBeLessThan(mail.text.indexOf(paid.orderId));
    expect(mail.text).not.toContain(someoneElse.orderId);
    expect(mail.text).not.toContain(otherOrder.orderId);

    // Exactly two links, the platform's own, and each one opens its order on the public order route.
    const links = [...mail.text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
    expect(links).toHaveLength(2);
    for (const link of links) expect(link.startsWith(`${env.APP_URL}/orders/`)).toBe(true);
    const opened = await Promise.all(links.map((l) => api('GET', `/public/orders/${l.split('/orders/')[1]}`)));
    expect(opened.map((o) => [o.status, o.body.id])).toEqual([
      [200, pending.orderId],
      [200, paid.orderId],
    ]);
    expect(mail.html).toContain(`<a href="${links[0]}">`);
    expect(mail.html.match(/<a href=/g)).toHaveLength(2);
    expect(mail.text).toContain('Gala, tickets at https:\u2060//evil\u2060.example/win');

    // The organizer's audit log says which orders' links went out.
    const audit = await auditOf(owner);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'anonymous', resourceType: 'organization', resourceId: owner.orgId });
    expect((audit[0]!.changes as { orderIds: string[] }).orderIds.sort()).toEqual([paid.orderId, pending.orderId].sort());
    expect(JSON.stringify(audit[0]!.changes)).not.toContain(email);
    expect(await auditOf(other)).toHaveLength(0);
  });

  it('writes the email in Afrikaans when the storefront asks in Afrikaans', async () => {
    const { later, email, paid } = await buyerWithOrders();
    expect((await askFor(later.eventId, { email, locale: 'af' })).status).toBe(202);
    const [row] = await linkEmails(email);
    const mail = await composeEmail(db, env, row!);
    expect(mail.subject).toBe('Jou bestellings by Test Org');
    expect(mail.text).toContain(`Bestelling ${paid.orderId} · 2 kaartjies · Betaal`);
  });

  it('answers an unknown address exactly as a known one, and sends nothing', async () => {
    const { owner, later, email } = await buyerWithOrders();
    const stranger = uniqueEmail('stranger');
    const unknown = await askFor(later.eventId, { email: stranger });
    const known = await askFor(later.eventId, { email });
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect(unknown.headers.get('Content-Type')).toBe(known.headers.get('Content-Type'));
    expect(await linkEmails(stranger)).toHaveLength(0);
    expect(await auditOf(owner)).toHaveLength(1);
  });

  it('sends one email per ten minutes however often it is asked, and leaves out orders no longer open', async () => {
    const { owner, later, sooner, email, paid, pending } = await buyerWithOrders();
    for (let i = 0; i < 3; i++) expect((await askFor(later.eventId, { email })).status).toBe(202);
    // Asked from another of the organizer's events: still the one email.
    expect((await askFor(sooner.eventId, { email: email.toUpperCase() })).status).toBe(202);
    expect(await linkEmails(email)).toHaveLength(1);
    expect(await auditOf(owner)).toHaveLength(1);
    // The key changes with the window, and carries a hash of the address, never the address.
    const now = Date.now();
    const key = await orderLinksDedupeKey(owner.orgId, email, now);
    expect(await orderLinksDedupeKey(owner.orgId, email.toUpperCase(), now)).toBe(key);
    expect(await orderLinksDedupeKey(owner.orgId, email, now + ORDER_LINKS_WINDOW_MS)).not.toBe(key);
    expect(key).not.toContain(email.split('@')[0]);

    // The organizer cancels the unpaid order before the email is written: it is left out of the list.
    const cancelled = await api('POST', `/orgs/${owner.orgId}/orders/${pending.orderId}/cancel`, { token: owner.token, body: {} });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const mail = await composeEmail(db, env, (await linkEmails(email))[0]!);
    expect(mail.text).toContain(paid.orderId);
    expect(mail.text).not.toContain(pending.orderId);
  });

  it('refuses what is not an email address as a problem, and answers 404 for an event not on the storefront', async () => {
    const { later } = await buyerWithOrders();
    const bad = await askFor(later.eventId, { email: 'not-an-email' });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('Content-Type')).toContain('application/problem+json');
    expect(JSON.stringify(bad.body.errors)).toContain('email');
    const malformed = await api('POST', `/public/events/${later.eventId}/order-links`, { rawBody: '{"email":', headers: { 'Content-Type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('Content-Type')).toContain('application/problem+json');
    expect((await askFor(later.eventId, { email: uniqueEmail('x'), extra: 1 })).status).toBe(422);
    expect((await askFor('evt_01aaaaaaaaaaaaaaaaaaaaaaaa', { email: uniqueEmail('x') })).status).toBe(404);
  });
});
