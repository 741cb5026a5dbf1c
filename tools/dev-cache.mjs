/**
 * Migrated local databases, made once and then copied. A fresh `npm run dev` state — a new clone, or each browser
 * test's and the outage drill's own platform — would otherwise apply every D1 migration in a wrangler process of its
 * own (about 3 s each, 80 s for all of them) and initialise an embedded Postgres from nothing (about 16 s) every time.
 * Instead the first start builds a template with the real tools (wrangler's `d1 migrations apply`, PGlite and
 * tools/pg-migrate.mjs) and every later fresh state starts as a copy of it.
 *
 * Templates live in node_modules/.cache/voelgoed-dev (git-ignored, gone with a clean install), named by a hash of the
 * migration files they hold: a new or changed migration makes a new template, so a copy is never behind. A state
 * that already exists is never touched (it is migrated as before). Two platforms starting at once share one build:
 * the second waits for the first's lock; a template appears only whole (built aside, then renamed into place).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where templates live; DEV_CACHE_DIR moves them (the tests of this module use a directory of their own). */
export const CACHE_DIR = process.env.DEV_CACHE_DIR ?? path.join(root, 'node_modules', '.cache', 'voelgoed-dev');
const LOCK_STALE_MS = 10 * 60_000;

/** A short hash of every .sql file directly in `dir` (names and contents, in name order). */
export function migrationsHash(dir) {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.sql')).sort()) {
    hash.update(name).update('\0').update(readFileSync(path.join(dir, name))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The template `name-key`, built with `build(dir)` when it does not exist yet, then copied to `target` (merged into
 * it: a directory may already hold other state). Returns the template's path.
 * @param {string} name
 * @param {string} key
 * @param {(dir: string) => Promise<void>} build
 * @param {string} target
 * @param {string} [cacheDir]
 */
export async function copyTemplate(name, key, build, target, cacheDir = CACHE_DIR) {
  const template = path.join(cacheDir, `${name}-${key}`);
  const lock = `${template}.lock`;
  mkdirSync(cacheDir, { recursive: true });
  while (!existsSync(template)) {
    try {
      mkdirSync(lock);
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // Another start is building it: wait, unless its builder died long ago.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      await sleep(500);
      continue;
    }
    try {
      if (existsSync(template)) break;
      const aside = `${template}.building-${process.pid}`;
      rmSync(aside, { recursive: true, force: true });
      try {
        await build(aside);
        renameSync(aside, template);
      } catch (e) {
        rmSync(aside, { recursive: true, force: true });
        throw e;
      }
      // Older templates of the same name are of older migrations: nothing copies them again.
      for (const other of readdirSync(cacheDir)) {
        if (other.startsWith(`${name}-`) && other !== path.basename(template) && !other.includes('.')) rmSync(path.join(cacheDir, other), { recursive: true, force: true });
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  mkdirSync(target, { recursive: true });
  cpSync(template, target, { recursive: true });
  return template;
}

/** Runs a program to its end; rejects with its output when it fails. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(-4000)}`))));
  });
}

/**
 * An embedded Postgres data directory with every Postgres migration applied: PGlite initialises it (tools/pg-embedded.mjs
 * as its own process, as `npm run dev` runs it), tools/pg-migrate.mjs migrates it, and the server stops cleanly (its
 * SIGTERM closes PGlite) before the directory is kept.
 * @param {string} dir
 * @param {NodeJS.ProcessEnv} env
 */
export async function buildPostgresTemplate(dir, env) {
  const child = spawn(process.execPath, ['tools/pg-embedded.mjs', '--port', '0', '--data', dir], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk.toString();
        const match = /listening on (postgres:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`the embedded Postgres exited (${code}) before it listened`)));
    });
    await run(process.execPath, ['tools/pg-migrate.mjs', url], { env });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * A fresh local D1 state in `stateDir` (wrangler's `--persist-to` layout): a copy of the template of the current D1
 * migrations (and wrangler version, whose local storage format they are in).
 * @param {string} stateDir
 * @param {NodeJS.ProcessEnv} env
 */
export async function freshD1(stateDir, env) {
  const wranglerVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'wrangler', 'package.json'), 'utf8')).version;
  const key = `${migrationsHash(path.join(root, 'migrations'))}-w${wranglerVersion.replaceAll('.', '_')}`;
  await copyTemplate('d1', key, (dir) => run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir], { env }), stateDir);
}

/**
 * A fresh embedded Postgres data directory at `dataDir`: a copy of the template with every Postgres migration applied.
 * @param {string} dataDir
 * @param {NodeJS.ProcessEnv} env
 */
export async function freshPostgresData(dataDir, env) {
  await copyTemplate('pglite', migrationsHash(path.join(root, 'migrations', 'postgres')), (dir) => buildPostgresTemplate(dir, env), dataDir);
}
