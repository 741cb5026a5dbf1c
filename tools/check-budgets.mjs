#!/usr/bin/env node
/**
 * `npm run check:budgets`: builds the web apps and the Worker the way they ship, then checks their gzipped sizes.
 *
 *   storefront initial JS   < 150 KB   (entry chunk + every chunk it imports statically: what a buyer's phone loads first)
 *   admin initial JS        < 400 KB   (same for the console; its screens load on demand and are reported too)
 *   Worker bundle           < 1 MiB    (minified, as `wrangler deploy --minify` uploads it)
 *
 * Prints one line per figure and exits 1 when one is over. `--no-build` measures what is already in dist/web and dist/worker.
 * KB is 1,000 bytes; MiB is 1,048,576 (Cloudflare's Worker limit is stated in MiB, gzipped).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
// Built apart from web/dist, so a running `npm run dev` (which rebuilds web/dist on change) is left alone.
const dist = `${root}dist/web/`;
const workerOut = `${root}dist/worker/`;
const KB = 1000;
const MiB = 1024 * 1024;

const BUDGETS = [
  { name: 'storefront initial JS', entry: 'index.html', limit: 150 * KB },
  { name: 'scanner initial JS', entry: 'scan/index.html', limit: 150 * KB },
  { name: 'admin initial JS', entry: 'admin/index.html', limit: 400 * KB },
];
const WORKER_LIMIT = 1 * MiB;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' } });
  if (r.status !== 0) {
    console.error(`check-budgets: ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}

if (!process.argv.includes('--no-build')) {
  run('vite', ['build', '--config', 'web/vite.config.ts', '--logLevel', 'error', '--outDir', dist, '--emptyOutDir']);
  run('wrangler', ['deploy', '--dry-run', '--minify', '--outdir', 'dist/worker', '--assets', 'dist/web']);
}

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, 'utf8'));

/** Chunks loaded with an entry: itself and its static imports, transitively (dynamic imports load later). */
function closure(key, follow = ['imports'], seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const kind of follow) for (const next of manifest[key]?.[kind] ?? []) closure(next, follow, seen);
  return seen;
}

const sizeOf = (keys) => [...keys].reduce((sum, k) => sum + gz(`${dist}${manifest[k].file}`), 0);
const fmt = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

let over = 0;
const line = (name, bytes, limit, extra = '', limitLabel = fmt(limit)) => {
  const ok = bytes <= limit;
  if (!ok) over++;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name.padEnd(24)} ${fmt(bytes).padStart(10)} gzip   (budget ${limitLabel}, ${((bytes / limit) * 100).toFixed(0)}%)${extra}`);
};

for (const b of BUDGETS) {
  if (!manifest[b.entry]) throw new Error(`no ${b.entry} in the Vite manifest`);
  const initial = closure(b.entry);
  const all = closure(b.entry, ['imports', 'dynamicImports']);
  const css = [...initial].flatMap((k) => manifest[k].css ?? []);
  const cssBytes = [...new Set(css)].reduce((sum, f) => sum + gz(`${dist}${f}`), 0);
  line(b.name, sizeOf(initial), b.limit, `; CSS ${fmt(cssBytes)}; with every lazy chunk ${fmt(sizeOf(all))}`);
}

const workerFile = `${workerOut}index.js`;
if (!existsSync(workerFile)) throw new Error('no dist/worker/index.js: run without --no-build');
line('Worker bundle', gz(workerFile), WORKER_LIMIT, `; ${fmt(readFileSync(workerFile).length)} minified`, '1 MiB');

if (over) {
  console.error(`check-budgets: ${over} budget(s) over`);
  process.exit(1);
}
