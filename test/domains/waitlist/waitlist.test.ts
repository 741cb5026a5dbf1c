/**
 * The waiting list over HTTP: a buyer joins a sold-out event, refunded places are kept back for the line (the public
 * cannot hold them), the group is offered together once it fits, the claim link checks out at the normal checkout,
 * and the organizer sees the list, offers manually and turns it off; leave and claim links are signed.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { serveWaitlists } from '../../../src/domains/waitlist/triggers';
import { claimUrl, leaveUrl } from '../../../src/domains/waitlist/links';
import { createDb } from '../../../src/db/client';
import { api, lastEmail, signup, uniqueEmail, type SignedUp } from '../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';
import { paidGaOrder } from '../../support/refunds';

const join = (eventId: string, body: Record<string, unknown>) => api('POST', `/public/events/${eventId}/waitlist`, { body });
const refundTicket = (owner: SignedUp, orderId: string, ticketId: string) => api('POST', `/orgs/${owner.orgId}/orders/${orderId}/refunds`, { token: owner.token, body: { reason: 'Cannot come', ticketIds: [ticketId] } });
const entries = async (owner: SignedUp, eventId: string) => (await api('GET', `/orgs/${owner.orgId}/events/${eventId}/waitlist`, { token: owner.token })).body.items as any[];
const linkParts = (url: string) => {
  const u = new URL(url);
  return `${u.pathname.replace(/^\/waitlist\//, '')}${u.search}`;
};

async function soldOut(capacity = 2) {
  const owner = await signup();
  const f = await onSaleEvent(owner, { layout: false, gaCapacity: capacity });
  const paid = await paidGaOrder(f.eventId, f.gaTypeId, capacity);
  return { owner, f, paid };
}

describe('the waiting list', () => {
  it('keeps refunded places for the line, offers the whole group once it fits, and the claim link checks it out', async () => {
    const { owner, f, paid } = await soldOut(2);
    const email = uniqueEmail('waiter');
    const joined = await join(f.eventId, { email, name: 'Wag Wagter', quantity: 1, ticketTypeId: f.gaTypeId });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    expect(joined.body).toMatchObject({ status: 'waiting', position: 1, quantity: 1 });
    // Joining again is the same entry with the new quantity.
    const again = await join(f.eventId, { email: email.toUpperCase(), name: 'Wag Wagter', quantity: 2, ticketTypeId: f.gaTypeId });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: joined.body.id, quantity: 2, position: 1 });
    expect((await lastEmail(email, 'waitlist_joined')).payload.entryId).toBe(joined.body.id);

    // One place back: kept for the line (the entry wants two together), so the public cannot hold it.
    expect((await refundTicket(owner, paid.orderId, paid.ticketIds[0]!)).status).toBe(201);
    const snipe = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    expect(snipe.status).toBe(409);
    expect((await entries(owner, f.eventId))[0]).toMatchObject({ status: 'waiting' });
    const settings = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/waitlist/settings`, { token: owner.token });
    expect(settings.body).toMatchObject({ enabled: true, offerMinutes: 30, keptBack: { [f.gaTypeId]: 1 } });

    // The second place: the group fits and is offered at once.
    expect((await refundTicket(owner, paid.orderId, paid.ticketIds[1]!)).status).toBe(201);
    const [offered] = await entries(owner, f.eventId);
    expect(offered).toMatchObject({ status: 'offered', offers: 1 });
    const mail = await lastEmail(email, 'waitlist_offer');
    expect(mail.payload.entryId).toBe(joined.body.id);

    // A link signed for another hold is refused; the real one shows the held places.
    const forged = await api('GET', `/public/waitlist/${joined.body.id}/offer?hold=hld_other&signature=${new URL(await claimUrl(env, joined.body.id, mail.payload.holdId)).searchParams.get('signature')}`);
    expect(forged.status).toBe(403);
    const offer = await api('GET', `/public/waitlist/${linkParts(await claimUrl(env, joined.body.id, mail.payload.holdId)).replace('?', '/offer?')}`);
    expect(offer.status, JSON.stringify(offer.body)).toBe(200);
    expect(offer.body).toMatchObject({ eventId: f.eventId, holdId: mail.payload.holdId, quantity: 2, status: 'offered', buyerEmail: email });
    expect(Date.parse(offer.body.expiresAt) - Date.now()).toBeGreaterThan(25 * 60_000);

    const started = await checkout(f.eventId, [offer.body.holdId], { buyer: { name: 'Wag Wagter', email } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    const order = await orderReaches(started.body.accessToken, 'paid');
    expect(order.tickets).toHaveLength(2);
    await serveWaitlists(env, createDb(env.DB), new Date());
    expect((await entries(owner, f.eventId))[0]).toMatchObject({ status: 'claimed', orderId: order.id });
    const audit = await env.DB.prepare("select action from audit_logs where resource_id = ? order by created_at").bind(joined.body.id).all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toEqual(['waitlist.joined', 'waitlist.updated', 'waitlist.offered', 'waitlist.claimed']);
  });

  it('refuses to join while tickets are on sale, and when the organizer turned the list off', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 5 });
    const early = await join(f.eventId, { email: uniqueEmail('early'), name: 'Early', quantity: 1 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('not_sold_out');
    const off = await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}/waitlist/settings`, { token: owner.token, body: { enabled: false } });
    expect(off.status).toBe(200);
    await paidGaOrder(f.eventId, f.gaTypeId, 5);
    const closed = await join(f.eventId, { email: uniqueEmail('late'), name: 'Late', quantity: 1 });
    expect(closed.body.code).toBe('waitlist_closed');
  });

  it('lets a smaller entry go ahead when the group does not fit, the organizer offer by hand, and a buyer leave', async () => {
    const { owner, f, paid } = await soldOut(3);
    const first = await join(f.eventId, { email: uniqueEmail('first'), name: 'First', quantity: 2 });
    const second = await join(f.eventId, { email: uniqueEmail('second'), name: 'Second', quantity: 1 });
    expect(second.body.position).toBe(2);
    const none = await api('POST', `/orgs/${owner.orgId}/events/${f.eventId}/waitlist/${first.body.id}/offer`, { token: owner.token });
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('waitlist_no_places');
    // One place back: the first entry's two don't fit, so the second goes ahead (a jump, at most 3 per entry).
    await refundTicket(owner, paid.orderId, paid.ticketIds[0]!);
    expect((await entries(owner, f.eventId)).map((e) => e.status)).toEqual(['waiting', 'offered']);
    const twice = await api('POST', `/orgs/${owner.orgId}/events/${f.eventId}/waitlist/${second.body.id}/offer`, { token: owner.token });
    expect(twice.body.code).toBe('waitlist_entry_not_waiting');

    // With the list off nothing is offered by itself; the organizer offers the two places that came back by hand.
    expect((await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}/waitlist/settings`, { token: owner.token, body: { enabled: false } })).status).toBe(200);
    await refundTicket(owner, paid.orderId, paid.ticketIds[1]!);
    await refundTicket(owner, paid.orderId, paid.ticketIds[2]!);
    expect((await entries(owner, f.eventId))[0].status).toBe('waiting');
    const manual = await api('POST', `/orgs/${owner.orgId}/events/${f.eventId}/waitlist/${first.body.id}/offer`, { token: owner.token });
    expect(manual.status, JSON.stringify(manual.body)).toBe(200);
    expect(manual.body).toMatchObject({ status: 'offered', quantity: 2 });
    const byHand = await env.DB.prepare("select actor_type, actor_id from audit_logs where resource_id = ? and action = 'waitlist.offered'").bind(first.body.id).first<{ actor_type: string; actor_id: string }>();
    expect(byHand).toMatchObject({ actor_type: 'user', actor_id: owner.userId });

    const bad = await api('POST', `/public/waitlist/${first.body.id}/leave?signature=AAAA`);
    expect(bad.status).toBe(403);
    const left = await api('POST', `/public/waitlist/${linkParts(await leaveUrl(env, first.body.id))}`);
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(left.body.status).toBe('left');
    const list = await entries(owner, f.eventId);
    expect(list.map((e) => [e.position, e.status])).toEqual([[1, 'left'], [2, 'offered']]);
    // The offer's places went back on sale (the list is off).
    expect((await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 2 })).status).toBe(201);

    // Another organization sees none of it.
    const other = await signup();
    expect((await api('GET', `/orgs/${other.orgId}/events/${f.eventId}/waitlist`, { token: other.token })).status).toBe(404);
    expect((await api('POST', `/orgs/${other.orgId}/events/${f.eventId}/waitlist/${second.body.id}/offer`, { token: other.token })).status).toBe(404);
  });
});
