/**
 * Journal entries as writes for the caller's D1 batch: validated to balance before anything is built, the
 * accounts they touch upserted under deterministic ids, and idempotent per organization and key.
 */
import { and, eq, sql } from 'drizzle-orm';
import { type BatchGuards, type Database, type Write, writeBatch } from '../../db/client';
import { JOURNAL_KINDS, journalEntries, journalLines, ledgerAccounts } from '../../db/schema/ledger';
import { newId } from '../../platform/ids';
import { CHART_OF_ACCOUNTS, LEDGER_ACCOUNT_CODES, LEDGER_ID_PREFIXES, LedgerError, ledgerAccountId, type LedgerAccountCode } from './accounts';

export type JournalKind = (typeof JOURNAL_KINDS)[number];

/** What the ledger needs from the request: the database and the tenant (a TenantContext will do). */
export type LedgerContext = { db: Database; organizationId: string; now?: () => Date };

/** One line: exactly one of debit or credit, a positive integer of minor units (an absent side counts as 0). */
export type JournalLineSpec = {
  account: LedgerAccountCode;
  debitMinor?: number;
  creditMinor?: number;
  /** Optional; when given it must be the entry's currency (an entry never mixes currencies). */
  currency?: string;
};

export type JournalEntrySpec = {
  kind: JournalKind;
  currency: string;
  eventId?: string | null;
  orderId?: string | null;
  description: string;
  /** Unique per organization: the business fact this entry records (say `sale:<orderId>`). */
  idempotencyKey: string;
  lines: JournalLineSpec[];
  /**
   * A second posting of the same key: `skip` (default) makes its writes no-ops, so a retried completion
   * commits the rest of its batch unchanged; `refuse` makes the batch fail with LedgerError `already_posted`
   * (through `ledgerGuards`), so nothing in that batch is written.
   */
  onDuplicate?: 'skip' | 'refuse';
};

export type BuiltJournalEntry = {
  /** The entry's id: the one already posted under this key, if any. */
  entryId: string;
  /** For the caller's `writeBatch(db, [...theirWrites, ...writes], ledgerGuards)`; empty when already posted. */
  writes: Write[];
  alreadyPosted: boolean;
};

export type ValidatedLine = { account: LedgerAccountCode; debitMinor: number; creditMinor: number };

const CURRENCY = /^[A-Z]{3}$/;
const MAX_TEXT = 500;

/**
 * Maps the database's refusal of a second entry under one key (only possible with `onDuplicate: 'refuse'`,
 * or when the unique index is hit another way) to LedgerError `already_posted`, for writeBatch.
 */
const alreadyPostedError = () => new LedgerError('already_posted', 'A journal entry with this idempotency key is already posted.');
export const ledgerGuards: BatchGuards = { 'journal_entries.organization_id, journal_entries.idempotency_key': alreadyPostedError };

const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Checks an entry without touching the database; throws LedgerError on the first problem, returns normalised lines. */
export function validateJournalEntry(spec: JournalEntrySpec): ValidatedLine[] {
  if (!(JOURNAL_KINDS as readonly string[]).includes(spec.kind)) throw new LedgerError('invalid_entry', `Unknown journal kind "${String(spec.kind)}".`);
  if (typeof spec.currency !== 'string' || !CURRENCY.test(spec.currency)) throw new LedgerError('invalid_entry', 'The currency must be a three-letter ISO 4217 code.');
  for (const [field, value] of [
    ['description', spec.description],
    ['idempotencyKey', spec.idempotencyKey],
  ] as const) {
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > MAX_TEXT) throw new LedgerError('invalid_entry', `The ${field} must be 1–${MAX_TEXT} characters.`);
  }
  if (!Array.isArray(spec.lines) || spec.lines.length === 0) throw new LedgerError('no_lines', 'A journal entry needs at least one line.');
  let debits = 0n;
  let credits = 0n;
  const lines = spec.lines.map((line, i): ValidatedLine => {
    if (!(LEDGER_ACCOUNT_CODES as readonly string[]).includes(line.account)) throw new LedgerError('unknown_account', `Line ${i}: unknown account "${String(line.account)}".`);
    if (line.currency !== undefined && line.currency !== spec.currency) {
      throw new LedgerError('mixed_currency', `Line ${i} is in ${String(line.currency)} but the entry is in ${spec.currency}; one entry, one currency.`);
    }
    const debit = line.debitMinor ?? 0;
    const credit = line.creditMinor ?? 0;
    if (!isAmount(debit) || !isAmount(credit)) throw new LedgerError('invalid_amount', `Line ${i}: amounts must be non-negative safe integers (minor units).`);
    if ((debit > 0) === (credit > 0)) throw new LedgerError('line_sides', `Line ${i} must have exactly one side: a debit or a credit, not ${debit > 0 ? 'both' : 'neither'}.`);
    debits += BigInt(debit);
    credits += BigInt(credit);
    return { account: line.account, debitMinor: debit, creditMinor: credit };
  });
  if (debits !== credits) throw new LedgerError('unbalanced', `Debits (${debits}) do not equal credits (${credits}).`);
  if (debits > BigInt(Number.MAX_SAFE_INTEGER)) throw new LedgerError('invalid_amount', 'The entry total exceeds the largest safe integer.');
  return lines;
}

/**
 * Builds a journal entry as writes for the caller's batch. Throws LedgerError (having written nothing) when
 * the entry doesn't balance or is malformed. Idempotent per (organization, idempotencyKey): when the key is
 * already posted it returns that entry's id and no writes; when two postings race, the second batch's entry
 * insert does nothing (ON CONFLICT DO NOTHING) and its lines are inserted only if their own entry row exists
 * (INSERT … SELECT … FROM journal_entries WHERE id = <own entry id>), so the loser writes nothing at all.
 */
export async function buildJournalEntry(ctx: LedgerContext, spec: JournalEntrySpec): Promise<BuiltJournalEntry> {
  const lines = validateJournalEntry(spec);
  const eventId = spec.eventId ?? null;
  const orderId = spec.orderId ?? null;
  const [existing] = await ctx.db
    .select({ id: journalEntries.id, kind: journalEntries.kind, currency: journalEntries.currency, eventId: journalEntries.eventId, orderId: journalEntries.orderId })
    .from(journalEntries)
    .where(and(eq(journalEntries.organizationId, ctx.organizationId), eq(journalEntries.idempotencyKey, spec.idempotencyKey)))
    .limit(1);
  if (existing) {
    await assertSameFact(ctx, existing, { ...spec, eventId, orderId }, lines);
    if (spec.onDuplicate === 'refuse') throw alreadyPostedError();
    return { entryId: existing.id, writes: [], alreadyPosted: true };
  }

  const now = ctx.now?.() ?? new Date();
  const entryId = newId(LEDGER_ID_PREFIXES.entry, now.getTime());
  const codes = [...new Set(lines.map((l) => l.account))];
  const accountIds = new Map<LedgerAccountCode, string>();
  for (const code of codes) accountIds.set(code, await ledgerAccountId(ctx.organizationId, code, spec.currency));

  const writes: Write[] = codes.map((code) =>
    ctx.db
      .insert(ledgerAccounts)
      .values({ id: accountIds.get(code)!, organizationId: ctx.organizationId, code, currency: spec.currency, name: CHART_OF_ACCOUNTS[code].name, createdAt: now })
      .onConflictDoNothing({ target: [ledgerAccounts.organizationId, ledgerAccounts.code, ledgerAccounts.currency] }),
  );
  const entry = ctx.db.insert(journalEntries).values({
    id: entryId,
    organizationId: ctx.organizationId,
    eventId,
    orderId,
    kind: spec.kind,
    description: spec.description,
    currency: spec.currency,
    idempotencyKey: spec.idempotencyKey,
    createdAt: now,
  });
  writes.push(spec.onDuplicate === 'refuse' ? entry : entry.onConflictDoNothing({ target: [journalEntries.organizationId, journalEntries.idempotencyKey] }));
  // Each line is selected from its own entry row: if that insert did nothing (the key was posted meanwhile),
  // the select finds no row and the line is not written either.
  const ownEntry = and(eq(journalEntries.organizationId, ctx.organizationId), eq(journalEntries.id, entryId));
  for (const line of lines) {
    writes.push(
      ctx.db.insert(journalLines).select(
        ctx.db
          .select({
            id: sql<string>`${newId(LEDGER_ID_PREFIXES.line, now.getTime())}`.as('id'),
            organizationId: journalEntries.organizationId,
            entryId: journalEntries.id,
            accountId: sql<string>`${accountIds.get(line.account)!}`.as('account_id'),
            debitMinor: sql<number>`${line.debitMinor}`.as('debit_minor'),
            creditMinor: sql<number>`${line.creditMinor}`.as('credit_minor'),
          })
          .from(journalEntries)
          .where(ownEntry),
      ),
    );
  }
  return { entryId, writes, alreadyPosted: false };
}

/** Builds and writes an entry on its own (one batch); for postings that don't ride on another change. */
export async function postJournalEntry(ctx: LedgerContext, spec: JournalEntrySpec): Promise<BuiltJournalEntry> {
  const built = await buildJournalEntry(ctx, spec);
  await writeBatch(ctx.db, built.writes, ledgerGuards);
  return built;
}

/** A key reused for a different fact is a bug in the caller: refuse rather than silently drop the new fact. */
async function assertSameFact(
  ctx: LedgerContext,
  existing: { id: string; kind: string; currency: string; eventId: string | null; orderId: string | null },
  spec: JournalEntrySpec & { eventId: string | null; orderId: string | null },
  lines: ValidatedLine[],
) {
  const [posted] = await ctx.db
    .select({ total: sql<number>`coalesce(sum(${journalLines.debitMinor}), 0)`.mapWith(Number) })
    .from(journalLines)
    .where(and(eq(journalLines.organizationId, ctx.organizationId), eq(journalLines.entryId, existing.id)));
  const total = lines.reduce((sum, l) => sum + l.debitMinor, 0);
  const same = existing.kind === spec.kind && existing.currency === spec.currency && existing.eventId === spec.eventId && existing.orderId === spec.orderId && posted?.total === total;
  if (!same) throw new LedgerError('idempotency_key_conflict', `The idempotency key "${spec.idempotencyKey}" is already posted for a different entry.`);
}
