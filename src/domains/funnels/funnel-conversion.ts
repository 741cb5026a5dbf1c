/**
 * A saved funnel's conversion for a range of local days, read from visitor_journeys (never the raw journey): a
 * visitor's days in the range are merged per event (each kind's first time; channel, ticket type and device from their
 * earliest day naming one), the funnel's filters pick visitors, and a visitor reaches step i when steps 1..i all have
 * times in nondecreasing order. Visitors without an id (DNT/GPC) are not in visitor_journeys: funnels cannot count them.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context';
import { ValidationError } from '../../platform/errors';
import { loadEvent } from '../events/events';
import { readReport } from '../reports/read';
import type { JourneyKind } from '../analytics/schemas';
import { loadFunnel } from './funnel-row';
import { KIND_COLUMN } from './kinds';
import { resolveRange } from './range';
import { funnelFreshness, withConversions } from './steps';
import { organizationTimeZone } from '../organizations/time-zone';

const firstOf = (column: string) => sql.raw(`(array_agg(${column} order by day) filter (where ${column} is not null))[1]`);

/** count and median gap of the visitors who reached each step, as s1 … sN over the merged visitors. */
function reachColumns(steps: JourneyKind[]): SQL {
  return sql.join(
    steps.map((_, i) => {
      const reached = sql.raw(['s0 is not null', ...steps.slice(1, i + 1).map((__, j) => `s${j + 1} >= s${j}`)].join(' and '));
      const gap = i === 0 ? sql`null::double precision` : sql`percentile_cont(0.5) within group (order by extract(epoch from ${sql.raw(`s${i} - s${i - 1}`)})) filter (where ${reached})`;
      return sql`count(*) filter (where ${reached})::int as ${sql.raw(`r${i}`)}, ${gap} as ${sql.raw(`m${i}`)}`;
    }),
    sql`, `,
  );
}

export async function readFunnelConversion(ctx: TenantContext, funnelId: string, q: { from?: string; to?: string; eventId?: string }) {
  const funnel = await loadFunnel(ctx, funnelId);
  if (q.eventId) {
    await loadEvent(ctx, q.eventId);
    if (funnel.eventId && funnel.eventId !== q.eventId) throw new ValidationError([{ path: 'query.eventId', message: 'This funnel is saved for another event', code: 'event_mismatch' }], 'query.eventId: this funnel is saved for another event');
  }
  const eventId = funnel.eventId ?? q.eventId ?? null;
  const timeZone = await organizationTimeZone(ctx.env.DB, ctx.organizationId);
  const { from, to } = resolveRange(q, timeZone);
  const steps = funnel.steps as JourneyKind[];
  const { filters } = funnel;
  const where = [
    filters.channel ? sql`channel = ${filters.channel}` : null,
    filters.ticketTypeId ? sql`ticket_type_id = ${filters.ticketTypeId}` : null,
    filters.deviceClass ? sql`device_class = ${filters.deviceClass}` : null,
  ].filter((f): f is SQL => f !== null);
  const { row, freshness } = await readReport(ctx.env, ctx.organizationId, async (tx) => {
    const result = await tx.execute<Record<string, number | null>>(sql`
      with merged as (
        select event_id, visitor_id, (array_agg(channel order by day))[1] as channel,
               ${firstOf('ticket_type_id')} as ticket_type_id, ${firstOf('device_class')} as device_class,
               ${sql.join(
                 steps.map((k, i) => sql`min(${sql.raw(KIND_COLUMN[k])}) as ${sql.raw(`s${i}`)}`),
                 sql`, `,
               )}
          from visitor_journeys
         where organization_id = ${ctx.organizationId} and day >= ${from}::date and day <= ${to}::date
               ${eventId ? sql`and event_id = ${eventId}` : sql``}
         group by event_id, visitor_id
      )
      select ${reachColumns(steps)} from merged ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}`);
    return { row: result.rows[0] ?? {}, freshness: await funnelFreshness(tx, ctx.organizationId) };
  });
  return {
    funnelId,
    eventId,
    from,
    to,
    timeZone,
    steps: withConversions(steps.map((kind, i) => ({ kind, visitors: Number(row[`r${i}`] ?? 0), medianSecondsFromPrevious: row[`m${i}`] === null || row[`m${i}`] === undefined ? null : Number(row[`m${i}`]) }))),
    freshness,
  };
}
