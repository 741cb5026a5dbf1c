/** Starts the Upstash REST bridge (tools/upstash-bridge) on a free port against the local redis-server, db 13, flushed. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    redisBridgeUrl: string;
    redisBridgeToken: string;
  }
}

const server = fileURLToPath(new URL('../tools/upstash-bridge/server.mjs', import.meta.url));

export default async function setup(project: TestProject) {
  const token = 'test-bridge-token';
  const child = spawn(process.execPath, [server, '--port', '0', '--token', token, '--db', '13'], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  return () => {
    child.kill('SIGTERM');
  };
}
