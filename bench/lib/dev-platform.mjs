/**
 * Starts the platform exactly as a developer does — `npm run dev` (tools/dev.mjs) — on a free port, with its own
 * D1/DO/R2 state, its own Upstash bridge port and its own build of the web apps, so it runs beside a developer's own
 * `npm run dev`. Used by the end-to-end tests (test/e2e) and by `npm run bench:seatmap`; typed in dev-platform.d.mts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO } from '../../tools/seed.mjs';

/** The demo owner `npm run dev` seeds (email, password, name, organization name). */
export { DEMO };

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * `npm run dev` with throwaway state; resolves once it says it is running. stop() ends it and removes the state.
 * `extraEnv` is added to its environment (e.g. DATABASE_URL: a Postgres of the caller's own).
 */
export async function startDev(timeoutMs = 180_000, extraEnv = {}) {
  const port = await freePort();
  const bridgePort = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'voelgoed-dev-'));
  const child = spawn('npm', ['run', 'dev'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DEV_BRIDGE_PORT: String(bridgePort),
      DEV_STATE_DIR: path.join(dir, 'state'),
      DEV_WEB_DIR: path.join(dir, 'web'),
      DEV_WEB_WATCH: '0',
      LOG_LEVEL: 'warn',
      FORCE_COLOR: '0',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  // The whole process group: npm, tools/dev.mjs and what it started (wrangler, workerd, vite, the bridge).
  const stop = async () => {
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + timeoutMs;
  while (!output.includes('Voelgoed Events is running.')) {
    if (child.exitCode !== null || Date.now() > until) {
      const why = child.exitCode !== null ? `exited (${child.exitCode})` : `did not come up in ${timeoutMs} ms`;
      await stop();
      throw new Error(`npm run dev ${why}:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const orgId = /Demo organization .*\((org_\w+)\)/.exec(output)?.[1] ?? '';
  const eventId = /Storefront\s+\S+\/events\/(evt_\w+)/.exec(output)?.[1] ?? '';
  return { base: `http://localhost:${port}`, demo: { orgId, eventId }, stop, log: () => output };
}

/** One JSON call to the platform's API (`/api/v1` + path); throws on any status from 300 up with the problem body. */
export async function api(base, method, pathname, body, token) {
  const res = await fetch(`${base}/api/v1${pathname}`, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => null);
  if (res.status >= 300) throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * The verification link the platform emailed to `email`, read as a user would find it: from the platform mailbox,
 * signed in as the demo owner (a platform admin under `npm run dev`, the only one who sees mailbox links unredacted).
 */
export async function verificationLink(base, email, timeoutMs = 30_000) {
  const { token } = await api(base, 'POST', '/auth/login', { email: DEMO.email, password: DEMO.password });
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const page = await api(base, 'GET', `/platform/mailbox?to=${encodeURIComponent(email)}`, undefined, token);
    // A link whose token reads redacted is not one yet: the demo owner is made a platform admin at the end of the
    // seeding, and until then the mailbox shows it links with their tokens redacted (under load the run can get here first).
    const link = (page.items ?? []).map((m) => /https?:\/\/\S+\/verify-email#token=[A-Za-z0-9_-]{16,}/.exec(m.text)?.[0]).find(Boolean);
    if (link) return link;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no verification email to ${email}`);
}

/** Verifies `email` through the link in its verification email (publishing and inviting need a verified address). */
export async function verifyByMail(base, email) {
  const link = await verificationLink(base, email);
  await api(base, 'POST', '/auth/verify-email', { token: new URL(link).hash.slice('#token='.length) });
}
