/**
 * Occupancy snapshots: every 15 minutes one analytics message per event in play; the analytics
 * consumer asks the event's inventory for its counts and stores a snapshot (unique per event and
 * tick, so a redelivered message stores nothing twice). Dashboards chart sales and arrivals from them.
 */
import { z } from 'zod';
import type { Database } from '../db/client';
import { occupancySnapshots } from '../db/schema/messaging';
import { inventory } from '../domains/events/inventory-client';
import { ID_PREFIXES, newId } from '../platform/ids';
import type { QueueContext } from '../queues/consumer';
import { producer } from '../queues/consumer';
import { eventsInPlay } from './events-in-play';

export const OccupancyMessage = z.object({ kind: z.literal('occupancy'), organizationId: z.string(), eventId: z.string(), takenAt: z.number().int() });

export async function queueOccupancySnapshots(env: Cloudflare.Env, db: Database, at: Date): Promise<number> {
  const list = await eventsInPlay(db, at);
  const messages = list.map((e) => ({ body: { kind: 'occupancy' as const, organizationId: e.organizationId, eventId: e.id, takenAt: at.getTime() } }));
  for (let i = 0; i < messages.length; i += 100) await producer(env, 'analytics').sendBatch(messages.slice(i, i + 100));
  return messages.length;
}

/** The analytics queue's `occupancy` messages (src/domains/analytics/consumer.ts dispatches them here). */
export async function takeOccupancySnapshot(body: z.infer<typeof OccupancyMessage>, { env, db }: Pick<QueueContext, 'env' | 'db'>): Promise<void> {
  const { counts, hydrated } = await inventory(env, body.organizationId, body.eventId).availability();
  if (!hydrated) return;
  await db
    .insert(occupancySnapshots)
    .values({
      id: newId(ID_PREFIXES.occupancySnapshot),
      organizationId: body.organizationId,
      eventId: body.eventId,
      takenAt: new Date(body.takenAt),
      capacity: counts.capacity,
      sold: counts.sold,
      held: counts.held,
      checkedIn: counts.checkedIn,
    })
    .onConflictDoNothing();
}
