/**
 * Order links (src/domains/orders/access-token.ts, rotate-link.ts): random, stored hashed, re-issued by the
 * organizer with the old link dead; and request logs name route patterns, never the token-bearing path.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { orderLinkToken } from '../../../src/domains/orders/access-token';
import { sha256Hex } from '../../../src/platform/crypto';
import worker from '../../../src/index';
import { api, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { checkout, hold, pressPaymentButton } from '../../support/checkout';
import { buyTickets } from '../../support/scanning';

async function paidOrder() {
  const owner = await signup();
  const { eventId, gaTypeId } = await onSaleEvent(owner);
  const order = await buyTickets(eventId, gaTypeId, 1);
  return { owner, ...order };
}

const orderRow = (id: string) =>
  env.DB.prepare('select id, access_token_hash as accessTokenHash, access_token_sealed as accessTokenSealed from orders where id = ?')
    .bind(id)
    .first<{ id: string; accessTokenHash: string; accessTokenSealed: string | null }>();

describe('order links', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are 256 random bits, stored only hashed and sealed, and not derived from the order id', async () => {
    const { orderId, accessToken } = await paidOrder();
    expect(accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = (await orderRow(orderId))!;
    expect(row.accessTokenHash).toBe(await sha256Hex(accessToken));
    expect(JSON.stringify(row)).not.toContain(accessToken);
    // The old scheme: HMAC(JWT_SECRET, orderId). A random link is not it.
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(`voelgoed/order-link/v1:${env.JWT_SECRET}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const derived = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(orderId))))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(accessToken).not.toBe(derived);
  });

  it('never reach the payment provider: the return URLs it is given name the order only', async () => {
    const owner = await signup();
    const { eventId, gaTypeId } = await onSaleEvent(owner);
    const held = await hold(eventId, { ticketTypeId: gaTypeId, quantity: 1 });
    const started = await checkout(eventId, [held.body.id]);
    expect(started.status).toBe(201);
    const { accessToken, order } = started.body as { accessToken: string; order: { id: string } };
    // What the provider hands back to the buyer's browser is what it was given.
    const paid = await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    expect(paid.headers.get('Location')).toBe(`${env.APP_URL}/orders/return/${order.id}?paid=1`);
    const held2 = await hold(eventId, { ticketTypeId: gaTypeId, quantity: 1 });
    const other = await checkout(eventId, [held2.body.id]);
    const cancelled = await pressPaymentButton(other.body.payment.redirectUrl, 'cancel');
    expect(cancelled.headers.get('Location')).toBe(`${env.APP_URL}/orders/return/${other.body.order.id}?cancelled=1`);
    for (const location of [paid.headers.get('Location'), cancelled.headers.get('Location')]) {
      expect(location).not.toContain(accessToken);
      expect(location).not.toContain(other.body.accessToken);
    }
  });

  it('re-issued by the organizer: the old link answers 404, the new one (emailed to the buyer) works', async () => {
    const { owner, orderId, accessToken } = await paidOrder();
    expect((await api('GET', `/public/orders/${accessToken}`)).status).toBe(200);
    const rotated = await api('POST', `/orgs/${owner.orgId}/orders/${orderId}/rotate-link`, { token: owner.token });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.id).toBe(orderId);
    const fresh = await orderLinkToken(env, (await orderRow(orderId))!);
    expect(fresh).not.toBe(accessToken);
    expect(JSON.stringify(rotated.body)).not.toContain(fresh); // the organizer never sees the link
    expect((await api('GET', `/public/orders/${accessToken}`)).status).toBe(404);
    expect((await api('GET', `/public/orders/${accessToken}/tickets.pdf`)).status).toBe(404);
    const opened = await api('GET', `/public/orders/${fresh}`);
    expect(opened.status).toBe(200);
    expect(opened.body.id).toBe(orderId);
    // The buyer gets the confirmation again; it is composed with the new link.
    const mail = await env.DB.prepare("select payload from notification_outbox where template = 'order_confirmation' and json_extract(payload, '$.orderId') = ? and json_extract(payload, '$.linkRotated') = 1")
      .bind(orderId)
      .first<{ payload: string }>();
    expect(mail).toBeTruthy();
    const audit = await env.DB.prepare("select count(*) as n from audit_logs where resource_id = ? and action = 'order.link_rotated'").bind(orderId).first<{ n: number }>();
    expect(audit!.n).toBe(1);
  });

  it('another organization gets 404', async () => {
    const { orderId } = await paidOrder();
    const stranger = await signup();
    expect((await api('POST', `/orgs/${stranger.orgId}/orders/${orderId}/rotate-link`, { token: stranger.token })).status).toBe(404);
  });
});

describe('request logs', () => {
  afterEach(() => vi.restoreAllMocks());

  it('name the route pattern, never the token in the path or the query', async () => {
    const { accessToken } = await paidOrder();
    const lines: string[] = [];
    for (const level of ['log', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation((line: unknown) => void lines.push(String(line)));
    // The suite runs with LOG_LEVEL=warn (vitest.config.ts); a deployment logs every request.
    const atInfo = async (path: string, init?: RequestInit) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`https://voelgoed.test/api/v1${path}`, init) as Parameters<typeof worker.fetch>[0], { ...env, LOG_LEVEL: 'info' } as Cloudflare.Env, ctx);
      await waitOnExecutionContext(ctx);
      return res.status;
    };
    expect(await atInfo(`/public/orders/${accessToken}?token=${accessToken}`)).toBe(200);
    expect(await atInfo(`/public/orders/${accessToken}x`)).toBe(404);
    expect(await atInfo('/invitations/preview', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: accessToken }) })).toBe(404);
    vi.restoreAllMocks();
    const requests = lines.filter((l) => l.includes('"msg":"request"'));
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.some((l) => l.includes('"route":"/api/v1/public/orders/:accessToken"')), requests.join('\n')).toBe(true);
    for (const line of lines) expect(line).not.toContain(accessToken);
  });
});
