/** The organizer's view of an event's waiting list, in line order (optionally one status). */
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { waitlistEntries, type WaitlistEntryStatus } from '../../db/schema/waitlists';
import type { TenantContext } from '../../platform/context';
import { loadEvent } from '../events/events';
import { entryView } from './entry-view';

export const MAX_LISTED = 1_000;

export async function listWaitlistEntries({ ctx, eventId, status }: { ctx: TenantContext; eventId: string; status?: WaitlistEntryStatus }) {
  const event = await loadEvent(ctx, eventId);
  const filters: SQL[] = [eq(waitlistEntries.organizationId, ctx.organizationId), eq(waitlistEntries.eventId, event.id)];
  if (status) filters.push(eq(waitlistEntries.status, status));
  const rows = await ctx.db.select().from(waitlistEntries).where(and(...filters)).orderBy(asc(waitlistEntries.position)).limit(MAX_LISTED);
  return { items: rows.map(entryView) };
}
