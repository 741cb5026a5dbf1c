/**
 * The API request log's retention (daily, src/scheduled.ts): everything older than API_REQUEST_LOG_RETENTION_DAYS
 * (90 by default) goes — whole monthly partitions dropped, the month that straddles the cutoff (and the default
 * partition) trimmed by delete — and the partitions for the coming months are made (vg_api_requests_retention,
 * migrations/postgres/0003). That function is SECURITY DEFINER and works across all organizations, so it is called
 * inside a transaction scoped to no organization (PLATFORM_SCOPE matches no row under row-level security).
 */
import { sql } from 'drizzle-orm';
import { withOrganization } from '../../db/postgres-client';
import { log } from '../../platform/logger';

export const DEFAULT_RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;
/** No organization has this id: the transaction sees no tenant's rows; only the definer function acts. */
const PLATFORM_SCOPE = 'platform:api-request-retention';

type Env = Pick<Cloudflare.Env, 'HYPERDRIVE'> & { API_REQUEST_LOG_RETENTION_DAYS?: string };

export function retentionDays(env: Env): number {
  const days = Number(env.API_REQUEST_LOG_RETENTION_DAYS);
  return Number.isInteger(days) && days > 0 ? days : DEFAULT_RETENTION_DAYS;
}

export async function pruneApiRequests(env: Env, at = new Date()): Promise<{ cutoff: string; dropped: number; deleted: number }> {
  const cutoff = new Date(at.getTime() - retentionDays(env) * DAY_MS);
  const result = await withOrganization(env, PLATFORM_SCOPE, (tx) =>
    tx.execute<{ dropped: number; deleted: string | number }>(sql`select dropped, deleted from vg_api_requests_retention(${cutoff.toISOString()}::timestamptz)`),
  );
  const row = result.rows[0];
  const outcome = { cutoff: cutoff.toISOString(), dropped: Number(row?.dropped ?? 0), deleted: Number(row?.deleted ?? 0) };
  if (outcome.dropped || outcome.deleted) log('info', 'API request log pruned', outcome);
  return outcome;
}
