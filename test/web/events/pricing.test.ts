import { describe, expect, it } from 'vitest';
import { feeSplit, formatBps, parsePercentToBps, ticketFeeMinor } from '../../../web/src/admin/screens/events/fee-math';
import { formatPlain } from '../../../web/src/admin/screens/events/money';
import { couponDiscountText, couponUsesText, usesLeft } from '../../../web/src/admin/screens/coupons/describe';
import { parseMoney } from '../../../web/src/api/client';

const policy = { percentBps: 250, fixedMinor: 300, capMinor: 5000, payer: 'buyer' as const };

describe('platform fee shown to organizers', () => {
  it('is percent (half up) plus fixed, capped per ticket, nothing on free tickets', () => {
    expect(ticketFeeMinor(10_000, policy)).toBe(550); // 2.5 % of R100 + R3
    expect(ticketFeeMinor(1_010, policy)).toBe(325); // 25.25 → 25
    expect(ticketFeeMinor(1_030, policy)).toBe(326); // 25.75 → 26
    expect(ticketFeeMinor(1_000_000, policy)).toBe(5_000);
    expect(ticketFeeMinor(0, policy)).toBe(0);
  });

  it('splits who pays: on top for the buyer, or off the organizer’s payout', () => {
    expect(feeSplit(10_000, policy)).toEqual({ buyerPaysMinor: 10_550, organizerGetsMinor: 10_000, feeMinor: 550 });
    expect(feeSplit(10_000, { ...policy, payer: 'organizer' })).toEqual({ buyerPaysMinor: 10_000, organizerGetsMinor: 9_450, feeMinor: 550 });
  });

  it('formats and parses percentages as basis points', () => {
    expect(formatBps(250, 'en')).toBe('2.5 %');
    expect(parsePercentToBps('15')).toBe(1500);
    expect(parsePercentToBps('12.5')).toBe(1250);
    expect(parsePercentToBps('12,25 %')).toBe(1225);
    expect(parsePercentToBps('100')).toBe(10_000);
    expect(parsePercentToBps('0')).toBeNull();
    expect(parsePercentToBps('101')).toBeNull();
    expect(parsePercentToBps('abc')).toBeNull();
  });
});

describe('money inputs', () => {
  it('shows minor units as an editable decimal that parses back to the same integer', () => {
    for (const minor of [0, 5, 99, 35_000, 12_050]) expect(parseMoney(formatPlain(minor, 'ZAR'), 'ZAR')).toBe(minor);
    expect(formatPlain(35_000, 'ZAR')).toBe('350.00');
    expect(formatPlain(5, 'ZAR')).toBe('0.05');
    expect(formatPlain(1500, 'JPY')).toBe('1500');
  });
});

describe('coupon summaries', () => {
  const base = { percentBps: null, amountMinor: null, currency: null, redeemedCount: 3, maxRedemptions: null };
  it('reads the discount and uses', () => {
    expect(couponDiscountText({ ...base, kind: 'percent', percentBps: 1500 }, 'en')).toBe('15 % off');
    expect(couponDiscountText({ ...base, kind: 'fixed', amountMinor: 5000, currency: 'ZAR' }, 'en')).toMatch(/50\.00 off$/);
    expect(couponUsesText({ ...base, kind: 'percent' })).toBe('3 (no limit)');
    expect(couponUsesText({ ...base, kind: 'percent', maxRedemptions: 10 })).toBe('3 of 10');
    expect(usesLeft({ ...base, kind: 'percent', maxRedemptions: 10 })).toBe(7);
  });
});
