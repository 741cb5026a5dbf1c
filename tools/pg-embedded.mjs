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
  const holder = pinExtendedQueries(server);
  const watchdog = watchQueue(server, db, holder);
  let bound = port;
  server.addEventListener('listening', (event) => {
    bound = /** @type {CustomEvent<{ port: number }>} */ (event).detail.port;
  });
  await server.start();
  return {
    url: `postgres://postgres:postgres@${host}:${bound}/postgres`,
    async stop() {
      clearInterval(watchdog);
      await server.stop();
      await db.close();
    },
  };
}

/** Extended-protocol messages (Parse, Bind, Describe, Execute, Close, Flush) leave the backend mid-sequence until Sync. */
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);
const SYNC = 0x53;
const SIMPLE_QUERY = 0x51;

/**
 * The socket server hands the one backend from connection to connection message by message, keeping it only for a
 * connection inside a transaction. A query outside a transaction in the extended protocol is several messages
 * (Parse, Bind, Execute … Sync): another connection's Bind in between replaces the unnamed portal, and the first one's
 * Execute fails ("portal \"\" does not exist") — seen as soon as two clients query at once (the replication consumer
 * beside a test). So the backend also stays with a connection from its first extended message to its Sync, as a real
 * Postgres backend per connection would. Patches the server's query queue (pglite-socket 0.x keeps it as
 * `server.queryQueue`); a connection that goes away releases it.
 * @param {PGLiteSocketServer} server
 */
function pinExtendedQueries(server) {
  const queue = /** @type {any} */ (server).queryQueue;
  if (!queue || typeof queue.processQueue !== 'function') throw new Error('pglite-socket changed: no queryQueue to pin extended queries on');
  /** @type {number | null} */
  let pinned = null;
  /** @type {{ handlerId: number, since: number } | null} */
  let running = null;
  const holder = () => ({ pinned, running });
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (/** @type {number} */ handlerId) => {
    if (pinned === handlerId) pinned = null;
    return clear(handlerId);
  };
  queue.processQueue = async function processQueue() {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = pinned ?? (this.db.isInTransaction() && this.lastHandlerId ? this.lastHandlerId : null);
        const index = owner === null ? 0 : this.queue.findIndex((/** @type {{ handlerId: number }} */ q) => q.handlerId === owner);
        // The owner has nothing queued yet: wait for its next message (enqueue starts this loop again).
        if (index === -1) break;
        const [item] = this.queue.splice(index, 1);
        let bytes = 0;
        running = { handlerId: item.handlerId, since: Date.now() };
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(item.message, { onRawData: (/** @type {Uint8Array} */ d) => ((bytes += d.length), item.onData(d)) }));
        } catch (error) {
          item.reject(error);
          continue;
        } finally {
          running = null;
        }
        this.lastHandlerId = item.handlerId;
        const type = item.message[0];
        if (EXTENDED.has(type)) pinned = item.handlerId;
        else if (type === SYNC || type === SIMPLE_QUERY) pinned = null;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
  return holder;
}

/** A message waiting longer than this is reported (stderr): one connection is keeping the backend. */
export const STALL_REPORT_MS = 10_000;

/**
 * Says on stderr when the one backend has kept messages waiting over STALL_REPORT_MS — which connection holds it and
 * why (a transaction, or an extended query before its Sync) — once per stall: a test that times out on the embedded
 * server then says whether it waited behind another connection or never asked.
 * @param {PGLiteSocketServer} server
 * @param {PGlite} db
 * @param {() => { pinned: number | null, running: { handlerId: number, since: number } | null }} state
 */
function watchQueue(server, db, state) {
  const queue = /** @type {any} */ (server).queryQueue;
  let reported = 0;
  const timer = setInterval(() => {
    const oldest = queue.queue[0];
    if (!oldest || Date.now() - oldest.timestamp < STALL_REPORT_MS || reported === oldest.timestamp) return;
    reported = oldest.timestamp;
    const { pinned, running } = state();
    const waited = Math.round((Date.now() - oldest.timestamp) / 1000);
    // Busy (one statement running that long) or kept (its connection holds a transaction or an unfinished extended
    // query and has not sent its next message): the first is a heavy query, the second a client that is slow or stuck.
    const what = running
      ? `busy with connection #${running.handlerId}'s statement for ${Math.round((Date.now() - running.since) / 1000)} s`
      : pinned !== null
        ? `kept by connection #${pinned} (an extended query before its Sync)`
        : db.isInTransaction()
          ? `kept by connection #${queue.lastHandlerId} (a transaction, waiting for its next statement)`
          : 'idle (the queue is not moving)';
    console.error(`embedded postgres: ${queue.queue.length} messages waiting, the oldest ${waited} s; the backend is ${what}; ${server.getStats().activeConnections} connections open`);
  }, 2_000);
  timer.unref();
  return timer;
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
