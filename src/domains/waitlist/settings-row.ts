/** The waiting list's settings of an event as stored, or the defaults (on, 30-minute offers). */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { waitlistSettings } from '../../db/schema/waitlists';

export const DEFAULT_OFFER_MINUTES = 30;

export async function waitlistSettingsOf(db: Database, organizationId: string, eventId: string) {
  const [row] = await db.select().from(waitlistSettings).where(and(eq(waitlistSettings.organizationId, organizationId), eq(waitlistSettings.eventId, eventId))).limit(1);
  return { enabled: row?.enabled ?? true, offerMinutes: row?.offerMinutes ?? DEFAULT_OFFER_MINUTES };
}

