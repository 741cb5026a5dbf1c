/** Ledger report shapes: accounts with balances, the trial balance, statements, event settlements. */
import { JOURNAL_KINDS, LEDGER_ACCOUNT_CODES } from '../../db/schema/ledger';
import { z } from '../../platform/openapi';
import { CurrencySchema, IsoDateTime } from '../shared-schemas';

const Minor = z.number().int().openapi({ description: 'Integer minor units (cents)', example: 15000 });
const AccountCode = z.enum(LEDGER_ACCOUNT_CODES).openapi({ example: 'organizer_payable' });
const NormalSide = z.enum(['debit', 'credit']).openapi({ description: 'The side this account’s balance normally sits on; balances are signed on it' });

export const CurrencyQuery = z.object({
  currency: CurrencySchema.optional().openapi({ description: 'Only accounts in this currency' }),
});

export const AccountBalanceSchema = z
  .object({
    id: z.string().openapi({ example: 'lac_5d0c7a4f3e2b1a09f8e7d6c5b4a39281' }),
    code: AccountCode,
    name: z.string(),
    currency: z.string().openapi({ example: 'ZAR' }),
    normalSide: NormalSide,
    debitTotalMinor: Minor,
    creditTotalMinor: Minor,
    balanceMinor: Minor,
    createdAt: IsoDateTime,
  })
  .openapi('LedgerAccount');
export type AccountBalance = z.infer<typeof AccountBalanceSchema>;

export const TrialBalanceSchema = z
  .object({
    currency: z.string().nullable().openapi({ description: 'The currency asked for, or null for all' }),
    accounts: z.array(
      z.object({
        accountId: z.string(),
        code: AccountCode,
        name: z.string(),
        currency: z.string(),
        normalSide: NormalSide,
        debitTotalMinor: Minor,
        creditTotalMinor: Minor,
        balanceMinor: Minor,
      }),
    ),
    totals: z.array(z.object({ currency: z.string(), debitTotalMinor: Minor, creditTotalMinor: Minor, balanced: z.boolean() })).openapi({
      description: 'Grand totals per currency: debits always equal credits',
    }),
    balanced: z.boolean(),
  })
  .openapi('TrialBalance');
export type TrialBalance = z.infer<typeof TrialBalanceSchema>;

export const StatementLineSchema = z.object({
  entryId: z.string(),
  kind: z.enum(JOURNAL_KINDS),
  description: z.string(),
  eventId: z.string().nullable(),
  orderId: z.string().nullable(),
  createdAt: IsoDateTime,
  debitMinor: Minor,
  creditMinor: Minor,
  amountMinor: Minor.openapi({ description: 'The entry’s movement of this account, signed on its normal side' }),
  runningBalanceMinor: Minor.openapi({ description: 'The account’s balance after this entry' }),
});
export type StatementLine = z.infer<typeof StatementLineSchema>;

export const StatementSchema = z
  .object({ account: AccountBalanceSchema, items: z.array(StatementLineSchema), nextCursor: z.string().nullable() })
  .openapi('LedgerStatement');

export const EventSettlementSchema = z
  .object({
    eventId: z.string(),
    currencies: z.array(
      z.object({
        currency: z.string(),
        grossReceivedMinor: Minor.openapi({ description: 'Every payment received for the event' }),
        refundsMinor: Minor.openapi({ description: 'Paid back to buyers, automatic refunds of late payments included' }),
        netReceivedMinor: Minor.openapi({ description: 'Gross received less refunds: what is still held at the provider' }),
        platformFeesMinor: Minor,
        vatMinor: Minor,
        donationsMinor: Minor,
        netPayableMinor: Minor.openapi({ description: 'Owed to the organizer after fees, VAT, donations and refunds' }),
      }),
    ),
    orders: z.object({ paid: z.number().int(), partiallyRefunded: z.number().int(), refunded: z.number().int() }),
  })
  .openapi('EventSettlement');
export type EventSettlement = z.infer<typeof EventSettlementSchema>;
