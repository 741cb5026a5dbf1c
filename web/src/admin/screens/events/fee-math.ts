/** The platform fee on one ticket, as the server's quote computes it (src/domains/pricing/quote.ts). */
export type FeeTerms = { percentBps: number; fixedMinor: number; capMinor: number | null; payer: 'buyer' | 'organizer' };

/** percent × price (half up) + fixed, capped per ticket; a free ticket pays no fee. */
export function ticketFeeMinor(priceMinor: number, fee: FeeTerms): number {
  if (priceMinor <= 0) return 0;
  const percent = Math.floor((priceMinor * fee.percentBps * 2 + 10_000) / 20_000);
  return Math.min(percent + fee.fixedMinor, fee.capMinor ?? Number.MAX_SAFE_INTEGER);
}

/** What the buyer pays and what the organizer keeps (before VAT) for a ticket at `priceMinor`. */
export function feeSplit(priceMinor: number, fee: FeeTerms): { buyerPaysMinor: number; organizerGetsMinor: number; feeMinor: number } {
  const feeMinor = ticketFeeMinor(priceMinor, fee);
  return fee.payer === 'buyer'
    ? { buyerPaysMinor: priceMinor + feeMinor, organizerGetsMinor: priceMinor, feeMinor }
    : { buyerPaysMinor: priceMinor, organizerGetsMinor: priceMinor - feeMinor, feeMinor };
}

/** Basis points as a percentage: 250 → "2.5 %", 1500 → "15 %". */
export function formatBps(bps: number, locale?: string): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(bps / 100)} %`;
}

/** "15" or "12.5" (a percentage typed by a person) → basis points; null when it is not a percentage in (0, 100]. */
export function parsePercentToBps(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || 0);
  return bps >= 1 && bps <= 10_000 ? bps : null;
}
