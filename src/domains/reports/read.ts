/**
 * Reading a report from Postgres for one organization (docs/postgres.md, "Reports"): one transaction scoped to the
 * organization (row-level security as the second wall), the client closed afterwards. Postgres away, slow to connect
 * or dropping the connection answers 503 with Retry-After (`postgres_unavailable`), never a 500: reports wait, sales
 * don't.
 */
import type { PgTransaction } from '../../db/postgres-client';
import { postgres } from '../../db/postgres-client';
import { AppError, ServiceUnavailableError } from '../../platform/errors';

/** Connection-level failures (node-postgres errors and Postgres's own "cannot connect now" / admin shutdown classes). */
function unreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (/^(08|57P0)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code))) return true;
  return /Connection terminated|connection (?:closed|refused|timeout)|socket has been closed|network/i.test(error.message);
}

export async function readReport<T>(env: { HYPERDRIVE: Hyperdrive }, organizationId: string, work: (tx: PgTransaction) => Promise<T>): Promise<T> {
  const client = postgres(env);
  try {
    return await client.forOrganization(organizationId, work);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (unreachable(error)) throw new ServiceUnavailableError('The reporting database is unavailable; try again shortly.', 30, 'postgres_unavailable');
    throw error;
  } finally {
    await client.close();
  }
}
