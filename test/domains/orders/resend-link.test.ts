/**
 * A buyer whose checkout answer was lost gets the order link by email (src/domains/orders/resend-link.ts): the retry
 * answers 409 (links are never replayed), and naming the holds and the email of that checkout sends a "finish
 * paying" email with the order's link, once per ten minutes, only for an order still waiting for payment; anything
 * else answers the same 202 and sends nothing.
 */
import { env } from 'cloudflare:test';
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { notificationOutbox } from '../../../src/db/schema/notifications';
import { composeEmail } from '../../../src/domains/notifications/compose';
import { api, signup, uniqueEmail } from '../../support/api';
import { hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';

const db = createDb(env.DB);
const pendingEmails = (to: string) =>
  db.select().from(notificationOutbox).where(and(eq(notificationOutbox.recipient, to), eq(notificationOutbox.template, 'order_pending'))).orderBy(desc(notificationOutbox.createdAt));

async function lostCheckout() {
  const owner = await signup();
  const f = await onSaleEvent(owner);
  const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 2 });
  const email = uniqueEmail('buyer');
  const body = { holds: [held.body.id], buyer: { name: 'Lerato Buyer', email } };
  const headers = { 'Idempotency-Key': `lost-${email}` };
  const first = await api('POST', `/public/events/${f.eventId}/checkout`, { body, headers });
  expect(first.status).toBe(201);
  // The answer never reached the buyer; the retry can't give the link again.
  const retry = await api('POST', `/public/events/${f.eventId}/checkout`, { body, headers });
  expect(retry.status).toBe(409);
  expect(retry.body.code).toBe('idempotency_secret_not_replayable');
  return { owner, f, holdId: held.body.id as string, email, started: first.body };
}

const resend = (eventId: string, holds: string[], email: string) => api('POST', `/public/events/${eventId}/checkout/resend-link`, { body: { holds, email } });

describe('the order link sent again', () => {
  it('emails the link of the pending order those holds became, which opens the order to finish paying', async () => {
    const { f, holdId, email, started } = await lostCheckout();
    const res = await resend(f.eventId, [holdId], email.toUpperCase());
    expect(res).toMatchObject({ status: 202, body: { accepted: true } });
    const [row] = await pendingEmails(email);
    expect(row).toBeDefined();
    const mail = await composeEmail(db, env, row!);
    expect(mail.subject).toContain(started.order.id);
    expect(mail.text).toContain(`/orders/${started.accessToken}`);
    const order = await api('GET', `/public/orders/${started.accessToken}`);
    expect(order.body.status).toBe('pending');
  });

  it('sends one email per ten minutes however often it is asked', async () => {
    const { f, holdId, email } = await lostCheckout();
    for (let i = 0; i < 3; i++) expect((await resend(f.eventId, [holdId], email)).status).toBe(202);
    expect(await pendingEmails(email)).toHaveLength(1);
  });

  it('answers the same 202 and sends nothing for another email, holds no checkout took, or an order already paid', async () => {
    const { f, holdId, email, started } = await lostCheckout();
    expect((await resend(f.eventId, [holdId], uniqueEmail('someone-else'))).status).toBe(202);
    const fresh = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    expect((await resend(f.eventId, [fresh.body.id], email)).status).toBe(202);
    expect(await pendingEmails(email)).toHaveLength(0);
    await pressPaymentButton(started.payment.redirectUrl, 'pay');
    await orderReaches(started.accessToken, 'paid');
    expect((await resend(f.eventId, [holdId], email)).status).toBe(202);
    expect(await pendingEmails(email)).toHaveLength(0);
  });

  it('answers 404 for an event that is not on the storefront, and 422 for a malformed request', async () => {
    const { holdId, email } = await lostCheckout();
    expect((await resend('evt_01aaaaaaaaaaaaaaaaaaaaaaaa', [holdId], email)).status).toBe(404);
    const { f } = await lostCheckout();
    expect((await api('POST', `/public/events/${f.eventId}/checkout/resend-link`, { body: { holds: [], email } })).status).toBe(422);
  });
});
