/**
 * The Postgres client inside workerd, through the HYPERDRIVE binding, against the embedded server or DATABASE_URL's
 * (test/global-setup-postgres.ts): writes and reads through drizzle, and row-level security as the second wall.
 */
import { env } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgres, withOrganization, type PostgresClient } from '../../src/db/postgres-client';
import { auditEntries, orders } from '../../src/db/postgres';
import { ServiceUnavailableError } from '../../src/platform/errors';
import { pgOrder, rawPostgres as raw, type PgOrder } from '../support/postgres-rows';

const run = crypto.randomUUID().slice(0, 8);
const orgA = `org_pgA_${run}`;
const orgB = `org_pgB_${run}`;
const now = new Date('2026-11-20T10:00:00Z');
const order = (organizationId: string, id: string, overrides: Partial<PgOrder> = {}) => pgOrder(organizationId, id, { eventId: `evt_${run}`, createdAt: now, updatedAt: now, ...overrides });

describe(`the Postgres client (${env.TEST_POSTGRES_SOURCE})`, () => {
  let pg: PostgresClient;
  beforeAll(async () => {
    pg = postgres(env);
    await pg.forOrganization(orgA, (tx) => tx.insert(orders).values([order(orgA, `ord_a1_${run}`), order(orgA, `ord_a2_${run}`, { totalMinor: 3_000 })]));
    await pg.forOrganization(orgB, (tx) => tx.insert(orders).values(order(orgB, `ord_b1_${run}`)));
  });
  afterAll(() => pg.close());

  it('writes and reads rows through drizzle over the binding', async () => {
    const rows = await pg.forOrganization(orgA, (tx) => tx.select().from(orders).where(eq(orders.organizationId, orgA)).orderBy(orders.id));
    expect(rows.map((r) => [r.id, r.totalMinor])).toEqual([
      [`ord_a1_${run}`, 12_000],
      [`ord_a2_${run}`, 3_000],
    ]);
    expect(rows[0]!.createdAt.toISOString()).toBe(now.toISOString());
    // The relational query API works over the same schema.
    const one = await pg.forOrganization(orgA, (tx) => tx.query.orders.findFirst({ where: and(eq(orders.organizationId, orgA), eq(orders.id, `ord_a2_${run}`)) }));
    expect(one?.buyerEmail).toBe('anna@example.test');
  });

  it('writes a partitioned history table (audit_entries) and reads it back', async () => {
    const id = `aud_${run}`;
    await withOrganization(env, orgA, (tx) =>
      tx.insert(auditEntries).values({ id, organizationId: orgA, actorType: 'user', action: 'order.refunded', resourceType: 'order', changes: { amount: 10 }, createdAt: now, version: 1 }),
    );
    const rows = await withOrganization(env, orgA, (tx) => tx.select().from(auditEntries).where(and(eq(auditEntries.organizationId, orgA), eq(auditEntries.id, id))));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.changes).toEqual({ amount: 10 });
    // Row-level security holds on the partitioned parent too.
    expect(await withOrganization(env, orgB, (tx) => tx.select().from(auditEntries).where(eq(auditEntries.id, id)))).toEqual([]);
    // It landed in its month's partition, not the default one.
    const partition = await raw((c) => c.query<{ p: string }>('select tableoid::regclass::text as p from audit_entries where id = $1', [id]));
    expect(partition.rows[0]!.p).toBe('audit_entries_202611');
  });

  it("does not show organization B's rows to a transaction set for A, even without a filter", async () => {
    const seen = await pg.forOrganization(orgA, (tx) => tx.select({ id: orders.id, org: orders.organizationId }).from(orders));
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((r) => r.org === orgA)).toBe(true);
    const asked = await pg.forOrganization(orgA, (tx) => tx.select().from(orders).where(eq(orders.id, `ord_b1_${run}`)));
    expect(asked).toEqual([]);
    // …while the row is there: B sees it, and so does a connection outside the role.
    expect(await pg.forOrganization(orgB, (tx) => tx.select({ id: orders.id }).from(orders).where(eq(orders.id, `ord_b1_${run}`)))).toEqual([{ id: `ord_b1_${run}` }]);
    const all = await raw((c) => c.query('select id from orders where id = $1', [`ord_b1_${run}`]));
    expect(all.rowCount).toBe(1);
  });

  it("refuses a write of B's row, or an update of it, from A's transaction", async () => {
    const refused = await pg.forOrganization(orgA, (tx) => tx.insert(orders).values(order(orgB, `ord_b2_${run}`))).catch((e: unknown) => e);
    expect(String((refused as Error).cause)).toMatch(/row-level security/);
    const updated = await pg.forOrganization(orgA, (tx) => tx.update(orders).set({ status: 'cancelled' }).where(eq(orders.id, `ord_b1_${run}`)).returning({ id: orders.id }));
    expect(updated).toEqual([]);
    const status = await raw((c) => c.query<{ status: string }>('select status from orders where id = $1', [`ord_b1_${run}`]));
    expect(status.rows[0]!.status).toBe('paid');
  });

  it('shows nothing to the app role when no organization is set', async () => {
    const count = await raw(async (c) => {
      await c.query('begin');
      try {
        await c.query(`select set_config('role', 'voelgoed_app', true)`);
        return (await c.query<{ n: string }>('select count(*)::text as n from orders where id like $1', [`%_${run}`])).rows[0]!.n;
      } finally {
        await c.query('rollback');
      }
    });
    expect(count).toBe('0');
  });

  it('rolls back a transaction whose work throws, and refuses a call without an organization', async () => {
    await expect(
      pg.forOrganization(orgA, async (tx) => {
        await tx.insert(orders).values(order(orgA, `ord_rollback_${run}`));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await pg.forOrganization(orgA, (tx) => tx.select().from(orders).where(eq(orders.id, `ord_rollback_${run}`)))).toEqual([]);
    await expect(pg.forOrganization('', async () => 1)).rejects.toThrow(/organization id/);
  });

  it('answers 503 (problem+json, Retry-After) when the database cannot be reached', async () => {
    const down = postgres({ HYPERDRIVE: { ...env.HYPERDRIVE, connectionString: 'postgres://postgres:postgres@127.0.0.1:9/postgres' } as Hyperdrive });
    const error = await down.forOrganization(orgA, async () => 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).status).toBe(503);
    expect((error as ServiceUnavailableError).headers?.['Retry-After']).toBe('30');
    await down.close();
  });
});
