/** Dead letters: messages that ran out of retries, kept in D1 where operators see them and can send them back. */
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db/client';
import { deadLetters } from '../db/schema/messaging';
import { ConflictError, NotFoundError } from '../platform/errors';
import { ID_PREFIXES, newId } from '../platform/ids';
import { log } from '../platform/logger';
import { newestFirstPage } from '../db/keyset';
import { producer, queueKeyOf } from './producers';

type DeadLetterRow = typeof deadLetters.$inferSelect;

/** Stored once per (queue, message id): a dead letter delivered twice is one row. */
export async function storeDeadLetter(db: Database, queue: string, message: Message<unknown>) {
  await db
    .insert(deadLetters)
    .values({ id: newId(ID_PREFIXES.deadLetter), queue, messageId: message.id, body: message.body, attempts: message.attempts, receivedAt: new Date() })
    .onConflictDoNothing();
  log('error', 'message dead-lettered', { queue, messageId: message.id, attempts: message.attempts });
}

export const toDeadLetter = (r: DeadLetterRow) => ({
  id: r.id,
  queue: r.queue,
  messageId: r.messageId,
  body: r.body,
  attempts: r.attempts,
  receivedAt: r.receivedAt.toISOString(),
  replayedAt: r.replayedAt ? r.replayedAt.toISOString() : null,
  replayedByUserId: r.replayedByUserId,
});

export async function listDeadLetters(db: Database, input: { limit: number; cursor?: string; queue?: string }) {
  const page = await newestFirstPage(deadLetters.id, input, (k) =>
    db
      .select()
      .from(deadLetters)
      .where(and(input.queue ? eq(deadLetters.queue, input.queue) : undefined, k.after))
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map(toDeadLetter), nextCursor: page.nextCursor };
}

/** Sends the message back to its queue (once: replaying a replayed letter is a 409). */
export async function replayDeadLetter(db: Database, env: Cloudflare.Env, id: string, userId: string) {
  const [row] = await db.select().from(deadLetters).where(eq(deadLetters.id, id)).limit(1);
  if (!row) throw new NotFoundError('Dead letter');
  if (row.replayedAt) throw new ConflictError('This message was already sent back to its queue.', 'already_replayed');
  const key = queueKeyOf(row.queue);
  if (!key) throw new ConflictError(`Unknown queue ${row.queue}.`, 'unknown_queue');
  const replayedAt = new Date();
  // Claimed first, so two operators pressing replay at once send it once.
  const claimed = await db
    .update(deadLetters)
    .set({ replayedAt, replayedByUserId: userId })
    .where(and(eq(deadLetters.id, id), isNull(deadLetters.replayedAt)))
    .returning({ id: deadLetters.id });
  if (!claimed.length) throw new ConflictError('This message was already sent back to its queue.', 'already_replayed');
  try {
    await producer(env, key).send(row.body);
  } catch (error) {
    // Not sent: give the claim back, so the message is neither lost nor shown as replayed (503 queue_unavailable).
    await db.update(deadLetters).set({ replayedAt: null, replayedByUserId: null }).where(and(eq(deadLetters.id, id), eq(deadLetters.replayedAt, replayedAt)));
    throw error;
  }
  log('info', 'dead letter replayed', { queue: row.queue, messageId: row.messageId, by: userId });
  return toDeadLetter({ ...row, replayedAt, replayedByUserId: userId });
}
