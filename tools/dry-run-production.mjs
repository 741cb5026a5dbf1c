/**
 * `npm run check:production`: bundles the Worker as `wrangler deploy --env production` would, without uploading
 * (`--dry-run`), into a temporary directory, so a production configuration wrangler cannot read (a binding
 * missing from [env.production], a bad table) fails `npm test`. The web apps need not be built for it: an empty
 * assets directory stands in when web/dist is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const outdir = mkdtempSync(join(tmpdir(), 'voelgoed-production-'));
const assets = new URL('../web/dist', import.meta.url);
const madeAssets = !existsSync(assets);
if (madeAssets) mkdirSync(assets, { recursive: true });
try {
  const run = spawnSync('npx', ['wrangler', 'deploy', '--dry-run', '--env', 'production', '--outdir', outdir], {
    stdio: 'inherit',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
  if (madeAssets) rmSync(assets, { recursive: true, force: true });
}
