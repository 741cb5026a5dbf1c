/**
 * Starts the platform for a benchmark: Redis bridge, D1 migrated into a throwaway state dir, Postgres behind the
 * HYPERDRIVE binding (DATABASE_URL's, else an embedded one in that dir; both migrated), `wrangler dev` on a free port.
 */
import { freshD1, freshPostgresData, run } from '../../tools/dev-cache.mjs';
import { hyperdriveLocalUrl } from '../../tools/pg-embedded.mjs';
import { verifyEmailLocally } from '../../tools/seed.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './dev-platform.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' };

async function waitFor(url, ms = 120_000, gone = () => false) {
  const until = Date.now() + ms;
  while (Date.now() < until && !gone()) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not come up`);
}

/** The pids of every process below `pid` (from /proc: each task's children). */
function descendants(pid) {
  const out = [];
  const walk = (p) => {
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const task of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8');
      } catch {
        /* gone */
      }
      for (const c of children.split(' ').filter(Boolean).map(Number)) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(pid);
  return out;
}

/** The workerd processes `wrangler dev` started (pid, VmRSS in kB), largest first. */
export function workerdProcesses(devPid) {
  const found = [];
  for (const pid of descendants(devPid)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (!/^Name:\s*workerd/m.test(status)) continue;
      found.push({ pid, rssKb: Number(/^VmRSS:\s*(\d+)/m.exec(status)?.[1] ?? 0) });
    } catch {
      /* gone */
    }
  }
  return found.sort((a, b) => b.rssKb - a.rssKb);
}

/**
 * `vars` are extra `--var KEY:VALUE` overrides for `wrangler dev` (e.g. { LIVE_RELAYS: '1' }); they come after the
 * bench's own, so they win. `redisDb` is the Redis database the Upstash bridge uses (BENCH_REDIS_DB, else 12).
 */
/** The web apps the assets layer serves (`[assets]` in wrangler.toml): built once if this checkout has none yet. */
export function ensureWebBuild() {
  if (existsSync(join(root, 'web/dist/index.html'))) return;
  const build = spawnSync('npm', ['run', 'build:web'], { cwd: root, env, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
}

/**
 * `wrangler dev` in its own process group, its error output passed on while it runs. stop() ends the whole group
 * (wrangler, workerd and wrangler's esbuild service) and waits for it; from then on nothing it prints is passed on, so
 * a child torn down mid-write (esbuild's service prints a Go stack dump when its parent vanishes) does not end a
 * bench's output with a stack trace.
 */
function spawnWrangler(args, options) {
  return spawnGroup('wrangler', args, options);
}

/** `command` in its own process group, as spawnWrangler describes (exported for its test, test/tools/bench-server.test.mjs). */
export function spawnGroup(command, args, { env: childEnv = env, log = false, stderr = process.stderr } = {}) {
  const child = spawn(command, args, { cwd: root, env: childEnv, stdio: ['ignore', log ? 'inherit' : 'ignore', 'pipe'], detached: true });
  let stopping = false;
  child.stderr.on('data', (chunk) => {
    if (!stopping) stderr.write(chunk);
  });
  const group = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  // A bench that ends early (an exception, Ctrl-C) still takes its wrangler with it.
  const onExit = () => group('SIGKILL');
  process.once('exit', onExit);
  return {
    child,
    async stop() {
      stopping = true;
      process.off('exit', onExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        group('SIGTERM');
        const timer = new Promise((r) => setTimeout(r, 5_000, 'timeout'));
        if ((await Promise.race([exited, timer])) === 'timeout') group('SIGKILL');
      }
      // wrangler's children (workerd, esbuild) may outlive it by a moment.
      group('SIGKILL');
    },
  };
}

/**
 * The baseline under every HTTP figure: bench/lib/bare-worker (a fetch handler that does nothing) with the platform's
 * assets setup, started by `wrangler dev` exactly as startPlatform starts the platform. Its /api/v1/ping is what a
 * Worker costs on this machine before any of our code runs.
 */
export async function startBareWorker() {
  ensureWebBuild();
  const port = await freePort();
  const wrangler = spawnWrangler(['dev', '--config', 'bench/lib/bare-worker/wrangler.toml', '--port', String(port), '--ip', '127.0.0.1', '--show-interactive-dev-session=false', '--log-level', 'error'], { env });
  const dev = wrangler.child;
  const base = `http://127.0.0.1:${port}/api/v1`;
  await waitFor(`${base}/ping`);
  return {
    base,
    workerd: () => workerdProcesses(dev.pid),
    stop: wrangler.stop,
  };
}

/** DATABASE_URL's Postgres, or an embedded one with its data in the state dir; migrated; as wrangler's local Hyperdrive wants it. */
async function benchPostgres(state, children) {
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = join(state, 'pglite');
    await freshPostgresData(dataDir, env);
    const pg = spawn(process.execPath, ['tools/pg-embedded.mjs', '--port', '0', '--data', dataDir], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(pg);
    url = await new Promise((resolve, reject) => {
      let out = '';
      pg.stdout.on('data', (chunk) => {
        out += chunk.toString();
        const match = /listening on (postgres:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      pg.on('exit', (code) => reject(new Error(`the embedded Postgres exited (${code})`)));
    });
  }
  await run(process.execPath, ['tools/pg-migrate.mjs', url], { env });
  return hyperdriveLocalUrl(url);
}

export async function startPlatform({ log = false, inspectorPort, vars = {}, redisDb = process.env.BENCH_REDIS_DB ?? '12' } = {}) {
  ensureWebBuild();
  const state = mkdtempSync(join(tmpdir(), 'vge-bench-'));
  const token = 'bench-token';
  const bridgePort = await freePort();
  const port = await freePort();
  const children = [];
  const bridge = spawn(process.execPath, ['tools/upstash-bridge/server.mjs', '--port', String(bridgePort), '--token', token, '--db', String(redisDb)], { cwd: root, env, stdio: 'ignore' });
  children.push(bridge);
  await freshD1(state, env);
  const postgresUrl = await benchPostgres(state, children);
  const wrangler = spawnWrangler(
    [
      'dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', state, '--show-interactive-dev-session=false', '--log-level', log ? 'info' : 'error',
      '--var', `UPSTASH_REDIS_REST_URL:http://127.0.0.1:${bridgePort}`, '--var', `UPSTASH_REDIS_REST_TOKEN:${token}`,
      '--var', 'JWT_SECRET:bench-secret-0123456789abcdef0123456789abcdef', '--var', 'APP_ENV:development', '--var', 'LOG_LEVEL:warn',
      '--var', 'TICKET_KEY_SECRET:bench-ticket-key-secret-0123456789abcdef0123456789',
      '--var', 'TEST_PROVIDER_WEBHOOK_SECRET:bench-provider-webhook-secret-0123456789abcdef',
      // The load generator is one address: the per-IP public limits would measure themselves.
      '--var', 'PUBLIC_RATE_LIMITS:quote=100000000,checkout=100000000',
      '--var', 'FILES_SIGNING_SECRET:bench-files-signing-secret-0123456789abcdef0123',
      '--var', 'WEBHOOK_SECRET_KEY:bench-webhook-secret-key-0123456789abcdef01234567',
      ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
      // A CPU profile of workerd: open chrome://inspect (or node tools) on this port while the bench runs.
      ...(inspectorPort ? ['--inspector-port', String(inspectorPort)] : []),
    ],
    { env: { ...env, CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: postgresUrl }, log },
  );
  const dev = wrangler.child;
  const base = `http://127.0.0.1:${port}/api/v1`;
  const cleanUp = async () => {
    await wrangler.stop();
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await waitFor(`${base}/ping`, 120_000, () => dev.exitCode !== null);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    base,
    /** The workerd processes serving this platform now (pid and resident memory), largest first. */
    workerd: () => workerdProcesses(dev.pid),
    /** Inviting and publishing need a verified address; the bench's organizers have made-up ones. */
    verify: (email) => verifyEmailLocally(email, ['--persist-to', state]),
    stop: cleanUp,
  };
}

export async function call(base, method, path, { token, body, headers = {} } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

export function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `clients` loops of `task` for `seconds`; returns count per second and latency percentiles (ms). */
export async function load({ clients, seconds, task }) {
  const latencies = [];
  let ok = 0;
  let refused = 0;
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      let i = 0;
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          const outcome = await task(client, i++);
          latencies.push(performance.now() - t0);
          if (outcome === false) refused += 1;
          else ok += outcome ?? 1;
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: ok / elapsed, ok, refused, errors, p50: percentile(latencies, 50), p99: percentile(latencies, 99), elapsed, latencies };
}

/** Runs `fn` over every item with `clients` workers at once; returns per-item latencies (ms, sorted) and items/s. */
export async function runAll(items, clients, fn) {
  const latencies = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (next < items.length) {
        const item = items[next++];
        const t0 = performance.now();
        try {
          await fn(item, client);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          if (errors <= 3) console.error(String(error));
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, elapsed };
}

/**
 * A CPU profile of the Worker's isolate (workerd, through wrangler's inspector proxy on `inspectorPort`) while `fn`
 * runs; written to `file` (open it in Chrome DevTools → Performance, or summarise it with bench/lib/profile-summary.mjs).
 */
export async function cpuProfile(inspectorPort, file, fn) {
  // The inspector proxy wants an Origin of its own (127.0.0.1/localhost); undici's WebSocket takes headers.
  const ws = new WebSocket(`ws://127.0.0.1:${inspectorPort}/ws`, { headers: { Origin: 'http://127.0.0.1' } });
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  let id = 0;
  const pending = new Map();
  ws.addEventListener('message', (m) => {
    const msg = JSON.parse(String(m.data));
    if (msg.id && pending.has(msg.id)) pending.get(msg.id)(msg);
  });
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const n = ++id;
      pending.set(n, resolve);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 200 });
  await send('Profiler.start');
  const result = await fn();
  const { result: stopped } = await send('Profiler.stop');
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(stopped?.profile ?? stopped));
  ws.close();
  return result;
}
