/** Test helpers for the ledger: a bare tenant with one event written straight to D1, orders, and a fixture sale. */
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { createDb } from '../../src/db/client';
import { ledgerAccountId } from '../../src/domains/ledger/accounts';
import { postJournalEntry, type LedgerContext } from '../../src/domains/ledger/journal';
import { saleLines, type SaleTotals } from '../../src/domains/ledger/postings';
import { newId } from '../../src/platform/ids';

/** A small inclusive-VAT sale: R150 ticket (R19.57 VAT in it), R10 buyer fee, R5 absorbed fee, R20 donation. */
export const SMALL_SALE: SaleTotals = {
  subtotalMinor: 15000,
  discountMinor: 0,
  buyerFeeMinor: 1000,
  organizerFeeMinor: 500,
  vatMinor: 1957,
  donationMinor: 2000,
  totalMinor: 18000,
  vatMode: 'inclusive',
};

/** Posts SMALL_SALE for an event (once per key) and answers the id of the tenant's ZAR provider_clearing account. */
export async function postFixtureSale(orgId: string, eventId: string, description: string, key = `fixture-sale:${eventId}`): Promise<string> {
  const ctx = { db: createDb(env.DB), organizationId: orgId };
  await postJournalEntry(ctx, { kind: 'sale', currency: 'ZAR', eventId, description, idempotencyKey: key, lines: saleLines(SMALL_SALE) });
  return ledgerAccountId(orgId, 'provider_clearing', 'ZAR');
}

/**
 * An organization with a venue and an event, inserted directly (no users): enough for the ledger's foreign
 * keys and the settlement's event lookup, and fast enough to make one per fast-check run.
 */
export async function bareTenant(): Promise<{ ctx: LedgerContext; orgId: string; eventId: string }> {
  const orgId = newId('org');
  const venueId = newId('ven');
  const eventId = newId('evt');
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare('insert into organizations (id, name, slug, created_at, updated_at) values (?, ?, ?, ?, ?)').bind(orgId, 'Ledger Org', orgId, now, now),
    env.DB.prepare(
      'insert into venues (id, organization_id, name, address_line1, city, country, timezone, capacity, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).bind(venueId, orgId, 'Hall', '1 Road', 'Cape Town', 'ZA', 'Africa/Johannesburg', 100, now, now),
    env.DB.prepare(
      'insert into events (id, organization_id, venue_id, name, status, timezone, starts_at, ends_at, hold_ttl_seconds, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).bind(eventId, orgId, venueId, 'Concert', 'on_sale', 'Africa/Johannesburg', now + 86_400_000, now + 90_000_000, 300, now, now),
  ]);
  return { ctx: { db: createDb(env.DB), organizationId: orgId }, orgId, eventId };
}

/** An order row with the given totals and status (the settlement counts orders by status). */
export async function insertOrder(orgId: string, eventId: string, totals: SaleTotals, status: string, currency = 'ZAR'): Promise<string> {
  const id = newId('ord');
  const now = Date.now();
  await env.DB.prepare(
    `insert into orders (id, organization_id, event_id, status, access_token_hash, buyer_name, buyer_email, locale, currency,
       subtotal_minor, discount_minor, buyer_fee_minor, organizer_fee_minor, vat_minor, donation_minor, total_minor, refunded_minor,
       quote, hold_ids, payment_provider, expires_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, 'Buyer', 'buyer@example.com', 'en', ?, ?, ?, ?, ?, ?, ?, ?, 0, '{}', '[]', 'test', ?, ?, ?)`,
  )
    .bind(id, orgId, eventId, status, id, currency, totals.subtotalMinor, totals.discountMinor, totals.buyerFeeMinor, totals.organizerFeeMinor, totals.vatMinor, totals.donationMinor, totals.totalMinor, now, now, now)
    .run();
  return id;
}

export async function ledgerRowCounts(orgId?: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['ledger_accounts', 'journal_entries', 'journal_lines']) {
    const stmt = orgId ? env.DB.prepare(`select count(*) as n from ${table} where organization_id = ?`).bind(orgId) : env.DB.prepare(`select count(*) as n from ${table}`);
    counts[table] = (await stmt.first<{ n: number }>())!.n;
  }
  return counts;
}

/** Any integer amount from 0 to max (fc.integer stops at 32 bits). */
const minor = (max: number) => fc.bigInt({ min: 0n, max: BigInt(max) }).map(Number);

/** Consistent order totals with every component, either VAT mode, up to R100 million. */
export const orderTotals = (max = 10_000_000_000): fc.Arbitrary<SaleTotals> =>
  fc
    .record({
      subtotal: fc.oneof(minor(100_000), minor(max)),
      discountShare: fc.double({ min: 0, max: 1, noNaN: true }),
      vatShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
      buyerFeeMinor: fc.oneof(fc.constant(0), minor(max / 10)),
      organizerFeeMinor: fc.oneof(fc.constant(0), minor(max / 10)),
      donationMinor: fc.oneof(fc.constant(0), minor(max / 10)),
      vatMode: fc.constantFrom('inclusive' as const, 'exclusive' as const),
    })
    .map((r) => {
      const discountMinor = Math.floor(r.subtotal * r.discountShare);
      const net = r.subtotal - discountMinor;
      const vatMinor = Math.floor(net * r.vatShare);
      const totalMinor = net + (r.vatMode === 'exclusive' ? vatMinor : 0) + r.buyerFeeMinor + r.donationMinor;
      return { subtotalMinor: r.subtotal, discountMinor, vatMinor, buyerFeeMinor: r.buyerFeeMinor, organizerFeeMinor: r.organizerFeeMinor, donationMinor: r.donationMinor, totalMinor, vatMode: r.vatMode };
    });
