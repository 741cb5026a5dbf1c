#!/usr/bin/env node
/**
 * Makes sure the Debian packages the tests and `npm run dev` need are installed (`npm test` runs this first for all
 * of them; `npm run dev` for redis-server only). Naming commands checks only those.
 * For every missing command: as root with apt-get, installs its package (one `apt-get update`, one
 * `apt-get install -y --no-install-recommends …`, output streamed); otherwise exits 1 saying what to
 * install. Prints one line per command found. No dependencies.
 *
 *   node tools/system-deps.mjs                  every command below
 *   node tools/system-deps.mjs redis-server     only these
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Command the tests run → the Debian package that provides it. */
const SYSTEM_DEPS = [
  // test/node/tickets-scannable.test.ts rasterizes ticket PDFs (pdftoppm) and reads their text (pdftotext).
  { command: 'pdftoppm', package: 'poppler-utils' },
  { command: 'pdftotext', package: 'poppler-utils' },
  // test/e2e drives Debian's Chromium with playwright-core (never `playwright install`: it downloads browsers).
  { command: 'chromium', package: 'chromium' },
  // Redis behind the Upstash bridge (tools/upstash-bridge): `npm run dev` and the tests start one when none runs.
  { command: 'redis-server', package: 'redis-server' },
];

/** The absolute path of `command` on PATH, or null. */
function which(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function run(command, args) {
  console.log(`system-deps: $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`system-deps: ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

function report(deps) {
  for (const dep of deps) console.log(`system-deps: ${dep.command} found at ${which(dep.command)} (${dep.package})`);
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((command) => !SYSTEM_DEPS.some((dep) => dep.command === command));
if (unknown.length) {
  console.error(`system-deps: unknown command(s) ${unknown.join(', ')}; known: ${SYSTEM_DEPS.map((dep) => dep.command).join(', ')}`);
  process.exit(2);
}
const deps = wanted.length ? SYSTEM_DEPS.filter((dep) => wanted.includes(dep.command)) : SYSTEM_DEPS;
const missing = deps.filter((dep) => !which(dep.command));
const packages = [...new Set(missing.map((dep) => dep.package))];

if (packages.length) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = which('apt-get');
  if (!isRoot || !apt) {
    console.error(
      `system-deps: missing ${missing.map((dep) => dep.command).join(', ')}.\n` +
        `Install the Debian/Ubuntu package(s) ${packages.join(' ')}, e.g.\n` +
        `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}\n` +
        (isRoot ? '(apt-get was not found: use your system package manager.)' : '(not running as root, so not installing them myself.)'),
    );
    process.exit(1);
  }
  console.log(`system-deps: installing ${packages.join(' ')} for ${missing.map((dep) => dep.command).join(', ')}`);
  run(apt, ['update']);
  run(apt, ['install', '-y', '--no-install-recommends', ...packages]);
  const still = deps.filter((dep) => !which(dep.command));
  if (still.length) {
    console.error(`system-deps: still missing after install: ${still.map((dep) => `${dep.command} (${dep.package})`).join(', ')}`);
    process.exit(1);
  }
}

report(deps);
