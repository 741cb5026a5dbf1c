/**
 * The event's canonical funnel for a range of local days, read from the snapshots only (never the raw
 * journey): per step the visitors and events summed over the days, conversions, and the visitor-weighted median of the
 * days' medians; per day the visitors of each step. Another organization's event is 404; Postgres away is 503.
 */
import { sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context';
import { loadEvent } from '../events/events';
import { readReport } from '../reports/read';
import type { JourneyKind } from '../analytics/schemas';
import { CANONICAL_STEPS, SIDE_STEPS } from './kinds';
import { daysBetween, resolveRange } from './range';
import type { EventFunnel } from './schemas';
import { funnelFreshness, weightedMedian, withConversions } from './steps';
import { organizationTimeZone } from '../organizations/time-zone';

type Query = { from?: string; to?: string; ticketTypeId?: string; channel?: string };
type SnapshotRow = { day: string; kind: JourneyKind; visitors: number; events: number; median: number | null };

export async function readEventFunnel(ctx: TenantContext, eventId: string, q: Query): Promise<EventFunnel> {
  await loadEvent(ctx, eventId);
  const timeZone = await organizationTimeZone(ctx.env.DB, ctx.organizationId);
  const { from, to } = resolveRange(q, timeZone);
  const { rows, freshness } = await readReport(ctx.env, ctx.organizationId, async (tx) => ({
    rows: (
      await tx.execute<SnapshotRow>(sql`
        select day::text as day, kind, visitors, events, median_seconds_from_previous as median
          from funnel_snapshots
         where organization_id = ${ctx.organizationId} and event_id = ${eventId} and day >= ${from}::date and day <= ${to}::date
           and ticket_type_id = ${q.ticketTypeId ?? ''} and channel = ${q.channel ?? ''}`)
    ).rows,
    freshness: await funnelFreshness(tx, ctx.organizationId),
  }));
  const total = (kind: JourneyKind) => {
    const of = rows.filter((r) => r.kind === kind);
    return {
      kind,
      visitors: of.reduce((n, r) => n + r.visitors, 0),
      events: of.reduce((n, r) => n + r.events, 0),
      medianSecondsFromPrevious: weightedMedian(of.map((r) => ({ value: r.median, weight: r.visitors }))),
    };
  };
  const byDay = new Map<string, Map<string, number>>();
  for (const r of rows) byDay.set(r.day, (byDay.get(r.day) ?? new Map()).set(r.kind, r.visitors));
  return {
    eventId,
    from,
    to,
    timeZone,
    steps: withConversions(CANONICAL_STEPS.map(total)),
    sideSteps: (Object.keys(SIDE_STEPS) as JourneyKind[]).map(total),
    days: daysBetween(from, to).map((day) => ({ day, steps: CANONICAL_STEPS.map((kind) => ({ kind, visitors: byDay.get(day)?.get(kind) ?? 0 })) })),
    freshness,
  };
}
