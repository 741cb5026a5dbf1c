/**
 * Daily (src/scheduled.ts): makes analytics_events' monthly partitions for this month and the next MONTHS_AHEAD
 * (vg_analytics_events_partitions, migrations/postgres/0006), so journey rows never pile up in the default partition.
 * That function is SECURITY DEFINER and creates tables for all organizations, so it is called inside a transaction
 * scoped to no organization (PLATFORM_SCOPE matches no row under row-level security).
 */
import { sql } from 'drizzle-orm';
import { withOrganization } from '../../db/postgres-client';
import { log } from '../../platform/logger';

export const MONTHS_AHEAD = 3;
/** No organization has this id: the transaction sees no tenant's rows; only the definer function acts. */
const PLATFORM_SCOPE = 'platform:analytics-partitions';

export async function prepareAnalyticsPartitions(env: Pick<Cloudflare.Env, 'HYPERDRIVE'>): Promise<{ made: number }> {
  const result = await withOrganization(env, PLATFORM_SCOPE, (tx) => tx.execute<{ made: number }>(sql`select vg_analytics_events_partitions(${MONTHS_AHEAD}) as made`));
  const made = Number(result.rows[0]?.made ?? 0);
  if (made) log('info', 'analytics partitions made', { made });
  return { made };
}
