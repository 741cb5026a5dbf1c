/**
 * Event reminders: hourly, every paid order of an event starting in 24 to 25 hours gets one
 * `event_reminder` email, and an SMS or WhatsApp message where the buyer opted in (deduplicated per order, so a late or repeated run sends nothing twice).
 */
import { and, gte, inArray, lt } from 'drizzle-orm';
import type { Database } from '../db/client';
import { events } from '../db/schema/events';
import { queueEmailsToBuyers } from '../domains/notifications/port';
import { queuePhoneToEventBuyers } from '../domains/notifications/phone-port';

export async function queueEventReminders(db: Database, at: Date): Promise<number> {
  const from = new Date(at.getTime() + 24 * 3600_000);
  const to = new Date(at.getTime() + 25 * 3600_000);
  const soon = await db
    .select({ id: events.id, organizationId: events.organizationId })
    .from(events)
    .where(and(inArray(events.status, ['published', 'on_sale', 'sales_closed']), gte(events.startsAt, from), lt(events.startsAt, to)));
  let queued = 0;
  for (const e of soon) {
    const result = await queueEmailsToBuyers(db, { organizationId: e.organizationId, eventId: e.id, template: 'event_reminder', at });
    queued += result.meta.changes ?? 0;
    // Buyers who opted in to SMS or WhatsApp get the reminder there too.
    const phones = await queuePhoneToEventBuyers(db, { organizationId: e.organizationId, eventId: e.id, template: 'event_reminder', at });
    queued += phones.meta.changes ?? 0;
  }
  return queued;
}
