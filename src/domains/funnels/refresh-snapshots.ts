/**
 * Every 15 minutes (src/scheduled.ts) one analytics-queue message per organization with an event in play; the
 * consumer recomputes the funnel rows of today
 * and yesterday (its time zone) and of any other day that received rows since the last run (late beacons, a replayed
 * dead letter), in one transaction per organization. Idempotent: a second run over the same rows writes the same rows.
 * The watermark (funnel_snapshot_runs) is the newest recorded_at seen; rows are looked for a margin before it, as a
 * slow consumer transaction can commit a row stamped a little before a run that did not yet see it.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { postgres, type PgTransaction } from '../../db/postgres-client';
import { eventsInPlay } from '../../jobs/events-in-play';
import { producer } from '../../queues/producers';
import { snapshotDays, type SnapshotCounts } from './compute-snapshots';
import { addDays, localDay } from './range';
import { organizationTimeZone } from '../organizations/time-zone';

/** How far before the watermark rows are looked for (a consumer transaction's length, generously). */
const WATERMARK_MARGIN = '10 minutes';
const WATERMARK_MARGIN_MS = 10 * 60_000;
/** Late rows older than this are left alone (a client clock is trusted a day back at most). */
const LATE_DAYS = 7;

async function dirtyDays(tx: PgTransaction, organizationId: string, timeZone: string, at: Date): Promise<{ days: string[]; through: string | null; unchanged: boolean }> {
  const today = localDay(at, timeZone);
  const days = new Set([today, addDays(today, -1)]);
  const [run] = (await tx.execute<{ through: string | null; ran_at: string }>(sql`select recorded_through::text as through, ran_at::text as ran_at from funnel_snapshot_runs where organization_id = ${organizationId}`)).rows;
  const since = run?.through ?? null;
  const late = await tx.execute<{ day: string; through: string }>(sql`
    select (occurred_at at time zone ${timeZone})::date::text as day, max(recorded_at)::text as through
      from analytics_events
     where organization_id = ${organizationId}
       and occurred_at >= ${new Date(at.getTime() - LATE_DAYS * 86_400_000).toISOString()}
       ${since ? sql`and recorded_at > ${since}::timestamptz - ${WATERMARK_MARGIN}::interval` : sql``}
     group by 1`);
  let through = since;
  for (const r of late.rows) {
    days.add(r.day);
    if (!through || Date.parse(r.through) > Date.parse(through)) through = r.through;
  }
  // The last run saw every row recorded up to a margin before it ran. When nothing newer than that has been recorded
  // since, every day's rows are as they were when last computed (a new local day has none yet): nothing to rewrite.
  const newest = late.rows.reduce((m, r) => Math.max(m, Date.parse(r.through)), -Infinity);
  const seenUpTo = run ? Date.parse(run.ran_at) - WATERMARK_MARGIN_MS : -Infinity;
  return { days: [...days].sort(), through, unchanged: run !== undefined && newest <= seenUpTo };
}

/** One organization's refresh inside a transaction already scoped to it (the job's and "Refresh now"'s shared work). */
export async function refreshInTransaction(tx: PgTransaction, organizationId: string, timeZone: string, at: Date): Promise<SnapshotCounts> {
  const { days, through, unchanged } = await dirtyDays(tx, organizationId, timeZone, at);
  // Quiet organizations (most of them, most of the time) cost one indexed look at analytics_events per run.
  const counts = unchanged ? { days: 0, journeys: 0, snapshots: 0 } : await snapshotDays(tx, organizationId, days, timeZone, at);
  await tx.execute(sql`
    insert into funnel_snapshot_runs (organization_id, recorded_through, ran_at) values (${organizationId}, ${through}, ${at.toISOString()})
    on conflict (organization_id) do update set recorded_through = excluded.recorded_through, ran_at = excluded.ran_at`);
  return counts;
}

export async function refreshOrganizationSnapshots(env: { DB: D1Database; HYPERDRIVE: Hyperdrive }, organizationId: string, at: Date): Promise<SnapshotCounts> {
  const timeZone = await organizationTimeZone(env.DB, organizationId);
  const client = postgres(env);
  try {
    return await client.forOrganization(organizationId, (tx) => refreshInTransaction(tx, organizationId, timeZone, at));
  } finally {
    await client.close();
  }
}

export const FunnelsMessage = z.object({ kind: z.literal('funnels'), organizationId: z.string(), at: z.number().int() });
export type FunnelsMessage = z.infer<typeof FunnelsMessage>;

/** The job: one message per organization with an event in play (the consumer's retries cover Postgres being away). */
export async function queueFunnelSnapshots(env: Pick<Cloudflare.Env, 'ANALYTICS_QUEUE'>, db: Database, at: Date): Promise<number> {
  const organizations = [...new Set((await eventsInPlay(db, at)).map((e) => e.organizationId))];
  const messages = organizations.map((organizationId) => ({ body: { kind: 'funnels' as const, organizationId, at: at.getTime() } }));
  for (let i = 0; i < messages.length; i += 100) await producer(env as Cloudflare.Env, 'analytics').sendBatch(messages.slice(i, i + 100));
  return messages.length;
}
