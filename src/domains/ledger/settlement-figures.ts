/**
 * An event's settlement from its ledger movements (debit and credit totals per account code and currency) and its
 * orders by status — one arithmetic for the ledger's own report from D1 (reports.ts) and the organizer's report from
 * the Postgres copy (src/domains/reports/settlement.ts).
 */
import type { LedgerAccountCode } from './accounts';
import type { EventSettlement } from './schemas';

export type Movement = { code: LedgerAccountCode | string; currency: string; debit: number; credit: number };

export function settlementFigures(eventId: string, movements: readonly Movement[], ordersByStatus: (status: string) => number): EventSettlement {
  const currencies = [...new Set(movements.map((m) => m.currency))].sort();
  return {
    eventId,
    currencies: currencies.map((currency) => {
      const of = (code: LedgerAccountCode) => movements.find((m) => m.currency === currency && m.code === code) ?? { debit: 0, credit: 0 };
      const net = (code: LedgerAccountCode) => of(code).credit - of(code).debit;
      return {
        currency,
        grossReceivedMinor: of('provider_clearing').debit,
        refundsMinor: of('refunds').debit,
        netReceivedMinor: of('provider_clearing').debit - of('provider_clearing').credit,
        platformFeesMinor: net('platform_fee_revenue'),
        vatMinor: net('vat_payable'),
        donationsMinor: net('donations_payable'),
        netPayableMinor: net('organizer_payable'),
      };
    }),
    orders: { paid: ordersByStatus('paid'), partiallyRefunded: ordersByStatus('partially_refunded'), refunded: ordersByStatus('refunded') },
  };
}
