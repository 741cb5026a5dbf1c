/**
 * Who decides about a checkout: the platform picks the payment provider (never the buyer), and a hold is bound
 * to the first checkout that takes it; a second checkout of it is refused before any payment starts.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { startCheckout } from '../../../src/domains/orders/checkout';
import { api, signup, uniqueEmail } from '../../support/api';
import { checkout, hold } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';

const countOrders = async (eventId: string) => (await env.DB.prepare('select count(*) as n from orders where event_id = ?').bind(eventId).first<{ n: number }>())!.n;
const countPayments = async (eventId: string) =>
  (await env.DB.prepare('select count(*) as n from payments p join orders o on o.id = p.order_id where o.event_id = ?').bind(eventId).first<{ n: number }>())!.n;

describe('the payment provider is the platform’s', () => {
  it('refuses a checkout body that names a provider', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    for (const provider of ['test', 'stripe']) {
      const res = await checkout(f.eventId, [held.body.id], { provider });
      // Unknown fields are refused as every strict schema refuses them (422 validation_failed, naming the field).
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).toContain("provider");
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await countOrders(f.eventId)).toBe(0);
    // The hold is untouched: the buyer can still check it out, on the platform's provider.
    const ok = await checkout(f.eventId, [held.body.id]);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const detail = await api('GET', `/orgs/${owner.orgId}/orders/${ok.body.order.id}`, { token: owner.token });
    expect(detail.body.payments[0].provider).toBe(env.PAYMENT_PROVIDER);
  });

  it('uses the platform’s PAYMENT_PROVIDER for the order (here Stripe without keys: not configured, nothing written)', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const platform = { ...env, PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: undefined } as typeof env;
    const ctx = { env: platform, db: createDb(env.DB), requestId: 'req_test', ip: null, userAgent: null };
    const refused = await startCheckout({ ctx, eventId: f.eventId, input: { holds: [held.body.id], buyer: { name: 'Buyer Test', email: uniqueEmail('buyer') } } }).catch((e) => e);
    expect(refused.status).toBe(503);
    expect(refused.code).toBe('payment_provider_not_configured');
    expect(await countOrders(f.eventId)).toBe(0);
    // The failed attempt let its claim on the hold go.
    expect((await checkout(f.eventId, [held.body.id])).status).toBe(201);
  });
});

describe('one hold, one checkout', () => {
  it('refuses a second checkout of the same hold with 409 before any payment starts (different keys and no key)', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 2 });
    const tries = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api('POST', `/public/events/${f.eventId}/checkout`, {
        body: { holds: [held.body.id], buyer: { name: 'Buyer Test', email: uniqueEmail('buyer') } },
        headers: i % 2 ? { 'Idempotency-Key': `checkout-${i}` } : {},
      })),
    );
    const created = tries.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    for (const r of tries.filter((r) => r.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('hold_already_checked_out');
    }
    expect(await countOrders(f.eventId)).toBe(1);
    expect(await countPayments(f.eventId)).toBe(1);
    // Later, too.
    const late = await checkout(f.eventId, [held.body.id]);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('hold_already_checked_out');
  });

  it('answers parallel checkouts under one Idempotency-Key with one order', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const body = { holds: [held.body.id], buyer: { name: 'Buyer Test', email: uniqueEmail('buyer') } };
    const tries = await Promise.all(
      Array.from({ length: 6 }, () => api('POST', `/public/events/${f.eventId}/checkout`, { body, headers: { 'Idempotency-Key': 'one-checkout' } })),
    );
    const created = tries.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.order.id)).size).toBe(1);
    for (const r of tries.filter((r) => r.status !== 201)) expect(r.status).toBe(409);
    expect(await countOrders(f.eventId)).toBe(1);
    expect(await countPayments(f.eventId)).toBe(1);
  });

  it('refuses a checkout mixing a fresh hold with one already checked out, and leaves the fresh one free', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const a = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const b = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    expect((await checkout(f.eventId, [a.body.id])).status).toBe(201);
    const mixed = await checkout(f.eventId, [a.body.id, b.body.id]);
    expect(mixed.status).toBe(409);
    expect((await checkout(f.eventId, [b.body.id])).status).toBe(201);
  });
});
