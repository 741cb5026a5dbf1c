/**
 * The accounting of each business fact: a sale, a (partial) refund, an automatic refund of a late payment.
 * Each function returns the lines for buildJournalEntry, and they balance for every input they accept
 * (docs/ledger.md has the T-accounts; test/domains/ledger/postings.test.ts proves the balance with fast-check).
 */
import { LedgerError, type LedgerAccountCode } from './accounts';
import type { JournalLineSpec } from './journal';

export type VatMode = 'inclusive' | 'exclusive';

/** An order's money, as locked in at checkout (the columns of `orders`). */
export type SaleTotals = {
  /** What the buyer paid. */
  totalMinor: number;
  /** Ticket prices before the discount (VAT included when vatMode is inclusive). */
  subtotalMinor: number;
  discountMinor: number;
  /** Platform fee added to the buyer's total. */
  buyerFeeMinor: number;
  /** Platform fee the organizer absorbs (not in the buyer's total). */
  organizerFeeMinor: number;
  /** VAT on the tickets: inside the subtotal (inclusive) or added on top (exclusive). */
  vatMinor: number;
  donationMinor: number;
  vatMode: VatMode;
};

/** The accounts a sale credits, in the fixed order refunds allocate over (ties go to the earlier one). */
const SALE_SHARES = ['organizer_payable', 'vat_payable', 'platform_fee_revenue', 'donations_payable'] as const satisfies readonly LedgerAccountCode[];
type ShareAccount = (typeof SALE_SHARES)[number];

/**
 * The largest amount a posting takes (2^50 minor units, about 11 trillion in a two-decimal currency), so that
 * every entry's total (a refund moves its amount twice) stays a safe integer and buildJournalEntry accepts it.
 */
export const MAX_POSTING_MINOR = 2 ** 50;

function amount(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_POSTING_MINOR) {
    throw new LedgerError('invalid_amount', `${name} must be an integer of minor units from 0 to 2^50.`);
  }
  return value;
}

/**
 * Where a sale's money belongs, signed (positive: credited). The organizer's share is ticket revenue net of
 * VAT and of the fee it absorbs; it is negative when an absorbed fee exceeds the ticket revenue (a free ticket
 * with a fixed fee), and then the organizer owes the platform. The shares always sum to totalMinor.
 */
export function saleShares(t: SaleTotals): Record<ShareAccount, number> {
  const total = amount('totalMinor', t.totalMinor);
  const subtotal = amount('subtotalMinor', t.subtotalMinor);
  const discount = amount('discountMinor', t.discountMinor);
  const buyerFee = amount('buyerFeeMinor', t.buyerFeeMinor);
  const organizerFee = amount('organizerFeeMinor', t.organizerFeeMinor);
  const vat = amount('vatMinor', t.vatMinor);
  const donation = amount('donationMinor', t.donationMinor);
  if (t.vatMode !== 'inclusive' && t.vatMode !== 'exclusive') throw new LedgerError('inconsistent_totals', 'vatMode must be inclusive or exclusive.');
  if (discount > subtotal) throw new LedgerError('inconsistent_totals', 'The discount exceeds the subtotal.');
  const tickets = subtotal - discount + (t.vatMode === 'exclusive' ? vat : 0);
  if (vat > tickets) throw new LedgerError('inconsistent_totals', 'VAT exceeds the ticket revenue it is part of.');
  const expected = tickets + buyerFee + donation;
  if (!Number.isSafeInteger(expected) || expected !== total) {
    throw new LedgerError(
      'inconsistent_totals',
      `totalMinor ${total} is not subtotal − discount${t.vatMode === 'exclusive' ? ' + VAT' : ''} + buyer fee + donation (${expected}).`,
    );
  }
  return {
    organizer_payable: tickets - vat - organizerFee,
    vat_payable: vat,
    platform_fee_revenue: buyerFee + organizerFee,
    donations_payable: donation,
  };
}

/** A signed amount as a line on its natural side (positive: credit); zero is no line. */
function shareLine(account: LedgerAccountCode, signedCredit: number): JournalLineSpec[] {
  if (signedCredit > 0) return [{ account, creditMinor: signedCredit }];
  if (signedCredit < 0) return [{ account, debitMinor: -signedCredit }];
  return [];
}

/**
 * A paid order: the buyer's total into provider_clearing (debit), credited to what the organizer is owed,
 * VAT, platform fees (buyer-paid and organizer-absorbed) and donations. Throws LedgerError
 * `inconsistent_totals` when the totals don't add up. An order with no money at all (a free ticket, no fee)
 * has no lines: post nothing.
 */
export function saleLines(totals: SaleTotals): JournalLineSpec[] {
  const shares = saleShares(totals);
  return [
    ...(totals.totalMinor > 0 ? [{ account: 'provider_clearing' as const, debitMinor: totals.totalMinor }] : []),
    ...SALE_SHARES.flatMap((account) => shareLine(account, shares[account])),
  ];
}

/**
 * Splits `part` of `whole` across signed components summing to `whole` (largest remainder): the parts are
 * integers summing to exactly `part`, and allocating the whole gives back the components themselves.
 */
export function allocate(part: number, whole: number, components: readonly number[]): number[] {
  if (whole <= 0) return components.map(() => 0);
  const p = BigInt(part);
  const w = BigInt(whole);
  const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));
  const parts = components.map((c) => {
    const q = floorDiv(p * BigInt(c), w);
    return { q, rem: p * BigInt(c) - q * w };
  });
  let short = p - parts.reduce((s, x) => s + x.q, 0n);
  const order = parts.map((_, i) => i).sort((a, b) => (parts[b]!.rem > parts[a]!.rem ? 1 : parts[b]!.rem < parts[a]!.rem ? -1 : a - b));
  for (const i of order) {
    if (short <= 0n) break;
    parts[i]!.q += 1n;
    short -= 1n;
  }
  return parts.map((x) => Number(x.q));
}

export type RefundSpec = ({ amountMinor: number } | { tickets: { totalMinor: number }[] }) & {
  /**
   * What was refunded on this order before (orders.refundedMinor). The split is cumulative, so a run of
   * partial refunds reverses exactly the sale's shares once the whole total is refunded, to the cent.
   */
  alreadyRefundedMinor?: number;
};

/**
 * A full or partial refund (by amount, or by tickets: the sum of their totals): the sale's shares reversed in
 * proportion (debited), passing through `refunds` (credited, then debited as paid out) and out of
 * provider_clearing (credited). Throws `refund_exceeds_total` beyond what the order still holds.
 */
export function refundLines(order: SaleTotals, refund: RefundSpec): JournalLineSpec[] {
  const shares = saleShares(order);
  const refundAmount =
    'tickets' in refund ? refund.tickets.reduce((sum, t, i) => sum + amount(`tickets[${i}].totalMinor`, t.totalMinor), 0) : amount('amountMinor', refund.amountMinor);
  const before = amount('alreadyRefundedMinor', refund.alreadyRefundedMinor ?? 0);
  if (refundAmount <= 0 || refundAmount > MAX_POSTING_MINOR) throw new LedgerError('invalid_amount', 'A refund must be a positive amount of at most 2^50 minor units.');
  if (before + refundAmount > order.totalMinor) {
    throw new LedgerError('refund_exceeds_total', `Refunding ${refundAmount} after ${before} would exceed the order total of ${order.totalMinor}.`);
  }
  const components = SALE_SHARES.map((a) => shares[a]);
  const after = allocate(before + refundAmount, order.totalMinor, components);
  const prior = allocate(before, order.totalMinor, components);
  return [
    // Reversing a credit is a debit: shareLine's sides, flipped.
    ...SALE_SHARES.flatMap((account, i) => shareLine(account, -(after[i]! - prior[i]!))),
    { account: 'refunds', creditMinor: refundAmount },
    { account: 'refunds', debitMinor: refundAmount },
    { account: 'provider_clearing', creditMinor: refundAmount },
  ];
}

/**
 * A payment that arrived after its seats were resold, refunded at once: the money in (provider_clearing
 * debit, owed back through `refunds`) and straight back out. Nothing is owed to anyone else.
 */
export function autoRefundLines(payment: { amountMinor: number }): JournalLineSpec[] {
  const paid = amount('amountMinor', payment.amountMinor);
  if (paid <= 0) throw new LedgerError('invalid_amount', 'An automatic refund needs a positive amount.');
  return [
    { account: 'provider_clearing', debitMinor: paid },
    { account: 'refunds', creditMinor: paid },
    { account: 'refunds', debitMinor: paid },
    { account: 'provider_clearing', creditMinor: paid },
  ];
}

/** Sum of signed credits per account over lines (positive: net credit); what the postings say an account moved. */
export function netCredits(lines: readonly JournalLineSpec[]): Partial<Record<LedgerAccountCode, number>> {
  const out: Partial<Record<LedgerAccountCode, number>> = {};
  for (const l of lines) out[l.account] = (out[l.account] ?? 0) + (l.creditMinor ?? 0) - (l.debitMinor ?? 0);
  return out;
}
