/**
 * Server-recorded journey steps (docs/analytics.md, "Server-side events") and the storage's guarantees: a real hold,
 * checkout, failed and successful payment, hold expiry and waiting-room-free purchase through the Worker leave
 * hold_made, checkout_started, payment_started, payment_failed, order_completed and hold_expired rows for that event
 * in Postgres, with the buyer's visitor id from the Visitor-Id header (none under DNT); a redelivered message inserts
 * nothing twice; rows belong to the event's organization and row-level security keeps them there.
 */
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { analyticsEvents } from '../../../src/db/postgres';
import { postgres } from '../../../src/db/postgres-client';
import { analyticsConsumer } from '../../../src/domains/analytics/consumer';
import { MONTHS_AHEAD, prepareAnalyticsPartitions } from '../../../src/domains/analytics/prepare-partitions';
import { rawPostgres } from '../../support/postgres-rows';
import { stepItem } from '../../../src/domains/analytics/record-step';
import type { JourneyMessage } from '../../../src/domains/analytics/schemas';
import { api, BASE, signup, uniqueEmail } from '../../support/api';
import { analyticsEvent, capturedAnalyticsQueue, journeyRows, journeyRowsWhen, sendAnalytics } from '../../support/analytics';
import { fetchWorker } from '../../support/worker-fetch';
import { orderReaches, pressPaymentButton } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';
import { callWithFaults, SHAPES } from '../../support/faults';

const VISITOR = () => `v_${crypto.randomUUID().replace(/-/g, '')}`;
const kinds = (rows: { kind: string }[]) => rows.map((r) => r.kind).sort();

async function buy(eventId: string, ticketTypeId: string, headers: Record<string, string>) {
  const held = await api('POST', `/public/events/${eventId}/holds`, { body: { ticketTypeId, quantity: 1 }, headers });
  expect(held.status).toBe(201);
  const started = await api('POST', `/public/events/${eventId}/checkout`, {
    body: { holds: [held.body.id], buyer: { name: 'Jan Buyer', email: uniqueEmail('journey') } },
    headers,
  });
  expect(started.status).toBe(201);
  return started.body as { accessToken: string; payment: { redirectUrl: string } };
}

/** A public POST through the Worker with the analytics queue captured (what it queued is stored inline after). */
async function postCaptured(captured: ReturnType<typeof capturedAnalyticsQueue>, path: string, body: unknown, headers: Record<string, string>) {
  const request = new Request(`${BASE}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return fetchWorker({ ...env, ANALYTICS_QUEUE: captured.queue }, request);
}

// The payment and expiry steps go through the real analytics queue, shared by the whole suite: its consumer may be
// minutes behind another file's burst, so those tests wait long; the hold and checkout steps are stored inline.
describe('server-side journey steps', { timeout: 420_000 }, () => {
  it('a hold and a checkout through the Worker record hold_made, checkout_started and payment_started with the visitor id', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const visitor = VISITOR();
    const headers = { 'Visitor-Id': visitor, 'CF-Connecting-IP': '203.0.113.50' };
    const captured = capturedAnalyticsQueue();
    const held = await postCaptured(captured, `/public/events/${f.eventId}/holds`, { ticketTypeId: f.gaTypeId, quantity: 1 }, headers);
    expect(held.status).toBe(201);
    const started = await postCaptured(captured, `/public/events/${f.eventId}/checkout`, { holds: [held.body.id], buyer: { name: 'Jan Buyer', email: uniqueEmail('journey') } }, headers);
    expect(started.status).toBe(201);
    await captured.store();
    const rows = await journeyRows(f.eventId);
    expect(kinds(rows)).toEqual(['checkout_started', 'hold_made', 'payment_started']);
    for (const r of rows) expect(r).toMatchObject({ organization_id: owner.orgId, source: 'server', channel: 'storefront', visitor_id: visitor, ip_network: '203.0.113.0/24' });
    expect(rows.find((r) => r.kind === 'hold_made')!.ticket_type_id).toBe(f.gaTypeId);
    // Nothing of the buyer: the name and email given at checkout are nowhere in the rows.
    expect(JSON.stringify(rows)).not.toMatch(/Jan Buyer|@/);
  });

  it('records payment_failed and order_completed from the payment webhooks; DNT leaves the visitor id out', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const failing = await buy(f.eventId, f.gaTypeId, { 'Visitor-Id': VISITOR(), DNT: '1' });
    await pressPaymentButton(failing.payment.redirectUrl, 'fail');
    await orderReaches(failing.accessToken, 'cancelled');
    const visitor = VISITOR();
    const paying = await buy(f.eventId, f.gaTypeId, { 'Visitor-Id': visitor });
    // While the checkout is open the order keeps the visitor (the opted-out one none), for the webhook's step.
    const kept = async () => (await env.DB.prepare('select id, journey_visitor_id as v from orders where event_id = ? order by created_at').bind(f.eventId).all<{ id: string; v: string | null }>()).results.map((o) => o.v);
    expect(await kept()).toEqual([null, visitor]);
    await pressPaymentButton(paying.payment.redirectUrl, 'pay');
    await orderReaches(paying.accessToken, 'paid');
    const rows = await journeyRowsWhen(f.eventId, 'payment steps', (r) => r.some((x) => x.kind === 'order_completed') && r.some((x) => x.kind === 'payment_failed') && r.filter((x) => x.kind === 'hold_made').length === 2, 360_000);
    expect(rows.filter((r) => r.kind === 'order_completed')).toHaveLength(1);
    expect(rows.filter((r) => r.kind === 'payment_failed')).toHaveLength(1);
    expect(rows.filter((r) => r.kind === 'hold_made')).toHaveLength(2);
    // The order completed joins the paying visitor's journey (recorded by the webhook, which has no Visitor-Id);
    // the opted-out buyer's steps carry none.
    expect(rows.find((r) => r.kind === 'order_completed')!.visitor_id).toBe(visitor);
    expect(rows.filter((r) => r.visitor_id === visitor).map((r) => r.kind).sort()).toEqual(['checkout_started', 'hold_made', 'order_completed', 'payment_started']);
    expect(rows.filter((r) => r.visitor_id !== visitor).every((r) => r.visitor_id === null)).toBe(true);
    // Paid or let go, the order no longer knows the visitor.
    expect(await kept()).toEqual([null, null]);
  });

  it('records hold_expired when the inventory expires a hold', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const held = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 2 } });
    expect(held.status).toBe(201);
    const stub = env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(`${owner.orgId}:${f.eventId}`));
    await stub.advanceClockForTests(30 * 60_000);
    await runDurableObjectAlarm(stub);
    const rows = await journeyRowsWhen(f.eventId, 'hold_expired', (r) => r.some((x) => x.kind === 'hold_expired'), 360_000);
    expect(rows.find((r) => r.kind === 'hold_expired')).toMatchObject({ organization_id: owner.orgId, ticket_type_id: f.gaTypeId, source: 'server' });
  });
});

describe('a failed analytics send', () => {
  it('fails neither the hold nor the beacon: the queue refusing the journey message is logged and dropped', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const queueDown = [{ kind: 'queue' as const, nth: 1, error: SHAPES.queueDown, times: 10 }];
    const held = await callWithFaults({ method: 'POST', path: `/public/events/${f.eventId}/holds`, body: { ticketTypeId: f.gaTypeId, quantity: 1 } }, queueDown);
    expect(held.status).toBe(201);
    expect(held.plan.injected.map((i) => i.kind)).toContain('queue');
    const beacon = await callWithFaults({ method: 'POST', path: '/public/analytics', body: { events: [analyticsEvent(f.eventId)] } }, queueDown);
    expect(beacon.status).toBe(202);
    expect(beacon.plan.injected.map((i) => i.kind)).toContain('queue');
  });
});

describe('analytics storage', { timeout: 150_000 }, () => {
  it('a redelivered journey message inserts nothing twice', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const message: JourneyMessage = {
      kind: 'journey',
      items: [stepItem({ kind: 'hold_made', organizationId: owner.orgId, eventId: f.eventId }, null), stepItem({ kind: 'checkout_started', organizationId: owner.orgId, eventId: f.eventId }, null)],
    };
    const ctx = { env, db: undefined as never, waitUntil: () => undefined, attempt: 1, messageId: 'm1' };
    await analyticsConsumer.handle(message, ctx);
    await analyticsConsumer.handle(message, { ...ctx, attempt: 2 });
    const rows = await journeyRowsWhen(f.eventId, 'two rows', (r) => r.length >= 2);
    expect(rows.map((r) => r.id).sort()).toEqual(message.items.map((i) => i.id).sort());
  });

  it("keeps each organization's events to itself: the event decides the organization, and RLS hides and refuses the rest", async () => {
    const a = await signup();
    const b = await signup();
    const fb = await onSaleEvent(b, { layout: false });
    // A storefront of A's cannot file an event under A by naming B's event: it lands in B, the event's owner.
    const event = analyticsEvent(fb.eventId);
    expect((await sendAnalytics([{ ...event, organizationId: a.orgId }])).status).toBe(422);
    expect((await sendAnalytics([event])).status).toBe(202);
    const [row] = await journeyRowsWhen(fb.eventId, 'the row', (r) => r.length === 1);
    expect(row!.organization_id).toBe(b.orgId);

    const pg = postgres(env);
    try {
      const seen = (orgId: string) =>
        pg.forOrganization(orgId, (tx) => tx.select({ id: analyticsEvents.id }).from(analyticsEvents).where(sql`${analyticsEvents.eventId} = ${fb.eventId}`));
      expect(await seen(a.orgId)).toEqual([]);
      expect(await seen(b.orgId)).toEqual([{ id: event.id }]);
      // A's transaction cannot write a row of B's (WITH CHECK), nor can a message meant for B be written as A.
      const intruder = stepItem({ kind: 'order_completed', organizationId: b.orgId, eventId: fb.eventId }, null);
      await expect(
        pg.forOrganization(a.orgId, (tx) => tx.insert(analyticsEvents).values({ ...intruder, occurredAt: new Date(intruder.occurredAt) })),
      ).rejects.toThrow();
    } finally {
      await pg.close();
    }
  });

  it('the daily job makes the monthly partitions of the months ahead', async () => {
    const now = new Date();
    const ahead = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + MONTHS_AHEAD, 1));
    const name = `analytics_events_${ahead.getUTCFullYear()}${String(ahead.getUTCMonth() + 1).padStart(2, '0')}`;
    const exists = () => rawPostgres(async (c) => (await c.query('select to_regclass($1) as r', [name])).rows[0].r !== null);
    // Gone (empty: journey rows are of today), as if the migration's year had run out; the job makes it again.
    await rawPostgres((c) => c.query(`drop table if exists ${name}`));
    expect(await exists()).toBe(false);
    expect((await prepareAnalyticsPartitions(env)).made).toBeGreaterThanOrEqual(1);
    expect(await exists()).toBe(true);
    expect((await prepareAnalyticsPartitions(env)).made).toBe(0);
  });
});
