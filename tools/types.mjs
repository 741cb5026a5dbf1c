#!/usr/bin/env node
/**
 * `npm run types:generate`: regenerate worker-configuration.d.ts (the Env type) from wrangler.toml's top level.
 * The [env.production] section declares `secrets.required`, which makes `wrangler types` type every secret as
 * optional and drop the development-only ones; the code's Env is the development/test shape (secrets from
 * .dev.vars.example, all present — the configuration check refuses to serve without them), so the environments are
 * left out of the copy wrangler reads here.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const toml = readFileSync(path.join(root, 'wrangler.toml'), 'utf8');
// Everything from the first [env.…] / [[env.…]] table on belongs to an environment.
const cut = toml.search(/^\[\[?env\./m);
const config = '.wrangler-types.toml';
writeFileSync(path.join(root, config), cut === -1 ? toml : toml.slice(0, cut));
try {
  const result = spawnSync(
    'wrangler',
    ['types', 'worker-configuration.d.ts', '-c', config, '--strict-vars=false', '--include-runtime=false', '--env-file', '.dev.vars.example'],
    { cwd: root, stdio: 'inherit' },
  );
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(path.join(root, config), { force: true });
}
