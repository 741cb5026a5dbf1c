/**
 * An event's occupancy over time from the Postgres copy of its snapshots (src/jobs/occupancy.ts takes one per event in
 * play every 15 minutes): capacity, sold, held, available and checked in at each tick, oldest first, the newest
 * MAX_OCCUPANCY_POINTS at most. Postgres away: 503 `postgres_unavailable` (readReport).
 */
import { and, desc, eq, gte, lt } from 'drizzle-orm';
import { occupancySnapshots } from '../../db/postgres';
import type { z } from '../../platform/openapi';
import type { TenantContext } from '../../platform/context';
import { freshness } from '../reports/freshness';
import { readReport } from '../reports/read';
import { historyEvent, historyRange } from './event';
import { MAX_OCCUPANCY_POINTS, MAX_OCCUPANCY_RANGE_MS, type OccupancyHistoryQuerySchema } from './schemas';

export async function occupancyHistory({ ctx, eventId, input }: { ctx: TenantContext; eventId: string; input: z.infer<typeof OccupancyHistoryQuerySchema> }) {
  await historyEvent(ctx, eventId);
  const { from, to } = historyRange(input, MAX_OCCUPANCY_RANGE_MS, '92 days');
  const s = occupancySnapshots;
  const rows = await readReport(ctx.env, ctx.organizationId, (tx) =>
    tx
      .select({ takenAt: s.takenAt, capacity: s.capacity, sold: s.sold, held: s.held, checkedIn: s.checkedIn })
      .from(s)
      .where(and(eq(s.organizationId, ctx.organizationId), eq(s.eventId, eventId), from ? gte(s.takenAt, from) : undefined, to ? lt(s.takenAt, to) : undefined))
      .orderBy(desc(s.takenAt))
      .limit(MAX_OCCUPANCY_POINTS + 1),
  );
  const truncated = rows.length > MAX_OCCUPANCY_POINTS;
  return {
    eventId,
    from: input.from ?? null,
    to: input.to ?? null,
    snapshots: rows
      .slice(0, MAX_OCCUPANCY_POINTS)
      .reverse()
      .map((r) => ({ takenAt: r.takenAt!.toISOString(), capacity: r.capacity, sold: r.sold, held: r.held, available: Math.max(0, r.capacity - r.sold - r.held), checkedIn: r.checkedIn })),
    truncated,
    freshness: await freshness(ctx.env.DB, ctx.organizationId),
  };
}
