/**
 * Event reminders: hourly, every paid order of an event starting in 24 to 25 hours gets one
 * `event_reminder` email (deduplicated per order, so a late or repeated run sends nothing twice).
 */
import { and, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { events } from '../db/schema/events';

export async function queueEventReminders(db: Database, at: Date): Promise<number> {
  const from = new Date(at.getTime() + 24 * 3600_000);
  const to = new Date(at.getTime() + 25 * 3600_000);
  const soon = await db
    .select({ id: events.id, organizationId: events.organizationId })
    .from(events)
    .where(and(inArray(events.status, ['published', 'on_sale', 'sales_closed']), gte(events.startsAt, from), lt(events.startsAt, to)));
  let queued = 0;
  for (const e of soon) {
    const result = await db.run(sql`
      INSERT INTO notification_outbox (id, organization_id, channel, recipient, template, locale, payload, status, attempts, dedupe_key, created_at)
      SELECT 'ntf_' || lower(hex(randomblob(13))), organization_id, 'email', buyer_email, 'event_reminder', locale, json_object('orderId', id), 'queued', 0,
             'event_reminder:' || id, ${at.getTime()}
        FROM orders
       WHERE organization_id = ${e.organizationId} AND event_id = ${e.id} AND status IN ('paid', 'partially_refunded')
      ON CONFLICT DO NOTHING`);
    queued += result.meta.changes ?? 0;
  }
  return queued;
}
