/** The storefront quote over HTTP: fees, VAT, rules by seat category, coupons, hidden types, and every refusal. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signup, type SignedUp } from '../../support/api';
import { draftEvent, onSaleEvent, type EventFixture } from '../../support/events';

const quote = (eventId: string, body: unknown) => api('POST', `/public/events/${eventId}/quote`, { body });

async function setVat(owner: SignedUp, vatMode: 'inclusive' | 'exclusive', vatRateBps: number) {
  const res = await api('PATCH', `/orgs/${owner.orgId}/settings`, { token: owner.token, body: { vatMode, vatRateBps } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function seatsByCategory(eventId: string): Promise<Record<string, string[]>> {
  const map = await api('GET', `/public/events/${eventId}/seat-map`);
  const out: Record<string, string[]> = {};
  for (const [id, , , category] of map.body.seats as [string, number, number, string][]) (out[category] ??= []).push(id);
  return out;
}

async function post(owner: SignedUp, path: string, body: unknown) {
  const res = await api('POST', `/orgs/${owner.orgId}${path}`, { token: owner.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const firstError = (res: { status: number; body: any }) => ({ status: res.status, code: res.body.errors?.[0]?.code, path: res.body.errors?.[0]?.path });

describe('the public quote', () => {
  it('prices general-admission places with the fee and VAT, and writes nothing', async () => {
    const owner = await signup();
    await setVat(owner, 'inclusive', 1500);
    const f = await onSaleEvent(owner);
    const before = await env.DB.prepare('select count(*) as n from audit_logs').first('n');
    const res = await quote(f.eventId, { items: [{ ticketTypeId: f.gaTypeId, quantity: 2 }], donationMinor: 1000 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toEqual({
      ticketTypeId: f.gaTypeId,
      ticketTypeName: 'Standing',
      seatId: null,
      category: null,
      basePriceMinor: 20000,
      unitPriceMinor: 20000,
      appliedRule: null,
      discountMinor: 0,
      buyerFeeMinor: 800,
      organizerFeeMinor: 0,
      vatMinor: 2609,
      totalMinor: 20800,
    });
    expect(res.body).toMatchObject({ currency: 'ZAR', vat: { mode: 'inclusive', rateBps: 1500 }, feePayer: 'buyer', coupon: null });
    expect(res.body.totals).toEqual({ subtotalMinor: 40000, discountMinor: 0, buyerFeeMinor: 1600, organizerFeeMinor: 0, vatMinor: 5218, donationMinor: 1000, totalMinor: 42600, currency: 'ZAR' });
    expect(await env.DB.prepare('select count(*) as n from audit_logs').first('n')).toBe(before);
    const page = await api('GET', `/public/events/${f.eventId}`);
    expect(page.body.ticketTypes.find((t: { id: string }) => t.id === f.gaTypeId).available).toBeNull(); // plenty left
  });

  it("prices seats by their category and the event's rules, lowest offer first", async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    await post(owner, `/events/${f.eventId}/pricing-rules`, { kind: 'category_price', name: 'Back rows', category: 'c', unitPriceMinor: 25000 });
    await post(owner, `/events/${f.eventId}/pricing-rules`, { kind: 'quantity_tier', name: 'Four or more', ticketTypeId: f.gaTypeId, minQuantity: 4, unitPriceMinor: 18000 });
    await post(owner, `/events/${f.eventId}/pricing-rules`, { kind: 'early_bird', name: 'Over', endsAt: '2020-01-01T00:00:00Z', unitPriceMinor: 1 });
    await post(owner, `/events/${f.eventId}/pricing-rules`, { kind: 'quantity_tier', name: 'Switched off', minQuantity: 2, unitPriceMinor: 2, active: false });
    const seats = await seatsByCategory(f.eventId);
    const res = await quote(f.eventId, { items: [{ ticketTypeId: f.seatedTypeId, seats: [seats.a![0], seats.c![0]] }, { ticketTypeId: f.gaTypeId, quantity: 4 }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((l: any) => [l.seatId, l.category, l.unitPriceMinor, l.appliedRule?.name ?? null])).toEqual([
      [seats.a![0], 'a', 35000, null],
      [seats.c![0], 'c', 25000, 'Back rows'],
      ...Array(4).fill([null, null, 18000, 'Four or more']),
    ]);
    expect(res.body.totals.subtotalMinor).toBe(35000 + 25000 + 4 * 18000);
  });

  it('applies a coupon typed in any case to the ticket types in its scope', async () => {
    const owner = await signup();
    await setVat(owner, 'exclusive', 1500);
    const f = await onSaleEvent(owner);
    await post(owner, '/coupons', { code: 'STANDING-10', kind: 'percent', percentBps: 1000, eventId: f.eventId, ticketTypeIds: [f.gaTypeId] });
    const seats = await seatsByCategory(f.eventId);
    const res = await quote(f.eventId, { items: [{ ticketTypeId: f.gaTypeId, quantity: 1 }, { ticketTypeId: f.seatedTypeId, seats: [seats.b![0]] }], couponCode: 'standing-10' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((l: any) => [l.discountMinor, l.vatMinor, l.totalMinor])).toEqual([
      [2000, 2700, 18000 + 750 + 2700],
      [0, 5250, 35000 + 1175 + 5250],
    ]);
    expect(res.body.coupon).toEqual({ id: expect.stringMatching(/^cpn_/), code: 'STANDING-10', discountMinor: 2000 });
    expect(await env.DB.prepare("select redeemed_count as n from coupons where code = 'STANDING-10'").first('n')).toBe(0);
  });

  it('quotes a hidden ticket type only with a coupon that unlocks it', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const hidden = await post(owner, `/events/${f.eventId}/ticket-types`, { name: 'Friends', kind: 'ga', capacity: 20, priceMinor: 10000, visibility: 'hidden' });
    await post(owner, '/coupons', { code: 'FRIENDS', kind: 'percent', percentBps: 5000, ticketTypeIds: [hidden.id], unlocksHidden: true });
    await post(owner, '/coupons', { code: 'PLAIN', kind: 'percent', percentBps: 5000 });
    const items = [{ ticketTypeId: hidden.id, quantity: 2 }];
    expect(firstError(await quote(f.eventId, { items }))).toEqual({ status: 422, code: 'unknown_ticket_type', path: 'body.items.0.ticketTypeId' });
    expect(firstError(await quote(f.eventId, { items, couponCode: 'PLAIN' }))).toEqual({ status: 422, code: 'unknown_ticket_type', path: 'body.items.0.ticketTypeId' });
    const unlocked = await quote(f.eventId, { items, couponCode: 'FRIENDS' });
    expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
    expect(unlocked.body.totals.discountMinor).toBe(10000);
  });

  it('refuses what the order could not be, with the field and a reason', async () => {
    const owner = await signup();
    const f: EventFixture = await onSaleEvent(owner);
    const seats = await seatsByCategory(f.eventId);
    const seat = seats.a![0]!;
    expect(firstError(await quote(f.eventId, { items: [{ ticketTypeId: f.gaTypeId, quantity: 11 }] }))).toEqual({ status: 422, code: 'quantity_out_of_range', path: 'body.items.0.quantity' });
    expect(firstError(await quote(f.eventId, { items: [{ ticketTypeId: f.gaTypeId, quantity: 6 }, { ticketTypeId: f.gaTypeId, quantity: 5 }] }))).toMatchObject({ status: 422, code: 'quantity_out_of_range' });
    expect(firstError(await quote(f.eventId, { items: [{ ticketTypeId: f.seatedTypeId, quantity: 1 }] }))).toEqual({ status: 422, code: 'seats_required', path: 'body.items.0.seats' });
    expect(firstError(await quote(f.eventId, { items: [{ ticketTypeId: f.gaTypeId, seats: [seat] }] }))).toEqual({ status: 422, code: 'quantity_required', path: 'body.items.0.quantity' });
    expect(firstError(await quote(f.eventId, { items: [{ ticketTypeId: f.seatedTypeId, seats: ['Z:9:9'] }] }))).toEqual({ status: 422, code: 'seat_unknown', path: 'body.items.0.seats' });
    expect(firstError(await quote(f.eventId, { items: [{ ticketTypeId: f.seatedTypeId, seats: [seat] }, { ticketTypeId: f.seatedTypeId, seats: [seat] }] }))).toEqual({ status: 422, code: 'duplicate_seats', path: 'body.items.1.seats' });
    expect(firstError(await quote(f.eventId, { items: [{ ticketTypeId: 'tty_01doesnotexist00000000000', quantity: 1 }] }))).toMatchObject({ code: 'unknown_ticket_type' });
    expect(firstError(await quote(f.eventId, { items: [{ ticketTypeId: f.gaTypeId, quantity: 1, seats: [seat] }] }))).toMatchObject({ status: 422, path: 'body.items.0.quantity' });
    expect(firstError(await quote(f.eventId, { items: [{ ticketTypeId: f.gaTypeId, quantity: 1 }], couponCode: 'WHAT' }))).toEqual({ status: 422, code: 'coupon_unknown', path: 'body.couponCode' });
    await post(owner, '/coupons', { code: 'DOLLARS', kind: 'fixed', amountMinor: 500, currency: 'USD' });
    expect(firstError(await quote(f.eventId, { items: [{ ticketTypeId: f.gaTypeId, quantity: 1 }], couponCode: 'DOLLARS' }))).toMatchObject({ code: 'coupon_currency' });
    await post(owner, '/coupons', { code: 'SEATS-ONLY', kind: 'percent', percentBps: 500, ticketTypeIds: [f.seatedTypeId] });
    const notApplicable = await quote(f.eventId, { items: [{ ticketTypeId: f.gaTypeId, quantity: 1 }], couponCode: 'SEATS-ONLY' });
    expect(firstError(notApplicable)).toMatchObject({ code: 'coupon_not_applicable' });
    expect(notApplicable.body.detail).toMatch(/does not apply/);
  });

  it('answers 404 for a draft event', async () => {
    const owner = await signup();
    const f = await draftEvent(owner, { layout: false });
    expect((await quote(f.eventId, { items: [{ ticketTypeId: f.gaTypeId, quantity: 1 }] })).status).toBe(404);
  });
});
