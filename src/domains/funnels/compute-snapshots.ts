/**
 * Funnel snapshots from the raw journey (docs/analytics.md, "Funnels"): for the local days given (the organization's
 * time zone), rewrites visitor_journeys, funnel_snapshots and funnel_referrers from analytics_events — delete and
 * insert in the one transaction given, so a rerun over the same rows leaves the same rows. The job calls it for today,
 * yesterday and days with late rows; tests and the bench call computeFunnelSnapshots for any range.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgTransaction } from '../../db/postgres-client';
import { withOrganization } from '../../db/postgres-client';
import { JOURNEY_KINDS } from '../analytics/schemas';
import { KIND_COLUMN, previousKinds } from './kinds';
import { daysBetween } from './range';
import { organizationTimeZone } from '../organizations/time-zone';

const col = (kind: keyof typeof KIND_COLUMN) => sql.raw(KIND_COLUMN[kind]);
/** The days as one date[] parameter (drizzle would spread a JS array into a row). */
const dayList = (days: string[]) => sql`${`{${days.join(',')}}`}::date[]`;

/** The rows of analytics_events on the days (bounded by time first, so the monthly partitions and the index serve). */
function onDays(organizationId: string, days: string[], timeZone: string): SQL {
  const first = days[0]!;
  const last = days.at(-1)!;
  return sql`organization_id = ${organizationId}
    and occurred_at >= (${first}::date)::timestamp at time zone ${timeZone}
    and occurred_at < (${last}::date + 1)::timestamp at time zone ${timeZone}
    and (occurred_at at time zone ${timeZone})::date = any(${dayList(days)})`;
}

/** Per visitor and day: dimensions from their first row carrying each, and each kind's first time. */
async function writeJourneys(tx: PgTransaction, organizationId: string, days: string[], timeZone: string, now: Date) {
  await tx.execute(sql`delete from visitor_journeys where organization_id = ${organizationId} and day = any(${dayList(days)})`);
  const firsts = sql.join(
    JOURNEY_KINDS.map((k) => sql`min(occurred_at) filter (where kind = ${k})`),
    sql`, `,
  );
  const first = (column: string) => sql.raw(`(array_agg(${column} order by occurred_at, id) filter (where ${column} is not null))[1]`);
  const result = await tx.execute(sql`
    insert into visitor_journeys (organization_id, event_id, day, visitor_id, channel, ticket_type_id, device_class, referrer_host,
                                  ${sql.raw(JOURNEY_KINDS.map((k) => KIND_COLUMN[k]).join(', '))}, computed_at)
    select organization_id, event_id, (occurred_at at time zone ${timeZone})::date, visitor_id,
           (array_agg(channel order by occurred_at, id))[1], ${first('ticket_type_id')}, ${first('device_class')}, ${first('referrer_host')},
           ${firsts}, ${now.toISOString()}
      from analytics_events
     where ${onDays(organizationId, days, timeZone)} and visitor_id is not null
     group by organization_id, event_id, 3, visitor_id`);
  return result.rowCount ?? 0;
}

/**
 * One row per visitor and kind they took, with the seconds since their previous step: the latest of the kind's
 * previous steps (previousKinds) that is not after it (null when there is none).
 */
function visitorSteps(organizationId: string, days: string[]): SQL {
  return sql.join(
    JOURNEY_KINDS.map((kind) => {
      const before = previousKinds(kind);
      const gap = before.length
        ? sql`extract(epoch from ${col(kind)} - greatest(${sql.join(
            before.map((p) => sql`case when ${col(p)} <= ${col(kind)} then ${col(p)} end`),
            sql`, `,
          )}))::double precision`
        : sql`null::double precision`;
      return sql`select event_id, day, ticket_type_id, channel, ${kind}::text as kind, ${gap} as gap
                   from visitor_journeys where organization_id = ${organizationId} and day = any(${dayList(days)}) and ${col(kind)} is not null`;
    }),
    sql` union all `,
  );
}

/** Every slice: all, per ticket type, per channel, per both ('' is "all"; no slice for "no ticket type"). */
const SLICES = sql`grouping sets ((event_id, day, kind), (event_id, day, kind, ticket_type_id), (event_id, day, kind, channel), (event_id, day, kind, ticket_type_id, channel))`;
const SLICE_KEYS = sql`case when grouping(ticket_type_id) = 1 then '' else ticket_type_id end as tt, case when grouping(channel) = 1 then '' else channel end as ch`;
const REAL_SLICE = sql`grouping(ticket_type_id) = 1 or ticket_type_id is not null`;

async function writeSnapshots(tx: PgTransaction, organizationId: string, days: string[], timeZone: string, now: Date) {
  await tx.execute(sql`delete from funnel_snapshots where organization_id = ${organizationId} and day = any(${dayList(days)})`);
  const result = await tx.execute(sql`
    with v as (
      select event_id, day, ${SLICE_KEYS}, kind, count(*)::int as visitors, percentile_cont(0.5) within group (order by gap) as median
        from (${visitorSteps(organizationId, days)}) s
       group by ${SLICES} having ${REAL_SLICE}
    ), e as (
      select event_id, day, ${SLICE_KEYS}, kind, count(*)::int as events
        from (select event_id, (occurred_at at time zone ${timeZone})::date as day, ticket_type_id, channel, kind
                from analytics_events where ${onDays(organizationId, days, timeZone)}) r
       group by ${SLICES} having ${REAL_SLICE}
    )
    insert into funnel_snapshots (organization_id, event_id, day, ticket_type_id, channel, kind, visitors, events, median_seconds_from_previous, computed_at)
    select ${organizationId}, event_id, day, tt, ch, kind, coalesce(v.visitors, 0), coalesce(e.events, 0), v.median, ${now.toISOString()}
      from v full join e using (event_id, day, tt, ch, kind)`);
  return result.rowCount ?? 0;
}

async function writeReferrers(tx: PgTransaction, organizationId: string, days: string[]) {
  await tx.execute(sql`delete from funnel_referrers where organization_id = ${organizationId} and day = any(${dayList(days)})`);
  await tx.execute(sql`
    insert into funnel_referrers (organization_id, event_id, day, host, visitors, orders)
    select organization_id, event_id, day, referrer_host, count(*)::int, count(order_completed_at)::int
      from visitor_journeys
     where organization_id = ${organizationId} and day = any(${dayList(days)}) and referrer_host is not null
     group by organization_id, event_id, day, referrer_host`);
}

export type SnapshotCounts = { days: number; journeys: number; snapshots: number };

/** Rewrites the funnel rows of `days` (sorted local dates) inside `tx`, a transaction scoped to the organization. */
export async function snapshotDays(tx: PgTransaction, organizationId: string, days: string[], timeZone: string, now = new Date()): Promise<SnapshotCounts> {
  if (!days.length) return { days: 0, journeys: 0, snapshots: 0 };
  const sorted = [...new Set(days)].sort();
  const journeys = await writeJourneys(tx, organizationId, sorted, timeZone, now);
  const snapshots = await writeSnapshots(tx, organizationId, sorted, timeZone, now);
  await writeReferrers(tx, organizationId, sorted);
  return { days: sorted.length, journeys, snapshots };
}

/** Recomputes the organization's funnel rows for the local days from..to (YYYY-MM-DD, at most 366), in one transaction. */
export async function computeFunnelSnapshots(
  env: { DB: D1Database; HYPERDRIVE: Hyperdrive },
  organizationId: string,
  range: { from: string; to: string; timeZone?: string },
): Promise<SnapshotCounts> {
  const timeZone = range.timeZone ?? (await organizationTimeZone(env.DB, organizationId));
  const days = daysBetween(range.from, range.to);
  return withOrganization(env, organizationId, (tx) => snapshotDays(tx, organizationId, days, timeZone));
}
