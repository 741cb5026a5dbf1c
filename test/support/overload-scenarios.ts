/**
 * Representative routes for the overload tests (test/platform/overload*.test.ts): each sets up what it needs over the
 * real Worker, names the request to send with a fault injected and again cleanly, and checks what a user or an
 * operator would notice afterwards (no oversell, the ledger balances, the inventory agrees with D1, nothing twice).
 */
import { env, SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import { createTestProvider } from '../../src/domains/payments/test-provider';
import { BASE, uniqueEmail, uniqueIp, type SignedUp } from './api';
import { checkout, hold, sessionIdOf } from './checkout';
import { draftEvent, onSaleEvent } from './events';
import { expectRefundsAgree, paidGaOrder, refundAccounts } from './refunds';
import type { FaultKind } from './faults';
import { buyTickets, eventToday, nextNonce, registerDevice } from './scanning';

export type Attempt = 'faulty' | 'retry';
export type Scenario<S = any> = {
  name: string;
  /** The route's success statuses. */
  success: number[];
  /** The bindings the route calls (where the property aims its faults). */
  uses: FaultKind[];
  /** Statuses a clean retry may answer when the faulty call's change was made but its answer was lost (when: 'after'). */
  retryAfterCommit?: number[];
  setup(owner: SignedUp): Promise<S>;
  request(s: S, attempt: Attempt): Promise<Request> | Request;
  /**
   * The invariants after the faulty call and a clean retry. `lostAnswer`: the fault came after the platform applied
   * the call (its answer lost), so a create without a key of its own may have happened twice.
   */
  check(s: S, lostAnswer?: boolean): Promise<void>;
};

const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${BASE}${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const one = async <T>(sql: string, ...params: unknown[]) => (await env.DB.prepare(sql).bind(...params).first<T>())!;

/** What the inventory object says, as the organizer's availability route answers it. */
async function live(owner: SignedUp, eventId: string) {
  const res = await fetchJson('GET', `/orgs/${owner.orgId}/events/${eventId}/availability`, owner.token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { status: string; activeHolds: number; counts: { sold: number; held: number; checkedIn: number; capacity?: number } };
}

async function fetchJson(method: string, path: string, token: string) {
  const res = await SELF.fetch(`${BASE}${path}`, { method, headers: bearer(token) });
  return { status: res.status, body: (await res.json()) as any };
}

/** Sold in the object = valid tickets in D1 (what the hourly reconciliation checks); the ledger balances. */
async function expectInventoryAgreesWithD1(owner: SignedUp, eventId: string) {
  const counts = (await live(owner, eventId)).counts;
  const valid = await one<{ n: number }>("select count(*) as n from tickets where event_id = ? and status = 'valid'", eventId);
  expect(counts.sold, 'sold in the inventory = valid tickets in D1').toBe(valid.n);
  const ledger = await one<{ d: number; c: number }>('select coalesce(sum(debit_minor), 0) as d, coalesce(sum(credit_minor), 0) as c from journal_lines where organization_id = ?', owner.orgId);
  expect(ledger.d, 'the ledger balances').toBe(ledger.c);
}

/** No hold is bound to an order that does not exist (a claim left behind by a checkout that failed). */
async function expectNoOrphanClaims(eventId: string) {
  const orphans = await one<{ n: number }>('select count(*) as n from hold_claims c where c.event_id = ? and not exists (select 1 from orders o where o.id = c.order_id)', eventId);
  expect(orphans.n, 'hold claims without their order').toBe(0);
}

const holdScenario: Scenario<{ owner: SignedUp; eventId: string; typeId: string; key: string }> = {
  name: 'public hold',
  success: [201],
  uses: ['durableObject', 'd1'],
  async setup(owner) {
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 5 });
    return { owner, eventId: f.eventId, typeId: f.gaTypeId, key: nextNonce('hold') };
  },
  request: (s) => json('POST', `/public/events/${s.eventId}/holds`, { ticketTypeId: s.typeId, quantity: 2 }, { 'Idempotency-Key': s.key }),
  async check(s) {
    const l = await live(s.owner, s.eventId);
    expect(l.activeHolds, 'one hold, made once').toBe(1);
    expect(l.counts.held).toBe(2);
  },
};

const checkoutScenario: Scenario<{ owner: SignedUp; eventId: string; holdId: string; email: string }> = {
  name: 'checkout',
  success: [201],
  uses: ['d1', 'durableObject', 'queue'],
  retryAfterCommit: [409],
  async setup(owner) {
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 5 });
    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 2 });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    return { owner, eventId: f.eventId, holdId: held.body.id, email: uniqueEmail('buyer') };
  },
  request: (s) => json('POST', `/public/events/${s.eventId}/checkout`, { holds: [s.holdId], buyer: { name: 'Buyer Test', email: s.email } }),
  async check(s) {
    const orders = await one<{ n: number }>('select count(*) as n from orders where event_id = ?', s.eventId);
    expect(orders.n, 'one order for the hold').toBe(1);
    const lines = await one<{ n: number }>('select count(*) as n from order_lines l join orders o on o.id = l.order_id where o.event_id = ?', s.eventId);
    expect(lines.n, 'with its two lines').toBe(2);
    const payments = await one<{ n: number }>('select count(*) as n from payments p join orders o on o.id = p.order_id where o.event_id = ?', s.eventId);
    expect(payments.n, 'and one payment').toBe(1);
    await expectNoOrphanClaims(s.eventId);
    expect((await live(s.owner, s.eventId)).counts.sold).toBe(0);
  },
};

const webhookScenario: Scenario<{ owner: SignedUp; eventId: string; accessToken: string; sessionId: string }> = {
  name: 'payment webhook (order completion)',
  success: [200],
  uses: ['d1', 'durableObject', 'queue'],
  async setup(owner) {
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 5 });
    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 2 });
    const started = await checkout(f.eventId, [held.body.id]);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    return { owner, eventId: f.eventId, accessToken: started.body.accessToken, sessionId: sessionIdOf(started.body.payment.redirectUrl) };
  },
  // A real PSP redelivers until it gets a 2xx: the retry is the same event, freshly signed.
  request: (s) => createTestProvider(env).webhookRequest(s.sessionId, 'pay', { origin: 'https://voelgoed.test' }),
  async check(s) {
    const order = await one<{ id: string; status: string }>('select id, status from orders where event_id = ?', s.eventId);
    expect(order.status).toBe('paid');
    const tickets = await one<{ n: number }>("select count(*) as n from tickets where order_id = ? and status = 'valid'", order.id);
    expect(tickets.n, 'two tickets, issued once').toBe(2);
    const paid = await one<{ n: number }>("select count(*) as n from payments where order_id = ? and status = 'completed'", order.id);
    expect(paid.n, 'one completed payment').toBe(1);
    await expectInventoryAgreesWithD1(s.owner, s.eventId);
  },
};

const refundScenario: Scenario<{ owner: SignedUp; eventId: string; orderId: string; key: string }> = {
  name: 'refund',
  success: [201],
  uses: ['d1', 'durableObject', 'queue'],
  retryAfterCommit: [409],
  async setup(owner) {
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 5 });
    const paid = await paidGaOrder(f.eventId, f.gaTypeId, 2);
    return { owner, eventId: f.eventId, orderId: paid.orderId, key: nextNonce('refund') };
  },
  // Money moves in steps (claim, pay out, record): the client retries under the same Idempotency-Key, which finishes
  // the refund the failed request started (src/domains/orders/refunds.ts).
  request: (s) => json('POST', `/orgs/${s.owner.orgId}/orders/${s.orderId}/refunds`, { reason: 'Buyer cannot attend' }, { ...bearer(s.owner.token), 'Idempotency-Key': s.key }),
  async check(s) {
    const accounts = await refundAccounts(s.orderId);
    expectRefundsAgree(accounts);
    expect(accounts.refundedMinor, 'refunded once, in full').toBe(accounts.totalMinor);
    await expectInventoryAgreesWithD1(s.owner, s.eventId);
  },
};

const scanScenario: Scenario<{ owner: SignedUp; eventId: string; deviceToken: string; qr: string; nonce: string }> = {
  name: 'online scan',
  success: [200],
  uses: ['d1', 'durableObject', 'queue'],
  async setup(owner) {
    const { f } = await eventToday({ owner });
    const bought = await buyTickets(f.eventId, f.gaTypeId, 1);
    const device = await registerDevice(owner, [f.eventId]);
    return { owner, eventId: f.eventId, deviceToken: device.token, qr: bought.tickets[0]!.qrToken, nonce: nextNonce('scan') };
  },
  // A scanner retries a scan under the same nonce: the same scan, answered the same (src/domains/scanning/scan.ts).
  request: (s) => json('POST', '/device/scan', { eventId: s.eventId, token: s.qr, nonce: s.nonce }, bearer(s.deviceToken)),
  async check(s) {
    const replay = await SELF.fetch(await scanScenario.request(s, 'retry'));
    expect(((await replay.json()) as { result: string }).result, 'the scan, asked again, is still the valid one').toBe('valid');
    const counts = (await live(s.owner, s.eventId)).counts;
    const admitted = await one<{ n: number }>("select count(distinct ticket_id) as n from scans where event_id = ? and direction = 'in' and result = 'valid'", s.eventId);
    expect(counts.checkedIn, 'checked in once, in the inventory').toBe(1);
    expect(admitted.n, 'and its admitting scan recorded in D1').toBe(1);
  },
};

const publishScenario: Scenario<{ owner: SignedUp; eventId: string }> = {
  name: 'event publish',
  success: [200],
  uses: ['d1', 'durableObject'],
  async setup(owner) {
    return { owner, eventId: (await draftEvent(owner, { layout: false })).eventId };
  },
  request: (s) => json('POST', `/orgs/${s.owner.orgId}/events/${s.eventId}/status`, { status: 'published' }, bearer(s.owner.token)),
  async check(s) {
    const row = await one<{ status: string }>('select status from events where id = ?', s.eventId);
    expect(row.status).toBe('published');
    expect((await live(s.owner, s.eventId)).status, 'the inventory has the event as published').toBe('published');
  },
};

const exportScenario: Scenario<{ owner: SignedUp }> = {
  name: 'export request',
  success: [202],
  uses: ['d1', 'queue'],
  async setup(owner) {
    return { owner };
  },
  request: (s) => json('POST', `/orgs/${s.owner.orgId}/exports`, { kind: 'orders' }, bearer(s.owner.token)),
  async check(s, lostAnswer) {
    const live = await one<{ n: number }>("select count(*) as n from export_jobs where organization_id = ? and status != 'failed'", s.owner.orgId);
    // A job row that committed with D1's answer lost, then the retry's: two files, never none (no key makes them one).
    if (lostAnswer) expect(live.n).toBeGreaterThanOrEqual(1);
    else expect(live.n, 'one export under way; a failed request says so on its job').toBe(1);
    expect(live.n).toBeLessThanOrEqual(2);
    const stuck = await one<{ n: number }>("select count(*) as n from export_jobs where organization_id = ? and status = 'failed' and error is null", s.owner.orgId);
    expect(stuck.n).toBe(0);
  },
};

const signupScenario: Scenario<{ email: string; ip: string }> = {
  name: 'signup',
  success: [201],
  uses: ['d1', 'upstash', 'queue'],
  retryAfterCommit: [409],
  async setup() {
    return { email: uniqueEmail('overload'), ip: uniqueIp() };
  },
  request: (s) => json('POST', '/auth/signup', { email: s.email, password: 'correct-horse-battery', name: 'New Owner', organizationName: 'New Org' }, { 'CF-Connecting-IP': s.ip }),
  async check(s) {
    const users = await one<{ n: number }>('select count(*) as n from users where email = ?', s.email);
    expect(users.n, 'one account').toBe(1);
    const memberships = await one<{ n: number }>('select count(*) as n from memberships m join users u on u.id = m.user_id where u.email = ?', s.email);
    expect(memberships.n, 'owning one organization').toBe(1);
  },
};

export const SCENARIOS: Scenario[] = [holdScenario, checkoutScenario, webhookScenario, refundScenario, scanScenario, publishScenario, exportScenario, signupScenario];
