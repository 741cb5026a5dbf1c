import { env } from 'cloudflare:test';
import { it } from 'vitest';
import { sql } from 'drizzle-orm';
import { postgres } from '../../src/db/postgres-client';
it('times', async () => {
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const pg = postgres(env);
    await pg.forOrganization('org_x', async (tx) => tx.execute(sql`select 1`));
    const t1 = performance.now();
    await pg.forOrganization('org_x', async (tx) => tx.execute(sql`select 1`));
    const t2 = performance.now();
    await pg.close();
    console.log(`first ${(t1 - t0).toFixed(1)} ms, second ${(t2 - t1).toFixed(1)} ms`);
  }
});
