/**
 * Starts the platform exactly as a developer does — `npm run dev` (tools/dev.mjs) — on a free port, with its own
 * D1/DO/R2 state and its own build of the web apps, so it runs beside a developer's own `npm run dev`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type Platform = { base: string; demo: { orgId: string; eventId: string }; stop: () => Promise<void>; log: () => string };

export async function startDev(timeoutMs = 180_000): Promise<Platform> {
  const port = await freePort();
  const bridgePort = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'voelgoed-e2e-'));
  const child: ChildProcess = spawn('npm', ['run', 'dev'], {
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
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 1_000));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  const until = Date.now() + timeoutMs;
  while (!output.includes('Voelgoed Events is running.')) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited (${child.exitCode}):\n${output.slice(-4000)}`);
    if (Date.now() > until) {
      await stop();
      throw new Error(`npm run dev did not come up in ${timeoutMs} ms:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const orgId = /Demo organization .*\((org_\w+)\)/.exec(output)?.[1] ?? '';
  const eventId = /Storefront\s+\S+\/events\/(evt_\w+)/.exec(output)?.[1] ?? '';
  return { base: `http://localhost:${port}`, demo: { orgId, eventId }, stop, log: () => output };
}
