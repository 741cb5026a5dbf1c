// tools/dev-cache.mjs: the migrated templates `npm run dev` copies into a fresh state instead of migrating it again.
// Run: node --test test/tools/dev-cache.test.mjs
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { copyTemplate, migrationsHash } from '../../tools/dev-cache.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'dev-cache-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('copyTemplate', () => {
  test('builds once, however many fresh states start at once, and copies the whole template into each', async () => {
    const cache = path.join(dir, 'cache');
    let builds = 0;
    const build = async (into) => {
      builds += 1;
      mkdirSync(path.join(into, 'v3', 'd1'), { recursive: true });
      await new Promise((r) => setTimeout(r, 300)); // a slow build: the others must wait for it, not start their own
      writeFileSync(path.join(into, 'v3', 'd1', 'db.sqlite'), 'migrated');
    };
    const targets = [1, 2, 3].map((i) => path.join(dir, `state-${i}`));
    mkdirSync(targets[0], { recursive: true });
    writeFileSync(path.join(targets[0], 'other'), 'kept'); // a target's other state is merged with, not replaced
    await Promise.all(targets.map((t) => copyTemplate('d1', 'k1', build, t, cache)));
    assert.equal(builds, 1);
    for (const t of targets) assert.equal(readFileSync(path.join(t, 'v3', 'd1', 'db.sqlite'), 'utf8'), 'migrated');
    assert.equal(readFileSync(path.join(targets[0], 'other'), 'utf8'), 'kept');
    assert.deepEqual(readdirSync(cache), ['d1-k1']); // no lock or half-built directory left behind
  });

  test('a new key (changed migrations) builds a new template and drops the old one; a failed build leaves none', async () => {
    const cache = path.join(dir, 'cache');
    await copyTemplate('d1', 'k2', async (into) => mkdirSync(into), path.join(dir, 'state-4'), cache);
    assert.deepEqual(readdirSync(cache), ['d1-k2']);
    await assert.rejects(copyTemplate('d1', 'k3', async (into) => { mkdirSync(into); throw new Error('migration failed'); }, path.join(dir, 'state-5'), cache), /migration failed/);
    assert.deepEqual(readdirSync(cache), ['d1-k2']);
    assert.equal(existsSync(path.join(dir, 'state-5')), false);
  });
});

describe('migrationsHash', () => {
  test('changes with a migration’s name or contents, and only .sql files count', () => {
    const m = path.join(dir, 'migrations');
    mkdirSync(m);
    writeFileSync(path.join(m, '0000_init.sql'), 'create table a (id int);');
    const first = migrationsHash(m);
    writeFileSync(path.join(m, 'README.md'), 'notes');
    assert.equal(migrationsHash(m), first);
    writeFileSync(path.join(m, '0001_more.sql'), 'create table b (id int);');
    const second = migrationsHash(m);
    assert.notEqual(second, first);
    writeFileSync(path.join(m, '0001_more.sql'), 'create table b (id bigint);');
    assert.notEqual(migrationsHash(m), second);
  });
});
