/**
 * A Postgres of a test's own that the test can stop and start again on the same port with the same data (the outage
 * drill, test/node/replication/postgres-outage.test.ts). Node only.
 * - `server`: a private cluster of the machine's PostgreSQL (initdb and pg_ctl from /usr/lib/postgresql/<v>/bin, run
 *   as the `postgres` user when the test runs as root, which initdb refuses to be); stopped with `pg_ctl -m immediate`
 *   (a crash: nothing flushed on the way out, the server recovers from its WAL on start).
 * - `embedded`: tools/pg-embedded.mjs with its data on disk; stopped with SIGKILL (no chance to close the files).
 * `server` with TEST_POSTGRES=local (and the binaries there), else `embedded` — as test/global-setup-postgres.ts
 * chooses: `npm test` drills the embedded one, `.ci/run`'s second pass the real server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../../bench/lib/dev-platform.mjs';

export type StoppablePostgres = { kind: 'server' | 'embedded'; url: string; stop(): Promise<void>; start(): Promise<void>; remove(): Promise<void> };

const EMBEDDED = fileURLToPath(new URL('../../tools/pg-embedded.mjs', import.meta.url));

/** The newest installed PostgreSQL's bin directory, or null. */
function serverBinaries(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0]!, 'bin') : null;
}

/** Waits until a connection to url succeeds (or throws after ms). */
export async function reachable(url: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function privateServer(bin: string): Promise<StoppablePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'vg-pg-'));
  const data = path.join(dir, 'data');
  const root = userInfo().uid === 0;
  if (root) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) throw new Error('running as root and there is no postgres user to run the server as');
    chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
  }
  const run = (cmd: string, args: string[]) => {
    const r = root ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { encoding: 'utf8' }) : spawnSync(path.join(bin, cmd), args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const start = async () => {
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`, 'start']);
    await reachable(url);
  };
  await start();
  return {
    kind: 'server',
    url,
    start,
    stop: async () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    remove: async () => {
      spawnSync(root ? 'runuser' : path.join(bin, 'pg_ctl'), root ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'] : ['-D', data, '-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function embeddedServer(): Promise<StoppablePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'vg-pglite-'));
  let child: ChildProcess | null = null;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const start = async () => {
    const c = spawn(process.execPath, [EMBEDDED, '--port', String(port), '--data', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    child = c;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      c.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('listening on')) resolve();
      });
      c.on('exit', (code) => reject(new Error(`embedded postgres exited (${code})`)));
    });
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
    child = null;
  };
  await start();
  return { kind: 'embedded', url, start, stop, remove: async () => (await stop(), rmSync(dir, { recursive: true, force: true })) };
}

export async function stoppablePostgres(): Promise<StoppablePostgres> {
  const bin = process.env.TEST_POSTGRES === 'local' ? serverBinaries() : null;
  return bin ? privateServer(bin) : embeddedServer();
}
