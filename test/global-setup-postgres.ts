/**
 * The Postgres the worker tests reach through the HYPERDRIVE binding (vitest.config.ts), migrated either way
 * (tools/pg-migrate.mjs):
 * - DATABASE_URL's server, as it is (tests make their own organizations, so earlier rows never matter);
 * - with TEST_POSTGRES=local, the PostgreSQL server this machine runs at 127.0.0.1:5432 (LOCAL_POSTGRES_URL names
 *   another): a database of the run's own (commits not waiting for the disk: a throwaway), dropped when the run ends;
 * - else an embedded one (tools/pg-embedded.mjs, in memory) started for the run — the default: no server needed, and
 *   on this two-core machine the whole suite ran faster on it than on the local server.
 * `.ci/run` runs the Postgres tests once more on the local server (docs/postgres.md), so neither hides a difference.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… with a password (wrangler's local Hyperdrive requires one; a trust-auth server ignores it). */
    postgresUrl: string;
    /** 'embedded', 'local server' or 'DATABASE_URL': which server the run uses (the tests print it). */
    postgresSource: string;
  }
}

const embedded = fileURLToPath(new URL('../tools/pg-embedded.mjs', import.meta.url));
const migrate = fileURLToPath(new URL('../tools/pg-migrate.mjs', import.meta.url));

/** Hyperdrive's local connection string must carry a password (the same rule as hyperdriveLocalUrl in tools/pg-embedded.mjs). */
function withPassword(url: string): string {
  const parsed = new URL(url);
  if (!parsed.password) parsed.password = 'postgres';
  return parsed.toString();
}

type Server = { url: string; source: string; stop: () => Promise<void> | void };

async function startEmbedded(): Promise<Server> {
  const child = spawn(process.execPath, [embedded, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (postgres:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`embedded postgres exited (${code})`)));
  });
  return { url, source: 'embedded', stop: () => void child.kill('SIGTERM') };
}

/** A database of this run's own on the machine's server, or null when no server answers within a second. */
async function localDatabase(): Promise<Server | null> {
  const admin = new URL(process.env.LOCAL_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
  } catch {
    return null;
  }
  // Runs killed before their teardown leave their databases: drop those over a day old (a running one is younger).
  const stale = await client.query<{ datname: string }>("select datname from pg_database where datname like 'voelgoed_test_%'");
  for (const { datname } of stale.rows) {
    const born = parseInt(datname.split('_')[2] ?? '', 36);
    if (Number.isFinite(born) && Date.now() - born > 86_400_000) await client.query(`drop database if exists ${datname} with (force)`).catch(() => {});
  }
  const name = `voelgoed_test_${Date.now().toString(36)}_${process.pid}`;
  try {
    await client.query(`create database ${name}`);
  } catch (error) {
    await client.end();
    throw new Error(`postgres: the local server answered but would not create a database (${(error as Error).message})`);
  }
  // A throwaway database: its commits need not wait for the disk (the suite commits thousands of small transactions).
  await client.query(`alter database ${name} set synchronous_commit = off`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    source: 'the local server',
    stop: async () => {
      const dropper = new pg.Client({ connectionString: admin.toString() });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await dropper.end();
    },
  };
}

export default async function setup(project: TestProject) {
  let server: Server;
  if (process.env.DATABASE_URL) server = { url: process.env.DATABASE_URL, source: 'DATABASE_URL', stop: () => {} };
  else if (process.env.TEST_POSTGRES === 'local') {
    const local = await localDatabase();
    if (!local) throw new Error(`TEST_POSTGRES=local, but no PostgreSQL server answers at ${process.env.LOCAL_POSTGRES_URL ?? '127.0.0.1:5432'}`);
    server = local;
  } else server = await startEmbedded();
  const migrated = spawnSync(process.execPath, [migrate, server.url], { stdio: 'inherit' });
  if (migrated.status !== 0) {
    await server.stop();
    throw new Error(`Postgres migrations failed (exit ${migrated.status}) against ${server.source}`);
  }
  console.log(`postgres: ${server.source} (${new URL(server.url).host}${new URL(server.url).pathname})`);
  // wrangler reads wrangler.toml's [[hyperdrive]] for the pool and refuses a binding with no local connection
  // string; vitest.config.ts then names the same URL in miniflare's `hyperdrives`.
  process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE = withPassword(server.url);
  project.provide('postgresUrl', withPassword(server.url));
  project.provide('postgresSource', server.source);
  return server.stop;
}
