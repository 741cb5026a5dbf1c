/**
 * The drizzle client over Postgres (the cold layer, docs/postgres.md) through the Hyperdrive binding, with `pg`
 * (node-postgres) as the driver. Every query runs inside forOrganization(): one transaction that first sets
 * app.organization_id and the voelgoed_app role (both transaction-local), so row-level security shows and accepts
 * only that organization's rows; the code's own queries filter by organization_id too (the first wall).
 *
 * Hyperdrive pools the real connections, so a client is cheap: make one per request (or per queue batch), close it
 * at the end. A connection cannot outlive its request in Workers, so none is shared across requests.
 */
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Client } from 'pg';
import { ServiceUnavailableError } from '../platform/errors';
import * as pgSchema from './postgres';

export type PgDatabase = NodePgDatabase<typeof pgSchema>;
export type PgTransaction = Parameters<Parameters<PgDatabase['transaction']>[0]>[0];

/** The role the Worker's transactions run as (migrations/postgres/0001): no superuser, no owner, so RLS applies. */
export const APP_ROLE = 'voelgoed_app';

export type PostgresClient = {
  /**
   * Runs work in one transaction scoped to organizationId (committed when it resolves, rolled back when it
   * throws). Calls on one client run one after another: a client is one connection.
   */
  forOrganization<T>(organizationId: string, work: (tx: PgTransaction) => Promise<T>): Promise<T>;
  /** Ends the connection (safe to call when none was opened, and twice). */
  close(): Promise<void>;
};

/** A connection failure answers 503 with Retry-After (problem+json), never a 500: the cold layer can be away. */
function unavailable(error: unknown): ServiceUnavailableError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ServiceUnavailableError(`The reporting database is unavailable (${reason}); try again shortly.`, 30, 'postgres_unavailable');
}

export function postgres(env: { HYPERDRIVE: Hyperdrive }): PostgresClient {
  const client = new Client({ connectionString: env.HYPERDRIVE.connectionString });
  // pg emits a dead socket's error on the client too (after failing the queries in flight, which reject on their
  // own); in Workers the socket's reader also reports "This socket has been closed" after end(). Without a
  // listener either would be an unhandled error. A client that saw one refuses further queries.
  client.on('error', () => undefined);
  const db = drizzle(client, { schema: pgSchema, casing: 'snake_case' });
  let connecting: Promise<void> | undefined;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const connect = () => {
    connecting ??= client.connect().then(
      () => undefined,
      // A pg Client connects once: a failed one stays failed, and this client answers 503 from then on.
      (error: unknown) => {
        throw unavailable(error);
      },
    );
    return connecting;
  };

  return {
    forOrganization<T>(organizationId: string, work: (tx: PgTransaction) => Promise<T>): Promise<T> {
      if (typeof organizationId !== 'string' || organizationId.length === 0) {
        return Promise.reject(new Error('postgres: forOrganization needs an organization id'));
      }
      if (closed) return Promise.reject(new Error('postgres: client is closed'));
      const run = async () => {
        await connect();
        return db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('app.organization_id', ${organizationId}, true), set_config('role', ${APP_ROLE}, true)`);
          return work(tx);
        });
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!connecting) return;
      await queue;
      await client.end().catch(() => undefined);
    },
  };
}

/** One transaction for organizationId on a client of its own, closed afterwards. */
export async function withOrganization<T>(env: { HYPERDRIVE: Hyperdrive }, organizationId: string, work: (tx: PgTransaction) => Promise<T>): Promise<T> {
  const client = postgres(env);
  try {
    return await client.forOrganization(organizationId, work);
  } finally {
    await client.close();
  }
}
