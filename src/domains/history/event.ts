/**
 * What every history read needs first (docs/postgres.md, "History"): the event, from D1's events table and scoped to
 * the caller's organization (another organization's event is 404, before Postgres is reached), and the time zone the
 * buckets are cut in — the one asked for, else the organization's.
 */
import { and, eq } from 'drizzle-orm';
import { events } from '../../db/schema/events';
import type { TenantContext } from '../../platform/context';
import { NotFoundError, ValidationError } from '../../platform/errors';

export async function historyEvent(ctx: TenantContext, eventId: string) {
  const [event] = await ctx.db
    .select({ id: events.id, timezone: events.timezone, startsAt: events.startsAt, endsAt: events.endsAt, doorsAt: events.doorsAt })
    .from(events)
    .where(and(eq(events.organizationId, ctx.organizationId), eq(events.id, eventId)))
    .limit(1);
  if (!event) throw new NotFoundError('Event');
  return event;
}

/** [from, to) as dates, refused (422 naming `query.to`) when backwards or longer than `maxMs`. */
export function historyRange(input: { from?: string; to?: string }, maxMs: number, what: string) {
  const from = input.from ? new Date(input.from) : undefined;
  const to = input.to ? new Date(input.to) : undefined;
  if (from && to && to.getTime() <= from.getTime()) throw new ValidationError([{ path: 'query.to', message: 'Must be after `from`' }], 'query.to: must be after `from`');
  if (from && to && to.getTime() - from.getTime() > maxMs) {
    const message = `At most ${what} from \`from\``;
    throw new ValidationError([{ path: 'query.to', message }], `query.to: ${message}`);
  }
  return { from, to };
}
