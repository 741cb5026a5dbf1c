/**
 * Outgoing webhooks against a real HTTP receiver (tools/webhook-receiver, started by global-setup):
 * fan-out to subscribed endpoints only, Standard Webhooks signatures checked by the independent
 * `standardwebhooks` package, retries with the delivery log, secret rotation, dead letters,
 * auto-disable with an email to the owner, replay, and no double post on a redelivered message.
 */
import { env } from 'cloudflare:test';
import { Webhook } from 'standardwebhooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { webhookUrlProblem } from '../../../src/domains/webhooks/urls';
import { attemptDelivery, webhooksConsumer, webhookRetryDelaySeconds, WEBHOOK_MAX_ATTEMPTS } from '../../../src/queues/webhooks';
import { newId } from '../../../src/platform/ids';
import { api, createApiKey, signup, type SignedUp } from '../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';
import { deviceScan, eventToday, buyTickets, registerDevice } from '../../support/scanning';
import { createEndpoint, deliveryStatus, received, receiverUrl, uniquePath, waitFor, type Received } from '../../support/webhooks';

let owner: SignedUp;

beforeAll(async () => {
  owner = await signup({ organizationName: 'Hooked Events' });
});

const base = () => `/orgs/${owner.orgId}/webhooks`;
const deliveriesOf = async (who: SignedUp, endpointId: string) => {
  const res = await api('GET', `/orgs/${who.orgId}/webhooks/${endpointId}/deliveries`, { token: who.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as any[];
};
const headersOf = (r: Received) => ({ 'webhook-id': r.headers['webhook-id']!, 'webhook-timestamp': r.headers['webhook-timestamp']!, 'webhook-signature': r.headers['webhook-signature']! });
const verify = (secret: string, r: Received) => new Webhook(secret).verify(r.body, headersOf(r)) as { type: string; timestamp: string; data: Record<string, any> };

async function paidOrder(who: SignedUp) {
  const f = await onSaleEvent(who, { layout: false });
  const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 2 });
  expect(held.status, JSON.stringify(held.body)).toBe(201);
  const started = await checkout(f.eventId, [held.body.id]);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
  const order = await orderReaches(started.body.accessToken, 'paid');
  return { f, order };
}

describe('webhook endpoints', () => {
  it('shows the signing secret on create only, stores it encrypted, and audits the change', async () => {
    const created = await createEndpoint(owner, { url: `${receiverUrl()}${uniquePath('ok')}`, eventTypes: ['order.paid', 'order.paid'], description: 'CRM' });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(created.eventTypes).toEqual(['order.paid']);
    const got = await api('GET', `${base()}/${created.id}`, { token: owner.token });
    expect(got.status).toBe(200);
    expect(JSON.stringify(got.body)).not.toContain(created.secret);
    const list = await api('GET', base(), { token: owner.token });
    expect(JSON.stringify(list.body)).not.toContain(created.secret);
    const row = await env.DB.prepare('select secret from webhook_endpoints where id = ?').bind(created.id).first<{ secret: string }>();
    expect(row!.secret).not.toContain(created.secret.slice(6));
    const audit = await env.DB.prepare("select action, changes from audit_logs where resource_id = ? and action = 'webhook.created'").bind(created.id).first<{ changes: string }>();
    expect(audit!.changes).not.toContain(created.secret);
  });

  it('refuses http URLs (but this machine outside production), unknown event types and an empty subscription', async () => {
    const bad = async (body: Record<string, unknown>, path: string) => {
      const res = await api('POST', base(), { token: owner.token, body });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await bad({ url: 'http://hooks.example.com/x', eventTypes: ['order.paid'] }, 'body.url');
    await bad({ url: 'ftp://hooks.example.com/x', eventTypes: ['order.paid'] }, 'body.url');
    await bad({ url: 'https://user:pw@hooks.example.com/x', eventTypes: ['order.paid'] }, 'body.url');
    await bad({ url: 'https://hooks.example.com/x', eventTypes: [] }, 'body.eventTypes');
    await bad({ url: 'https://hooks.example.com/x', eventTypes: ['order.bogus'] }, 'body.eventTypes.0');
    expect(webhookUrlProblem('http://127.0.0.1:9999/x', 'test')).toBeNull();
    expect(webhookUrlProblem('http://localhost/x', 'development')).toBeNull();
    expect(webhookUrlProblem('https://hooks.example.com/x', 'production')).toBeNull();
  });

  it('refuses private, loopback and link-local addresses in production', () => {
    for (const url of [
      'http://127.0.0.1/x',
      'https://127.0.0.1/x',
      'https://localhost/x',
      'https://api.localhost/x',
      'https://10.1.2.3/x',
      'https://172.20.0.1/x',
      'https://192.168.1.1/x',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/x',
      'https://0.0.0.0/x',
      'https://0x7f.1/x',
      'https://[::1]/x',
      'https://[fe80::1]/x',
      'https://[fd00::1]/x',
      'https://[::ffff:10.0.0.1]/x',
    ]) {
      expect(webhookUrlProblem(url, 'production'), url).not.toBeNull();
    }
    expect(webhookUrlProblem('https://8.8.8.8/hook', 'production')).toBeNull();
    expect(webhookUrlProblem('https://[2606:4700::1111]/hook', 'production')).toBeNull();
  });

  it('lets an API key read endpoints but never manage them', async () => {
    const key = await createApiKey(owner, ['webhooks.read'], 'hooks reader');
    expect((await api('GET', base(), { token: key.secret })).status).toBe(200);
    const refused = await api('POST', `/orgs/${owner.orgId}/api-keys`, { token: owner.token, body: { name: 'manager', scopes: ['webhooks.manage'] } });
    expect(refused.status).toBe(422);
  });
});

describe('deliveries to a real receiver', () => {
  it('delivers order.paid, signed, to subscribed endpoints only; a flaky endpoint gets it on the 3rd attempt and the log shows why', async () => {
    const okPath = uniquePath('ok', 'paid');
    const flakyPath = uniquePath('fail/2', 'paid');
    const otherPath = uniquePath('ok', 'refunds-only');
    const subscribed = await createEndpoint(owner, { url: `${receiverUrl()}${okPath}`, eventTypes: ['order.paid'] });
    const flaky = await createEndpoint(owner, { url: `${receiverUrl()}${flakyPath}`, eventTypes: ['order.paid', 'order.refunded'] });
    const unsubscribed = await createEndpoint(owner, { url: `${receiverUrl()}${otherPath}`, eventTypes: ['order.refunded'] });

    const { f, order } = await paidOrder(owner);

    const [delivered] = await waitFor(() => received(okPath), (r) => r.length >= 1, 15_000, 'the order.paid delivery');
    expect(delivered!.method).toBe('POST');
    expect(delivered!.headers['content-type']).toBe('application/json');
    expect(delivered!.headers['user-agent']).toMatch(/^Voelgoed-Webhooks\//);
    expect(delivered!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const payload = verify(subscribed.secret, delivered!);
    expect(payload.type).toBe('order.paid');
    expect(new Date(payload.timestamp).toISOString()).toBe(payload.timestamp);
    expect(payload.data).toMatchObject({ orderId: order.id, eventId: f.eventId, status: 'paid', totalMinor: order.totalMinor, currency: order.currency });
    expect(payload.data.tickets.map((t: { id: string }) => t.id).sort()).toEqual(order.tickets.map((t: { id: string }) => t.id).sort());
    expect(delivered!.body).not.toContain(order.tickets[0].qrToken);
    expect(Math.abs(Number(delivered!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);

    // A tampered body, or another endpoint's secret, does not verify.
    expect(() => new Webhook(subscribed.secret).verify(delivered!.body.replace(String(order.totalMinor), String(order.totalMinor + 1)), headersOf(delivered!))).toThrow();
    expect(() => verify(flaky.secret, delivered!)).toThrow();

    const flakyRequests = await waitFor(() => received(flakyPath), (r) => r.length >= 3, 20_000, 'three attempts at the flaky endpoint');
    expect(flakyRequests.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(flakyRequests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(flakyRequests[0]!.headers['webhook-id']).toBe(delivered!.headers['webhook-id']);
    for (const r of flakyRequests) expect(verify(flaky.secret, r).data.orderId).toBe(order.id);

    const [log] = await waitFor(() => deliveriesOf(owner, flaky.id), (items) => items[0]?.status === 'succeeded', 10_000, 'the flaky delivery to succeed');
    expect(log).toMatchObject({ eventType: 'order.paid', status: 'succeeded', eventId: delivered!.headers['webhook-id'], nextAttemptAt: null });
    expect(log.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500, 200]);
    expect(log.attempts.slice(0, 2).every((a: { error: string }) => a.error.startsWith('HTTP 500'))).toBe(true);
    expect(log.attempts[2].error).toBeNull();
    for (const a of log.attempts) {
      expect(Number.isInteger(a.durationMs) && a.durationMs >= 0).toBe(true);
      expect(new Date(a.at).toISOString()).toBe(a.at);
    }

    // The unsubscribed endpoint: the event was fanned out, and it got no delivery.
    await waitFor(
      () => env.DB.prepare("select count(*) as n from webhook_events where organization_id = ? and type = 'order.paid' and fanned_out_at is null").bind(owner.orgId).first<{ n: number }>(),
      (r) => r!.n === 0,
    );
    expect(await deliveriesOf(owner, unsubscribed.id)).toEqual([]);
    expect(await received(otherPath)).toEqual([]);
    expect((await deliveriesOf(owner, subscribed.id)).map((d) => d.status)).toEqual(['succeeded']);
  }, 60_000);

  it('signs with both the new and the old secret for a day after a rotation', async () => {
    const path = uniquePath('ok', 'rotation');
    const endpoint = await createEndpoint(owner, { url: `${receiverUrl()}${path}`, eventTypes: ['order.paid'] });
    const rotated = await api('POST', `${base()}/${endpoint.id}/rotate-secret`, { token: owner.token });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const overlapEnds = new Date(rotated.body.previousSecretExpiresAt).getTime() - Date.now();
    expect(overlapEnds).toBeGreaterThan(23.9 * 3_600_000);
    expect(overlapEnds).toBeLessThanOrEqual(24 * 3_600_000);
    expect((await api('GET', `${base()}/${endpoint.id}`, { token: owner.token })).body).not.toHaveProperty('secret');

    const test = await api('POST', `${base()}/${endpoint.id}/test`, { token: owner.token });
    expect(test.status, JSON.stringify(test.body)).toBe(202);
    const [request] = await waitFor(() => received(path), (r) => r.length >= 1, 15_000, 'the test event');
    expect(request!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verify(rotated.body.secret, request!).type).toBe('webhook.test');
    expect(verify(endpoint.secret, request!).type).toBe('webhook.test');
    expect(request!.headers['webhook-id']).toBe(test.body.eventId);
    const audit = await env.DB.prepare("select count(*) as n from audit_logs where resource_id = ? and action in ('webhook.secret_rotated', 'webhook.test_sent')").bind(endpoint.id).first<{ n: number }>();
    expect(audit!.n).toBe(2);
  }, 30_000);

  it('dead-letters what an endpoint never accepts, disables the endpoint after 5 dead deliveries, tells the owner, and replays to the fixed URL', async () => {
    const gonePath = uniquePath('gone');
    const endpoint = await createEndpoint(owner, { url: `${receiverUrl()}${gonePath}`, eventTypes: ['order.paid'] });
    const sent: { id: string; eventId: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api('POST', `${base()}/${endpoint.id}/test`, { token: owner.token });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      sent.push(res.body);
    }
    for (const d of sent) await waitFor(() => deliveryStatus(d.id), (s) => s === 'dead', 60_000, `delivery ${d.id} to die`);

    const log = await deliveriesOf(owner, endpoint.id);
    expect(log).toHaveLength(5);
    for (const d of log) {
      expect(d.status).toBe('dead');
      expect(d.attempts).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
      expect(d.attempts.every((a: { status: number; error: string }) => a.status === 410 && a.error.startsWith('HTTP 410'))).toBe(true);
    }
    expect(await received(gonePath)).toHaveLength(5 * WEBHOOK_MAX_ATTEMPTS);

    // Every message went on to the dead-letter queue, whose consumer keeps it.
    const letters = await waitFor(
      () => env.DB.prepare("select body from dead_letters where queue = 'voelgoed-webhooks'").all<{ body: string }>(),
      (r) => sent.every((d) => r.results.some((l) => JSON.parse(l.body).id === d.id)),
      15_000,
      'the dead letters',
    );
    expect(letters.results.length).toBeGreaterThanOrEqual(5);

    const disabled = await waitFor(() => api('GET', `${base()}/${endpoint.id}`, { token: owner.token }), (r) => r.body.status === 'disabled', 10_000, 'the endpoint to be disabled');
    expect(disabled.body.consecutiveFailures).toBe(5);
    expect(disabled.body.disabledReason).toMatch(/^5 deliveries in a row failed/);
    const email = await waitFor(
      () => env.DB.prepare("select payload, recipient from notification_outbox where template = 'webhook_disabled' and organization_id = ?").bind(owner.orgId).all<{ payload: string; recipient: string }>(),
      (r) => r.results.length > 0,
    );
    expect(email.results.map((r) => r.recipient)).toEqual([owner.email]);
    expect(JSON.parse(email.results[0]!.payload)).toMatchObject({ endpointId: endpoint.id, url: endpoint.url, reason: disabled.body.disabledReason });
    const audit = await env.DB.prepare("select actor_type as actorType from audit_logs where resource_id = ? and action = 'webhook.disabled'").bind(endpoint.id).first<{ actorType: string }>();
    expect(audit!.actorType).toBe('system');

    // Disabled: no test events, no replays, and a pending delivery is not attempted but marked failed.
    expect((await api('POST', `${base()}/${endpoint.id}/test`, { token: owner.token })).body.code).toBe('webhook_disabled');
    expect((await api('POST', `${base()}/${endpoint.id}/deliveries/${sent[0]!.id}/replay`, { token: owner.token })).status).toBe(409);
    const stray = await insertDelivery(owner.orgId, endpoint.id);
    await attemptDelivery(queueContext(), stray);
    expect(await deliveryStatus(stray)).toBe('failed');
    expect(await received(gonePath)).toHaveLength(5 * WEBHOOK_MAX_ATTEMPTS);

    // Fixed and re-enabled: the count starts again, and a replay of a dead delivery goes through with the same webhook-id.
    const fixedPath = uniquePath('ok', 'fixed');
    const enabled = await api('PATCH', `${base()}/${endpoint.id}`, { token: owner.token, body: { url: `${receiverUrl()}${fixedPath}`, status: 'active' } });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    expect(enabled.body).toMatchObject({ status: 'active', consecutiveFailures: 0, disabledReason: null });
    const replay = await api('POST', `${base()}/${endpoint.id}/deliveries/${sent[0]!.id}/replay`, { token: owner.token });
    expect(replay.status, JSON.stringify(replay.body)).toBe(202);
    expect(replay.body.status).toBe('pending');
    await waitFor(() => deliveryStatus(sent[0]!.id), (s) => s === 'succeeded', 15_000, 'the replay');
    const [again] = await received(fixedPath);
    expect(again!.headers['webhook-id']).toBe(sent[0]!.eventId);
    expect(verify(endpoint.secret, again!).type).toBe('webhook.test');
    const [replayed] = (await deliveriesOf(owner, endpoint.id)).filter((d) => d.id === sent[0]!.id);
    expect(replayed.attempts).toHaveLength(WEBHOOK_MAX_ATTEMPTS + 1);
    expect(replayed.attempts.at(-1).status).toBe(200);
    const replayAudit = await env.DB.prepare("select count(*) as n from audit_logs where resource_id = ? and action = 'webhook.delivery_replayed'").bind(sent[0]!.id).first<{ n: number }>();
    expect(replayAudit!.n).toBe(1);
  }, 120_000);

  it('does not post twice when the same queue message is delivered again', async () => {
    const path = uniquePath('ok', 'redelivery');
    const endpoint = await createEndpoint(owner, { url: `${receiverUrl()}${path}`, eventTypes: ['order.paid'] });
    const deliveryId = await insertDelivery(owner.orgId, endpoint.id);
    const ctx = queueContext();
    await webhooksConsumer.handle({ kind: 'delivery', id: deliveryId }, ctx);
    await webhooksConsumer.handle({ kind: 'delivery', id: deliveryId }, { ...ctx, attempt: 2 });
    expect(await received(path)).toHaveLength(1);
    expect(verify(endpoint.secret, (await received(path))[0]!).data).toEqual({ probe: true });
    const [log] = await deliveriesOf(owner, endpoint.id);
    expect(log).toMatchObject({ id: deliveryId, status: 'succeeded' });
    expect(log.attempts).toHaveLength(1);
  });

  it('announces refunds, cancellations, event publication and check-ins to endpoints subscribed to them', async () => {
    const who = await signup({ organizationName: 'Everything Hooked' });
    const path = uniquePath('ok', 'all');
    const endpoint = await createEndpoint(who, { url: `${receiverUrl()}${path}`, eventTypes: ['order.refunded', 'order.cancelled', 'event.published', 'event.cancelled', 'ticket.checked_in'] });
    const { f, north } = await eventToday({ owner: who });
    const { orderId, tickets } = await buyTickets(f.eventId, f.gaTypeId, 2);
    const device = await registerDevice(who, [f.eventId], north);
    const scan = await deviceScan(device.token, { eventId: f.eventId, token: tickets[0]!.qrToken, nonce: 'hook-1' });
    expect(scan.body.result).toBe('valid');
    // The same scan again (a retried upload) is the same check-in: announced once.
    expect((await deviceScan(device.token, { eventId: f.eventId, token: tickets[0]!.qrToken, nonce: 'hook-1' })).body.result).toBe('valid');
    const refund = await api('POST', `/orgs/${who.orgId}/orders/${orderId}/refunds`, { token: who.token, body: { ticketIds: [tickets[1]!.id], reason: 'Cannot come' } });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 1 });
    const pending = await checkout(f.eventId, [held.body.id]);
    expect((await api('POST', `/orgs/${who.orgId}/orders/${pending.body.order.id}/cancel`, { token: who.token })).status).toBe(200);
    expect((await api('POST', `/orgs/${who.orgId}/events/${f.eventId}/status`, { token: who.token, body: { status: 'cancelled' } })).status).toBe(200);

    const requests = await waitFor(() => received(path), (r) => r.length >= 5, 15_000, 'five events');
    const events = requests.map((r) => verify(endpoint.secret, r));
    const byType = Object.fromEntries(events.map((e) => [e.type, e.data]));
    // The endpoint existed before the event was published, so publishing was announced too.
    expect(Object.keys(byType).sort()).toEqual(['event.cancelled', 'event.published', 'order.cancelled', 'order.refunded', 'ticket.checked_in']);
    expect(byType['event.published']).toMatchObject({ eventId: f.eventId, status: 'published', venueId: f.venueId });
    expect(events.filter((e) => e.type === 'ticket.checked_in')).toHaveLength(1);
    expect(byType['ticket.checked_in']).toMatchObject({ ticketId: tickets[0]!.id, eventId: f.eventId, deviceId: device.id, gateId: north, offline: false });
    expect(byType['order.refunded']).toMatchObject({ orderId, refundId: refund.body.id, amountMinor: refund.body.amountMinor, currency: refund.body.currency, cancelledTicketIds: [tickets[1]!.id], status: 'partially_refunded' });
    expect(byType['order.cancelled']).toMatchObject({ orderId: pending.body.order.id, reason: 'cancelled_by_organizer', status: 'cancelled' });
    expect(byType['event.cancelled']).toMatchObject({ eventId: f.eventId, status: 'cancelled' });
    expect(requests).toHaveLength(5);
    for (const e of events) expect(JSON.stringify(e.data)).not.toMatch(/qrToken|accessToken|whsec_/);
  }, 60_000);

  it('retries with exponential backoff: base · 4^(n−1) seconds, at most 12 hours', () => {
    const prod = { ...env, QUEUE_RETRY_BASE_SECONDS: '5' } as Cloudflare.Env;
    expect(Array.from({ length: WEBHOOK_MAX_ATTEMPTS - 1 }, (_, i) => webhookRetryDelaySeconds(prod, i + 1))).toEqual([5, 20, 80, 320, 1280, 5120, 20480, 43200]);
    expect(webhookRetryDelaySeconds(env, 3)).toBe(0);
  });
});

/** A pending delivery of a one-off event, straight into D1 (no queue message: the test drives the consumer itself). */
async function insertDelivery(orgId: string, endpointId: string): Promise<string> {
  const eventId = newId('wev');
  const deliveryId = newId('whd');
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare("insert into webhook_events (id, organization_id, type, payload, fanned_out_at, created_at) values (?, ?, 'order.paid', ?, ?, ?)").bind(eventId, orgId, JSON.stringify({ probe: true }), now, now),
    env.DB.prepare("insert into webhook_deliveries (id, organization_id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at, updated_at) values (?, ?, ?, ?, 'pending', '[]', ?, ?, ?)").bind(
      deliveryId,
      orgId,
      endpointId,
      eventId,
      now,
      now,
      now,
    ),
  ]);
  return deliveryId;
}

function queueContext() {
  return { env, db: createDb(env.DB), waitUntil: () => {}, attempt: 1, messageId: `test-${Math.random().toString(36).slice(2)}` };
}
