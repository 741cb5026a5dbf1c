#!/usr/bin/env node
/**
 * An embedded Postgres for a machine without one: PGlite (Postgres compiled to WebAssembly) behind its socket server
 * (@electric-sql/pglite-socket), so `pg` in Node and wrangler dev's local Hyperdrive connect to it over TCP like to
 * any Postgres. PGlite is one backend: the socket server multiplexes its connections query by query and keeps a
 * transaction's queries on the connection that opened it (docs/postgres.md, "Embedded Postgres").
 *
 *   node tools/pg-embedded.mjs [--port 0] [--data DIR]   prints "listening on postgres://…" (port 0: any free port)
 *
 * Without --data the database lives in memory and is gone when the process ends.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

/**
 * The socket server's default is one connection; wrangler dev's Hyperdrive, the migration runner and a test run each
 * hold several at once, so it takes many (each waits its turn for the one backend).
 */
export const MAX_CONNECTIONS = 100;

/**
 * Starts PGlite (in memory, or persisted in dataDir) with a socket server on host:port.
 * The URL carries a password because wrangler's local Hyperdrive refuses a connection string without one; PGlite
 * accepts any.
 * @param {{ dataDir?: string, port?: number, host?: string }} [options]
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port = 0, host = '127.0.0.1' } = {}) {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const server = new PGLiteSocketServer({ db, host, port, maxConnections: MAX_CONNECTIONS });
  let bound = port;
  server.addEventListener('listening', (event) => {
    bound = /** @type {CustomEvent<{ port: number }>} */ (event).detail.port;
  });
  await server.start();
  return {
    url: `postgres://postgres:postgres@${host}:${bound}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/** wrangler's local Hyperdrive refuses a connection string without a password: a trust-auth server ignores this one. */
export function hyperdriveLocalUrl(url) {
  const parsed = new URL(url);
  if (!parsed.password) parsed.password = 'postgres';
  return parsed.toString();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, data: { type: 'string' } } });
  const pg = await startEmbeddedPostgres({ port: Number(values.port), dataDir: values.data });
  console.log(`embedded postgres listening on ${pg.url}`);
  const stop = () => pg.stop().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
