/** The events cron jobs look at: published, on sale, closed for sale or just finished — never drafts or long past. */
import { and, gt, inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { events } from '../db/schema/events';

const LIVE_STATUSES = ['published', 'on_sale', 'sales_closed', 'completed'] as const;
/** Finished events stay in play for a day (late scans, late refunds). */
const AFTER_END_MS = 24 * 3600_000;

export async function eventsInPlay(db: Database, at: Date) {
  return db
    .select({ id: events.id, organizationId: events.organizationId, status: events.status, startsAt: events.startsAt, endsAt: events.endsAt })
    .from(events)
    .where(and(inArray(events.status, [...LIVE_STATUSES]), gt(events.endsAt, new Date(at.getTime() - AFTER_END_MS))))
    .limit(5_000);
}
