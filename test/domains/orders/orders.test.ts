import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMember, api, lastEmail, signup } from '../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';

async function paidOrder(owner: Awaited<ReturnType<typeof signup>>, eventId: string, ticketTypeId: string, extra: Record<string, unknown> = {}) {
  const held = await hold(eventId, { ticketTypeId, quantity: 1 });
  const started = await checkout(eventId, [held.body.id], extra);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  if (started.body.payment) {
    await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    await orderReaches(started.body.accessToken, 'paid');
  }
  return started.body;
}

describe('organizer orders', () => {
  it('finds orders by buyer email prefix, status and event, and shows payments and tickets', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const a = await paidOrder(owner, f.eventId, f.gaTypeId, { buyer: { name: 'Zanele Mokoena', email: 'zanele.search@example.com' } });
    await paidOrder(owner, f.eventId, f.gaTypeId);
    const byEmail = await api('GET', `/orgs/${owner.orgId}/orders?q=zanele.sea`, { token: owner.token });
    expect(byEmail.body.items.map((o: { id: string }) => o.id)).toEqual([a.order.id]);
    const byName = await api('GET', `/orgs/${owner.orgId}/orders?q=Zanele`, { token: owner.token });
    expect(byName.body.items.map((o: { id: string }) => o.id)).toEqual([a.order.id]);
    const paid = await api('GET', `/orgs/${owner.orgId}/orders?status=paid&eventId=${f.eventId}`, { token: owner.token });
    expect(paid.body.items).toHaveLength(2);
    const detail = await api('GET', `/orgs/${owner.orgId}/orders/${a.order.id}`, { token: owner.token });
    expect(detail.body).toMatchObject({ status: 'paid', buyerEmail: 'zanele.search@example.com' });
    expect(detail.body.tickets).toHaveLength(1);
    expect(detail.body.payments[0].status).toBe('completed');
  });

  it('cancels an unpaid order (holds released at once) but refuses to cancel a paid one', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { gaCapacity: 1 });
    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const started = await checkout(f.eventId, [held.body.id]);
    expect((await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 })).status).toBe(409);
    const cancelled = await api('POST', `/orgs/${owner.orgId}/orders/${started.body.order.id}/cancel`, { token: owner.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 })).status).toBe(201);
    const owner2 = await signup();
    const g = await onSaleEvent(owner2);
    const paid = await paidOrder(owner2, g.eventId, g.gaTypeId);
    const refused = await api('POST', `/orgs/${owner2.orgId}/orders/${paid.order.id}/cancel`, { token: owner2.token });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('order_not_pending');
  });

  it('resends the confirmation, audited', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const paid = await paidOrder(owner, f.eventId, f.gaTypeId);
    const res = await api('POST', `/orgs/${owner.orgId}/orders/${paid.order.id}/resend`, { token: owner.token });
    expect(res.status).toBe(202);
    expect((await lastEmail(paid.order.buyerEmail, 'order_confirmation')).payload).toMatchObject({ orderId: paid.order.id, resent: true });
    const audit = await api('GET', `/orgs/${owner.orgId}/audit-logs?action=order.confirmation_resent`, { token: owner.token });
    expect(audit.body.items[0].resourceId).toBe(paid.order.id);
  });

  it('refuses to resend mail in the organization\'s name for an account whose email is not verified (403 email_unverified)', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const paid = await paidOrder(owner, f.eventId, f.gaTypeId);
    // The address stops counting as verified (sign-ups are verified by the support helper to get this far).
    await env.DB.prepare('update users set email_verified_at = null where id = ?').bind(owner.userId).run();
    const res = await api('POST', `/orgs/${owner.orgId}/orders/${paid.order.id}/resend`, { token: owner.token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('email_unverified');
    const audit = await api('GET', `/orgs/${owner.orgId}/audit-logs?action=order.confirmation_resent`, { token: owner.token });
    expect(audit.body.items).toHaveLength(0);
  });

  it('lets staff read orders but only owners and admins refund', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const paid = await paidOrder(owner, f.eventId, f.gaTypeId);
    const staff = await addMember(owner, 'staff');
    expect((await api('GET', `/orgs/${owner.orgId}/orders/${paid.order.id}`, { token: staff.token })).status).toBe(200);
    const refund = await api('POST', `/orgs/${owner.orgId}/orders/${paid.order.id}/refunds`, { token: staff.token, body: { reason: 'no' } });
    expect(refund.status).toBe(403);
  });
});

describe('the buyer’s order page', () => {
  it('is reached by the order link token only', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const paid = await paidOrder(owner, f.eventId, f.gaTypeId);
    const page = await api('GET', `/public/orders/${paid.accessToken}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('Cache-Control')).toContain('no-store');
    expect(page.body.tickets).toHaveLength(1);
    expect((await api('GET', `/public/orders/${paid.order.id}xxxxxxxxxxxxxxxxxxxxxx`)).status).toBe(404);
    const stored = await env.DB.prepare('select access_token_hash from orders where id = ?').bind(paid.order.id).first<{ access_token_hash: string }>();
    expect(stored!.access_token_hash).not.toContain(paid.accessToken);
  });

  it('downloads the tickets as a PDF in the buyer’s language, and only for an order with valid tickets', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const paid = await paidOrder(owner, f.eventId, f.gaTypeId);
    const res = await SELF.fetch(`http://localhost/api/v1/public/orders/${paid.accessToken}/tickets.pdf?lang=af`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`tickets-${paid.order.id}.pdf`);
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5))).toBe('%PDF-');

    // An unpaid order has no tickets to print; a wrong link is no order at all.
    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const pending = await checkout(f.eventId, [held.body.id]);
    const pendingToken = pending.body.accessToken;
    expect((await api('GET', `/public/orders/${pendingToken}/tickets.pdf`)).status).toBe(404);
    expect((await api('GET', `/public/orders/${paid.order.id}xxxxxxxxxxxxxxxxxxxxxx/tickets.pdf`)).status).toBe(404);
    expect((await api('GET', `/public/orders/${paid.accessToken}/tickets.pdf?lang=xx`)).status).toBe(422);
  });
});

describe('checkout retries', () => {
  it('answers a retried checkout with the same Idempotency-Key with 409 (the order link is shown once, never stored), and makes one order', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 2 });
    const body = { holds: [held.body.id], buyer: { name: 'Retry Buyer', email: 'retry.buyer@example.com' } };
    const headers = { 'Idempotency-Key': `checkout-${held.body.id}` };
    const first = await api('POST', `/public/events/${f.eventId}/checkout`, { body, headers });
    const again = await api('POST', `/public/events/${f.eventId}/checkout`, { body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('idempotency_secret_not_replayable');
    expect(JSON.stringify(again.body)).not.toContain(first.body.accessToken);
    const n = await env.DB.prepare('select count(*) as n from orders where event_id = ?').bind(f.eventId).first<{ n: number }>();
    expect(n!.n).toBe(1);
  });
});

describe('coupons and free orders at checkout', () => {
  it('reserves a coupon with the order and refuses it once its redemptions are used up', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const coupon = await api('POST', `/orgs/${owner.orgId}/coupons`, { token: owner.token, body: { code: 'ONCE-ONLY', kind: 'percent', percentBps: 5000, maxRedemptions: 1 } });
    expect(coupon.status, JSON.stringify(coupon.body)).toBe(201);
    const h1 = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const h2 = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const [a, b] = await Promise.all([checkout(f.eventId, [h1.body.id], { couponCode: 'once-only' }), checkout(f.eventId, [h2.body.id], { couponCode: 'ONCE-ONLY' })]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([201, 409]);
    const winner = a.status === 201 ? a : b;
    expect(winner.body.order.discountMinor).toBeGreaterThan(0);
    const loser = a.status === 201 ? b : a;
    expect(loser.body.code).toBe('coupon_exhausted');
  });

  it('completes a free order at once, without a payment', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const free = await api('POST', `/orgs/${owner.orgId}/events/${f.eventId}/ticket-types`, { token: owner.token, body: { name: 'Free', kind: 'ga', capacity: 10, priceMinor: 0 } });
    expect(free.status).toBe(201);
    const held = await hold(f.eventId, { ticketTypeId: free.body.id, quantity: 2 });
    const started = await checkout(f.eventId, [held.body.id]);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.payment).toBeNull();
    expect(started.body.order.status).toBe('paid');
    expect(started.body.order.tickets).toHaveLength(2);
  });
});
