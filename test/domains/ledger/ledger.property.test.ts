/**
 * Random sequences of sales, partial and full refunds, automatic refunds and retried postings, each posted
 * through buildJournalEntry + writeBatch into D1 (fast-check): every entry balances, the trial balance's
 * debits equal its credits overall and per currency, provider clearing holds what was received less what was
 * refunded, the settlement report says what the postings say, and a retried posting changes nothing.
 */
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ledgerAccountId, type LedgerAccountCode } from '../../../src/domains/ledger/accounts';
import { postJournalEntry, type JournalEntrySpec } from '../../../src/domains/ledger/journal';
import { autoRefundLines, netCredits, refundLines, saleLines, type SaleTotals } from '../../../src/domains/ledger/postings';
import { accountStatement, eventSettlement, trialBalance } from '../../../src/domains/ledger/reports';
import { bareTenant, insertOrder, orderTotals } from '../../support/ledger';

type Command =
  | { type: 'sale'; totals: SaleTotals; currency: 'ZAR' | 'USD'; onEvent: boolean }
  | { type: 'refund'; pick: number; share: number; full: boolean; byTickets: boolean }
  | { type: 'auto'; amountMinor: number; currency: 'ZAR' | 'USD' }
  | { type: 'retry'; pick: number };

const currency = fc.constantFrom('ZAR' as const, 'USD' as const);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('sale' as const), totals: orderTotals(50_000_000), currency, onEvent: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('refund' as const), pick: fc.nat(), share: fc.double({ min: 0, max: 1, noNaN: true }), full: fc.boolean(), byTickets: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('auto' as const), amountMinor: fc.integer({ min: 1, max: 5_000_000 }), currency }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('retry' as const), pick: fc.nat() }) },
);

type Order = { id: string | null; totals: SaleTotals; currency: string; refunded: number; refunds: number; onEvent: boolean };
type Money = { received: number; refunded: number };

async function run(commands: Command[]) {
  const { ctx, orgId, eventId } = await bareTenant();
  const orders: Order[] = [];
  const posted: JournalEntrySpec[] = [];
  const clearing: Record<string, Money> = {};
  /** What the postings for the event say each account moved, per currency (signed credits). */
  const eventNet: Record<string, Partial<Record<LedgerAccountCode, number>>> = {};
  const eventMoney: Record<string, Money> = {};
  let lineCount = 0;

  async function post(spec: JournalEntrySpec, money: Money) {
    const built = await postJournalEntry(ctx, spec);
    expect(built.alreadyPosted).toBe(false);
    posted.push(spec);
    lineCount += spec.lines.length;
    const c = (clearing[spec.currency] ??= { received: 0, refunded: 0 });
    c.received += money.received;
    c.refunded += money.refunded;
    if (spec.eventId === eventId) {
      const e = (eventMoney[spec.currency] ??= { received: 0, refunded: 0 });
      e.received += money.received;
      e.refunded += money.refunded;
      const net = (eventNet[spec.currency] ??= {});
      for (const [account, v] of Object.entries(netCredits(spec.lines)) as [LedgerAccountCode, number][]) net[account] = (net[account] ?? 0) + v;
    }
  }

  for (const [n, cmd] of commands.entries()) {
    if (cmd.type === 'sale') {
      const lines = saleLines(cmd.totals);
      const id = cmd.onEvent ? await insertOrder(orgId, eventId, cmd.totals, 'paid', cmd.currency) : null;
      orders.push({ id, totals: cmd.totals, currency: cmd.currency, refunded: 0, refunds: 0, onEvent: cmd.onEvent });
      if (lines.length === 0) continue;
      await post(
        { kind: 'sale', currency: cmd.currency, eventId: cmd.onEvent ? eventId : null, orderId: id, description: `Sale ${n}`, idempotencyKey: `sale:${n}`, lines },
        { received: cmd.totals.totalMinor, refunded: 0 },
      );
    } else if (cmd.type === 'refund') {
      const open = orders.filter((o) => o.refunded < o.totals.totalMinor);
      if (open.length === 0) continue;
      const order = open[cmd.pick % open.length]!;
      const left = order.totals.totalMinor - order.refunded;
      const amountMinor = cmd.full ? left : Math.max(1, Math.floor(left * cmd.share));
      const lines = refundLines(
        order.totals,
        cmd.byTickets ? { tickets: [{ totalMinor: amountMinor }], alreadyRefundedMinor: order.refunded } : { amountMinor, alreadyRefundedMinor: order.refunded },
      );
      await post(
        { kind: 'refund', currency: order.currency, eventId: order.onEvent ? eventId : null, orderId: order.id, description: `Refund ${n}`, idempotencyKey: `refund:${n}`, lines },
        { received: 0, refunded: amountMinor },
      );
      order.refunded += amountMinor;
      order.refunds += 1;
      if (order.id) {
        const status = order.refunded === order.totals.totalMinor ? 'refunded' : 'partially_refunded';
        await env.DB.prepare('update orders set status = ?, refunded_minor = ? where id = ?').bind(status, order.refunded, order.id).run();
      }
    } else if (cmd.type === 'auto') {
      const lines = autoRefundLines({ amountMinor: cmd.amountMinor });
      await post({ kind: 'auto_refund', currency: cmd.currency, eventId, description: `Late payment ${n}`, idempotencyKey: `auto:${n}`, lines }, { received: cmd.amountMinor, refunded: cmd.amountMinor });
    } else if (posted.length > 0) {
      // A retried completion: the same fact again changes nothing.
      const again = await postJournalEntry(ctx, posted[cmd.pick % posted.length]!);
      expect(again.alreadyPosted).toBe(true);
      expect(again.writes).toEqual([]);
    }
  }

  // Exactly one entry per fact and the lines the postings produced, each entry balanced and in one currency.
  const counts = await env.DB.prepare(
    'select (select count(*) from journal_entries where organization_id = ?1) as entries, (select count(*) from journal_lines where organization_id = ?1) as lines',
  )
    .bind(orgId)
    .first<{ entries: number; lines: number }>();
  expect(counts).toEqual({ entries: posted.length, lines: lineCount });
  const unbalanced = await env.DB.prepare(
    `select e.id from journal_entries e join journal_lines l on l.entry_id = e.id join ledger_accounts a on a.id = l.account_id
     where e.organization_id = ? group by e.id having sum(l.debit_minor) != sum(l.credit_minor) or sum(a.currency != e.currency) > 0`,
  )
    .bind(orgId)
    .all();
  expect(unbalanced.results).toEqual([]);

  // The trial balance: debits equal credits overall and per currency.
  const tb = await trialBalance({ ctx, input: {} });
  expect(tb.balanced).toBe(true);
  expect(tb.totals.map((t) => t.currency).sort()).toEqual(Object.keys(clearing).sort());
  for (const t of tb.totals) expect(t.debitTotalMinor, t.currency).toBe(t.creditTotalMinor);
  for (const cur of Object.keys(clearing)) {
    const one = await trialBalance({ ctx, input: { currency: cur } });
    expect(one.accounts.every((a) => a.currency === cur)).toBe(true);
    expect(one.totals).toEqual([tb.totals.find((t) => t.currency === cur)]);
    // Provider clearing holds what was received less what was refunded.
    const pc = one.accounts.find((a) => a.code === 'provider_clearing');
    expect(pc?.balanceMinor ?? 0).toBe(clearing[cur]!.received - clearing[cur]!.refunded);
    // (Only free orders with an absorbed fee were posted in this currency: no money moved at the provider.)
    if (!pc) continue;
    // Its statement walks back to zero: newest running balance is the balance, each step is the entry's amount.
    let cursor: string | undefined;
    let expected = pc.balanceMinor;
    do {
      const page = await accountStatement({ ctx, accountId: await ledgerAccountId(orgId, 'provider_clearing', cur), input: { limit: 7, cursor } });
      for (const item of page.items) {
        expect(item.runningBalanceMinor).toBe(expected);
        expected -= item.amountMinor;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(expected).toBe(0);
  }

  // The settlement of the event: what its postings say, and its orders by status.
  const settlement = await eventSettlement({ ctx, eventId });
  expect(settlement.currencies.map((c) => c.currency)).toEqual(Object.keys(eventNet).sort());
  for (const s of settlement.currencies) {
    const net = eventNet[s.currency]!;
    const money = eventMoney[s.currency]!;
    expect(s).toEqual({
      currency: s.currency,
      grossReceivedMinor: money.received,
      refundsMinor: money.refunded,
      netReceivedMinor: money.received - money.refunded,
      platformFeesMinor: net.platform_fee_revenue ?? 0,
      vatMinor: net.vat_payable ?? 0,
      donationsMinor: net.donations_payable ?? 0,
      netPayableMinor: net.organizer_payable ?? 0,
    });
    // Everything still held for the event belongs to someone.
    expect(s.netReceivedMinor).toBe(s.platformFeesMinor + s.vatMinor + s.donationsMinor + s.netPayableMinor);
  }
  const onEvent = orders.filter((o) => o.id);
  expect(settlement.orders).toEqual({
    paid: onEvent.filter((o) => o.refunds === 0).length,
    partiallyRefunded: onEvent.filter((o) => o.refunds > 0 && o.refunded < o.totals.totalMinor).length,
    refunded: onEvent.filter((o) => o.refunds > 0 && o.refunded === o.totals.totalMinor).length,
  });
}

describe('the ledger over random sequences of sales, refunds and late payments', () => {
  it('stays balanced and consistent in D1', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), (commands) => run(commands)),
      { numRuns: 40 },
    );
  }, 120_000);

  it('handles a fully refunded order of a single cent and a free order', async () => {
    const free: SaleTotals = { subtotalMinor: 0, discountMinor: 0, vatMinor: 0, buyerFeeMinor: 0, organizerFeeMinor: 0, donationMinor: 0, totalMinor: 0, vatMode: 'inclusive' };
    const cent: SaleTotals = { ...free, subtotalMinor: 1, totalMinor: 1 };
    await run([
      { type: 'sale', totals: free, currency: 'ZAR', onEvent: true },
      { type: 'sale', totals: cent, currency: 'ZAR', onEvent: true },
      { type: 'refund', pick: 0, share: 1, full: true, byTickets: false },
      { type: 'retry', pick: 1 },
    ]);
  });
});
