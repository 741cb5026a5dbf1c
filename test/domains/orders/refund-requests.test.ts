/**
 * Buyers' refund requests from the order page: inside the policy refunded at once (the fee kept, to the cent, paid
 * out once); outside it (or under `none`) a request the organizer approves (any amount up to the tickets' cost) or
 * declines (the buyer is emailed the reason and may ask again); checked-in tickets refused; one open request per
 * ticket; tenant-scoped.
 */
import { env } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { notificationOutbox } from '../../../src/db/schema/notifications';
import { composeEmail } from '../../../src/domains/notifications/compose';
import { formatMoney } from '../../../src/platform/money';
import { addMember, api, lastEmail, signup, type SignedUp } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { expectRefundsAgree, paidGaOrder, refundAccounts } from '../../support/refunds';
import { buyTickets, deviceScan, eventToday, registerDevice } from '../../support/scanning';

const setPolicy = (owner: SignedUp, eventId: string, body: Record<string, unknown>) =>
  api('PUT', `/orgs/${owner.orgId}/events/${eventId}/refund-policy`, { token: owner.token, body }).then((r) => {
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  });
const options = (token: string) => api('GET', `/public/orders/${token}/refunds`);
const ask = (token: string, body: Record<string, unknown> = {}, key?: string) =>
  api('POST', `/public/orders/${token}/refund-requests`, { body, headers: key ? { 'Idempotency-Key': key } : {} });
const buyerEmail = async (orderId: string) => (await env.DB.prepare('select buyer_email from orders where id = ?').bind(orderId).first<{ buyer_email: string }>())!.buyer_email;
const lineOf = async (owner: SignedUp, orderId: string) => (await api('GET', `/orgs/${owner.orgId}/orders/${orderId}`, { token: owner.token })).body;

describe('inside the policy', () => {
  it('refunds at once, keeps the fee to the cent, cancels the tickets and shows the quote before asking', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    await setPolicy(owner, f.eventId, { mode: 'until_days_before', daysBefore: 7, feeBasisPoints: 250, feeFixedMinor: 100 });
    const paid = await paidGaOrder(f.eventId, f.gaTypeId, 3);
    const order = await lineOf(owner, paid.orderId);
    const line = order.lines[0];
    // 2.5 % of the ticket's amount (its booking fee kept), rounded half up, plus 1.00.
    const base = line.totalMinor - line.buyerFeeMinor;
    const fee = Math.floor((base * 250 + 5000) / 10000) + 100;

    const before = await options(paid.accessToken);
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body.withinPolicy).toBe(true);
    expect(before.body.tickets).toHaveLength(3);
    expect(before.body.tickets[0]).toMatchObject({ baseMinor: base, feeMinor: fee, refundMinor: base - fee, refundable: true, why: null });

    const [t1, t2] = paid.ticketIds;
    const res = await ask(paid.accessToken, { ticketIds: [t1, t2], reason: 'Two of us cannot come' }, 'buyer-key-1');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'refunded', withinPolicy: true, baseMinor: 2 * base, feeMinor: 2 * fee, quotedMinor: 2 * (base - fee), refundedMinor: 2 * (base - fee) });
    const accounts = await refundAccounts(paid.orderId);
    expectRefundsAgree(accounts);
    expect(accounts).toMatchObject({ paidOutMinor: 2 * (base - fee), payouts: 1, validTickets: 1, status: 'partially_refunded' });
    expect((await lastEmail(await buyerEmail(paid.orderId), 'order_refunded')).payload).toMatchObject({ amountMinor: 2 * (base - fee), tickets: 2 });

    // The same key again answers the same request; the refunded tickets can't be asked for again.
    const again = await ask(paid.accessToken, { ticketIds: [t1, t2], reason: 'Two of us cannot come' }, 'buyer-key-1');
    expect(again.body.id).toBe(res.body.id);
    const twice = await ask(paid.accessToken, { ticketIds: [t1] }, 'buyer-key-2');
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('refund_in_progress');
    const after = await options(paid.accessToken);
    expect(after.body.tickets.map((t: { refundable: boolean }) => t.refundable)).toEqual([true]);
    expect(after.body.requests).toHaveLength(1);
    expect((await refundAccounts(paid.orderId)).payouts).toBe(1);
  });

  it('gives back the booking fee when the policy says so, and the whole order when no tickets are named', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    await setPolicy(owner, f.eventId, { mode: 'until_days_before', daysBefore: 0, refundBookingFee: true });
    const paid = await paidGaOrder(f.eventId, f.gaTypeId, 2);
    const res = await ask(paid.accessToken);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'refunded', feeMinor: 0, refundedMinor: paid.totalMinor });
    const accounts = await refundAccounts(paid.orderId);
    expectRefundsAgree(accounts);
    expect(accounts).toMatchObject({ status: 'refunded', validTickets: 0, paidOutMinor: paid.totalMinor });
    expect((await ask(paid.accessToken)).body.code).toBe('order_not_refundable');
  });
});

describe('outside the policy', () => {
  it('becomes a request the organizer sees, approves with another amount, and the buyer is emailed', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false }); // starts in 30 days
    await setPolicy(owner, f.eventId, { mode: 'until_days_before', daysBefore: 60, feeBasisPoints: 1000 });
    const paid = await paidGaOrder(f.eventId, f.gaTypeId, 2);
    const quote = await options(paid.accessToken);
    expect(quote.body.withinPolicy).toBe(false);

    const res = await ask(paid.accessToken, { ticketIds: [paid.ticketIds[0]], reason: 'Sick' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'open', withinPolicy: false, refundId: null });
    expect((await refundAccounts(paid.orderId)).payouts).toBe(0);
    const email = buyerEmail(paid.orderId);
    expect((await lastEmail(await email, 'order_refund_requested')).payload).toMatchObject({ amountMinor: res.body.quotedMinor, feeMinor: res.body.feeMinor, tickets: 1 });
    // One open request per ticket.
    expect((await ask(paid.accessToken, { ticketIds: [paid.ticketIds[0]] })).body.code).toBe('refund_request_open');

    const list = await api('GET', `/orgs/${owner.orgId}/refund-requests`, { token: owner.token });
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
    const byOrder = await api('GET', `/orgs/${owner.orgId}/refund-requests?orderId=${paid.orderId}`, { token: owner.token });
    expect(byOrder.body.items).toHaveLength(1);

    // Staff may read but not refund.
    const staff = await addMember(owner, 'staff');
    expect((await api('POST', `/orgs/${owner.orgId}/refund-requests/${res.body.id}/approve`, { token: staff.token, body: {} })).status).toBe(403);
    const line = (await lineOf(owner, paid.orderId)).lines[0];
    const tooMuch = await api('POST', `/orgs/${owner.orgId}/refund-requests/${res.body.id}/approve`, { token: owner.token, body: { amountMinor: line.totalMinor + 1 } });
    expect(tooMuch.status).toBe(422);
    const approved = await api('POST', `/orgs/${owner.orgId}/refund-requests/${res.body.id}/approve`, { token: owner.token, body: { amountMinor: line.totalMinor }, headers: { 'Idempotency-Key': 'approve-1' } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'refunded', refundedMinor: line.totalMinor, quotedMinor: res.body.quotedMinor });
    const accounts = await refundAccounts(paid.orderId);
    expectRefundsAgree(accounts);
    expect(accounts).toMatchObject({ paidOutMinor: line.totalMinor, validTickets: 1 });
    expect((await lastEmail(await email, 'order_refunded')).payload.amountMinor).toBe(line.totalMinor);
    const decideAgain = await api('POST', `/orgs/${owner.orgId}/refund-requests/${res.body.id}/decline`, { token: owner.token, body: { reason: 'Changed my mind' } });
    expect(decideAgain.status).toBe(409);
    expect(decideAgain.body.code).toBe('refund_request_decided');
    expect((await refundAccounts(paid.orderId)).payouts).toBe(1);
  });

  it('under `none` still reaches the organizer; declined, the buyer is told why, keeps the tickets and may ask again', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const paid = await paidGaOrder(f.eventId, f.gaTypeId, 1);
    const res = await ask(paid.accessToken, { reason: 'Double booked' });
    expect(res.body).toMatchObject({ status: 'open', withinPolicy: false, feeMinor: 0 });
    const declined = await api('POST', `/orgs/${owner.orgId}/refund-requests/${res.body.id}/decline`, { token: owner.token, body: { reason: 'No refunds for this show' } });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'No refunds for this show' });
    expect((await lastEmail(await buyerEmail(paid.orderId), 'order_refund_declined')).payload.reason).toBe('No refunds for this show');
    expect((await api('POST', `/orgs/${owner.orgId}/refund-requests/${res.body.id}/approve`, { token: owner.token, body: {} })).body.code).toBe('refund_request_decided');
    const accounts = await refundAccounts(paid.orderId);
    expect(accounts).toMatchObject({ payouts: 0, validTickets: 1, status: 'paid' });
    const view = await options(paid.accessToken);
    expect(view.body.requests[0]).toMatchObject({ status: 'declined', declineReason: 'No refunds for this show' });
    expect(view.body.tickets[0].refundable).toBe(true);
    expect((await ask(paid.accessToken, { reason: 'Please reconsider' })).status).toBe(201);
  });
});

describe('a request overtaken by another refund', () => {
  it('goes back to the organizer when its tickets were refunded another way meanwhile, and pays nothing twice', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const paid = await paidGaOrder(f.eventId, f.gaTypeId, 1);
    const res = await ask(paid.accessToken, { reason: 'Cannot come' });
    expect(res.body.status).toBe('open');
    const direct = await api('POST', `/orgs/${owner.orgId}/orders/${paid.orderId}/refunds`, { token: owner.token, body: { reason: 'Refunded at the box office' } });
    expect(direct.status, JSON.stringify(direct.body)).toBe(201);
    const approve = await api('POST', `/orgs/${owner.orgId}/refund-requests/${res.body.id}/approve`, { token: owner.token, body: {} });
    expect(approve.status).toBe(409);
    const after = await api('GET', `/orgs/${owner.orgId}/refund-requests/${res.body.id}`, { token: owner.token });
    expect(after.body.status).toBe('open');
    const declined = await api('POST', `/orgs/${owner.orgId}/refund-requests/${res.body.id}/decline`, { token: owner.token, body: { reason: 'Already refunded at the box office' } });
    expect(declined.status).toBe(200);
    const accounts = await refundAccounts(paid.orderId);
    expectRefundsAgree(accounts);
    expect(accounts).toMatchObject({ payouts: 1, paidOutMinor: paid.totalMinor });
  });
});

describe('what a buyer cannot refund', () => {
  it('refuses checked-in tickets', async () => {
    const { owner, f, north } = await eventToday();
    await setPolicy(owner, f.eventId, { mode: 'until_days_before', daysBefore: 0 });
    const order = await buyTickets(f.eventId, f.gaTypeId, 2);
    const device = await registerDevice(owner, [f.eventId], north);
    expect((await deviceScan(device.token, { eventId: f.eventId, token: order.tickets[0]!.qrToken })).body.result).toBe('valid');
    const view = await options(order.accessToken);
    expect(view.body.tickets.find((t: { ticketId: string }) => t.ticketId === order.tickets[0]!.id)).toMatchObject({ refundable: false, why: 'checked_in' });
    const res = await ask(order.accessToken, { ticketIds: [order.tickets[0]!.id] });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ticket_checked_in');
    // The whole order means what is still refundable: the other ticket.
    const rest = await ask(order.accessToken);
    expect(rest.body).toMatchObject({ status: 'refunded', ticketIds: [order.tickets[1]!.id] });
  });

  it('answers 404 for an unknown link, 422 for tickets of another order', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const a = await paidGaOrder(f.eventId, f.gaTypeId, 1);
    const b = await paidGaOrder(f.eventId, f.gaTypeId, 1);
    expect((await ask('x'.repeat(43))).status).toBe(404);
    expect((await options('x'.repeat(43))).status).toBe(404);
    expect((await ask(a.accessToken, { ticketIds: b.ticketIds })).status).toBe(422);
  });
});

describe('tenant isolation', () => {
  it('keeps requests inside their organization', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const paid = await paidGaOrder(f.eventId, f.gaTypeId, 1);
    const res = await ask(paid.accessToken);
    const other = await signup();
    expect((await api('GET', `/orgs/${other.orgId}/refund-requests`, { token: other.token })).body.items).toEqual([]);
    expect((await api('GET', `/orgs/${other.orgId}/refund-requests/${res.body.id}`, { token: other.token })).status).toBe(404);
    expect((await api('POST', `/orgs/${other.orgId}/refund-requests/${res.body.id}/approve`, { token: other.token, body: {} })).status).toBe(404);
    expect((await api('POST', `/orgs/${other.orgId}/refund-requests/${res.body.id}/decline`, { token: other.token, body: { reason: 'x' } })).status).toBe(404);
    expect((await api('GET', `/orgs/${owner.orgId}/refund-requests/${res.body.id}`, { token: owner.token })).body.status).toBe('open');
  });
});

describe('the buyer’s emails', () => {
  it('say in Afrikaans what the policy would give back, and why the organizer declined', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    await setPolicy(owner, f.eventId, { mode: 'until_days_before', daysBefore: 60, feeFixedMinor: 2500 });
    const paid = await paidGaOrder(f.eventId, f.gaTypeId, 1, { locale: 'af' });
    const res = await ask(paid.accessToken, { reason: 'Siek' });
    const compose = async (template: string) => {
      const db = createDb(env.DB);
      const [row] = await db.select().from(notificationOutbox).where(and(eq(notificationOutbox.template, template), eq(notificationOutbox.organizationId, owner.orgId))).limit(1);
      return composeEmail(db, env, row!);
    };
    const asked = await compose('order_refund_requested');
    expect(asked.subject).toContain(paid.orderId);
    expect(asked.text).toContain('buite die geleentheid se terugbetalingsbeleid');
    expect(asked.text).toContain(formatMoney(res.body.quotedMinor, 'ZAR', 'af'));
    expect(asked.text).toContain(formatMoney(2500, 'ZAR', 'af'));
    await api('POST', `/orgs/${owner.orgId}/refund-requests/${res.body.id}/decline`, { token: owner.token, body: { reason: 'Geen terugbetalings nie' } });
    const declined = await compose('order_refund_declined');
    expect(declined.text).toContain('Geen terugbetalings nie');
    expect(declined.subject).toContain('afgekeur');
  });
});
