/** Reading the ledger: accounts with balances, the trial balance, an account's statement, an event's settlement. */
import { and, desc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { events } from '../../db/schema/events';
import { journalEntries, journalLines, ledgerAccounts } from '../../db/schema/ledger';
import { orders } from '../../db/schema/orders';
import { NotFoundError } from '../../platform/errors';
import { toPage } from '../../db/keyset';
import { CHART_OF_ACCOUNTS, LEDGER_ACCOUNT_CODES, type LedgerAccountCode } from './accounts';
import type { LedgerContext } from './journal';
import type { AccountBalance, EventSettlement, StatementLine, TrialBalance } from './schemas';
import { settlementFigures } from './settlement-figures';

const debitSum = sql<number>`coalesce(sum(${journalLines.debitMinor}), 0)`.mapWith(Number);
const creditSum = sql<number>`coalesce(sum(${journalLines.creditMinor}), 0)`.mapWith(Number);

/** A balance signed on the account's normal side: positive is the usual state of the account. */
const onNormalSide = (code: LedgerAccountCode, debit: number, credit: number) => (CHART_OF_ACCOUNTS[code].normalSide === 'debit' ? debit - credit : credit - debit);

const chartOrder = (code: LedgerAccountCode) => LEDGER_ACCOUNT_CODES.indexOf(code);

export async function listAccounts({ ctx, input }: { ctx: LedgerContext; input: { currency?: string; accountId?: string } }): Promise<AccountBalance[]> {
  const rows = await ctx.db
    .select({ id: ledgerAccounts.id, code: ledgerAccounts.code, name: ledgerAccounts.name, currency: ledgerAccounts.currency, createdAt: ledgerAccounts.createdAt, debit: debitSum, credit: creditSum })
    .from(ledgerAccounts)
    .leftJoin(journalLines, and(eq(journalLines.organizationId, ledgerAccounts.organizationId), eq(journalLines.accountId, ledgerAccounts.id)))
    .where(
      and(
        eq(ledgerAccounts.organizationId, ctx.organizationId),
        input.currency ? eq(ledgerAccounts.currency, input.currency) : undefined,
        input.accountId ? eq(ledgerAccounts.id, input.accountId) : undefined,
      ),
    )
    .groupBy(ledgerAccounts.id);
  return rows
    .sort((a, b) => a.currency.localeCompare(b.currency) || chartOrder(a.code) - chartOrder(b.code))
    .map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      currency: r.currency,
      normalSide: CHART_OF_ACCOUNTS[r.code].normalSide,
      debitTotalMinor: r.debit,
      creditTotalMinor: r.credit,
      balanceMinor: onNormalSide(r.code, r.debit, r.credit),
      createdAt: r.createdAt.toISOString(),
    }));
}

/** Every account's debit and credit totals; per currency, total debits equal total credits (each entry balances). */
export async function trialBalance({ ctx, input }: { ctx: LedgerContext; input: { currency?: string } }): Promise<TrialBalance> {
  const accounts = await listAccounts({ ctx, input });
  const byCurrency = new Map<string, { debit: number; credit: number }>();
  for (const a of accounts) {
    const t = byCurrency.get(a.currency) ?? { debit: 0, credit: 0 };
    t.debit += a.debitTotalMinor;
    t.credit += a.creditTotalMinor;
    byCurrency.set(a.currency, t);
  }
  const totals = [...byCurrency].map(([currency, t]) => ({ currency, debitTotalMinor: t.debit, creditTotalMinor: t.credit, balanced: t.debit === t.credit }));
  return {
    currency: input.currency ?? null,
    accounts: accounts.map((a) => ({
      accountId: a.id,
      code: a.code,
      name: a.name,
      currency: a.currency,
      normalSide: a.normalSide,
      debitTotalMinor: a.debitTotalMinor,
      creditTotalMinor: a.creditTotalMinor,
      balanceMinor: a.balanceMinor,
    })),
    totals,
    balanced: totals.every((t) => t.balanced),
  };
}

export async function getAccount(ctx: LedgerContext, accountId: string): Promise<AccountBalance> {
  const [account] = await listAccounts({ ctx, input: { accountId } });
  if (!account) throw new NotFoundError('Ledger account');
  return account;
}

/**
 * The entries that touched an account, newest first, each with its movement and the account's balance after
 * it. The running balance of a page is anchored with one sum over the entries up to its newest item.
 */
export async function accountStatement({ ctx, accountId, input }: { ctx: LedgerContext; accountId: string; input: { limit: number; cursor?: string } }) {
  const account = await getAccount(ctx, accountId);
  const onAccount = and(eq(journalLines.organizationId, ctx.organizationId), eq(journalLines.accountId, accountId));
  const rows = await ctx.db
    .select({
      id: journalEntries.id,
      kind: journalEntries.kind,
      description: journalEntries.description,
      eventId: journalEntries.eventId,
      orderId: journalEntries.orderId,
      createdAt: journalEntries.createdAt,
      debit: debitSum,
      credit: creditSum,
    })
    .from(journalLines)
    .innerJoin(journalEntries, and(eq(journalEntries.organizationId, journalLines.organizationId), eq(journalEntries.id, journalLines.entryId)))
    .where(and(onAccount, input.cursor ? lt(journalLines.entryId, input.cursor) : undefined))
    .groupBy(journalEntries.id)
    .orderBy(desc(journalEntries.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit);
  let running = 0;
  if (page.items.length > 0) {
    const [upTo] = await ctx.db
      .select({ debit: debitSum, credit: creditSum })
      .from(journalLines)
      .where(and(onAccount, lte(journalLines.entryId, page.items[0]!.id)));
    running = onNormalSide(account.code, upTo!.debit, upTo!.credit);
  }
  const items: StatementLine[] = page.items.map((r) => {
    const amountMinor = onNormalSide(account.code, r.debit, r.credit);
    const line = {
      entryId: r.id,
      kind: r.kind,
      description: r.description,
      eventId: r.eventId,
      orderId: r.orderId,
      createdAt: r.createdAt.toISOString(),
      debitMinor: r.debit,
      creditMinor: r.credit,
      amountMinor,
      runningBalanceMinor: running,
    };
    running -= amountMinor;
    return line;
  });
  return { account, items, nextCursor: page.nextCursor };
}

/**
 * What an event's journal entries add up to, per currency: money received and refunded at the provider, and
 * where the rest belongs (platform fees, VAT, donations, the organizer). Plus order counts from `orders`.
 */
export async function eventSettlement({ ctx, eventId }: { ctx: LedgerContext; eventId: string }): Promise<EventSettlement> {
  const [event] = await ctx.db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.organizationId, ctx.organizationId), eq(events.id, eventId)))
    .limit(1);
  if (!event) throw new NotFoundError('Event');
  const [movements, statuses] = await Promise.all([
    ctx.db
      .select({ code: ledgerAccounts.code, currency: ledgerAccounts.currency, debit: debitSum, credit: creditSum })
      .from(journalEntries)
      .innerJoin(journalLines, and(eq(journalLines.organizationId, journalEntries.organizationId), eq(journalLines.entryId, journalEntries.id)))
      .innerJoin(ledgerAccounts, and(eq(ledgerAccounts.organizationId, journalLines.organizationId), eq(ledgerAccounts.id, journalLines.accountId)))
      .where(and(eq(journalEntries.organizationId, ctx.organizationId), eq(journalEntries.eventId, eventId)))
      .groupBy(ledgerAccounts.code, ledgerAccounts.currency),
    ctx.db
      .select({ status: orders.status, n: sql<number>`count(*)`.mapWith(Number) })
      .from(orders)
      .where(and(eq(orders.organizationId, ctx.organizationId), eq(orders.eventId, eventId), inArray(orders.status, ['paid', 'partially_refunded', 'refunded'])))
      .groupBy(orders.status),
  ]);
  return settlementFigures(eventId, movements, (status) => statuses.find((s) => s.status === status)?.n ?? 0);
}
