/**
 * An event's scans per minute from the Postgres copy of its check-ins (D1's scans): admitted (valid entries), refused
 * (every other answer but an exit) and exits, by the device's scan time. The range is at most 48 hours (2,880
 * minutes); left open it is the event's doors: two hours before the doors (or the start) to two hours after the end,
 * 48 hours at most. Postgres away: 503 `postgres_unavailable` (readReport).
 */
import { sql } from 'drizzle-orm';
import type { z } from '../../platform/openapi';
import type { TenantContext } from '../../platform/context';
import { freshness } from '../reports/freshness';
import { readReport } from '../reports/read';
import { historyEvent, historyRange } from './event';
import { MAX_SCAN_RANGE_MS, type ScanHistoryQuerySchema } from './schemas';

const HOUR = 3_600_000;

export async function scanHistory({ ctx, eventId, input }: { ctx: TenantContext; eventId: string; input: z.infer<typeof ScanHistoryQuerySchema> }) {
  const event = await historyEvent(ctx, eventId);
  const asked = historyRange(input, MAX_SCAN_RANGE_MS, '48 hours');
  let { from, to } = asked;
  if (!from && !to) {
    from = new Date((event.doorsAt ?? event.startsAt).getTime() - 2 * HOUR);
    to = new Date(Math.min(event.endsAt.getTime() + 2 * HOUR, from.getTime() + MAX_SCAN_RANGE_MS));
  } else if (!from) from = new Date(to!.getTime() - MAX_SCAN_RANGE_MS);
  else if (!to) to = new Date(from.getTime() + MAX_SCAN_RANGE_MS);
  const result = await readReport(ctx.env, ctx.organizationId, (tx) =>
    tx.execute(sql`
      select date_trunc('minute', c.scanned_at) as minute,
             count(*) filter (where c.result = 'valid' and c.direction = 'in') as admitted,
             count(*) filter (where c.result = 'exit' or (c.result = 'valid' and c.direction = 'out')) as exits,
             count(*) filter (where c.result not in ('valid', 'exit')) as refused
        from check_ins c
       where c.organization_id = ${ctx.organizationId} and c.event_id = ${eventId}
         and c.scanned_at >= ${from!.toISOString()} and c.scanned_at < ${to!.toISOString()}
       group by 1 order by 1`),
  );
  const minutes = (result.rows as { minute: Date | string; admitted: string; refused: string; exits: string }[]).map((r) => ({
    minute: new Date(r.minute).toISOString(),
    admitted: Number(r.admitted),
    refused: Number(r.refused),
    exits: Number(r.exits),
  }));
  const totals = minutes.reduce((t, m) => ({ admitted: t.admitted + m.admitted, refused: t.refused + m.refused, exits: t.exits + m.exits }), { admitted: 0, refused: 0, exits: 0 });
  return { eventId, bucket: input.bucket, from: from!.toISOString(), to: to!.toISOString(), minutes, totals, freshness: await freshness(ctx.env.DB, ctx.organizationId) };
}
