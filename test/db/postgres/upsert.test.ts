/**
 * upsertByVersion (src/db/postgres/upsert.ts) through the HYPERDRIVE binding: a newer version replaces the row, an
 * older one or a replay changes nothing, in either order; the same for a partitioned table keyed by (id, created_at).
 */
import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIns, orders } from '../../../src/db/postgres';
import { upsertByVersion } from '../../../src/db/postgres/upsert';
import { postgres, type PostgresClient } from '../../../src/db/postgres-client';
import { pgCheckIn, pgOrder, rawPostgres } from '../../support/postgres-rows';

const run = crypto.randomUUID().slice(0, 8);
const org = `org_up_${run}`;
const other = `org_up2_${run}`;

describe('upsertByVersion', () => {
  let pg: PostgresClient;
  beforeAll(() => {
    pg = postgres(env);
  });
  afterAll(() => pg.close());

  const stored = (id: string) => pg.forOrganization(org, async (tx) => (await tx.select().from(orders).where(eq(orders.id, id)))[0]);

  it('inserts, then takes a newer version and ignores an older one or a replay', async () => {
    const id = `ord_up_${run}`;
    expect(await pg.forOrganization(org, (tx) => upsertByVersion(tx, orders, [pgOrder(org, id, { status: 'pending', version: 1 })]))).toBe(1);
    expect(await pg.forOrganization(org, (tx) => upsertByVersion(tx, orders, [pgOrder(org, id, { status: 'paid', version: 2, refundedMinor: 0 })]))).toBe(1);
    expect(await stored(id)).toMatchObject({ status: 'paid', version: 2 });

    // An older copy arriving late (reordered delivery) changes nothing.
    expect(await pg.forOrganization(org, (tx) => upsertByVersion(tx, orders, [pgOrder(org, id, { status: 'pending', version: 1 })]))).toBe(0);
    // A replay of the current version changes nothing either, even if its body differed.
    expect(await pg.forOrganization(org, (tx) => upsertByVersion(tx, orders, [pgOrder(org, id, { status: 'cancelled', version: 2 })]))).toBe(0);
    const row = await stored(id);
    expect(row).toMatchObject({ status: 'paid', version: 2 });

    // Replaying the whole history (oldest first) leaves the row exactly as it is.
    for (const version of [1, 2]) {
      await pg.forOrganization(org, (tx) => upsertByVersion(tx, orders, [pgOrder(org, id, { status: 'replayed', version })]));
    }
    expect(await stored(id)).toEqual(row);
  });

  it('ends at the newest version whatever order the copies arrive in', async () => {
    const id = `ord_order_${run}`;
    for (const version of [3, 1, 2, 3, 1]) {
      await pg.forOrganization(org, (tx) => upsertByVersion(tx, orders, [pgOrder(org, id, { status: `v${version}`, version, totalMinor: version * 100 })]));
    }
    expect(await stored(id)).toMatchObject({ status: 'v3', version: 3, totalMinor: 300 });
  });

  it('lets concurrent batches of the same rows in opposite orders all commit (rows are locked in key order: no deadlock)', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `ord_lock_${String(i).padStart(2, '0')}_${run}`);
    await pg.forOrganization(org, (tx) => upsertByVersion(tx, orders, ids.map((id) => pgOrder(org, id, { version: 1 }))));
    // Separate clients (connections), each writing every row at a newer version, half of them in reverse order: on a
    // server that locks rows as a statement reaches them, unordered batches wait on each other in a cycle.
    const clients = Array.from({ length: 6 }, () => postgres(env));
    try {
      const results = await Promise.allSettled(
        clients.map((client, n) => {
          const rows = ids.map((id) => pgOrder(org, id, { version: 2 + n, status: `w${n}` }));
          return client.forOrganization(org, (tx) => upsertByVersion(tx, orders, n % 2 ? rows.reverse() : rows));
        }),
      );
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
    expect(await stored(ids[0]!)).toMatchObject({ version: 7, status: 'w5' });
  });

  it('counts only the rows a batch actually changed', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((x) => `ord_batch_${x}_${run}`) as [string, string, string];
    await pg.forOrganization(org, (tx) => upsertByVersion(tx, orders, [pgOrder(org, a, { version: 2 }), pgOrder(org, b, { version: 1 })]));
    const changed = await pg.forOrganization(org, (tx) =>
      upsertByVersion(tx, orders, [pgOrder(org, a, { version: 1 }), pgOrder(org, b, { version: 2, status: 'refunded' }), pgOrder(org, c, { version: 1 })]),
    );
    expect(changed).toBe(2);
    expect((await stored(a))?.version).toBe(2);
    expect(await stored(b)).toMatchObject({ version: 2, status: 'refunded' });
    expect((await stored(c))?.version).toBe(1);
  });

  it('keys a partitioned table by (id, created_at): newer wins, older and replays are ignored', async () => {
    const id = `chk_up_${run}`;
    const read = () => pg.forOrganization(org, async (tx) => tx.select().from(checkIns).where(eq(checkIns.id, id)));
    expect(await pg.forOrganization(org, (tx) => upsertByVersion(tx, checkIns, [pgCheckIn(org, id, { result: 'valid', version: 1 })]))).toBe(1);
    expect(await pg.forOrganization(org, (tx) => upsertByVersion(tx, checkIns, [pgCheckIn(org, id, { result: 'duplicate', version: 2 })]))).toBe(1);
    expect(await pg.forOrganization(org, (tx) => upsertByVersion(tx, checkIns, [pgCheckIn(org, id, { result: 'valid', version: 1 })]))).toBe(0);
    expect(await pg.forOrganization(org, (tx) => upsertByVersion(tx, checkIns, [pgCheckIn(org, id, { result: 'valid', version: 2 })]))).toBe(0);
    const rows = await read();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ result: 'duplicate', version: 2 });
  });

  it("cannot overwrite another organization's row with the same id, whatever its version", async () => {
    const id = `ord_theirs_${run}`;
    await pg.forOrganization(other, (tx) => upsertByVersion(tx, orders, [pgOrder(other, id, { buyerName: 'Theirs', version: 1 })]));
    const refused = await pg.forOrganization(org, (tx) => upsertByVersion(tx, orders, [pgOrder(org, id, { buyerName: 'Mine', version: 9 })])).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    const row = await rawPostgres((c) => c.query<{ organization_id: string; buyer_name: string; version: string }>('select organization_id, buyer_name, version from orders where id = $1', [id]));
    expect(row.rows).toEqual([{ organization_id: other, buyer_name: 'Theirs', version: '1' }]);
  });
});
