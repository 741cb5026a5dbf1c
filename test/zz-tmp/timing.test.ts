import { it } from 'vitest';
import { buildTenant } from '../support/tenant-fixtures';
it('times buildTenant', async () => {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) { const t0 = Date.now(); await buildTenant('timing'); times.push(Date.now() - t0); }
  console.error('BUILD TIMES', JSON.stringify(times));
}, 120_000);
