/**
 * The event's top referrer hosts for a range of local days, from the snapshots (funnel_referrers): visitor-days that
 * came from each host and how many of them completed an order that day, most visitors first.
 */
import { sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context';
import { loadEvent } from '../events/events';
import { readReport } from '../reports/read';
import { resolveRange } from './range';
import { funnelFreshness } from './steps';
import { organizationTimeZone } from '../organizations/time-zone';

export async function readEventReferrers(ctx: TenantContext, eventId: string, q: { from?: string; to?: string; limit: number }) {
  await loadEvent(ctx, eventId);
  const timeZone = await organizationTimeZone(ctx.env.DB, ctx.organizationId);
  const { from, to } = resolveRange(q, timeZone);
  return readReport(ctx.env, ctx.organizationId, async (tx) => {
    const result = await tx.execute<{ host: string; visitors: string; orders: string }>(sql`
      select host, sum(visitors) as visitors, sum(orders) as orders
        from funnel_referrers
       where organization_id = ${ctx.organizationId} and event_id = ${eventId} and day >= ${from}::date and day <= ${to}::date
       group by host order by sum(visitors) desc, host limit ${q.limit}`);
    return {
      eventId,
      from,
      to,
      referrers: result.rows.map((r) => ({ host: r.host, visitors: Number(r.visitors), orders: Number(r.orders) })),
      freshness: await funnelFreshness(tx, ctx.organizationId),
    };
  });
}
