/** The postings of each business fact balance for every input they accept, proven with fast-check; refunds split to the cent. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../../src/domains/ledger/accounts';
import { validateJournalEntry, type JournalLineSpec } from '../../../src/domains/ledger/journal';
import { allocate, autoRefundLines, netCredits, refundLines, saleLines, saleShares, type SaleTotals } from '../../../src/domains/ledger/postings';
import { orderTotals, SMALL_SALE } from '../../support/ledger';

const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
const debits = (lines: JournalLineSpec[]) => sum(lines.map((l) => l.debitMinor ?? 0));
const credits = (lines: JournalLineSpec[]) => sum(lines.map((l) => l.creditMinor ?? 0));

/** Checks balance the way the ledger does (and every line's shape) on top of the plain sums. */
function expectBalanced(lines: JournalLineSpec[]) {
  expect(debits(lines)).toBe(credits(lines));
  expect(() => validateJournalEntry({ kind: 'adjustment', currency: 'ZAR', description: 'check', idempotencyKey: 'check', lines })).not.toThrow();
}

/** Partial refund amounts that together refund the whole total (the last one takes what is left). */
const refundRun = (total: number) =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }).map((cuts) => {
    const amounts: number[] = [];
    let left = total;
    for (const cut of cuts) {
      const amount = Math.floor(left * cut);
      if (amount > 0) amounts.push(amount);
      left -= amount;
    }
    if (left > 0) amounts.push(left);
    return amounts;
  });

describe('saleLines', () => {
  it('posts the worked example of docs/ledger.md', () => {
    expect(saleLines(SMALL_SALE)).toEqual([
      { account: 'provider_clearing', debitMinor: 18000 },
      { account: 'organizer_payable', creditMinor: 12543 },
      { account: 'vat_payable', creditMinor: 1957 },
      { account: 'platform_fee_revenue', creditMinor: 1500 },
      { account: 'donations_payable', creditMinor: 2000 },
    ]);
  });

  it('balances for all consistent totals, both VAT modes, and says where every cent went', () => {
    fc.assert(
      fc.property(orderTotals(), (t) => {
        const lines = saleLines(t);
        if (lines.length === 0) {
          expect(t.totalMinor + t.organizerFeeMinor).toBe(0);
          return;
        }
        expectBalanced(lines);
        const net = netCredits(lines);
        expect(debits(lines.filter((l) => l.account === 'provider_clearing'))).toBe(t.totalMinor);
        expect(net.vat_payable ?? 0).toBe(t.vatMinor);
        expect(net.platform_fee_revenue ?? 0).toBe(t.buyerFeeMinor + t.organizerFeeMinor);
        expect(net.donations_payable ?? 0).toBe(t.donationMinor);
        const ticketsNetOfVat = t.subtotalMinor - t.discountMinor - (t.vatMode === 'inclusive' ? t.vatMinor : 0);
        expect(net.organizer_payable ?? 0).toBe(ticketsNetOfVat - t.organizerFeeMinor);
      }),
      { numRuns: 2000 },
    );
  });

  it('debits the organizer when an absorbed fee exceeds the ticket revenue (a free ticket with a fixed fee)', () => {
    const lines = saleLines({ subtotalMinor: 0, discountMinor: 0, vatMinor: 0, buyerFeeMinor: 0, organizerFeeMinor: 500, donationMinor: 0, totalMinor: 0, vatMode: 'inclusive' });
    expect(lines).toEqual([
      { account: 'organizer_payable', debitMinor: 500 },
      { account: 'platform_fee_revenue', creditMinor: 500 },
    ]);
  });

  it('for any input at all, either refuses with a LedgerError or balances', () => {
    const n = fc.oneof(fc.integer({ min: -1000, max: 1_000_000 }), fc.double(), fc.constant(2 ** 53), fc.constant(Number.MAX_SAFE_INTEGER));
    const totals = fc.record({
      totalMinor: n,
      subtotalMinor: n,
      discountMinor: n,
      buyerFeeMinor: n,
      organizerFeeMinor: n,
      vatMinor: n,
      donationMinor: n,
      vatMode: fc.constantFrom('inclusive', 'exclusive', 'other') as fc.Arbitrary<SaleTotals['vatMode']>,
    });
    fc.assert(
      fc.property(fc.oneof(totals, orderTotals()), (t) => {
        let lines: JournalLineSpec[];
        try {
          lines = saleLines(t);
        } catch (e) {
          expect(e).toBeInstanceOf(LedgerError);
          return;
        }
        if (lines.length > 0) expectBalanced(lines);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses totals that do not add up', () => {
    expect(() => saleLines({ ...SMALL_SALE, totalMinor: 17999 })).toThrow(LedgerError);
    expect(() => saleLines({ ...SMALL_SALE, vatMode: 'exclusive' })).toThrow(/inconsistent|not subtotal/);
    expect(() => saleLines({ ...SMALL_SALE, discountMinor: 15001, totalMinor: 2999 })).toThrow(LedgerError);
    expect(() => saleLines({ ...SMALL_SALE, vatMinor: 15001 })).toThrow(LedgerError);
  });
});

describe('allocate', () => {
  it('splits any part into integers summing to it exactly, and the whole into the components themselves', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000, max: 10_000_000 }), { minLength: 1, maxLength: 6 }), fc.double({ min: 0, max: 1, noNaN: true }), (components, share) => {
        const whole = sum(components);
        fc.pre(whole > 0);
        const part = Math.floor(whole * share);
        expect(sum(allocate(part, whole, components))).toBe(part);
        expect(allocate(whole, whole, components)).toEqual(components);
        expect(allocate(0, whole, components)).toEqual(components.map(() => 0));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('refundLines', () => {
  it('balances for every partial refund, and a run of partials reverses the sale exactly, to the cent', () => {
    fc.assert(
      fc.property(
        orderTotals().filter((t) => t.totalMinor > 0).chain((t) => fc.tuple(fc.constant(t), refundRun(t.totalMinor))),
        ([t, amounts]) => {
          const reversed: Record<string, number> = {};
          let before = 0;
          for (const amountMinor of amounts) {
            const lines = refundLines(t, { amountMinor, alreadyRefundedMinor: before });
            expectBalanced(lines);
            const net = netCredits(lines);
            expect(net.provider_clearing).toBe(amountMinor);
            expect(net.refunds ?? 0).toBe(0);
            expect(credits(lines.filter((l) => l.account === 'refunds'))).toBe(amountMinor);
            for (const [account, v] of Object.entries(net)) reversed[account] = (reversed[account] ?? 0) - v;
            before += amountMinor;
          }
          const shares = saleShares(t);
          for (const [account, share] of Object.entries(shares)) expect(reversed[account] ?? 0, account).toBe(share);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refunds by tickets (the sum of their totals) and refuses more than the order still holds', () => {
    const byTickets = refundLines(SMALL_SALE, { tickets: [{ totalMinor: 6000 }, { totalMinor: 3000 }] });
    expect(byTickets).toEqual(refundLines(SMALL_SALE, { amountMinor: 9000 }));
    expectBalanced(byTickets);
    const error = (() => {
      try {
        refundLines(SMALL_SALE, { amountMinor: 9001, alreadyRefundedMinor: 9000 });
      } catch (e) {
        return e as LedgerError;
      }
    })();
    expect(error?.code).toBe('refund_exceeds_total');
    expect(() => refundLines(SMALL_SALE, { amountMinor: 0 })).toThrow(LedgerError);
    expect(() => refundLines(SMALL_SALE, { tickets: [] })).toThrow(LedgerError);
    expect(() => refundLines(SMALL_SALE, { amountMinor: -1 })).toThrow(LedgerError);
  });

  it('reverses a full refund of the worked example through the refunds account', () => {
    expect(refundLines(SMALL_SALE, { amountMinor: 18000 })).toEqual([
      { account: 'organizer_payable', debitMinor: 12543 },
      { account: 'vat_payable', debitMinor: 1957 },
      { account: 'platform_fee_revenue', debitMinor: 1500 },
      { account: 'donations_payable', debitMinor: 2000 },
      { account: 'refunds', creditMinor: 18000 },
      { account: 'refunds', debitMinor: 18000 },
      { account: 'provider_clearing', creditMinor: 18000 },
    ]);
  });
});

describe('autoRefundLines', () => {
  it('moves money in and straight back out, balanced, for any positive amount', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.bigInt({ min: 1n, max: 2n ** 50n }).map(Number)), (amountMinor) => {
        const lines = autoRefundLines({ amountMinor });
        expectBalanced(lines);
        expect(netCredits(lines)).toEqual({ provider_clearing: 0, refunds: 0 });
      }),
    );
    expect(() => autoRefundLines({ amountMinor: 0 })).toThrow(LedgerError);
    expect(() => autoRefundLines({ amountMinor: 1.5 })).toThrow(LedgerError);
    expect(() => autoRefundLines({ amountMinor: 2 ** 50 + 1 })).toThrow(LedgerError);
  });
});
