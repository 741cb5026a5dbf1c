/** For the Postgres (cold layer) tests: a complete row of a table, with what a test cares about overridden; a raw connection. */
import { env } from 'cloudflare:test';
import { Client } from 'pg';
import type { checkIns, orders } from '../../src/db/postgres';

export type PgOrder = typeof orders.$inferInsert;
export type PgCheckIn = typeof checkIns.$inferInsert;

const at = new Date('2026-11-20T10:00:00Z');

export function pgOrder(organizationId: string, id: string, overrides: Partial<PgOrder> = {}): PgOrder {
  return {
    id,
    organizationId,
    eventId: 'evt_pg',
    status: 'paid',
    buyerName: 'Anna Buyer',
    buyerEmail: 'anna@example.test',
    currency: 'ZAR',
    subtotalMinor: 10_000,
    discountMinor: 0,
    buyerFeeMinor: 500,
    organizerFeeMinor: 0,
    vatMinor: 1_500,
    donationMinor: 0,
    totalMinor: 12_000,
    refundedMinor: 0,
    paymentProvider: 'test',
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...overrides,
  };
}

export function pgCheckIn(organizationId: string, id: string, overrides: Partial<PgCheckIn> = {}): PgCheckIn {
  return {
    id,
    organizationId,
    eventId: 'evt_pg',
    ticketId: 'tkt_pg',
    deviceId: 'dev_pg',
    result: 'valid',
    direction: 'in',
    scannedAt: at,
    createdAt: at,
    version: 1,
    ...overrides,
  };
}

/**
 * A plain connection through the binding as its own user (a superuser locally, outside the voelgoed_app role): it
 * sees past row-level security, so a test can show that rows a scoped transaction did not see are there.
 */
export async function rawPostgres<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: env.HYPERDRIVE.connectionString });
  client.on('error', () => undefined); // the socket's close after end() (src/db/postgres-client.ts)
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
