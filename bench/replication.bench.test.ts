/**
 * `npm run bench:replication` (issue #15, item 9; docs/benchmarks.md): 100,000 facts through the D1 → Postgres pipeline
 * — orders, their journal entries and lines written to D1 (the outbox filled by its triggers), then pumped through the
 * replication queue by its real consumer — printing facts/s into Postgres beside a baseline measured in the same run
 * (the same rows bulk-inserted straight into Postgres), and the lag each fact spent in the pipeline (p50/p99). Then the
 * same settlement report on D1 and on Postgres at 10,000 and 100,000 orders, timed (median of 3). Fails (non-zero
 * exit) when a fact is lost or doubled, or the two settlements disagree.
 */
import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { expect, inject, it } from 'vitest';
import { createDb } from '../src/db/client';
import { withOrganization } from '../src/db/postgres-client';
import { ledgerAccountId } from '../src/domains/ledger/accounts';
import { eventSettlement } from '../src/domains/ledger/reports';
import { pumpReplication } from '../src/domains/replication/pump';
import { settlementFromCopy } from '../src/domains/reports/settlement';
import { bareTenant, postFixtureSale } from '../test/support/ledger';
import { rawPostgres } from '../test/support/postgres-rows';
import { pendingChanges, replicated } from '../test/support/replication';

/** FACTS (environment of `npm run bench:replication`, default 100,000), handed in by the bench's vitest config. */
const FACTS = inject('benchFacts');
/** Each order is four facts: the order, its journal entry, two journal lines. */
const ORDERS_FOR_FACTS = Math.ceil(FACTS / 4);
const TOTAL = 18_000;
const CHUNK = 5_000;
/** Ids unique to this run (a real DATABASE_URL keeps earlier runs' rows). */
const RUN = crypto.randomUUID().replace(/-/g, '').slice(0, 6);

type Tenant = Awaited<ReturnType<typeof bareTenant>> & { clearing: string; payable: string };

async function tenant(): Promise<Tenant> {
  const t = await bareTenant();
  await postFixtureSale(t.orgId, t.eventId, 'Opening sale');
  await replicated(t.orgId, 60_000);
  return { ...t, clearing: await ledgerAccountId(t.orgId, 'provider_clearing', 'ZAR'), payable: await ledgerAccountId(t.orgId, 'organizer_payable', 'ZAR') };
}

/** n paid orders in D1, each with a sale entry (clearing debit, organizer payable credit): the triggers fill the outbox. */
async function seedD1(t: Tenant, tag: string, n: number) {
  const now = Date.now();
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    const range = `with recursive n(i) as (select ?1 union all select i + 1 from n where i < ?2)`;
    await env.DB.batch([
      env.DB.prepare(
        `${range} insert into orders (id, organization_id, event_id, status, access_token_hash, buyer_name, buyer_email, locale, currency, subtotal_minor, discount_minor, buyer_fee_minor, organizer_fee_minor, vat_minor, donation_minor, total_minor, refunded_minor, quote, hold_ids, payment_provider, expires_at, paid_at, created_at, updated_at)
         select printf('ord_%s%010d', ?3, i), ?4, ?5, 'paid', printf('h%s%d', ?3, i), 'Bench Buyer', 'bench@example.com', 'en', 'ZAR', ?6, 0, 0, 0, 0, 0, ?6, 0, '{}', '[]', 'test', ?7, ?7, ?7, ?7 from n`,
      ).bind(from, to, tag, t.orgId, t.eventId, TOTAL, now),
      env.DB.prepare(
        `${range} insert into journal_entries (id, organization_id, event_id, order_id, kind, description, currency, idempotency_key, created_at)
         select printf('jen_%s%010d', ?3, i), ?4, ?5, printf('ord_%s%010d', ?3, i), 'sale', 'Bench sale', 'ZAR', printf('bench:%s:%d', ?3, i), ?6 from n`,
      ).bind(from, to, tag, t.orgId, t.eventId, now),
      env.DB.prepare(
        `${range} insert into journal_lines (id, organization_id, entry_id, account_id, debit_minor, credit_minor)
         select printf('jln_%sd%010d', ?3, i), ?4, printf('jen_%s%010d', ?3, i), ?5, ?7, 0 from n
         union all select printf('jln_%sc%010d', ?3, i), ?4, printf('jen_%s%010d', ?3, i), ?6, 0, ?7 from n`,
      ).bind(from, to, tag, t.orgId, t.clearing, t.payable, TOTAL),
    ]);
  }
  return now;
}

/** The same rows straight into the Postgres copy (the settlement comparison's data, and the baseline's work). */
async function seedPostgres(t: Tenant, tag: string, n: number, at: number) {
  const when = new Date(at).toISOString();
  await withOrganization(env, t.orgId, async (tx) => {
    await tx.execute(sql`insert into orders (id, organization_id, event_id, status, buyer_name, buyer_email, currency, subtotal_minor, discount_minor, buyer_fee_minor, organizer_fee_minor, vat_minor, donation_minor, total_minor, refunded_minor, payment_provider, locale, paid_at, created_at, updated_at, version)
      select 'ord_' || ${tag} || lpad(i::text, 10, '0'), ${t.orgId}, ${t.eventId}, 'paid', 'Bench Buyer', 'bench@example.com', 'ZAR', ${TOTAL}, 0, 0, 0, 0, 0, ${TOTAL}, 0, 'test', 'en', ${when}::timestamptz, ${when}::timestamptz, ${when}::timestamptz, 1
      from generate_series(1, ${n}) as i`);
    await tx.execute(sql`insert into journal_entries (id, organization_id, event_id, order_id, kind, description, currency, created_at, version)
      select 'jen_' || ${tag} || lpad(i::text, 10, '0'), ${t.orgId}, ${t.eventId}, 'ord_' || ${tag} || lpad(i::text, 10, '0'), 'sale', 'Bench sale', 'ZAR', ${when}::timestamptz, 1
      from generate_series(1, ${n}) as i`);
    await tx.execute(sql`insert into journal_lines (id, organization_id, entry_id, event_id, account_id, account_code, debit_minor, credit_minor, created_at, version)
      select 'jln_' || ${tag} || s || lpad(i::text, 10, '0'), ${t.orgId}, 'jen_' || ${tag} || lpad(i::text, 10, '0'), ${t.eventId},
             case when s = 'd' then ${t.clearing} else ${t.payable} end, case when s = 'd' then 'provider_clearing' else 'organizer_payable' end,
             case when s = 'd' then ${TOTAL} else 0 end, case when s = 'd' then 0 else ${TOTAL} end, ${when}::timestamptz, 1
      from generate_series(1, ${n}) as i, (values ('d'), ('c')) as sides(s)`);
  });
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  return { ms: performance.now() - t0, value };
}

async function counts(orgId: string) {
  const d1 = async (table: string) => (await env.DB.prepare(`select count(*) as n from ${table} where organization_id = ?`).bind(orgId).first<{ n: number }>())!.n;
  const inD1 = { orders: await d1('orders'), journal_entries: await d1('journal_entries'), journal_lines: await d1('journal_lines') };
  const inPg = await withOrganization(env, orgId, async (tx) => {
    const pg = async (table: string) => Number(((await tx.execute(sql.raw(`select count(*) as n from ${table} where organization_id = '${orgId.replace(/'/g, "''")}'`))).rows[0] as { n: string }).n);
    return { orders: await pg('orders'), journal_entries: await pg('journal_entries'), journal_lines: await pg('journal_lines') };
  });
  return { inD1, inPg };
}

it(`carries ${FACTS.toLocaleString('en')} facts through the pipeline and times the settlement on D1 and Postgres`, async () => {
  const lines: string[] = [`bench:replication ${new Date().toISOString()} (Postgres: ${env.TEST_POSTGRES_SOURCE})`];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };

  // Baseline: the same rows bulk-inserted straight into Postgres (no D1 read, no queue, no outbox).
  const base = await tenant();
  const baseline = await timed(() => seedPostgres(base, `${RUN}b`, ORDERS_FOR_FACTS, Date.now()));
  const baselineRate = (ORDERS_FOR_FACTS * 4) / (baseline.ms / 1000);

  // The pipeline: D1 writes (outbox by trigger) → pump → queue → consumer → Postgres.
  const t = await tenant();
  const seeded = await timed(() => seedD1(t, `${RUN}p`, ORDERS_FOR_FACTS));
  const facts = await pendingChanges(t.orgId);
  expect(facts).toBe(ORDERS_FOR_FACTS * 4);
  const started = Date.now();
  const pipeline = await timed(async () => {
    for (;;) {
      const sent = await pumpReplication(env, createDb(env.DB), new Date());
      if (sent === 0 && (await pendingChanges(t.orgId)) === 0) return;
      if (sent === 0) await new Promise((r) => setTimeout(r, 50));
    }
  });
  const rate = facts / (pipeline.ms / 1000);
  const lags = (
    await env.DB.prepare('select done_at - max(changed_at, ?) as lag from replication_outbox where organization_id = ? and done_at is not null').bind(started, t.orgId).all<{ lag: number }>()
  ).results
    .map((r) => r.lag)
    .sort((a, b) => a - b);
  const { inD1, inPg } = await counts(t.orgId);
  say(`D1 writes of ${facts.toLocaleString('en')} facts (the outbox filled by triggers): ${(seeded.ms / 1000).toFixed(1)} s`);
  say(`pipeline: ${facts.toLocaleString('en')} facts into Postgres in ${(pipeline.ms / 1000).toFixed(1)} s = ${rate.toFixed(0)} facts/s  ·  baseline (bulk insert straight into Postgres): ${baselineRate.toFixed(0)} rows/s  ·  ratio ${(rate / baselineRate).toFixed(3)}`);
  say(`lag in the pipeline (written or pipeline start → in Postgres): p50 ${(percentile(lags, 50) / 1000).toFixed(1)} s, p99 ${(percentile(lags, 99) / 1000).toFixed(1)} s, max ${(percentile(lags, 100) / 1000).toFixed(1)} s`);
  say(`rows D1 → Postgres: ${JSON.stringify(inD1)} → ${JSON.stringify(inPg)}`);
  // Invariants: nothing lost, nothing doubled (primary keys make a double impossible; counts show none missing).
  expect(inPg).toEqual(inD1);

  // The same settlement on D1 and Postgres, at 10,000 and 100,000 orders.
  for (const n of [10_000, 100_000]) {
    const s = await tenant();
    const seq0 = (await env.DB.prepare('select coalesce(max(seq), 0) as s from replication_outbox').first<{ s: number }>())!.s;
    const at = await seedD1(s, `${RUN}s${n}`, n);
    await seedPostgres(s, `${RUN}s${n}`, n, at);
    // Already in Postgres: their outbox rows are done (the pipeline's own figures are above).
    await env.DB.prepare('update replication_outbox set done_at = ? where organization_id = ? and seq > ? and done_at is null').bind(Date.now(), s.orgId, seq0).run();
    // Statistics for the planner, as autovacuum gathers them on a live database (without them it guesses a handful of
    // rows and nests loops over 100,000); D1's SQLite plans from its indexes alone.
    await rawPostgres((client) => client.query('analyze orders; analyze journal_entries; analyze journal_lines'));
    const d1Times: number[] = [];
    const pgTimes: number[] = [];
    let fromD1: unknown;
    let fromPg: unknown;
    for (let k = 0; k < 3; k++) {
      const a = await timed(() => eventSettlement({ ctx: s.ctx, eventId: s.eventId }));
      const b = await timed(() => withOrganization(env, s.orgId, (tx) => settlementFromCopy(tx, s.orgId, s.eventId)));
      d1Times.push(a.ms);
      pgTimes.push(b.ms);
      [fromD1, fromPg] = [a.value, b.value];
    }
    say(`settlement at ${n.toLocaleString('en')} orders: D1 ${median(d1Times).toFixed(0)} ms, Postgres ${median(pgTimes).toFixed(0)} ms (median of 3; same figures: ${JSON.stringify(fromD1) === JSON.stringify(fromPg)})`);
    expect(fromPg).toEqual(fromD1);
  }
  console.log(`\n${lines.join('\n')}`);
});
