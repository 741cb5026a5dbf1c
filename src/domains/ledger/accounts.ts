/** The chart of accounts every organization's ledger uses, deterministic account ids, and the ledger's one error type. */
import { LEDGER_ACCOUNT_CODES, type LedgerAccountCode } from '../../db/schema/ledger';
import { AppError } from '../../platform/errors';
import { sha256Hex } from '../../platform/crypto';

export { LEDGER_ACCOUNT_CODES, type LedgerAccountCode };

export type NormalSide = 'debit' | 'credit';

/**
 * Per account: its name and the side its balance normally sits on. Balances in reports are signed on
 * that side (a credit-normal account with more credits than debits has a positive balance).
 */
export const CHART_OF_ACCOUNTS: Record<LedgerAccountCode, { name: string; normalSide: NormalSide; description: string }> = {
  provider_clearing: { name: 'Provider clearing', normalSide: 'debit', description: 'Money held at the payment provider: buyers’ payments in, refunds out.' },
  organizer_payable: { name: 'Organizer payable', normalSide: 'credit', description: 'What the platform owes the organizer: ticket revenue net of VAT and absorbed fees.' },
  platform_fee_revenue: { name: 'Platform fee revenue', normalSide: 'credit', description: 'Platform fees: those the buyer paid and those the organizer absorbs.' },
  vat_payable: { name: 'VAT payable', normalSide: 'credit', description: 'VAT collected on tickets, owed to the tax authority.' },
  donations_payable: { name: 'Donations payable', normalSide: 'credit', description: 'Donations buyers added at checkout, owed to their cause.' },
  refunds: {
    name: 'Refunds',
    normalSide: 'debit',
    description: 'A pass-through: each refund is credited here from the accounts it reverses and debited as it is paid out, so it shows on statements.',
  },
};

export const LEDGER_ID_PREFIXES = { account: 'lac', entry: 'jnl', line: 'jln' } as const;

/**
 * The id of an organization's account for a code and currency: the same every time, so journal lines can
 * reference an account in the batch that creates it, without reading first. Ids never grant access (every
 * read is filtered by organization), so being derivable is harmless.
 */
export async function ledgerAccountId(organizationId: string, code: LedgerAccountCode, currency: string): Promise<string> {
  const hex = await sha256Hex(`ledger-account\u0000${organizationId}\u0000${code}\u0000${currency}`);
  return `${LEDGER_ID_PREFIXES.account}_${hex.slice(0, 32)}`;
}

export type LedgerErrorCode =
  | 'invalid_entry'
  | 'no_lines'
  | 'unknown_account'
  | 'invalid_amount'
  | 'line_sides'
  | 'unbalanced'
  | 'mixed_currency'
  | 'inconsistent_totals'
  | 'refund_exceeds_total'
  | 'already_posted'
  | 'idempotency_key_conflict';

const CONFLICTS: readonly LedgerErrorCode[] = ['refund_exceeds_total', 'already_posted', 'idempotency_key_conflict'];

/** A posting the ledger refuses; thrown before anything is written. */
export class LedgerError extends AppError {
  constructor(
    readonly ledgerCode: LedgerErrorCode,
    detail: string,
  ) {
    const conflict = CONFLICTS.includes(ledgerCode);
    super(conflict ? 409 : 422, ledgerCode, conflict ? 'Conflict' : 'Ledger posting refused', detail);
  }
}
