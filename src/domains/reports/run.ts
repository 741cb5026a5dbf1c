/**
 * The organizer's reports, read from Postgres (docs/postgres.md, "Reports"): the event (and the names a report shows)
 * come from D1's small reference tables, every figure from the Postgres copy, and each answer says how fresh the copy
 * is. Another organization's event is 404, as everywhere.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { events, ticketTypes } from '../../db/schema/events';
import { organizationTimeZone } from '../organizations/time-zone';
import { NotFoundError } from '../../platform/errors';
import { freshness } from './freshness';
import { readReport } from './read';
import { salesFromCopy, type SalesGroup } from './sales';
import { settlementFromCopy } from './settlement';

type ReportEnv = { DB: D1Database; HYPERDRIVE: Hyperdrive };
type Ctx = { env: ReportEnv; db: Database; organizationId: string };

async function eventOf(ctx: Ctx, eventId: string) {
  const [event] = await ctx.db
    .select({ id: events.id, timezone: events.timezone })
    .from(events)
    .where(and(eq(events.organizationId, ctx.organizationId), eq(events.id, eventId)))
    .limit(1);
  if (!event) throw new NotFoundError('Event');
  return event;
}

export async function settlementReport(ctx: Ctx, eventId: string) {
  await eventOf(ctx, eventId);
  const report = await readReport(ctx.env, ctx.organizationId, (tx) => settlementFromCopy(tx, ctx.organizationId, eventId));
  return { ...report, freshness: await freshness(ctx.env.DB, ctx.organizationId) };
}

export async function salesReport(ctx: Ctx, q: { groupBy: SalesGroup; eventId?: string; from?: string; to?: string; timezone?: string }) {
  const event = q.eventId ? await eventOf(ctx, q.eventId) : null;
  const timezone = q.timezone ?? event?.timezone ?? (await organizationTimeZone(ctx.env.DB, ctx.organizationId));
  const rows = await readReport(ctx.env, ctx.organizationId, (tx) =>
    salesFromCopy(tx, ctx.organizationId, { groupBy: q.groupBy, eventId: q.eventId, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, timezone }),
  );
  const names = new Map<string, string>();
  if (q.groupBy === 'ticket_type' && rows.length) {
    const ids = [...new Set(rows.map((r) => r.key))];
    for (const t of await ctx.db.select({ id: ticketTypes.id, name: ticketTypes.name }).from(ticketTypes).where(and(eq(ticketTypes.organizationId, ctx.organizationId), inArray(ticketTypes.id, ids)))) names.set(t.id, t.name);
  }
  return {
    groupBy: q.groupBy,
    eventId: q.eventId ?? null,
    timezone,
    from: q.from ?? null,
    to: q.to ?? null,
    rows: rows.map((r) => ({ ...r, label: names.get(r.key) ?? r.key })),
    freshness: await freshness(ctx.env.DB, ctx.organizationId),
  };
}
