/** The double-entry ledger per organization: accounts, journal entries, and their lines (every entry balances). */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, organizationId } from './columns';
import { organizations } from './tenancy';

export const LEDGER_ACCOUNT_CODES = [
  'provider_clearing',
  'organizer_payable',
  'platform_fee_revenue',
  'vat_payable',
  'donations_payable',
  'refunds',
] as const;
export type LedgerAccountCode = (typeof LEDGER_ACCOUNT_CODES)[number];

export const ledgerAccounts = sqliteTable(
  'ledger_accounts',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    code: text({ enum: LEDGER_ACCOUNT_CODES }).notNull(),
    currency: text().notNull(),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('ledger_accounts_org_code_currency_uq').on(t.organizationId, t.code, t.currency)],
);

export const JOURNAL_KINDS = ['sale', 'refund', 'auto_refund', 'adjustment'] as const;

export const journalEntries = sqliteTable(
  'journal_entries',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text(),
    orderId: text(),
    kind: text({ enum: JOURNAL_KINDS }).notNull(),
    description: text().notNull(),
    currency: text().notNull(),
    /** Unique per organization: posting the same fact twice (a retried webhook) writes one entry. */
    idempotencyKey: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('journal_entries_org_key_uq').on(t.organizationId, t.idempotencyKey),
    index('journal_entries_org_event_idx').on(t.organizationId, t.eventId),
    index('journal_entries_org_order_idx').on(t.organizationId, t.orderId),
  ],
);

/** A line is a debit or a credit (exactly one non-zero) in minor units; an entry's debits equal its credits. */
export const journalLines = sqliteTable(
  'journal_lines',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    entryId: text()
      .notNull()
      .references(() => journalEntries.id),
    accountId: text()
      .notNull()
      .references(() => ledgerAccounts.id),
    debitMinor: integer().notNull(),
    creditMinor: integer().notNull(),
  },
  (t) => [index('journal_lines_org_entry_idx').on(t.organizationId, t.entryId), index('journal_lines_org_account_idx').on(t.organizationId, t.accountId)],
);
