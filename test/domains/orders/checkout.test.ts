import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, lastEmail, signup } from '../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';

/** The organization's trial balance, asserted balanced (debits = credits in every currency). */
async function trialBalance(owner: { orgId: string; token: string }) {
  const tb = await api('GET', `/orgs/${owner.orgId}/ledger/trial-balance`, { token: owner.token });
  expect(tb.status).toBe(200);
  expect(tb.body.balanced).toBe(true);
  for (const t of tb.body.totals) expect(t.debitTotalMinor).toBe(t.creditTotalMinor);
  return tb.body;
}

describe('checkout with the test provider', () => {
  it('turns held seats into a paid order with signed tickets, sold seats, a balanced ledger and a confirmation email', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const held = await hold(f.eventId, { ticketTypeId: f.seatedTypeId, bestAvailable: { quantity: 2 } });
    expect(held.status).toBe(201);
    const started = await checkout(f.eventId, [held.body.id], { attendees: [{ holdId: held.body.id, seatId: held.body.seats[0], name: 'Ann Attendee' }] });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.order).toMatchObject({ status: 'pending', currency: 'ZAR', tickets: [] });
    expect(started.body.order.lines).toHaveLength(2);
    expect(started.body.order.totalMinor).toBeGreaterThanOrEqual(70000);
    expect(started.body.payment.redirectUrl).toContain('/pay/test/');

    await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    const paid = await orderReaches(started.body.accessToken, 'paid');
    expect(paid.tickets).toHaveLength(2);
    expect(paid.tickets.map((t: { seatId: string }) => t.seatId).sort()).toEqual([...held.body.seats].sort());
    expect(paid.tickets.find((t: { seatId: string }) => t.seatId === held.body.seats[0]).attendeeName).toBe('Ann Attendee');
    for (const t of paid.tickets) expect(t.qrToken).toMatch(/^VG1\./);

    const map = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/seat-map`, { token: owner.token });
    const statuses = Object.fromEntries(map.body.seats.map((s: unknown[]) => [s[0], s[5]]));
    for (const seat of held.body.seats) expect(statuses[seat]).toBe('sold');

    const tb = await trialBalance(owner);
    expect(tb.totals[0].debitTotalMinor).toBeGreaterThan(0);
    const email = await lastEmail(started.body.order.buyerEmail, 'order_confirmation');
    expect(email.payload.orderId).toBe(started.body.order.id);
    const detail = await api('GET', `/orgs/${owner.orgId}/orders/${started.body.order.id}`, { token: owner.token });
    expect(detail.body.payments[0]).toMatchObject({ provider: 'test', status: 'completed' });
  });

  it('processes a redelivered webhook once: one ticket per seat, one journal entry', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 3 });
    const started = await checkout(f.eventId, [held.body.id]);
    await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    await orderReaches(started.body.accessToken, 'paid');
    // The provider sends the same event again (and again, concurrently).
    await Promise.all([pressPaymentButton(started.body.payment.redirectUrl, 'pay'), pressPaymentButton(started.body.payment.redirectUrl, 'pay')]);
    await new Promise((r) => setTimeout(r, 300));
    const orderId = started.body.order.id;
    const tickets = await env.DB.prepare('select count(*) as n from tickets where order_id = ?').bind(orderId).first<{ n: number }>();
    const entries = await env.DB.prepare("select count(*) as n from journal_entries where order_id = ? and kind = 'sale'").bind(orderId).first<{ n: number }>();
    const seen = await env.DB.prepare('select count(*) as n from provider_events where order_id = ?').bind(orderId).first<{ n: number }>();
    expect([tickets!.n, entries!.n, seen!.n]).toEqual([3, 1, 1]);
    expect((await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/availability`, { token: owner.token })).body.counts.sold).toBe(3);
  });

  it('cancels the order and frees the seats when the buyer cancels at the provider', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const held = await hold(f.eventId, { ticketTypeId: f.seatedTypeId, bestAvailable: { quantity: 2 } });
    const started = await checkout(f.eventId, [held.body.id]);
    await pressPaymentButton(started.body.payment.redirectUrl, 'cancel');
    await orderReaches(started.body.accessToken, 'cancelled');
    const again = await hold(f.eventId, { ticketTypeId: f.seatedTypeId, seats: held.body.seats });
    expect(again.status).toBe(201);
  });

  it('refuses checkout of an expired or unknown hold', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const res = await checkout(f.eventId, ['hld_01doesnotexist00000000000']);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('hold_not_active');
  });
});

describe('late payments', () => {
  async function expireHolds(orgId: string, eventId: string) {
    const stub = env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(`${orgId}:${eventId}`));
    await stub.advanceClockForTests(30 * 60_000);
    const { runDurableObjectAlarm } = await import('cloudflare:test');
    await runDurableObjectAlarm(stub);
  }

  it('honours a payment after the hold expired when the seats are still free', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const held = await hold(f.eventId, { ticketTypeId: f.seatedTypeId, bestAvailable: { quantity: 1 } });
    const started = await checkout(f.eventId, [held.body.id]);
    await expireHolds(owner.orgId, f.eventId);
    await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    const paid = await orderReaches(started.body.accessToken, 'paid');
    expect(paid.tickets).toHaveLength(1);
  });

  it('refunds a late payment automatically when the seats were resold, records it and tells the buyer', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const held = await hold(f.eventId, { ticketTypeId: f.seatedTypeId, bestAvailable: { quantity: 2 } });
    const started = await checkout(f.eventId, [held.body.id]);
    await expireHolds(owner.orgId, f.eventId);
    const thief = await hold(f.eventId, { ticketTypeId: f.seatedTypeId, seats: [held.body.seats[1]] });
    expect(thief.status).toBe(201);
    await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    const order = await orderReaches(started.body.accessToken, 'cancelled');
    expect(order.tickets).toEqual([]);
    const email = await lastEmail(started.body.order.buyerEmail, 'order_auto_refunded');
    expect(email.payload.reason).toContain('sold to someone else');
    const detail = await api('GET', `/orgs/${owner.orgId}/orders/${order.id}`, { token: owner.token });
    expect(detail.body.payments[0].status).toBe('refunded');
    await trialBalance(owner);
    // The seat this order did get back (the first one) is on sale again; the resold one stays held by the other buyer.
    const map = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/seat-map`, { token: owner.token });
    const statuses = Object.fromEntries(map.body.seats.map((s: unknown[]) => [s[0], s[5]]));
    expect(statuses[held.body.seats[0]]).toBe('available');
    expect(statuses[held.body.seats[1]]).toBe('held');
  });
});

describe('refunds', () => {
  it('refunds one ticket (its seat back on sale), then the rest, once per Idempotency-Key, with the ledger reversed', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const held = await hold(f.eventId, { ticketTypeId: f.seatedTypeId, bestAvailable: { quantity: 2 } });
    const started = await checkout(f.eventId, [held.body.id]);
    await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    const paid = await orderReaches(started.body.accessToken, 'paid');
    const orderId = paid.id;
    const first = paid.tickets[0];
    const headers = { 'Idempotency-Key': `refund-${orderId}-1` };
    const partial = await api('POST', `/orgs/${owner.orgId}/orders/${orderId}/refunds`, { token: owner.token, body: { ticketIds: [first.id], reason: 'Cannot come' }, headers });
    expect(partial.status, JSON.stringify(partial.body)).toBe(201);
    const again = await api('POST', `/orgs/${owner.orgId}/orders/${orderId}/refunds`, { token: owner.token, body: { ticketIds: [first.id], reason: 'Cannot come' }, headers });
    expect(again.body.id).toBe(partial.body.id);
    let detail = await api('GET', `/orgs/${owner.orgId}/orders/${orderId}`, { token: owner.token });
    expect(detail.body.status).toBe('partially_refunded');
    expect(detail.body.refunds).toHaveLength(1);
    expect(detail.body.tickets.find((t: { id: string }) => t.id === first.id).status).toBe('cancelled');
    const map = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/seat-map`, { token: owner.token });
    expect(map.body.seats.find((s: unknown[]) => s[0] === first.seatId)[5]).toBe('available');

    const rest = await api('POST', `/orgs/${owner.orgId}/orders/${orderId}/refunds`, { token: owner.token, body: { reason: 'Event moved' }, headers: { 'Idempotency-Key': `refund-${orderId}-2` } });
    expect(rest.status).toBe(201);
    detail = await api('GET', `/orgs/${owner.orgId}/orders/${orderId}`, { token: owner.token });
    expect(detail.body.status).toBe('refunded');
    expect(detail.body.refundedMinor).toBe(detail.body.totalMinor);
    const tb = await trialBalance(owner);
    const clearing = tb.accounts.find((a: { code: string }) => a.code === 'provider_clearing');
    expect(clearing.balanceMinor).toBe(0);
    const nothing = await api('POST', `/orgs/${owner.orgId}/orders/${orderId}/refunds`, { token: owner.token, body: { reason: 'Again' } });
    expect(nothing.status).toBe(409);
  });
});
