/**
 * The Postgres the worker tests reach through the HYPERDRIVE binding (vitest.config.ts): the server DATABASE_URL
 * names, or an embedded one (tools/pg-embedded.mjs, in memory) started for this run; migrated either way
 * (tools/pg-migrate.mjs). Tests make their own organizations, so a real database's earlier rows never matter.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… with a password (wrangler's local Hyperdrive requires one; a trust-auth server ignores it). */
    postgresUrl: string;
    /** 'embedded' or 'DATABASE_URL': which server the run uses (the tests print it). */
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

export default async function setup(project: TestProject) {
  let url = process.env.DATABASE_URL;
  let stop = () => {};
  if (!url) {
    const child = spawn(process.execPath, [embedded, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (postgres:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`embedded postgres exited (${code})`)));
    });
    stop = () => child.kill('SIGTERM');
  }
  const migrated = spawnSync(process.execPath, [migrate, url], { stdio: 'inherit' });
  if (migrated.status !== 0) {
    stop();
    throw new Error(`Postgres migrations failed (exit ${migrated.status}) against ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'the embedded server'}`);
  }
  // wrangler reads wrangler.toml's [[hyperdrive]] for the pool and refuses a binding with no local connection
  // string; vitest.config.ts then names the same URL in miniflare's `hyperdrives`.
  process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE = withPassword(url);
  project.provide('postgresUrl', withPassword(url));
  project.provide('postgresSource', process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded');
  return stop;
}
