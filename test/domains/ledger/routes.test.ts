/** The finance routes over HTTP: accounts, trial balance, statements and settlements, tenant-scoped and behind finance.read. */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { ledgerAccountId } from '../../../src/domains/ledger/accounts';
import { postJournalEntry } from '../../../src/domains/ledger/journal';
import { autoRefundLines, refundLines, saleLines } from '../../../src/domains/ledger/postings';
import { addMember, api, createApiKey, signup, type SignedUp } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { insertOrder, SMALL_SALE } from '../../support/ledger';
import { replicated } from '../../support/replication';

let owner: SignedUp;
let eventId: string;
let quietEventId: string;
let base: string;

/** One sale (R180), a R90 partial refund of it, a late payment of R50 refunded at once, and a USD sale elsewhere. */
beforeAll(async () => {
  owner = await signup();
  base = `/orgs/${owner.orgId}`;
  eventId = (await onSaleEvent(owner, { layout: false })).eventId;
  quietEventId = (await onSaleEvent(owner, { layout: false })).eventId;
  // A second between postings, so newest-first order is certain.
  let clock = Date.now();
  const ctx = { db: createDb(env.DB), organizationId: owner.orgId, now: () => new Date((clock += 1000)) };
  const orderId = await insertOrder(owner.orgId, eventId, SMALL_SALE, 'partially_refunded');
  await insertOrder(owner.orgId, eventId, SMALL_SALE, 'paid');
  await postJournalEntry(ctx, { kind: 'sale', currency: 'ZAR', eventId, orderId, description: 'Order paid', idempotencyKey: `sale:${orderId}`, lines: saleLines(SMALL_SALE) });
  await postJournalEntry(ctx, { kind: 'refund', currency: 'ZAR', eventId, orderId, description: 'Partial refund', idempotencyKey: `refund:${orderId}:1`, lines: refundLines(SMALL_SALE, { amountMinor: 9000 }) });
  await postJournalEntry(ctx, { kind: 'auto_refund', currency: 'ZAR', eventId, description: 'Late payment refunded', idempotencyKey: 'auto:1', lines: autoRefundLines({ amountMinor: 5000 }) });
  await postJournalEntry(ctx, { kind: 'sale', currency: 'USD', description: 'Elsewhere', idempotencyKey: 'sale:usd', lines: saleLines({ ...SMALL_SALE, vatMode: 'exclusive', totalMinor: 19957 }) });
});

describe('GET /orgs/{orgId}/ledger/accounts', () => {
  it('lists every account with its totals and balance on its normal side, by currency in chart order', async () => {
    const res = await api('GET', `${base}/ledger/accounts`, { token: owner.token });
    expect(res.status).toBe(200);
    const zar = res.body.items.filter((a: { currency: string }) => a.currency === 'ZAR');
    expect(zar.map((a: { code: string; balanceMinor: number }) => [a.code, a.balanceMinor])).toEqual([
      ['provider_clearing', 18000 - 9000],
      ['organizer_payable', 12543 - 6272],
      ['platform_fee_revenue', 1500 - 750],
      ['vat_payable', 1957 - 978],
      ['donations_payable', 2000 - 1000],
      ['refunds', 0],
    ]);
    expect(zar[0]).toMatchObject({ id: await ledgerAccountId(owner.orgId, 'provider_clearing', 'ZAR'), name: 'Provider clearing', normalSide: 'debit', debitTotalMinor: 23000, creditTotalMinor: 14000 });
    expect(zar[5]).toMatchObject({ code: 'refunds', debitTotalMinor: 14000, creditTotalMinor: 14000 });
    expect(res.body.items.slice(0, 5).every((a: { currency: string }) => a.currency === 'USD')).toBe(true);
  });

  it('filters by currency and refuses a malformed one', async () => {
    const usd = await api('GET', `${base}/ledger/accounts?currency=USD`, { token: owner.token });
    expect(usd.body.items.map((a: { currency: string }) => a.currency)).toEqual(['USD', 'USD', 'USD', 'USD', 'USD']);
    const bad = await api('GET', `${base}/ledger/accounts?currency=rand`, { token: owner.token });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('query.currency');
  });
});

describe('GET /orgs/{orgId}/ledger/trial-balance', () => {
  it('answers per account debits, credits and balance, with equal grand totals per currency', async () => {
    const res = await api('GET', `${base}/ledger/trial-balance`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body.balanced).toBe(true);
    expect(res.body.totals).toEqual([
      { currency: 'USD', debitTotalMinor: 19957, creditTotalMinor: 19957, balanced: true },
      { currency: 'ZAR', debitTotalMinor: 46000, creditTotalMinor: 46000, balanced: true },
    ]);
    const one = await api('GET', `${base}/ledger/trial-balance?currency=ZAR`, { token: owner.token });
    expect(one.body.currency).toBe('ZAR');
    expect(one.body.accounts).toHaveLength(6);
    expect(one.body.totals).toEqual([res.body.totals[1]]);
  });

  it('is empty and balanced for an organization with no ledger yet', async () => {
    const other = await signup();
    const res = await api('GET', `/orgs/${other.orgId}/ledger/trial-balance`, { token: other.token });
    expect(res.body).toEqual({ currency: null, accounts: [], totals: [], balanced: true });
  });
});

describe('GET /orgs/{orgId}/ledger/accounts/{accountId}/statement', () => {
  it('lists the entries that moved the account, newest first, with amounts and running balances, page by page', async () => {
    const accountId = await ledgerAccountId(owner.orgId, 'provider_clearing', 'ZAR');
    const first = await api('GET', `${base}/ledger/accounts/${accountId}/statement?limit=2`, { token: owner.token });
    expect(first.status).toBe(200);
    expect(first.body.account).toMatchObject({ id: accountId, balanceMinor: 9000 });
    expect(first.body.items.map((i: Record<string, unknown>) => [i.kind, i.debitMinor, i.creditMinor, i.amountMinor, i.runningBalanceMinor])).toEqual([
      ['auto_refund', 5000, 5000, 0, 9000],
      ['refund', 0, 9000, -9000, 9000],
    ]);
    expect(first.body.nextCursor).toBe(first.body.items[1].entryId);
    const second = await api('GET', `${base}/ledger/accounts/${accountId}/statement?limit=2&cursor=${first.body.nextCursor}`, { token: owner.token });
    expect(second.body.items.map((i: Record<string, unknown>) => [i.kind, i.description, i.eventId, i.amountMinor, i.runningBalanceMinor])).toEqual([['sale', 'Order paid', eventId, 18000, 18000]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('shows refunds passing through the refunds account', async () => {
    const accountId = await ledgerAccountId(owner.orgId, 'refunds', 'ZAR');
    const res = await api('GET', `${base}/ledger/accounts/${accountId}/statement`, { token: owner.token });
    expect(res.body.items.map((i: Record<string, unknown>) => [i.kind, i.debitMinor, i.creditMinor])).toEqual([
      ['auto_refund', 5000, 5000],
      ['refund', 9000, 9000],
    ]);
  });

  it("answers 404 for another organization's account id and for an unknown one", async () => {
    const other = await signup();
    await postJournalEntry({ db: createDb(env.DB), organizationId: other.orgId }, { kind: 'sale', currency: 'ZAR', description: 'Theirs', idempotencyKey: 'sale:theirs', lines: saleLines(SMALL_SALE) });
    const theirs = await ledgerAccountId(other.orgId, 'provider_clearing', 'ZAR');
    expect((await api('GET', `/orgs/${other.orgId}/ledger/accounts/${theirs}/statement`, { token: other.token })).status).toBe(200);
    for (const accountId of [theirs, 'lac_00000000000000000000000000000000']) {
      const res = await api('GET', `${base}/ledger/accounts/${accountId}/statement`, { token: owner.token });
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('Theirs');
    }
  });
});

describe('GET /orgs/{orgId}/events/{eventId}/settlement', () => {
  it('adds up the event’s entries: gross, refunds, fees, VAT, donations and net payable; orders by status (from the Postgres copy)', async () => {
    await replicated(owner.orgId);
    const res = await api('GET', `${base}/events/${eventId}/settlement`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body.freshness).toMatchObject({ source: 'postgres', pendingChanges: 0, lagSeconds: 0 });
    const { freshness: _, ...settlement } = res.body;
    expect(settlement).toEqual({
      eventId,
      currencies: [
        {
          currency: 'ZAR',
          grossReceivedMinor: 18000 + 5000,
          refundsMinor: 9000 + 5000,
          netReceivedMinor: 9000,
          platformFeesMinor: 750,
          vatMinor: 979,
          donationsMinor: 1000,
          netPayableMinor: 6271,
        },
      ],
      orders: { paid: 1, partiallyRefunded: 1, refunded: 0 },
    });
  });

  it('is empty for an event with no entries, and 404 for an unknown or foreign event', async () => {
    const quiet = await api('GET', `${base}/events/${quietEventId}/settlement`, { token: owner.token });
    expect(quiet.body).toMatchObject({ eventId: quietEventId, currencies: [], orders: { paid: 0, partiallyRefunded: 0, refunded: 0 } });
    const other = await signup();
    expect((await api('GET', `/orgs/${other.orgId}/events/${eventId}/settlement`, { token: other.token })).status).toBe(404);
    expect((await api('GET', `${base}/events/evt_01doesnotexist00000000000/settlement`, { token: owner.token })).status).toBe(404);
  });
});

describe('finance.read', () => {
  it('lets owners, admins and keys scoped to it read the ledger; staff and viewers are refused', async () => {
    const admin = await addMember(owner, 'admin');
    const staff = await addMember(owner, 'staff');
    const viewer = await addMember(owner, 'viewer');
    const key = await createApiKey(owner, ['finance.read']);
    const other = await createApiKey(owner, ['events.read']);
    for (const [token, status] of [
      [admin.token, 200],
      [key.secret, 200],
      [staff.token, 403],
      [viewer.token, 403],
      [other.secret, 403],
    ] as const) {
      for (const path of ['/ledger/accounts', '/ledger/trial-balance', `/events/${eventId}/settlement`]) {
        expect((await api('GET', `${base}${path}`, { token })).status, path).toBe(status);
      }
    }
  });
});
