/**
 * Hidden ticket types (issue 12, item 10): a presale type can't be held anonymously; an access code (a coupon that
 * unlocks hidden types, possibly with no discount) reveals it on the event page, lets the buyer hold it, and stays
 * applied through checkout, where the coupon's usage limit still counts.
 */
import { describe, expect, it } from 'vitest';
import { api, signup, type SignedUp } from '../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';

async function presale(owner: SignedUp, eventId: string, name: string) {
  const res = await api('POST', `/orgs/${owner.orgId}/events/${eventId}/ticket-types`, {
    token: owner.token,
    body: { name, kind: 'ga', capacity: 20, priceMinor: 15000, visibility: 'hidden' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function accessCode(owner: SignedUp, body: Record<string, unknown>) {
  const res = await api('POST', `/orgs/${owner.orgId}/coupons`, { token: owner.token, body: { kind: 'percent', percentBps: 0, unlocksHidden: true, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function setup() {
  const owner = await signup();
  const f = await onSaleEvent(owner, { layout: false });
  const fans = await presale(owner, f.eventId, 'Fan presale');
  const press = await presale(owner, f.eventId, 'Press');
  return { owner, f, fans, press };
}

describe('hidden ticket types', () => {
  it('cannot be held without a code, and answer exactly as a type that does not exist', async () => {
    const { f, fans } = await setup();
    const refused = await hold(f.eventId, { ticketTypeId: fans, quantity: 1 });
    const unknown = await hold(f.eventId, { ticketTypeId: 'tty_01doesnotexist0000000000', quantity: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe(unknown.body.code);
    expect(refused.body.detail).toBe(unknown.body.detail);
    expect(JSON.stringify(refused.body)).not.toContain('Fan presale');
  });

  it('are revealed and held with an access code that unlocks them, and only those', async () => {
    const { owner, f, fans, press } = await setup();
    await accessCode(owner, { code: 'FANS-ONLY', eventId: f.eventId, ticketTypeIds: [fans] });

    const plain = await api('GET', `/public/events/${f.eventId}`);
    expect(plain.body.ticketTypes.map((t: { id: string }) => t.id)).toEqual([f.gaTypeId]);
    const unlocked = await api('GET', `/public/events/${f.eventId}?code=fans-only`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.ticketTypes.map((t: { id: string }) => t.id)).toEqual([f.gaTypeId, fans]);
    expect(unlocked.body.ticketTypes.find((t: { id: string }) => t.id === fans).available).toBeNull();
    expect(unlocked.headers.get('Cache-Control')).toBe('private, no-store');
    // Nothing hints at the press type.
    expect(JSON.stringify(unlocked.body)).not.toContain(press);
    expect(JSON.stringify(unlocked.body)).not.toContain('Press');

    const bad = await api('GET', `/public/events/${f.eventId}?code=NOPE`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].code).toBe('coupon_unknown');

    const held = await hold(f.eventId, { ticketTypeId: fans, quantity: 2, accessCode: 'FANS-ONLY' });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    // The code unlocks the fan presale, not the press allocation.
    const other = await hold(f.eventId, { ticketTypeId: press, quantity: 1, accessCode: 'FANS-ONLY' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('validation_failed');
    // A plain discount coupon unlocks nothing.
    await api('POST', `/orgs/${owner.orgId}/coupons`, { token: owner.token, body: { code: 'TEN-OFF', kind: 'percent', percentBps: 1000 } });
    expect((await hold(f.eventId, { ticketTypeId: fans, quantity: 1, accessCode: 'TEN-OFF' })).status).toBe(422);
    expect((await api('GET', `/public/events/${f.eventId}?code=TEN-OFF`)).body.ticketTypes.map((t: { id: string }) => t.id)).toEqual([f.gaTypeId]);
  });

  it('stay unlocked through checkout, and the code’s usage limit counts when the order completes', async () => {
    const { owner, f, fans } = await setup();
    await accessCode(owner, { code: 'ONE-FAN', ticketTypeIds: [fans], maxRedemptions: 1 });
    const held = await hold(f.eventId, { ticketTypeId: fans, quantity: 1, accessCode: 'ONE-FAN' });
    expect(held.status).toBe(201);
    // Without the code the checkout refuses the hidden type; with it the order goes through at full price.
    const without = await checkout(f.eventId, [held.body.id]);
    expect(without.status).toBe(422);
    const started = await checkout(f.eventId, [held.body.id], { couponCode: 'ONE-FAN' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    const order = await orderReaches(started.body.accessToken, 'paid');
    expect(order.tickets).toHaveLength(1);
    // Used up: the next buyer's code neither reveals nor holds the presale.
    const spent = await api('GET', `/public/events/${f.eventId}?code=ONE-FAN`);
    expect(spent.status).toBe(422);
    expect(spent.body.errors[0].code).toBe('coupon_exhausted');
    expect((await hold(f.eventId, { ticketTypeId: fans, quantity: 1, accessCode: 'ONE-FAN' })).status).toBe(422);
  });

  it('takes a pure access code with no discount, and refuses a 0 % coupon that unlocks nothing', async () => {
    const owner = await signup();
    const zero = await api('POST', `/orgs/${owner.orgId}/coupons`, { token: owner.token, body: { code: 'ZERO', kind: 'percent', percentBps: 0 } });
    expect(zero.status).toBe(422);
    const code = await accessCode(owner, { code: 'PRESALE' });
    expect(code).toMatchObject({ percentBps: 0, unlocksHidden: true });
  });
});
