import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../../src/index';
import { api, signup } from '../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';

async function runCron(at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: '*/5 * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe('the unpaid-order sweep', () => {
  it('expires unpaid orders past their expiry, releasing their places, and leaves the rest alone', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { gaCapacity: 2 });
    const h1 = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const stale = await checkout(f.eventId, [h1.body.id]);
    const h2 = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const fresh = await checkout(f.eventId, [h2.body.id]);
    // Make only the first order overdue.
    await env.DB.prepare('update orders set expires_at = ? where id = ?').bind(Date.now() - 1000, stale.body.order.id).run();
    await runCron(Date.now());
    expect((await api('GET', `/public/orders/${stale.body.accessToken}`)).body.status).toBe('expired');
    expect((await api('GET', `/public/orders/${fresh.body.accessToken}`)).body.status).toBe('pending');
    expect((await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 })).status).toBe(201);
    const audit = await api('GET', `/orgs/${owner.orgId}/audit-logs?action=order.expired`, { token: owner.token });
    expect(audit.body.items[0]).toMatchObject({ resourceId: stale.body.order.id, actorType: 'system' });
  });

  it('still honours a payment that arrives after the order expired, if the place is free', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const h = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const started = await checkout(f.eventId, [h.body.id]);
    await env.DB.prepare('update orders set expires_at = ? where id = ?').bind(Date.now() - 1000, started.body.order.id).run();
    await runCron(Date.now());
    await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    const paid = await orderReaches(started.body.accessToken, 'paid');
    expect(paid.tickets).toHaveLength(1);
  });
});
