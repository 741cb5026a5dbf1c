/** priceOrder: every worked example of docs/pricing.md, then properties over random orders (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, mulDivHalfUp, priceOrder, type QuoteCoupon, type QuoteInput, type QuoteItemInput, type QuoteRule } from '../../../src/domains/pricing/quote';

const BUILT_IN_FEE = { percentBps: 250, fixedMinor: 300, capMinor: 5000, payer: 'buyer' as const };
const NOW = Date.parse('2030-02-01T10:00:00Z');

const ticket = (ticketTypeId: string, basePriceMinor: number, extra: Partial<QuoteItemInput> = {}): QuoteItemInput => ({
  ticketTypeId,
  ticketTypeName: ticketTypeId,
  basePriceMinor,
  category: null,
  seatId: null,
  ...extra,
});
const times = (n: number, item: QuoteItemInput) => Array.from({ length: n }, () => item);

function quote(overrides: Partial<QuoteInput>) {
  return priceOrder({
    currency: 'ZAR',
    vat: { mode: 'inclusive', rateBps: 1500 },
    fee: BUILT_IN_FEE,
    now: NOW,
    items: [],
    rules: [],
    coupon: null,
    donationMinor: 0,
    ...overrides,
  });
}

const rule = (r: Partial<QuoteRule> & Pick<QuoteRule, 'id' | 'kind' | 'unitPriceMinor'>): QuoteRule => ({
  name: r.id,
  ticketTypeId: null,
  category: null,
  minQuantity: null,
  startsAt: null,
  endsAt: null,
  ...r,
});

const coupon = (c: Partial<QuoteCoupon> & Pick<QuoteCoupon, 'kind'>): QuoteCoupon => ({
  id: 'cpn_1',
  code: 'CODE',
  percentBps: null,
  amountMinor: null,
  currency: null,
  ticketTypeIds: [],
  ...c,
});

const pick = (lines: ReturnType<typeof quote>['items'], ...fields: string[]) =>
  lines.map((l) => Object.fromEntries(fields.map((f) => [f, (l as Record<string, unknown>)[f]])));

describe('the worked examples of docs/pricing.md', () => {
  it('1. two general-admission tickets, VAT inclusive, buyer pays the fee', () => {
    const q = quote({ items: times(2, ticket('ga', 25000)) });
    expect(q.items[0]).toMatchObject({ unitPriceMinor: 25000, discountMinor: 0, buyerFeeMinor: 925, organizerFeeMinor: 0, vatMinor: 3261, totalMinor: 25925, appliedRule: null });
    expect(q.totals).toEqual({ subtotalMinor: 50000, discountMinor: 0, buyerFeeMinor: 1850, organizerFeeMinor: 0, vatMinor: 6522, donationMinor: 0, totalMinor: 51850, currency: 'ZAR' });
    expect(q.coupon).toBeNull();
  });

  it('2. VAT exclusive, the organizer absorbs the fee, with a donation', () => {
    const q = quote({ vat: { mode: 'exclusive', rateBps: 1500 }, fee: { ...BUILT_IN_FEE, payer: 'organizer' }, items: [ticket('seat', 35000)], donationMinor: 2000 });
    expect(q.items[0]).toMatchObject({ buyerFeeMinor: 0, organizerFeeMinor: 1175, vatMinor: 5250, totalMinor: 40250 });
    expect(q.totals).toEqual({ subtotalMinor: 35000, discountMinor: 0, buyerFeeMinor: 0, organizerFeeMinor: 1175, vatMinor: 5250, donationMinor: 2000, totalMinor: 42250, currency: 'ZAR' });
    expect(q.feePayer).toBe('organizer');
  });

  describe('3. early bird against a quantity tier: the lowest wins', () => {
    const rules = [
      rule({ id: 'prl_early', name: 'Early bird', kind: 'early_bird', endsAt: new Date('2030-03-01T00:00:00Z'), unitPriceMinor: 16000 }),
      rule({ id: 'prl_tier', name: '4+ tier', kind: 'quantity_tier', minQuantity: 4, unitPriceMinor: 17000 }),
    ];
    const later = Date.parse('2030-03-02T10:00:00Z');

    it('4 tickets during the early bird: R160.00, priced in full', () => {
      const q = quote({ items: times(4, ticket('standing', 20000)), rules });
      expect(q.items.every((l) => l.unitPriceMinor === 16000 && l.appliedRule?.name === 'Early bird')).toBe(true);
      expect(q.items[0]).toMatchObject({ buyerFeeMinor: 700, vatMinor: 2087, totalMinor: 16700 });
      expect(q.totals).toMatchObject({ subtotalMinor: 64000, buyerFeeMinor: 2800, vatMinor: 8348, totalMinor: 66800 });
    });

    it('4 tickets after it: the tier, R170.00', () => {
      const q = quote({ now: later, items: times(4, ticket('standing', 20000)), rules });
      expect(pick(q.items, 'unitPriceMinor')).toEqual(Array(4).fill({ unitPriceMinor: 17000 }));
      expect(q.items[0]!.appliedRule).toEqual({ id: 'prl_tier', name: '4+ tier' });
    });

    it('3 tickets after it: the base price', () => {
      const q = quote({ now: later, items: times(3, ticket('standing', 20000)), rules });
      expect(q.items.every((l) => l.unitPriceMinor === 20000 && l.appliedRule === null)).toBe(true);
    });
  });

  it('4. a category price and an early bird together', () => {
    const rules = [
      rule({ id: 'prl_balcony', name: 'Balcony', kind: 'category_price', category: 'balcony', unitPriceMinor: 28000 }),
      rule({ id: 'prl_early', name: 'Early bird', kind: 'early_bird', endsAt: new Date('2030-03-01T00:00:00Z'), unitPriceMinor: 30000 }),
    ];
    const q = quote({ items: [ticket('seat', 35000, { category: 'balcony', seatId: 'B:1:1' }), ticket('seat', 35000, { category: 'stalls', seatId: 'A:1:1' })], rules });
    expect(pick(q.items, 'seatId', 'unitPriceMinor', 'appliedRule')).toEqual([
      { seatId: 'B:1:1', unitPriceMinor: 28000, appliedRule: { id: 'prl_balcony', name: 'Balcony' } },
      { seatId: 'A:1:1', unitPriceMinor: 30000, appliedRule: { id: 'prl_early', name: 'Early bird' } },
    ]);
  });

  it('5. a percent coupon, rounding half up', () => {
    const q = quote({ items: times(2, ticket('standing', 19995)), coupon: coupon({ code: 'TENOFF', kind: 'percent', percentBps: 1000 }) });
    expect(q.items[0]).toMatchObject({ discountMinor: 2000, buyerFeeMinor: 750, vatMinor: 2347, totalMinor: 18745 });
    expect(q.totals).toMatchObject({ subtotalMinor: 39990, discountMinor: 4000, buyerFeeMinor: 1500, vatMinor: 4694, totalMinor: 37490 });
    expect(q.coupon).toEqual({ id: 'cpn_1', code: 'TENOFF', discountMinor: 4000 });
  });

  it('6. a fixed coupon spread by largest remainder', () => {
    const q = quote({
      items: [ticket('stalls', 15000), ticket('stalls', 15000), ticket('floor', 9000)],
      coupon: coupon({ code: 'FIFTY', kind: 'fixed', amountMinor: 5000, currency: 'ZAR' }),
    });
    expect(pick(q.items, 'discountMinor', 'buyerFeeMinor', 'vatMinor', 'totalMinor')).toEqual([
      { discountMinor: 1923, buyerFeeMinor: 627, vatMinor: 1706, totalMinor: 13704 },
      { discountMinor: 1923, buyerFeeMinor: 627, vatMinor: 1706, totalMinor: 13704 },
      { discountMinor: 1154, buyerFeeMinor: 496, vatMinor: 1023, totalMinor: 8342 },
    ]);
    expect(q.totals).toMatchObject({ subtotalMinor: 39000, discountMinor: 5000, buyerFeeMinor: 1750, vatMinor: 4435, totalMinor: 35750 });
  });

  it('7. the fee cap', () => {
    const q = quote({ vat: { mode: 'exclusive', rateBps: 1500 }, items: [ticket('golden', 250000)] });
    expect(q.items[0]).toMatchObject({ buyerFeeMinor: 5000, vatMinor: 37500, totalMinor: 292500 });
  });

  it('8. a free ticket and a donation', () => {
    const q = quote({ items: [ticket('stalls', 15000)], coupon: coupon({ kind: 'percent', percentBps: 10000 }), donationMinor: 5000 });
    expect(q.items[0]).toMatchObject({ discountMinor: 15000, buyerFeeMinor: 0, organizerFeeMinor: 0, vatMinor: 0, totalMinor: 0 });
    expect(q.totals.totalMinor).toBe(5000);
  });
});

describe('pricing details', () => {
  it('applies a coupon only to ticket types in its scope', () => {
    const q = quote({ items: [ticket('a', 10000), ticket('b', 10000)], coupon: coupon({ kind: 'percent', percentBps: 5000, ticketTypeIds: ['b'] }) });
    expect(pick(q.items, 'discountMinor')).toEqual([{ discountMinor: 0 }, { discountMinor: 5000 }]);
  });

  it('spreads a fixed coupon only over in-scope tickets, never below zero', () => {
    const q = quote({ items: [ticket('a', 3000), ticket('b', 1000), ticket('b', 1000)], coupon: coupon({ kind: 'fixed', amountMinor: 10000, currency: 'ZAR', ticketTypeIds: ['b'] }) });
    expect(pick(q.items, 'discountMinor', 'totalMinor')).toEqual([
      { discountMinor: 0, totalMinor: 3000 + 375 },
      { discountMinor: 1000, totalMinor: 0 },
      { discountMinor: 1000, totalMinor: 0 },
    ]);
  });

  it('gives leftover cents in item order when remainders tie', () => {
    expect(allocate(10000, [12000, 12000, 12000])).toEqual([3334, 3333, 3333]);
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
  });

  it('refuses a fixed coupon in another currency', () => {
    expect(() => quote({ items: [ticket('a', 1000)], coupon: coupon({ kind: 'fixed', amountMinor: 100, currency: 'USD' }) })).toThrow(/USD coupon/);
  });

  it('lets a rule for one ticket type leave the others alone, and a type-specific category price win over an all-types one', () => {
    const rules = [
      rule({ id: 'prl_all', kind: 'category_price', category: 'a', unitPriceMinor: 5000 }),
      rule({ id: 'prl_vip', kind: 'category_price', category: 'a', ticketTypeId: 'vip', unitPriceMinor: 9000 }),
      rule({ id: 'prl_eb', kind: 'early_bird', ticketTypeId: 'other', endsAt: new Date('2031-01-01T00:00:00Z'), unitPriceMinor: 1 }),
    ];
    const q = quote({ items: [ticket('vip', 8000, { category: 'a' }), ticket('std', 8000, { category: 'a' })], rules });
    expect(pick(q.items, 'unitPriceMinor')).toEqual([{ unitPriceMinor: 9000 }, { unitPriceMinor: 5000 }]);
  });

  it('ignores inactive rules and early birds outside their window', () => {
    const rules = [
      rule({ id: 'prl_off', kind: 'quantity_tier', minQuantity: 2, unitPriceMinor: 1000, active: false }),
      rule({ id: 'prl_soon', kind: 'early_bird', startsAt: new Date(NOW + 1), endsAt: new Date(NOW + 10_000), unitPriceMinor: 1000 }),
      rule({ id: 'prl_edge', kind: 'early_bird', endsAt: new Date(NOW), unitPriceMinor: 1000 }),
    ];
    const q = quote({ items: times(2, ticket('a', 5000)), rules });
    expect(q.items.every((l) => l.unitPriceMinor === 5000)).toBe(true);
  });

  it('rounds half up and exactly for large numbers', () => {
    expect(mulDivHalfUp(1, 1, 2)).toBe(1);
    expect(mulDivHalfUp(3, 1, 2)).toBe(2);
    expect(mulDivHalfUp(1, 1, 3)).toBe(0);
    expect(mulDivHalfUp(9_000_000_000_000, 1500, 11500)).toBe(1_173_913_043_478);
  });

  it('refuses fractional or negative money', () => {
    expect(() => quote({ items: [ticket('a', 10.5)] })).toThrow(RangeError);
    expect(() => quote({ items: [ticket('a', 100)], donationMinor: -1 })).toThrow(RangeError);
  });
});

const TYPES = ['t1', 't2', 't3'] as const;
const CATEGORIES = ['a', 'b', null] as const;
const money = fc.integer({ min: 0, max: 2_000_000 });

const ruleArb = fc.oneof(
  fc.record({ kind: fc.constant('category_price' as const), category: fc.constantFrom('a', 'b') }),
  fc.record({ kind: fc.constant('quantity_tier' as const), minQuantity: fc.integer({ min: 2, max: 6 }) }),
  fc.record({ kind: fc.constant('early_bird' as const), startsAt: fc.option(fc.integer({ min: NOW - 1000, max: NOW + 1000 })), endsAt: fc.integer({ min: NOW - 1000, max: NOW + 1000 }) }),
);

const inputArb = fc
  .record({
    items: fc.array(fc.record({ type: fc.constantFrom(...TYPES), category: fc.constantFrom(...CATEGORIES) }), { minLength: 1, maxLength: 12 }),
    prices: fc.record({ t1: money, t2: money, t3: money }),
    rules: fc.array(fc.record({ spec: ruleArb, price: money, type: fc.option(fc.constantFrom(...TYPES)), active: fc.boolean() }), { maxLength: 6 }),
    coupon: fc.option(
      fc.oneof(
        fc.record({ kind: fc.constant('percent' as const), percentBps: fc.integer({ min: 1, max: 10_000 }), scope: fc.subarray([...TYPES]) }),
        fc.record({ kind: fc.constant('fixed' as const), amountMinor: fc.integer({ min: 1, max: 5_000_000 }), scope: fc.subarray([...TYPES]) }),
      ),
    ),
    vat: fc.record({ mode: fc.constantFrom('inclusive' as const, 'exclusive' as const), rateBps: fc.integer({ min: 0, max: 5000 }) }),
    fee: fc.record({ percentBps: fc.integer({ min: 0, max: 2000 }), fixedMinor: fc.integer({ min: 0, max: 2000 }), capMinor: fc.option(fc.integer({ min: 0, max: 10_000 })), payer: fc.constantFrom('buyer' as const, 'organizer' as const) }),
    donationMinor: fc.integer({ min: 0, max: 100_000 }),
  })
  .map(
    (g): QuoteInput => ({
      currency: 'ZAR',
      now: NOW,
      vat: g.vat,
      fee: g.fee,
      donationMinor: g.donationMinor,
      items: g.items.map((it, i) => ticket(it.type, g.prices[it.type], { category: it.category, seatId: it.category ? `S${i}` : null })),
      rules: g.rules.map((r, i) => ({
        id: `prl_${i}`,
        name: `rule ${i}`,
        ticketTypeId: r.type,
        unitPriceMinor: r.price,
        active: r.active,
        kind: r.spec.kind,
        category: 'category' in r.spec ? r.spec.category : null,
        minQuantity: 'minQuantity' in r.spec ? r.spec.minQuantity : null,
        startsAt: 'startsAt' in r.spec && r.spec.startsAt !== null ? new Date(r.spec.startsAt) : null,
        endsAt: 'endsAt' in r.spec ? new Date(r.spec.endsAt) : null,
      })),
      coupon: g.coupon
        ? { id: 'cpn_p', code: 'PROP', kind: g.coupon.kind, percentBps: 'percentBps' in g.coupon ? g.coupon.percentBps : null, amountMinor: 'amountMinor' in g.coupon ? g.coupon.amountMinor : null, currency: g.coupon.kind === 'fixed' ? 'ZAR' : null, ticketTypeIds: g.coupon.scope }
        : null,
    }),
  );

/** What the rules offer a ticket, recomputed independently: the category price (or base), then the lowest open offer. */
function expectedUnit(input: QuoteInput, item: QuoteItemInput): number {
  const mine = input.rules.filter((r) => r.active !== false && (r.ticketTypeId === null || r.ticketTypeId === item.ticketTypeId));
  const cats = mine.filter((r) => r.kind === 'category_price' && r.category === item.category && item.category !== null);
  const specific = cats.filter((r) => r.ticketTypeId !== null);
  const chosen = specific.length ? specific : cats;
  const start = chosen.length ? Math.min(...chosen.map((r) => r.unitPriceMinor)) : item.basePriceMinor;
  const count = input.items.filter((i) => i.ticketTypeId === item.ticketTypeId).length;
  const offers = mine
    .filter((r) => (r.kind === 'early_bird' && (!r.startsAt || r.startsAt.getTime() <= input.now) && (!r.endsAt || input.now < r.endsAt.getTime())) || (r.kind === 'quantity_tier' && count >= r.minQuantity!))
    .map((r) => r.unitPriceMinor);
  return Math.min(start, ...offers);
}

describe('properties of every quote', () => {
  it('keeps totals equal to the sum of lines, every amount a non-negative integer, and the buyer total exact', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const q = priceOrder(input);
        const sum = (f: (l: (typeof q.items)[number]) => number) => q.items.reduce((s, l) => s + f(l), 0);
        expect(q.totals.subtotalMinor).toBe(sum((l) => l.unitPriceMinor));
        expect(q.totals.discountMinor).toBe(sum((l) => l.discountMinor));
        expect(q.totals.buyerFeeMinor).toBe(sum((l) => l.buyerFeeMinor));
        expect(q.totals.organizerFeeMinor).toBe(sum((l) => l.organizerFeeMinor));
        expect(q.totals.vatMinor).toBe(sum((l) => l.vatMinor));
        expect(q.totals.totalMinor).toBe(sum((l) => l.totalMinor) + input.donationMinor);
        const exclusive = input.vat.mode === 'exclusive';
        expect(q.totals.totalMinor).toBe(sum((l) => l.unitPriceMinor - l.discountMinor + l.buyerFeeMinor + (exclusive ? l.vatMinor : 0)) + input.donationMinor);
        for (const value of [...q.items.flatMap((l) => [l.unitPriceMinor, l.discountMinor, l.buyerFeeMinor, l.organizerFeeMinor, l.vatMinor, l.totalMinor]), ...Object.values(q.totals).filter((v) => typeof v === 'number')]) {
          expect(Number.isSafeInteger(value) && (value as number) >= 0, `amount ${value}`).toBe(true);
        }
        for (const l of q.items) {
          expect(l.discountMinor).toBeLessThanOrEqual(l.unitPriceMinor);
          if (!exclusive) expect(l.vatMinor).toBeLessThanOrEqual(l.unitPriceMinor - l.discountMinor);
          if (input.fee.capMinor !== null) expect(l.buyerFeeMinor + l.organizerFeeMinor).toBeLessThanOrEqual(input.fee.capMinor);
          expect(l.buyerFeeMinor === 0 || l.organizerFeeMinor === 0).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives every ticket the lowest price its rules offer, never above its (category) price', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const q = priceOrder(input);
        q.items.forEach((line, i) => {
          expect(line.unitPriceMinor).toBe(expectedUnit(input, input.items[i]!));
          const applied = input.rules.find((r) => r.id === line.appliedRule?.id);
          if (applied) expect(applied.unitPriceMinor).toBe(line.unitPriceMinor);
          else expect(line.unitPriceMinor).toBe(input.items[i]!.basePriceMinor);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('discounts exactly the coupon: a fixed amount in full (up to the in-scope prices), a percent per ticket', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const q = priceOrder(input);
        if (!input.coupon) {
          expect(q.totals.discountMinor).toBe(0);
          return;
        }
        const inScope = (id: string) => input.coupon!.ticketTypeIds.length === 0 || input.coupon!.ticketTypeIds.includes(id);
        q.items.forEach((l) => !inScope(l.ticketTypeId) && expect(l.discountMinor).toBe(0));
        const scopedTotal = q.items.filter((l) => inScope(l.ticketTypeId)).reduce((s, l) => s + l.unitPriceMinor, 0);
        if (input.coupon.kind === 'fixed') expect(q.totals.discountMinor).toBe(Math.min(input.coupon.amountMinor!, scopedTotal));
        else q.items.forEach((l) => inScope(l.ticketTypeId) && expect(l.discountMinor).toBe(Math.round((l.unitPriceMinor * input.coupon!.percentBps!) / 10_000)));
        expect(q.coupon?.discountMinor).toBe(q.totals.discountMinor);
      }),
      { numRuns: 500 },
    );
  });
});
