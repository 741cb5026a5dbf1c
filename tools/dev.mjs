/**
 * `npm run dev`: secrets, Redis bridge, Postgres (DATABASE_URL's, or an embedded one) and its migrations, D1
 * migrations, the web apps (built, then rebuilt on change), `wrangler dev` serving the API and the apps on one URL,
 * demo data, then the URLs to open.
 * PORT picks the port (default 8787); DEV_STATE_DIR keeps local D1/DO/R2 state somewhere else than .wrangler/state
 * DEV_WEB_DIR builds the apps somewhere else than web/dist, and DEV_BRIDGE_PORT moves the Upstash bridge off 8079
 * (the browser tests start fresh platforms beside yours, and beside each other, this way). DATABASE_URL names a
 * Postgres to use instead of the embedded one, whose data stays in <state dir>/pglite (docs/postgres.md).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshD1, freshPostgresData } from './dev-cache.mjs';
import { hyperdriveLocalUrl } from './pg-embedded.mjs';
import { seed, verifyDemoOwnerLocally } from './seed.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PORT = Number(process.env.PORT ?? 8787);
const STATE = process.env.DEV_STATE_DIR ? ['--persist-to', process.env.DEV_STATE_DIR] : [];
const WEB_OUT = process.env.DEV_WEB_DIR ? ['--outDir', process.env.DEV_WEB_DIR] : [];
const ASSETS = process.env.DEV_WEB_DIR ? ['--assets', process.env.DEV_WEB_DIR] : [];
const BRIDGE_PORT = Number(process.env.DEV_BRIDGE_PORT ?? 8079);
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '' };
const children = [];

function say(msg) {
  console.log(`\x1b[36m[dev]\x1b[0m ${msg}`);
}

/** Local secrets live in .dev.vars (git-ignored): made once with random values; a secret added later is appended. */
const DEV_SECRETS = {
  JWT_SECRET: () => randomBytes(32).toString('hex'),
  UPSTASH_REDIS_REST_TOKEN: () => randomBytes(16).toString('hex'),
  TICKET_KEY_SECRET: () => randomBytes(32).toString('hex'),
  TEST_PROVIDER_WEBHOOK_SECRET: () => randomBytes(32).toString('hex'),
  FILES_SIGNING_SECRET: () => randomBytes(32).toString('hex'),
  WEBHOOK_SECRET_KEY: () => randomBytes(32).toString('hex'),
  // Cloudflare's documented always-pass Turnstile secret: the adapter answers it itself locally (src/platform/turnstile.ts).
  TURNSTILE_SECRET: () => '1x0000000000000000000000000000000AA',
};

function ensureDevVars() {
  const file = `${root}.dev.vars`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const vars = Object.fromEntries(text.split('\n').filter((l) => l.includes('=') && !l.startsWith('#')).map((l) => l.split(/=(.*)/s).slice(0, 2)));
  const missing = Object.keys(DEV_SECRETS).filter((k) => !vars[k]);
  if (missing.length === 0) return vars;
  for (const k of missing) vars[k] = DEV_SECRETS[k]();
  const lines = missing.map((k) => `${k}=${vars[k]}`).join('\n') + '\n';
  if (!text) {
    // Two dev servers starting at once on a fresh clone (the browser tests do) must agree on one set of secrets.
    try {
      writeFileSync(file, lines, { flag: 'wx' });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50); // let the other writer finish
      return ensureDevVars();
    }
  } else appendFileSync(file, (text.endsWith('\n') ? '' : '\n') + lines);
  say(`wrote fresh local ${missing.join(', ')} to .dev.vars`);
  return vars;
}

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function ensureRedis() {
  if (await portOpen(6379)) return;
  // A fresh machine may not have it: system-deps installs it (apt, as root) or says how.
  const deps = spawnSync(process.execPath, ['tools/system-deps.mjs', 'redis-server'], { cwd: root, env, stdio: 'inherit' });
  if (deps.status !== 0) throw new Error('redis-server is missing and could not be installed (see above)');
  say('redis-server is not running on 6379: starting one');
  const r = spawnSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not start redis-server; install it (apt-get install redis-server) or start it yourself');
  for (let i = 0; i < 50 && !(await portOpen(6379)); i++) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Postgres behind the HYPERDRIVE binding: DATABASE_URL's server, or the embedded one (tools/pg-embedded.mjs) on a
 * free port with its data under the local state dir; migrated (tools/pg-migrate.mjs), then handed to wrangler dev as
 * the binding's local connection string.
 */
async function ensurePostgres() {
  let url = process.env.DATABASE_URL;
  if (url) say(`Postgres: DATABASE_URL (${new URL(url).host}${new URL(url).pathname})`);
  else {
    const dataDir = path.join(path.resolve(root, process.env.DEV_STATE_DIR ?? '.wrangler/state'), 'pglite');
    const shown = path.relative(root, dataDir).startsWith('..') ? dataDir : path.relative(root, dataDir);
    say(`Postgres: no DATABASE_URL, starting the embedded one (data in ${shown})`);
    if (!existsSync(dataDir)) {
      // A fresh state: a copy of the migrated template (tools/dev-cache.mjs) instead of initialising one from nothing.
      await freshPostgresData(dataDir, env);
    }
    const child = start('embedded postgres', process.execPath, ['tools/pg-embedded.mjs', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise((resolve) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk.toString();
        const match = /listening on (postgres:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
    });
  }
  const migrated = spawnSync(process.execPath, ['tools/pg-migrate.mjs', url], { cwd: root, env, stdio: 'inherit' });
  if (migrated.status !== 0) {
    say('the Postgres migrations failed; stopping');
    shutdown(migrated.status ?? 1);
    return new Promise(() => {}); // shutdown() exits the process
  }
  env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE = hyperdriveLocalUrl(url);
}

function start(name, cmd, args, opts = {}) {
  const child = spawn(cmd, args, { cwd: root, env, stdio: opts.stdio ?? 'inherit' });
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      say(`${name} exited (${signal ?? code}); stopping`);
      shutdown(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

let shuttingDown = false;
function shutdown(code = 0) {
  shuttingDown = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

async function waitForHealth(url, ms = 120_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}

const vars = ensureDevVars();
await ensureRedis();
if (await portOpen(BRIDGE_PORT)) say(`something already listens on ${BRIDGE_PORT}; assuming it is the Upstash bridge`);
else start('upstash bridge', process.execPath, ['tools/upstash-bridge/server.mjs', '--port', String(BRIDGE_PORT), '--token', vars.UPSTASH_REDIS_REST_TOKEN]);

await ensurePostgres();

const stateDir = path.resolve(root, process.env.DEV_STATE_DIR ?? '.wrangler/state');
if (!existsSync(path.join(stateDir, 'v3', 'd1'))) {
  // A fresh state: wrangler applies each migration in a process of its own (~3 s each); a copy of the migrated
  // template (tools/dev-cache.mjs), built the same way once, is the same database in a moment.
  say('D1: a fresh local database (a copy of the migrated template)');
  await freshD1(stateDir, env);
} else {
  say('applying D1 migrations (local)');
  const migrate = spawnSync('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', ...STATE], { cwd: root, env, stdio: 'inherit' });
  if (migrate.status !== 0) process.exit(migrate.status ?? 1);
}

say('building the web apps (web/ → web/dist); they rebuild when you change them');
const web = spawnSync('vite', ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn', '--emptyOutDir', ...WEB_OUT], { cwd: root, env, stdio: 'inherit' });
if (web.status !== 0) process.exit(web.status ?? 1);
if (process.env.DEV_WEB_WATCH !== '0') start('web build', 'vite', ['build', '--config', 'web/vite.config.ts', '--watch', '--logLevel', 'warn', '--emptyOutDir', 'false', ...WEB_OUT]);

const base = `http://localhost:${PORT}`;
start('wrangler dev', 'wrangler', [
  'dev',
  '--port',
  String(PORT),
  '--ip',
  '127.0.0.1',
  '--show-interactive-dev-session=false',
  '--var',
  `APP_URL:${base}`,
  '--var',
  `UPSTASH_REDIS_REST_URL:http://127.0.0.1:${BRIDGE_PORT}`,
  ...STATE,
  ...ASSETS,
]);
await waitForHealth(`${base}/api/v1/health`);
const demo = await seed(base, { verifyOwner: () => verifyDemoOwnerLocally(STATE) });
// Locally the demo owner is also a platform admin (Admin → Platform: every organization, fee policies, dead letters,
// and the platform mailbox where password-reset mail lands). Production grants this only in D1 by hand (docs/operations.md).
const operator = spawnSync(
  'wrangler',
  ['d1', 'execute', 'DB', '--local', ...STATE, '--command', `update users set is_platform_admin = 1 where email = '${demo.email}'`],
  { cwd: root, env, stdio: 'ignore' },
);
if (operator.status !== 0) say('could not make the demo owner a platform admin (the Platform area stays hidden)');
console.log(`
\x1b[32mVoelgoed Events is running.\x1b[0m
  Admin console   ${base}/admin/   (sign in as the owner below)
  Storefront      ${base}/events/${demo.eventId}
  Scanner app     ${base}/scan/   (register a device under Admin → Scanner devices)
  Dev mailbox     ${base}/admin/orgs/${demo.organizationId}/mailbox
  API reference   ${base}/api/v1/docs
  OpenAPI 3.1     ${base}/api/v1/openapi.json
  Health          ${base}/api/v1/health

  Demo organization  ${demo.organizationName} (${demo.organizationId})
  Demo event         ${base}/api/v1/public/events/${demo.eventId} (on sale: hold, check out, pay on the test provider's page)
  Owner login        ${demo.email} / ${demo.password}   (also a platform admin, locally)
  Try:  curl -s ${base}/api/v1/auth/login -H 'content-type: application/json' \\
          -d '{"email":"${demo.email}","password":"${demo.password}"}'

Ctrl-C stops everything.`);
