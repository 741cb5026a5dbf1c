/**
 * Starts the Upstash REST bridge (tools/upstash-bridge) on a free port against the local redis-server, db 13 (or
 * TEST_REDIS_DB, so two checkouts can run their suites side by side), flushed.
 */
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    redisBridgeUrl: string;
    redisBridgeToken: string;
    /** Base URL of tools/webhook-receiver: records what it gets; /fail/{N}/… answers 500 N times per webhook-id, /gone/… 410. */
    webhookReceiverUrl: string;
  }
}

const server = fileURLToPath(new URL('../tools/upstash-bridge/server.mjs', import.meta.url));
const systemDeps = fileURLToPath(new URL('../tools/system-deps.mjs', import.meta.url));
const webhookReceiver = fileURLToPath(new URL('../tools/webhook-receiver/server.mjs', import.meta.url));

const redisUp = () =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(6379, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** A fresh machine may have redis-server missing or stopped: install it if need be, start a throwaway one that keeps nothing on disk. */
async function ensureRedis() {
  if (await redisUp()) return;
  // Not installed at all (a fresh machine, vitest run directly): tools/system-deps.mjs installs it or says how.
  spawnSync(process.execPath, [systemDeps, 'redis-server'], { stdio: 'inherit' });
  spawnSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'], { stdio: 'inherit' });
  for (let i = 0; i < 50 && !(await redisUp()); i++) await new Promise((r) => setTimeout(r, 100));
}

export default async function setup(project: TestProject) {
  await ensureRedis();
  const token = 'test-bridge-token';
  const child = spawn(process.execPath, [server, '--port', '0', '--token', token, '--db', process.env.TEST_REDIS_DB ?? '13'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`upstash bridge exited (${code}); is redis-server running on 127.0.0.1:6379?`)));
  });
  await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify(['FLUSHDB']) });
  project.provide('redisBridgeUrl', url);
  project.provide('redisBridgeToken', token);
  const receiver = spawn(process.execPath, [webhookReceiver, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const receiverUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    receiver.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    receiver.on('exit', (code) => reject(new Error(`webhook receiver exited (${code})`)));
  });
  project.provide('webhookReceiverUrl', receiverUrl);
  return () => {
    child.kill('SIGTERM');
    receiver.kill('SIGTERM');
  };
}
