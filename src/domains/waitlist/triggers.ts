/**
 * When places come back (a refund settled, an unpaid order expired, a capacity raised) the line is served at once;
 * holds that ran out in the inventory are caught by the minute cron (serveWaitlists), which is also the backstop for
 * every trigger that failed. Best effort: a failure here never fails the refund or expiry that called it.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { OPEN_WAITLIST_STATUSES, waitlistEntries } from '../../db/schema/waitlists';
import type { ServiceContext } from '../../platform/context';
import { log } from '../../platform/logger';
import { platformMessageOf } from '../../platform/transient-errors';
import { offerNext } from './offer-next';

/** Events served per cron run (the oldest open entries' events first come round again next minute). */
const EVENTS_PER_RUN = 200;

async function hasOpenEntries(db: Database, organizationId: string, eventId: string) {
  const [row] = await db
    .select({ id: waitlistEntries.id })
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.organizationId, organizationId), eq(waitlistEntries.eventId, eventId), inArray(waitlistEntries.status, [...OPEN_WAITLIST_STATUSES])))
    .limit(1);
  return !!row;
}

export async function offerNextAfterReturn(ctx: ServiceContext, organizationId: string, eventId: string): Promise<void> {
  try {
    if (await hasOpenEntries(ctx.db, organizationId, eventId)) await offerNext(ctx, { organizationId, eventId });
  } catch (error) {
    log('warn', 'serving the waiting list failed; the minute cron serves it', { eventId, error: platformMessageOf(error) });
  }
}

/** The events with anyone waiting or offered, over all tenants: on `waitlist_entries_status_idx`, never a table scan. */
export const eventsWithOpenLines = (db: Database) =>
  db
    .selectDistinct({ organizationId: waitlistEntries.organizationId, eventId: waitlistEntries.eventId })
    .from(waitlistEntries)
    .where(inArray(waitlistEntries.status, [...OPEN_WAITLIST_STATUSES]))
    .limit(EVENTS_PER_RUN);

export async function serveWaitlists(env: Cloudflare.Env, db: Database, at: Date): Promise<number> {
  const open = await eventsWithOpenLines(db);
  const ctx = { env, db, requestId: `cron:waitlist-offers:${at.getTime()}`, ip: null, userAgent: null };
  let served = 0;
  for (const event of open) {
    try {
      served += (await offerNext(ctx, event)).offered.length;
    } catch (error) {
      log('error', 'serving a waiting list failed', { eventId: event.eventId, error: platformMessageOf(error) });
    }
  }
  return served;
}
