/** buildJournalEntry: refuses what doesn't balance (writing nothing), upserts accounts by deterministic id, posts each key once. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { writeBatch } from '../../../src/db/client';
import { auditLogs } from '../../../src/db/schema/audit';
import { LedgerError, ledgerAccountId } from '../../../src/domains/ledger/accounts';
import { buildJournalEntry, ledgerGuards, postJournalEntry, type JournalEntrySpec } from '../../../src/domains/ledger/journal';
import { saleLines } from '../../../src/domains/ledger/postings';
import { bareTenant, ledgerRowCounts, SMALL_SALE } from '../../support/ledger';

const spec = (over: Partial<JournalEntrySpec> = {}): JournalEntrySpec => ({
  kind: 'sale',
  currency: 'ZAR',
  description: 'A sale',
  idempotencyKey: `sale:${Math.random()}`,
  lines: [
    { account: 'provider_clearing', debitMinor: 1000 },
    { account: 'organizer_payable', creditMinor: 1000 },
  ],
  ...over,
});

async function refusal(build: Promise<unknown>): Promise<LedgerError> {
  const error = await build.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LedgerError);
  return error as LedgerError;
}

describe('buildJournalEntry refuses, writing nothing', () => {
  const cases: [string, Partial<JournalEntrySpec>, string][] = [
    ['debits ≠ credits', { lines: [{ account: 'provider_clearing', debitMinor: 1000 }, { account: 'organizer_payable', creditMinor: 999 }] }, 'unbalanced'],
    ['a line with both sides', { lines: [{ account: 'provider_clearing', debitMinor: 10, creditMinor: 10 }] }, 'line_sides'],
    ['a line with neither side', { lines: [{ account: 'provider_clearing' }, { account: 'refunds', debitMinor: 0, creditMinor: 0 }] }, 'line_sides'],
    ['a negative amount', { lines: [{ account: 'provider_clearing', debitMinor: -5 }, { account: 'refunds', creditMinor: -5 }] }, 'invalid_amount'],
    ['a fractional amount', { lines: [{ account: 'provider_clearing', debitMinor: 10.5 }, { account: 'refunds', creditMinor: 10.5 }] }, 'invalid_amount'],
    ['an unsafe integer', { lines: [{ account: 'provider_clearing', debitMinor: 2 ** 53 }, { account: 'refunds', creditMinor: 2 ** 53 }] }, 'invalid_amount'],
    ['a total beyond safe integers', { lines: [{ account: 'provider_clearing', debitMinor: 2 ** 52 }, { account: 'provider_clearing', debitMinor: 2 ** 52 }, { account: 'refunds', creditMinor: 2 ** 52 }, { account: 'refunds', creditMinor: 2 ** 52 }] }, 'invalid_amount'],
    ['a string amount', { lines: [{ account: 'provider_clearing', debitMinor: '10' as never }, { account: 'refunds', creditMinor: 10 }] }, 'invalid_amount'],
    ['no lines', { lines: [] }, 'no_lines'],
    ['mixed currencies', { lines: [{ account: 'provider_clearing', debitMinor: 10 }, { account: 'refunds', creditMinor: 10, currency: 'USD' }] }, 'mixed_currency'],
    ['an unknown account', { lines: [{ account: 'cash' as never, debitMinor: 10 }, { account: 'refunds', creditMinor: 10 }] }, 'unknown_account'],
    ['a malformed currency', { currency: 'rand' }, 'invalid_entry'],
    ['an unknown kind', { kind: 'gift' as never }, 'invalid_entry'],
    ['an empty idempotency key', { idempotencyKey: ' ' }, 'invalid_entry'],
  ];

  it.each(cases)('refuses %s', async (_, over, code) => {
    const { ctx, orgId } = await bareTenant();
    const error = await refusal(buildJournalEntry(ctx, spec(over)));
    expect(error.code).toBe(code);
    expect(error.status).toBe(422);
    expect(await ledgerRowCounts(orgId)).toEqual({ ledger_accounts: 0, journal_entries: 0, journal_lines: 0 });
  });
});

describe('buildJournalEntry writes', () => {
  it('upserts the accounts it touches under ids derived from organization, code and currency', async () => {
    const { ctx, orgId, eventId } = await bareTenant();
    const built = await postJournalEntry(ctx, spec({ eventId, lines: saleLines(SMALL_SALE) }));
    expect(built.alreadyPosted).toBe(false);
    const accounts = await env.DB.prepare('select id, code, currency from ledger_accounts where organization_id = ? order by code').bind(orgId).all<{ id: string; code: string; currency: string }>();
    expect(accounts.results.map((a) => a.code)).toEqual(['donations_payable', 'organizer_payable', 'platform_fee_revenue', 'provider_clearing', 'vat_payable']);
    for (const a of accounts.results) expect(a.id).toBe(await ledgerAccountId(orgId, a.code as never, 'ZAR'));
    // A second entry reuses the same accounts, and a USD entry opens its own.
    await postJournalEntry(ctx, spec({ lines: saleLines(SMALL_SALE) }));
    await postJournalEntry(ctx, spec({ currency: 'USD' }));
    expect(await ledgerRowCounts(orgId)).toEqual({ ledger_accounts: 7, journal_entries: 3, journal_lines: 12 });
    expect(await ledgerAccountId(orgId, 'refunds', 'ZAR')).not.toBe(await ledgerAccountId(`${orgId}x`, 'refunds', 'ZAR'));
  });

  it('rides in the caller’s batch: both land together, or neither', async () => {
    const { ctx, orgId } = await bareTenant();
    const built = await buildJournalEntry(ctx, spec());
    const audit = (id: string) =>
      ctx.db.insert(auditLogs).values({ id, organizationId: orgId, actorType: 'system', actorId: 'system', action: 'order.paid', resourceType: 'order', resourceId: 'ord_1', changes: null, requestId: 'r', ip: null, userAgent: null, createdAt: new Date() });
    // A failing statement after the ledger writes (a duplicate primary key) aborts the whole batch.
    await expect(writeBatch(ctx.db, [audit('aud_same'), ...built.writes, audit('aud_same')])).rejects.toThrow();
    expect(await ledgerRowCounts(orgId)).toEqual({ ledger_accounts: 0, journal_entries: 0, journal_lines: 0 });
    await writeBatch(ctx.db, [audit('aud_once'), ...built.writes], ledgerGuards);
    expect(await ledgerRowCounts(orgId)).toEqual({ ledger_accounts: 2, journal_entries: 1, journal_lines: 2 });
  });
});

describe('idempotent posting', () => {
  it('posting the same key twice leaves one entry and one set of lines, and answers the first entry', async () => {
    const { ctx, orgId } = await bareTenant();
    const s = spec({ lines: saleLines(SMALL_SALE) });
    const first = await postJournalEntry(ctx, s);
    const second = await postJournalEntry(ctx, s);
    expect(second).toEqual({ entryId: first.entryId, writes: [], alreadyPosted: true });
    expect(await ledgerRowCounts(orgId)).toEqual({ ledger_accounts: 5, journal_entries: 1, journal_lines: 5 });
  });

  it('two racing postings of one key (both built before either writes) write one entry and one set of lines', async () => {
    const { ctx, orgId } = await bareTenant();
    const s = spec({ lines: saleLines(SMALL_SALE) });
    const [a, b] = await Promise.all([buildJournalEntry(ctx, s), buildJournalEntry(ctx, s)]);
    expect(a.entryId).not.toBe(b.entryId);
    const order = (id: string) =>
      ctx.db.insert(auditLogs).values({ id, organizationId: orgId, actorType: 'system', actorId: 'system', action: 'order.paid', resourceType: 'order', resourceId: 'ord_1', changes: null, requestId: 'r', ip: null, userAgent: null, createdAt: new Date() });
    await Promise.all([writeBatch(ctx.db, [order('aud_a'), ...a.writes], ledgerGuards), writeBatch(ctx.db, [order('aud_b'), ...b.writes], ledgerGuards)]);
    expect(await ledgerRowCounts(orgId)).toEqual({ ledger_accounts: 5, journal_entries: 1, journal_lines: 5 });
    const entry = await env.DB.prepare('select id from journal_entries where organization_id = ?').bind(orgId).first<{ id: string }>();
    const lines = await env.DB.prepare('select entry_id as entryId, sum(debit_minor) as d, sum(credit_minor) as c from journal_lines where organization_id = ? group by entry_id').bind(orgId).all();
    expect(lines.results).toEqual([{ entryId: entry!.id, d: 18000, c: 18000 }]);
    // The rest of each caller's batch still committed: a retried completion is a no-op for the ledger only.
    expect((await env.DB.prepare("select count(*) as n from audit_logs where id in ('aud_a', 'aud_b')").first<{ n: number }>())!.n).toBe(2);
  });

  it('with onDuplicate: refuse, a racing second posting fails its whole batch through ledgerGuards', async () => {
    const { ctx, orgId } = await bareTenant();
    const s = spec({ onDuplicate: 'refuse' });
    const [a, b] = await Promise.all([buildJournalEntry(ctx, s), buildJournalEntry(ctx, s)]);
    await writeBatch(ctx.db, a.writes, ledgerGuards);
    const error = await refusal(writeBatch(ctx.db, b.writes, ledgerGuards));
    expect(error.code).toBe('already_posted');
    expect(error.status).toBe(409);
    // And once posted, building again refuses before any write.
    expect((await refusal(buildJournalEntry(ctx, s))).code).toBe('already_posted');
    expect(await ledgerRowCounts(orgId)).toEqual({ ledger_accounts: 2, journal_entries: 1, journal_lines: 2 });
  });

  it('refuses a key reused for a different fact', async () => {
    const { ctx, orgId } = await bareTenant();
    const s = spec();
    await postJournalEntry(ctx, s);
    const other = spec({ idempotencyKey: s.idempotencyKey, lines: [{ account: 'provider_clearing', debitMinor: 5 }, { account: 'organizer_payable', creditMinor: 5 }] });
    expect((await refusal(buildJournalEntry(ctx, other))).code).toBe('idempotency_key_conflict');
    expect((await refusal(buildJournalEntry(ctx, { ...s, kind: 'refund' }))).code).toBe('idempotency_key_conflict');
    expect(await ledgerRowCounts(orgId)).toEqual({ ledger_accounts: 2, journal_entries: 1, journal_lines: 2 });
  });

  it('keeps keys per organization: the same key in two organizations posts in both', async () => {
    const [x, y] = [await bareTenant(), await bareTenant()];
    const s = spec({ idempotencyKey: 'sale:shared' });
    await postJournalEntry(x.ctx, s);
    await postJournalEntry(y.ctx, s);
    expect((await ledgerRowCounts(x.orgId)).journal_entries).toBe(1);
    expect((await ledgerRowCounts(y.orgId)).journal_entries).toBe(1);
  });
});
