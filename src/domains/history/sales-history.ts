/**
 * An event's sales over time from the Postgres copy: orders, tickets and revenue (per currency, minor units) per hour
 * or per day in the organization's time zone — the sales report's query (src/domains/reports/sales.ts) cut into
 * buckets. Postgres away: 503 `postgres_unavailable` (readReport).
 */
import type { z } from '../../platform/openapi';
import type { TenantContext } from '../../platform/context';
import { freshness } from '../reports/freshness';
import { readReport } from '../reports/read';
import { salesOverTime } from '../reports/sales';
import { organizationTimeZone } from '../organizations/time-zone';
import { historyEvent, historyRange } from './event';
import { MAX_HOURLY_RANGE_MS, type SalesHistoryQuerySchema } from './schemas';

export async function salesHistory({ ctx, eventId, input }: { ctx: TenantContext; eventId: string; input: z.infer<typeof SalesHistoryQuerySchema> }) {
  await historyEvent(ctx, eventId);
  const { from, to } = historyRange(input, input.bucket === 'hour' ? MAX_HOURLY_RANGE_MS : Infinity, '92 days of hours');
  const timeZone = input.timezone ?? (await organizationTimeZone(ctx.env.DB, ctx.organizationId));
  const buckets = await readReport(ctx.env, ctx.organizationId, (tx) => salesOverTime(tx, ctx.organizationId, { eventId, from, to, timezone: timeZone, bucket: input.bucket }));
  return {
    eventId,
    bucket: input.bucket,
    timeZone,
    from: input.from ?? null,
    to: input.to ?? null,
    buckets: buckets.map(({ start, key, currency, orders, tickets, grossMinor, refundedMinor, netMinor }) => ({ start, key, currency, orders, tickets, grossMinor, refundedMinor, netMinor })),
    freshness: await freshness(ctx.env.DB, ctx.organizationId),
  };
}
