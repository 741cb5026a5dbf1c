/**
 * Stopping a bench's platform (bench/lib/server.mjs spawnGroup, which runs `wrangler dev`): the whole process group
 * ends — grandchildren too, as wrangler's esbuild service and workerd are — and what they print while being torn down
 * (esbuild's Go stack dump, once) no longer reaches the bench's output.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { spawnGroup } from '../../bench/lib/server.mjs';

/** Running: signalable and not a zombie (a container's init may be slow to reap an orphan that has exited). */
const alive = (pid) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

test('stop() ends the group, grandchildren included, and passes on nothing printed while stopping', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vge-group-'));
  // A stand-in for wrangler: starts a grandchild that dumps a "stack" when terminated, says it is up, then waits.
  const grandchild = join(dir, 'grandchild.mjs');
  writeFileSync(grandchild, `process.on('SIGTERM', () => { process.stderr.write('goroutine 1 [running]:\\n'); setTimeout(() => process.exit(2), 50); }); setInterval(() => {}, 1000);`);
  const parent = join(dir, 'parent.mjs');
  writeFileSync(parent, `import { spawn } from 'node:child_process'; const c = spawn(process.execPath, [${JSON.stringify(grandchild)}], { stdio: ['ignore', 'ignore', 'inherit'] }); process.stderr.write('up ' + c.pid + '\\n'); setInterval(() => {}, 1000);`);
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk), done()) });
  const running = spawnGroup(process.execPath, [parent], { stderr: sink });
  const started = Date.now();
  while (!/up (\d+)/.test(out) && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 50));
  const grandchildPid = Number(/up (\d+)/.exec(out)?.[1]);
  assert.ok(grandchildPid > 0, `the stand-in started: ${out}`);
  await running.stop();
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(running.child.exitCode !== null || running.child.signalCode !== null, `exited: ${running.child.exitCode} ${running.child.signalCode}`);
  assert.equal(alive(grandchildPid), false);
  assert.doesNotMatch(out, /goroutine/);
});
