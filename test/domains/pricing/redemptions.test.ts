/**
 * Coupon uses under concurrency: many checkouts' batches race for the last uses of a coupon, and the
 * database triggers (migration 0004) let exactly the allowed number through. Also release, redeem and
 * the lookup a buyer's typed code goes through.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDb, writeBatch } from '../../../src/db/client';
import { couponRedemptionWrites, findCoupon, markRedeemedWrites, releaseCouponWrites } from '../../../src/domains/pricing/coupons';
import { ConflictError, ValidationError } from '../../../src/platform/errors';
import { api, signup, type SignedUp } from '../../support/api';
import { draftEvent } from '../../support/events';

const db = createDb(env.DB);
const ctx = { db };

async function coupon(owner: SignedUp, body: Record<string, unknown>) {
  const res = await api('POST', `/orgs/${owner.orgId}/coupons`, { token: owner.token, body: { kind: 'percent', percentBps: 1000, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, organizationId: owner.orgId };
}

async function state(couponId: string) {
  const count = await env.DB.prepare('select redeemed_count as n from coupons where id = ?').bind(couponId).first<number>('n');
  const { results } = await env.DB.prepare('select status, count(*) as n from coupon_redemptions where coupon_id = ? group by status').bind(couponId).all<{ status: string; n: number }>();
  return { redeemedCount: count, ...Object.fromEntries(results.map((r) => [r.status, r.n])) };
}

/** One checkout's coupon writes, as the checkout batches them. */
function reserve(c: { id: string; organizationId: string }, orderId: string, buyerEmail: string) {
  const { writes, guards } = couponRedemptionWrites(ctx, { coupon: c, orderId, buyerEmail });
  return writeBatch(db, writes, guards);
}

const codes = (results: PromiseSettledResult<void>[]) =>
  results.map((r) => (r.status === 'fulfilled' ? 'ok' : r.reason instanceof ConflictError ? r.reason.code : String(r.reason))).sort();

describe('coupon redemptions under concurrency', () => {
  it('lets exactly maxRedemptions of 20 concurrent checkouts reserve a use', async () => {
    const owner = await signup();
    const c = await coupon(owner, { code: 'FIVE-ONLY', maxRedemptions: 5 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => reserve(c, `ord_race_${i}`, `buyer${i}@example.com`)));
    expect(codes(results)).toEqual([...Array(15).fill('coupon_exhausted'), ...Array(5).fill('ok')]);
    expect(await state(c.id)).toEqual({ redeemedCount: 5, reserved: 5 });
  });

  it('lets one buyer email take exactly maxPerBuyer uses, whatever its case', async () => {
    const owner = await signup();
    const c = await coupon(owner, { code: 'TWO-EACH', maxPerBuyer: 2 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => reserve(c, `ord_buyer_${i}`, i % 2 ? 'Thandi@Example.com' : 'thandi@example.com')));
    expect(codes(results)).toEqual([...Array(18).fill('coupon_buyer_limit'), 'ok', 'ok']);
    expect(await state(c.id)).toEqual({ redeemedCount: 2, reserved: 2 });
    await reserve(c, 'ord_someone_else', 'sipho@example.com');
    expect(await state(c.id)).toEqual({ redeemedCount: 3, reserved: 3 });
  });

  it('refuses a second use for the same order', async () => {
    const owner = await signup();
    const c = await coupon(owner, { code: 'ONCE-PER-ORDER' });
    await reserve(c, 'ord_same', 'a@example.com');
    await expect(reserve(c, 'ord_same', 'a@example.com')).rejects.toMatchObject({ code: 'coupon_already_applied' });
    expect(await state(c.id)).toEqual({ redeemedCount: 1, reserved: 1 });
  });

  it('gives a use back when an unpaid order lapses, once however often it is released', async () => {
    const owner = await signup();
    const c = await coupon(owner, { code: 'GIVE-BACK', maxRedemptions: 2, maxPerBuyer: 1 });
    await reserve(c, 'ord_1', 'a@example.com');
    await reserve(c, 'ord_2', 'b@example.com');
    await expect(reserve(c, 'ord_3', 'c@example.com')).rejects.toMatchObject({ code: 'coupon_exhausted' });
    const release = { organizationId: c.organizationId, couponId: c.id, orderId: 'ord_1' };
    await Promise.all([writeBatch(db, releaseCouponWrites(ctx, release)), writeBatch(db, releaseCouponWrites(ctx, release))]);
    expect(await state(c.id)).toEqual({ redeemedCount: 1, reserved: 1, released: 1 });
    // The released use no longer counts against its buyer either.
    await reserve(c, 'ord_4', 'a@example.com');
    expect(await state(c.id)).toEqual({ redeemedCount: 2, reserved: 2, released: 1 });
  });

  it('marks a paid order’s use redeemed without counting it twice, and re-takes a released use for a late payment only while one is left', async () => {
    const owner = await signup();
    const c = await coupon(owner, { code: 'PAID', maxRedemptions: 2 });
    await reserve(c, 'ord_paid', 'a@example.com');
    const paid = markRedeemedWrites(ctx, { organizationId: c.organizationId, couponId: c.id, orderId: 'ord_paid' });
    await writeBatch(db, paid.writes, paid.guards);
    await writeBatch(db, paid.writes, paid.guards);
    expect(await state(c.id)).toEqual({ redeemedCount: 1, redeemed: 1 });

    await reserve(c, 'ord_late', 'b@example.com');
    await writeBatch(db, releaseCouponWrites(ctx, { organizationId: c.organizationId, couponId: c.id, orderId: 'ord_late' }));
    await reserve(c, 'ord_new', 'c@example.com');
    expect(await state(c.id)).toEqual({ redeemedCount: 2, redeemed: 1, reserved: 1, released: 1 });
    const late = markRedeemedWrites(ctx, { organizationId: c.organizationId, couponId: c.id, orderId: 'ord_late' });
    await expect(writeBatch(db, late.writes, late.guards)).rejects.toMatchObject({ code: 'coupon_exhausted' });
    await writeBatch(db, releaseCouponWrites(ctx, { organizationId: c.organizationId, couponId: c.id, orderId: 'ord_new' }));
    await writeBatch(db, late.writes, late.guards);
    expect(await state(c.id)).toEqual({ redeemedCount: 2, redeemed: 2, released: 1 });
  });
});

describe('finding a coupon by the code a buyer typed', () => {
  const at = Date.parse('2030-02-01T00:00:00Z');

  async function refusal(promise: Promise<unknown>) {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.status).toBe(422);
    return { code: v.fieldErrors![0]!.code, path: v.fieldErrors![0]!.path, message: v.message };
  }

  it('finds a usable coupon in any case, and says why an unusable one is refused', async () => {
    const owner = await signup();
    const f = await draftEvent(owner, { layout: false });
    const other = await draftEvent(owner, { layout: false });
    await coupon(owner, { code: 'GOOD', eventId: f.eventId, validFrom: '2030-01-01T00:00:00Z', validUntil: '2030-03-01T00:00:00Z' });
    expect((await findCoupon(db, owner.orgId, f.eventId, ' good ', at)).code).toBe('GOOD');
    expect(await refusal(findCoupon(db, owner.orgId, f.eventId, 'NOPE', at))).toEqual({ code: 'coupon_unknown', path: 'body.couponCode', message: "There is no coupon 'NOPE'." });
    expect((await refusal(findCoupon(db, owner.orgId, other.eventId, 'GOOD', at))).code).toBe('coupon_other_event');
    expect((await refusal(findCoupon(db, owner.orgId, f.eventId, 'GOOD', Date.parse('2029-12-31T00:00:00Z')))).code).toBe('coupon_not_yet_valid');
    expect((await refusal(findCoupon(db, owner.orgId, f.eventId, 'GOOD', Date.parse('2030-03-01T00:00:00Z')))).code).toBe('coupon_expired');
    const used = await coupon(owner, { code: 'USED-UP', maxRedemptions: 1 });
    await reserve(used, 'ord_x', 'x@example.com');
    expect((await refusal(findCoupon(db, owner.orgId, f.eventId, 'used-up', at))).code).toBe('coupon_exhausted');
    const off = await coupon(owner, { code: 'OFF' });
    await api('DELETE', `/orgs/${owner.orgId}/coupons/${off.id}`, { token: owner.token });
    expect((await refusal(findCoupon(db, owner.orgId, f.eventId, 'OFF', at))).code).toBe('coupon_inactive');
    const stranger = await signup();
    expect((await refusal(findCoupon(db, stranger.orgId, f.eventId, 'GOOD', at))).code).toBe('coupon_unknown');
  });
});
