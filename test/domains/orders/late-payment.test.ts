/**
 * A payment that arrives after its order expired is honoured only if everything it was promised is still there:
 * its seats AND its coupon use. When the coupon was used up meanwhile, the buyer is refunded in full at once, the
 * seats go back on sale, the buyer is told, and the order shows as cancelled (not only in reconciliation).
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../../src/index';
import { api, lastEmail, signup } from '../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';
import { refundAccounts } from '../../support/refunds';

async function runCron(at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: '*/5 * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe('a late payment after the coupon ran out', () => {
  it('is refunded in full, its places go back on sale and the buyer is told', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 10 });
    const coupon = await api('POST', `/orgs/${owner.orgId}/coupons`, { token: owner.token, body: { code: 'LASTONE', kind: 'percent', percentBps: 1000, maxRedemptions: 1 } });
    expect(coupon.status, JSON.stringify(coupon.body)).toBe(201);

    // Buyer A checks out with the last use, then lets the order lapse.
    const ha = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 2 });
    const late = await checkout(f.eventId, [ha.body.id], { couponCode: 'LASTONE' });
    expect(late.status, JSON.stringify(late.body)).toBe(201);
    await env.DB.prepare('update orders set expires_at = ? where id = ?').bind(Date.now() - 1000, late.body.order.id).run();
    await runCron(Date.now());
    expect((await api('GET', `/public/orders/${late.body.accessToken}`)).body.status).toBe('expired');

    // Buyer B takes the use and pays.
    const hb = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const onTime = await checkout(f.eventId, [hb.body.id], { couponCode: 'LASTONE' });
    expect(onTime.status, JSON.stringify(onTime.body)).toBe(201);
    await pressPaymentButton(onTime.body.payment.redirectUrl, 'pay');
    await orderReaches(onTime.body.accessToken, 'paid');

    // Buyer A's payment arrives now.
    await pressPaymentButton(late.body.payment.redirectUrl, 'pay');
    const final = await orderReaches(late.body.accessToken, 'cancelled');
    expect(final.tickets).toEqual([]);
    const detail = await api('GET', `/orgs/${owner.orgId}/orders/${late.body.order.id}`, { token: owner.token });
    expect(detail.body.payments[0].status).toBe('refunded');
    // The provider paid it all back, once.
    const accounts = await refundAccounts(late.body.order.id);
    expect(accounts.paidOutMinor).toBe(late.body.order.totalMinor);
    expect(accounts.payouts).toBe(1);
    const email = await lastEmail(late.body.order.buyerEmail, 'order_auto_refunded');
    expect(email.payload).toMatchObject({ orderId: late.body.order.id, amountMinor: late.body.order.totalMinor });
    expect(email.payload.reason).toMatch(/coupon/i);
    // Only B's place is sold; A's two are back on sale, and nothing is held.
    const live = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/availability`, { token: owner.token });
    expect(live.body.counts.sold).toBe(1);
    expect(live.body.counts.held).toBe(0);
    // The coupon was used once, by B.
    expect((await env.DB.prepare('select redeemed_count as n from coupons where id = ?').bind(coupon.body.id).first<{ n: number }>())!.n).toBe(1);
    const tb = await api('GET', `/orgs/${owner.orgId}/ledger/trial-balance`, { token: owner.token });
    expect(tb.body.balanced).toBe(true);
    const clearing = tb.body.accounts.find((a: { code: string }) => a.code === 'provider_clearing');
    expect(clearing.balanceMinor).toBe(onTime.body.order.totalMinor);
    // The organizer sees it in the order list, not only in reconciliation.
    const listed = await api('GET', `/orgs/${owner.orgId}/orders?status=cancelled&eventId=${f.eventId}`, { token: owner.token });
    expect(listed.body.items.map((o: { id: string }) => o.id)).toContain(late.body.order.id);
  });
});
