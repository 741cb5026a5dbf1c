/**
 * Coupons at checkout: finding a usable one by code, and the writes that reserve, redeem and release a
 * use inside the checkout's own D1 batch. The limits are enforced by triggers (migration 0004), so no
 * number of concurrent checkouts can redeem a coupon past them.
 */
import { and, eq, exists, inArray, sql } from 'drizzle-orm';
import type { BatchGuards, Database, Write } from '../../db/client';
import { couponRedemptions, coupons } from '../../db/schema/pricing';
import { ConflictError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { normalizedEmail } from '../shared-schemas';

export type CouponRow = typeof coupons.$inferSelect;
/** The writes only need the database (the checkout's audit row records who acted). */
type WriteContext = { db: Database };

const refuse = (code: string, message: string) => new ValidationError([{ path: 'body.couponCode', message, code }], message);

/**
 * The coupon a buyer typed, if it can be used for `eventId` at `now`; otherwise a 422 saying why.
 * Limits are checked here for a clear answer, and again by the database when the use is reserved.
 */
export async function findCoupon(db: Database, organizationId: string, eventId: string, code: string, now: number): Promise<CouponRow> {
  const normalized = code.trim().toUpperCase();
  const [coupon] = await db
    .select()
    .from(coupons)
    .where(and(eq(coupons.organizationId, organizationId), eq(coupons.code, normalized)))
    .limit(1);
  if (!coupon) throw refuse('coupon_unknown', `There is no coupon '${normalized}'.`);
  if (!coupon.active) throw refuse('coupon_inactive', `The coupon '${normalized}' is no longer active.`);
  if (coupon.eventId !== null && coupon.eventId !== eventId) throw refuse('coupon_other_event', `The coupon '${normalized}' is for another event.`);
  if (coupon.validFrom && now < coupon.validFrom.getTime()) throw refuse('coupon_not_yet_valid', `The coupon '${normalized}' is valid from ${coupon.validFrom.toISOString()}.`);
  if (coupon.validUntil && now >= coupon.validUntil.getTime()) throw refuse('coupon_expired', `The coupon '${normalized}' expired on ${coupon.validUntil.toISOString()}.`);
  if (coupon.maxRedemptions !== null && coupon.redeemedCount >= coupon.maxRedemptions) throw refuse('coupon_exhausted', `The coupon '${normalized}' has been used up.`);
  return coupon;
}

/** What the checkout's writeBatch answers when a trigger or index refuses a use. */
export const COUPON_GUARDS: BatchGuards = {
  coupon_exhausted: () => new ConflictError('This coupon has just been used up.', 'coupon_exhausted'),
  coupon_buyer_limit: () => new ConflictError('This email has already used this coupon as often as it allows.', 'coupon_buyer_limit'),
  'coupon_redemptions.coupon_id, coupon_redemptions.order_id': () => new ConflictError('This order already uses this coupon.', 'coupon_already_applied'),
};


/**
 * Reserves one use for a pending order: raise redeemed_count (the trigger refuses past maxRedemptions)
 * and insert a `reserved` redemption (the trigger refuses past maxPerBuyer). Put the writes in the
 * checkout's batch and pass the guards to writeBatch: either the order and the use land together, or neither.
 */
export function couponRedemptionWrites(ctx: WriteContext, input: { coupon: Pick<CouponRow, 'id' | 'organizationId'>; orderId: string; buyerEmail: string }): { writes: Write[]; guards: BatchGuards; redemptionId: string } {
  const now = new Date();
  const redemptionId = newId(ID_PREFIXES.couponRedemption);
  return {
    redemptionId,
    guards: COUPON_GUARDS,
    writes: [
      ctx.db
        .update(coupons)
        .set({ redeemedCount: sql`${coupons.redeemedCount} + 1`, updatedAt: now })
        .where(and(eq(coupons.organizationId, input.coupon.organizationId), eq(coupons.id, input.coupon.id))),
      ctx.db.insert(couponRedemptions).values({
        id: redemptionId,
        organizationId: input.coupon.organizationId,
        couponId: input.coupon.id,
        orderId: input.orderId,
        buyerEmail: normalizedEmail(input.buyerEmail),
        status: 'reserved',
        createdAt: now,
        updatedAt: now,
      }),
    ],
  };
}

type RedemptionRef = { organizationId: string; couponId: string; orderId: string };

const redemptionOf = (r: RedemptionRef, statuses: ('reserved' | 'released' | 'redeemed')[]) =>
  and(
    eq(couponRedemptions.organizationId, r.organizationId),
    eq(couponRedemptions.couponId, r.couponId),
    eq(couponRedemptions.orderId, r.orderId),
    inArray(couponRedemptions.status, statuses),
  );

/**
 * Gives a reserved use back (an unpaid order expired or was cancelled). The count drops only while the
 * redemption is still reserved, and the statements run in order, so repeating a release changes nothing.
 * A paid order keeps its use, refunded or not.
 */
export function releaseCouponWrites(ctx: WriteContext, r: RedemptionRef): Write[] {
  const now = new Date();
  return [
    ctx.db
      .update(coupons)
      .set({ redeemedCount: sql`${coupons.redeemedCount} - 1`, updatedAt: now })
      .where(
        and(
          eq(coupons.organizationId, r.organizationId),
          eq(coupons.id, r.couponId),
          sql`${coupons.redeemedCount} > 0`,
          exists(ctx.db.select({ one: sql`1` }).from(couponRedemptions).where(redemptionOf(r, ['reserved']))),
        ),
      ),
    ctx.db.update(couponRedemptions).set({ status: 'released', updatedAt: now }).where(redemptionOf(r, ['reserved'])),
  ];
}

/**
 * Marks the use as redeemed when the order is paid. A payment that arrives after its order expired
 * finds the use released: it is taken again, and if the coupon is used up by then the trigger refuses
 * the whole batch (the guards say `coupon_exhausted`), so a late payment never over-redeems a coupon.
 * Repeating it changes nothing.
 */
export function markRedeemedWrites(ctx: WriteContext, r: RedemptionRef): { writes: Write[]; guards: BatchGuards } {
  const now = new Date();
  return {
    guards: COUPON_GUARDS,
    writes: [
      ctx.db
        .update(coupons)
        .set({ redeemedCount: sql`${coupons.redeemedCount} + 1`, updatedAt: now })
        .where(
          and(
            eq(coupons.organizationId, r.organizationId),
            eq(coupons.id, r.couponId),
            exists(ctx.db.select({ one: sql`1` }).from(couponRedemptions).where(redemptionOf(r, ['released']))),
          ),
        ),
      ctx.db.update(couponRedemptions).set({ status: 'redeemed', updatedAt: now }).where(redemptionOf(r, ['reserved', 'released'])),
    ],
  };
}
