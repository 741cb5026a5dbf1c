/**
 * The outbox pump: rows written in the same D1 batch as a change (notifications, webhook events)
 * are handed to their queues after the batch commits. It runs after every successful mutating
 * request (in the background) and every minute from cron as the safety net. Claiming a row and
 * sending its message are separate steps, so a crash between them leaves a claimed row: rows
 * claimed more than RECLAIM_AFTER_MS ago and still not done are sent again (consumers are idempotent).
 */
import { and, asc, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Database } from '../db/client';
import { notificationOutbox } from '../db/schema/notifications';
import { log } from '../platform/logger';
import { asTransient, platformMessageOf } from '../platform/transient-errors';
import { producer } from './consumer';
import { pumpWebhookEvents } from './webhooks';
import { pumpReplication } from '../domains/replication/pump';

const BATCH = 100;
export const RECLAIM_AFTER_MS = 10 * 60_000;

export type Pump = (env: Cloudflare.Env, db: Database, now: Date) => Promise<number>;

/** Notifications due now, unclaimed (or claimed long ago and still queued), to the notifications queue. */
export const pumpNotifications: Pump = async (env, db, now) => {
  const due = await db
    .select({ id: notificationOutbox.id })
    .from(notificationOutbox)
    .where(
      and(
        eq(notificationOutbox.status, 'queued'),
        or(isNull(notificationOutbox.enqueuedAt), lte(notificationOutbox.enqueuedAt, new Date(now.getTime() - RECLAIM_AFTER_MS))),
        or(isNull(notificationOutbox.sendAfter), lte(notificationOutbox.sendAfter, now)),
      ),
    )
    .orderBy(asc(notificationOutbox.id))
    .limit(BATCH);
  if (!due.length) return 0;
  const claimed: string[] = [];
  for (const { id } of due) {
    const [row] = await db
      .update(notificationOutbox)
      .set({ enqueuedAt: now })
      .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.status, 'queued'), or(isNull(notificationOutbox.enqueuedAt), lte(notificationOutbox.enqueuedAt, new Date(now.getTime() - RECLAIM_AFTER_MS)))))
      .returning({ id: notificationOutbox.id });
    if (row) claimed.push(row.id);
  }
  if (!claimed.length) return 0;
  try {
    await producer(env, 'notifications').sendBatch(claimed.map((id) => ({ body: { kind: 'notification', id } })));
  } catch (error) {
    // Not sent: unclaim, so the next pump (the next request's, or the cron's within a minute) sends them, not the
    // reclaim ten minutes on. The rows stay queued in D1 either way: nothing is lost.
    await db.update(notificationOutbox).set({ enqueuedAt: null }).where(and(inArray(notificationOutbox.id, claimed), eq(notificationOutbox.enqueuedAt, now)));
    throw error;
  }
  return claimed.length;
};

/** Every outbox and its pump. */
const pumps: Pump[] = [pumpNotifications, pumpWebhookEvents, pumpReplication];

export async function runPumps(env: Cloudflare.Env, db: Database, now = new Date()) {
  let moved = 0;
  for (const pump of pumps) {
    try {
      moved += await pump(env, db, now);
    } catch (error) {
      // A busy D1 or a queue outage is expected now and then: the rows wait in D1 for the next pump (a warning).
      log(asTransient(error) ? 'warn' : 'error', 'outbox pump failed', { error: platformMessageOf(error) });
    }
  }
  return moved;
}
