/** How a coupon reads in lists: its discount and its uses against its limit. */
import { formatMoney } from '../../../api/client';
import { formatBps } from '../events/fee-math';

type CouponLike = { kind: 'percent' | 'fixed'; percentBps: number | null; amountMinor: number | null; currency: string | null; redeemedCount: number; maxRedemptions: number | null };

export function couponDiscountText(c: CouponLike, locale?: string): string {
  if (c.kind === 'percent') return `${formatBps(c.percentBps ?? 0, locale)} off`;
  return c.currency ? `${formatMoney(c.amountMinor ?? 0, c.currency, locale)} off` : '—';
}

export function couponUsesText(c: CouponLike): string {
  return c.maxRedemptions === null ? `${c.redeemedCount} (no limit)` : `${c.redeemedCount} of ${c.maxRedemptions}`;
}

/** Uses left before the limit, or null when there is none. */
export function usesLeft(c: CouponLike): number | null {
  return c.maxRedemptions === null ? null : Math.max(0, c.maxRedemptions - c.redeemedCount);
}
