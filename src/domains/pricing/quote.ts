/** The price of an order, line by line: pricing rules, coupon, platform fee, VAT and donation, in integer minor units (docs/pricing.md). */
import type { coupons, pricingRules } from '../../db/schema/pricing';

export type VatMode = 'inclusive' | 'exclusive';
export type FeePayer = 'buyer' | 'organizer';

type RuleRow = typeof pricingRules.$inferSelect;
type CouponRow = typeof coupons.$inferSelect;

/** A pricing rule row, or the part of one that pricing reads. Rows with `active: false` are ignored. */
export type QuoteRule = Pick<RuleRow, 'id' | 'name' | 'kind' | 'ticketTypeId' | 'category' | 'minQuantity' | 'startsAt' | 'endsAt' | 'unitPriceMinor'> & { active?: boolean };
export type QuoteCoupon = Pick<CouponRow, 'id' | 'code' | 'kind' | 'percentBps' | 'amountMinor' | 'currency' | 'ticketTypeIds'>;

/** One ticket: a seat (with its category) or one general-admission place. */
export type QuoteItemInput = { ticketTypeId: string; ticketTypeName: string; basePriceMinor: number; category: string | null; seatId: string | null };

export type FeeTerms = { percentBps: number; fixedMinor: number; capMinor: number | null; payer: FeePayer };

export type QuoteInput = {
  currency: string;
  vat: { mode: VatMode; rateBps: number };
  fee: FeeTerms;
  /** Epoch milliseconds: decides which early-bird windows are open. */
  now: number;
  items: QuoteItemInput[];
  rules: QuoteRule[];
  coupon: QuoteCoupon | null;
  donationMinor: number;
};

export type QuoteLine = {
  ticketTypeId: string;
  ticketTypeName: string;
  seatId: string | null;
  category: string | null;
  basePriceMinor: number;
  /** After pricing rules, before the coupon. */
  unitPriceMinor: number;
  appliedRule: { id: string; name: string } | null;
  discountMinor: number;
  buyerFeeMinor: number;
  organizerFeeMinor: number;
  /** Inclusive: the VAT contained in the price; exclusive: the VAT added on top. */
  vatMinor: number;
  /** What the buyer pays for this ticket: price − discount + buyer fee (+ VAT when exclusive). */
  totalMinor: number;
};

export type QuoteTotals = {
  subtotalMinor: number;
  discountMinor: number;
  buyerFeeMinor: number;
  organizerFeeMinor: number;
  vatMinor: number;
  donationMinor: number;
  totalMinor: number;
  currency: string;
};

export type Quote = {
  currency: string;
  vat: { mode: VatMode; rateBps: number };
  feePayer: FeePayer;
  items: QuoteLine[];
  coupon: { id: string; code: string; discountMinor: number } | null;
  totals: QuoteTotals;
};

const BPS = 10_000;

/** round(a × b ÷ c), halves up (away from zero; every operand here is ≥ 0), exact for any safe integers. */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  const divisor = 2n * BigInt(c);
  return Number((2n * BigInt(a) * BigInt(b) + BigInt(c)) / divisor);
}

/**
 * Splits `amount` over `weights` in proportion (largest remainder): each share is floored, then the
 * cents left over go one each to the largest fractional remainders, ties to the earlier item. No share
 * exceeds its weight when amount ≤ Σ weights, and the shares always add up to `amount`.
 */
export function allocate(amount: number, weights: number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (amount <= 0 || total <= 0) return weights.map(() => 0);
  const a = BigInt(Math.min(amount, total));
  const t = BigInt(total);
  const parts = weights.map((w, index) => ({ index, share: (a * BigInt(w)) / t, rest: (a * BigInt(w)) % t }));
  let left = a - parts.reduce((s, p) => s + p.share, 0n);
  for (const p of [...parts].sort((x, y) => (y.rest > x.rest ? 1 : y.rest < x.rest ? -1 : x.index - y.index))) {
    if (left === 0n) break;
    p.share += 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p.share));
}

function assertAmount(value: number, what: string) {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer (minor units or basis points), got ${value}`);
}

const byPriceThenId = (a: QuoteRule, b: QuoteRule) => a.unitPriceMinor - b.unitPriceMinor || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The unit price of one ticket after pricing rules, and the rule that set it. */
function priceByRules(item: QuoteItemInput, rules: QuoteRule[], countOfType: number, now: number): { price: number; rule: QuoteRule | null } {
  const mine = rules.filter((r) => r.active !== false && (r.ticketTypeId === null || r.ticketTypeId === item.ticketTypeId));
  // A category price replaces the base; one naming the ticket type wins over one for every type.
  const [category] = mine
    .filter((r) => r.kind === 'category_price' && item.category !== null && r.category === item.category)
    .sort((a, b) => Number(b.ticketTypeId !== null) - Number(a.ticketTypeId !== null) || byPriceThenId(a, b));
  let price = category?.unitPriceMinor ?? item.basePriceMinor;
  let rule: QuoteRule | null = category ?? null;
  const [offer] = mine
    .filter(
      (r) =>
        (r.kind === 'early_bird' && (r.startsAt === null || r.startsAt.getTime() <= now) && (r.endsAt === null || now < r.endsAt.getTime())) ||
        (r.kind === 'quantity_tier' && r.minQuantity !== null && countOfType >= r.minQuantity),
    )
    .sort(byPriceThenId);
  if (offer && offer.unitPriceMinor < price) {
    price = offer.unitPriceMinor;
    rule = offer;
  }
  return { price, rule };
}

function inScope(coupon: QuoteCoupon, item: QuoteItemInput) {
  return coupon.ticketTypeIds.length === 0 || coupon.ticketTypeIds.includes(item.ticketTypeId);
}

/** Discount per item: a percent of each in-scope price, or a fixed amount shared in proportion to in-scope prices. */
function discounts(coupon: QuoteCoupon | null, items: QuoteItemInput[], prices: number[], currency: string): number[] {
  if (!coupon) return prices.map(() => 0);
  if (coupon.kind === 'percent') {
    const bps = coupon.percentBps ?? 0;
    return prices.map((p, i) => (inScope(coupon, items[i]!) ? Math.min(p, mulDivHalfUp(p, bps, BPS)) : 0));
  }
  if (coupon.currency !== currency) throw new RangeError(`A ${coupon.currency} coupon cannot discount a ${currency} order`);
  const scoped = items.map((item, i) => (inScope(coupon, item) ? i : -1)).filter((i) => i >= 0);
  const shares = allocate(coupon.amountMinor ?? 0, scoped.map((i) => prices[i]!));
  const out = prices.map(() => 0);
  scoped.forEach((i, k) => (out[i] = shares[k]!));
  return out;
}

/** Prices an order. Pure: the same input always gives the same quote, and the checkout locks it into the order. */
export function priceOrder(input: QuoteInput): Quote {
  const { currency, vat, fee, items, now } = input;
  for (const item of items) assertAmount(item.basePriceMinor, `basePriceMinor of ${item.ticketTypeId}`);
  for (const rule of input.rules) assertAmount(rule.unitPriceMinor, `unitPriceMinor of rule ${rule.id}`);
  assertAmount(input.donationMinor, 'donationMinor');
  assertAmount(vat.rateBps, 'vat.rateBps');
  assertAmount(fee.percentBps, 'fee.percentBps');
  assertAmount(fee.fixedMinor, 'fee.fixedMinor');
  if (fee.capMinor !== null) assertAmount(fee.capMinor, 'fee.capMinor');

  const countByType = new Map<string, number>();
  for (const item of items) countByType.set(item.ticketTypeId, (countByType.get(item.ticketTypeId) ?? 0) + 1);
  const priced = items.map((item) => priceByRules(item, input.rules, countByType.get(item.ticketTypeId)!, now));
  const discount = discounts(input.coupon, items, priced.map((p) => p.price), currency);

  const lines = items.map((item, i): QuoteLine => {
    const { price, rule } = priced[i]!;
    const net = price - discount[i]!;
    // A free ticket (after the coupon) carries no platform fee.
    const feeMinor = net === 0 ? 0 : Math.min(mulDivHalfUp(net, fee.percentBps, BPS) + fee.fixedMinor, fee.capMinor ?? Number.MAX_SAFE_INTEGER);
    const buyerFee = fee.payer === 'buyer' ? feeMinor : 0;
    const vatMinor = vat.mode === 'inclusive' ? mulDivHalfUp(net, vat.rateBps, BPS + vat.rateBps) : mulDivHalfUp(net, vat.rateBps, BPS);
    return {
      ticketTypeId: item.ticketTypeId,
      ticketTypeName: item.ticketTypeName,
      seatId: item.seatId,
      category: item.category,
      basePriceMinor: item.basePriceMinor,
      unitPriceMinor: price,
      appliedRule: rule ? { id: rule.id, name: rule.name } : null,
      discountMinor: discount[i]!,
      buyerFeeMinor: buyerFee,
      organizerFeeMinor: feeMinor - buyerFee,
      vatMinor,
      totalMinor: net + buyerFee + (vat.mode === 'exclusive' ? vatMinor : 0),
    };
  });

  const sum = (pick: (l: QuoteLine) => number) => lines.reduce((s, l) => s + pick(l), 0);
  const discountMinor = sum((l) => l.discountMinor);
  return {
    currency,
    vat: { mode: vat.mode, rateBps: vat.rateBps },
    feePayer: fee.payer,
    items: lines,
    coupon: input.coupon ? { id: input.coupon.id, code: input.coupon.code, discountMinor } : null,
    totals: {
      subtotalMinor: sum((l) => l.unitPriceMinor),
      discountMinor,
      buyerFeeMinor: sum((l) => l.buyerFeeMinor),
      organizerFeeMinor: sum((l) => l.organizerFeeMinor),
      vatMinor: sum((l) => l.vatMinor),
      donationMinor: input.donationMinor,
      totalMinor: sum((l) => l.totalMinor) + input.donationMinor,
      currency,
    },
  };
}
