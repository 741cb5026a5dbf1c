// tools/pg-migrate.mjs on an empty database: a fresh database made for this run and dropped afterwards on DATABASE_URL's
// server, or with TEST_POSTGRES=local on the server this machine runs (127.0.0.1:5432, or LOCAL_POSTGRES_URL); else the
// embedded Postgres (in memory), as test/global-setup-postgres.ts chooses.
// Run: node --test test/tools/pg-migrate.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../tools/pg-embedded.mjs';
import { MIGRATIONS_FOLDER, migratePostgres } from '../../tools/pg-migrate.mjs';

const TABLES = ['analytics_events', 'api_requests', 'audit_entries', 'check_ins', 'funnel_referrers', 'funnel_snapshot_runs', 'funnel_snapshots', 'journal_entries', 'journal_lines', 'occupancy_snapshots', 'order_lines', 'orders', 'payments', 'refunds', 'tickets', 'visitor_journeys'];
/** Partitioned table → its partition key (part of its primary key). */
const PARTITIONED = { analytics_events: 'occurred_at', api_requests: 'created_at', audit_entries: 'created_at', check_ins: 'created_at', journal_entries: 'created_at', journal_lines: 'created_at', occupancy_snapshots: 'taken_at' };
/** Tables that are not copies of D1 rows (written once, never upserted), so they carry no version. */
const UNVERSIONED = new Set(['analytics_events', 'api_requests', 'funnel_referrers', 'funnel_snapshot_runs', 'funnel_snapshots', 'visitor_journeys']);
/** Tables the funnel job derives from analytics_events (migrations/postgres/0007): keyed by what they count, not an id. */
const DERIVED_KEYS = {
  funnel_referrers: ['organization_id', 'event_id', 'day', 'host'],
  funnel_snapshot_runs: ['organization_id'],
  funnel_snapshots: ['organization_id', 'event_id', 'day', 'ticket_type_id', 'channel', 'kind'],
  visitor_journeys: ['organization_id', 'event_id', 'day', 'visitor_id'],
};
const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8'));

let url;
let cleanup = async () => {};
let client;
const q = async (text, params) => (await client.query(text, params)).rows;

/** The server URL to make a database on, or null for the embedded one. */
async function serverUrl() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (process.env.TEST_POSTGRES !== 'local') return null;
  const local = process.env.LOCAL_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const probe = new pg.Client({ connectionString: local, connectionTimeoutMillis: 1_000 });
  try {
    await probe.connect();
    await probe.end();
    return local;
  } catch {
    return null;
  }
}
const server_ = await serverUrl();

before(async () => {
  if (server_) {
    const server = new URL(server_);
    const name = `vg_migrate_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
    cleanup = async () => {
      const a = new pg.Client({ connectionString: server.toString() });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  } else {
    const embedded = await startEmbeddedPostgres();
    url = embedded.url;
    cleanup = embedded.stop;
  }
  client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`set timezone = 'UTC'`); // partition bounds print in the session's zone
  client.on('notice', () => {});
});

after(async () => {
  await client?.end();
  await cleanup();
});

describe(`Postgres migrations (${server_ ? `the server at ${new URL(server_).host}` : 'embedded'})`, () => {
  test('apply on an empty database, every one recorded', async () => {
    assert.deepEqual(await q(`select tablename from pg_tables where schemaname = 'public'`), []);
    await migratePostgres(url);
    const applied = await q('select count(*)::int as n from drizzle.__drizzle_migrations');
    assert.equal(applied[0].n, journal.entries.length);
    const tables = await q(`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`);
    assert.deepEqual(tables.map((r) => r.relname), TABLES);
  });

  test('a second run applies nothing and fails nothing', async () => {
    await migratePostgres(url);
    const applied = await q('select count(*)::int as n from drizzle.__drizzle_migrations');
    assert.equal(applied[0].n, journal.entries.length);
  });

  test('every table carries organization_id and (copies of D1 rows) version, and a primary key on id (with created_at when partitioned)', async () => {
    for (const table of TABLES) {
      const columns = await q(`select column_name, is_nullable from information_schema.columns where table_schema = 'public' and table_name = $1`, [table]);
      const byName = Object.fromEntries(columns.map((c) => [c.column_name, c.is_nullable]));
      assert.equal(byName.organization_id, 'NO', `${table}.organization_id`);
      if (!UNVERSIONED.has(table)) assert.equal(byName.version, 'NO', `${table}.version`);
      const key = await q(
        `select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
         where i.indrelid = $1::regclass and i.indisprimary order by array_position(i.indkey::int2[], a.attnum)`,
        [table],
      );
      assert.deepEqual(key.map((r) => r.attname), DERIVED_KEYS[table] ?? (PARTITIONED[table] ? ['id', PARTITIONED[table]] : ['id']), `${table} primary key`);
    }
  });

  test('every table has row-level security enabled and forced, with the tenant policy', async () => {
    const rows = await q(`select relname, relrowsecurity, relforcerowsecurity from pg_class where relname = any($1) and relkind in ('r', 'p')`, [TABLES]);
    assert.equal(rows.length, TABLES.length);
    for (const r of rows) assert.ok(r.relrowsecurity && r.relforcerowsecurity, `${r.relname} RLS`);
    const policies = await q(`select tablename, qual, with_check from pg_policies where schemaname = 'public' and policyname = 'tenant_isolation'`);
    assert.deepEqual(policies.map((p) => p.tablename).sort(), TABLES);
    for (const p of policies) {
      assert.match(p.qual, /organization_id = current_setting\('app\.organization_id'::text, true\)/);
      assert.match(p.with_check, /organization_id = current_setting\('app\.organization_id'::text, true\)/);
    }
    const [role] = await q(`select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = 'voelgoed_app'`);
    assert.deepEqual(role, { rolsuper: false, rolbypassrls: false, rolcanlogin: false });
  });

  test('the history tables are partitioned by month, with this month, next year and a default partition', async () => {
    const parents = await q(`select c.relname, pg_get_partkeydef(c.oid) as key from pg_partitioned_table p join pg_class c on c.oid = p.partrelid order by 1`);
    assert.deepEqual(Object.fromEntries(parents.map((r) => [r.relname, r.key])), Object.fromEntries(Object.entries(PARTITIONED).map(([t, k]) => [t, `RANGE (${k})`])));
    const month = (d) => `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    const now = new Date();
    const nextYear = new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), 1));
    for (const parent of Object.keys(PARTITIONED)) {
      const parts = (await q(`select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = $1::regclass`, [parent])).map((r) => r.relname);
      for (const name of [`${parent}_${month(now)}`, `${parent}_${month(nextYear)}`, `${parent}_default`]) assert.ok(parts.includes(name), `${name} missing`);
    }
    // A row lands in its month; the app role cannot reach a partition directly (only through the parent's policy).
    await client.query(
      `insert into check_ins (id, organization_id, event_id, device_id, result, direction, scanned_at, created_at, version)
       values ('chk_m', 'org_m', 'evt', 'dev', 'valid', 'in', '2026-01-15T00:00:00Z', now(), 1)`,
    );
    const [{ p }] = await q(`select tableoid::regclass::text as p from check_ins where id = 'chk_m'`);
    assert.equal(p, `check_ins_${month(now)}`);
    await client.query('begin');
    await client.query(`select set_config('role', 'voelgoed_app', true)`);
    await assert.rejects(client.query(`select * from ${p}`), /permission denied/);
    await client.query('rollback');
  });

  test('vg_ensure_month_partitions makes the months that are missing, once', async () => {
    const [{ made }] = await q(`select vg_ensure_month_partitions('check_ins', '2030-01-01', 2) as made`);
    assert.equal(made, 2);
    const [{ again }] = await q(`select vg_ensure_month_partitions('check_ins', '2030-01-01', 2) as again`);
    assert.equal(again, 0);
    const [{ bound }] = await q(`select pg_get_expr(c.relpartbound, c.oid) as bound from pg_class c where relname = 'check_ins_203002'`);
    assert.match(bound, /FROM \('2030-02-01 00:00:00\+00'\) TO \('2030-03-01 00:00:00\+00'\)/);
  });
});
