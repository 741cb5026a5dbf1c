/**
 * The queue side of the Worker: one consumer per queue, dispatched by queue name. A consumer gets a
 * message's parsed body and its attempt number; it acks by returning, asks for a retry by throwing
 * (the delay grows exponentially with the attempt), and after the queue's max_retries the message
 * goes to the queue's dead-letter queue, whose consumer keeps it in D1 for operators to replay.
 *
 * Consumers must be idempotent: messages carry ids of D1 rows whose state says whether the work is
 * done, so a redelivered message does nothing twice.
 */
import type { z } from 'zod';
import { createDb, type Database } from '../db/client';
import { log } from '../platform/logger';
import { storeDeadLetter } from './dead-letters';
import { DLQ_SUFFIX, queueKeyOf, type QueueKey } from './producers';

/** Thrown by a consumer that knows when to try again (a rate limit's reset): that delay instead of the backoff. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly delaySeconds: number,
  ) {
    super(message);
  }
}

export type QueueContext = { env: Cloudflare.Env; db: Database; waitUntil(p: Promise<unknown>): void; attempt: number; messageId: string };
export type Consumer<T> = {
  schema: z.ZodType<T>;
  handle(body: T, ctx: QueueContext): Promise<void>;
  /**
   * Messages the consumer stores better together (the analytics queue's journey messages: one Postgres transaction
   * for a whole batch instead of one per message). The batch's messages `takes` accepts go to `handle` in one call;
   * it returning acks them all; it throwing hands each to the consumer's own `handle`, so a message that fails alone
   * is retried alone (with its own attempt's backoff) and the rest are done. Must be idempotent, as `handle` is.
   */
  together?: { takes(body: T): boolean; handle(bodies: T[], ctx: Omit<QueueContext, 'attempt' | 'messageId'>): Promise<void> };
};

export { DLQ_SUFFIX, producer, queueKeyOf, QUEUES, type QueueKey } from './producers';

/** Seconds before retry n (1-based): base · 2^(n−1), at most an hour. Tests set the base to 0. */
export function backoffSeconds(env: Cloudflare.Env, attempt: number): number {
  const base = Number((env as { QUEUE_RETRY_BASE_SECONDS?: string }).QUEUE_RETRY_BASE_SECONDS ?? 5);
  return Math.min(3600, Math.round(base * 2 ** Math.max(0, attempt - 1)));
}

export async function consumeBatch(batch: MessageBatch<unknown>, env: Cloudflare.Env, ctx: ExecutionContext, consumers: Partial<Record<QueueKey, Consumer<any>>>) {
  const db = createDb(env.DB);
  const key = queueKeyOf(batch.queue);
  if (batch.queue.endsWith(DLQ_SUFFIX)) {
    for (const message of batch.messages) {
      await storeDeadLetter(db, batch.queue.slice(0, -DLQ_SUFFIX.length), message);
      message.ack();
    }
    return;
  }
  const consumer = key ? consumers[key] : undefined;
  const retry = (message: Message<unknown>, error: unknown) => {
    const attempt = message.attempts;
    const delaySeconds = error instanceof RetryLater ? Math.max(0, Math.min(43_200, Math.ceil(error.delaySeconds))) : backoffSeconds(env, attempt);
    log('warn', 'queue message failed; retrying', { queue: batch.queue, messageId: message.id, attempt, delaySeconds, error: String(error) });
    message.retry({ delaySeconds });
  };
  const waitUntil = (p: Promise<unknown>) => ctx.waitUntil(p);
  const together: { message: Message<unknown>; body: unknown }[] = [];
  for (const message of batch.messages) {
    try {
      if (!consumer) throw new Error(`No consumer for queue ${batch.queue}`);
      const parsed = consumer.schema.safeParse(message.body);
      if (!parsed.success) throw new Error(`Unreadable message: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      if (consumer.together?.takes(parsed.data)) {
        together.push({ message, body: parsed.data });
        continue;
      }
      await consumer.handle(parsed.data, { env, db, waitUntil, attempt: message.attempts, messageId: message.id });
      message.ack();
    } catch (error) {
      retry(message, error);
    }
  }
  if (together.length === 0 || !consumer?.together) return;
  try {
    await consumer.together.handle(
      together.map((t) => t.body),
      { env, db, waitUntil },
    );
    for (const { message } of together) message.ack();
  } catch (error) {
    // One bad message must not hold the others back: each on its own, so only what fails again is retried.
    log('warn', 'queue messages failed together; handling them one by one', { queue: batch.queue, messages: together.length, error: String(error) });
    for (const { message, body } of together) {
      try {
        await consumer.handle(body, { env, db, waitUntil, attempt: message.attempts, messageId: message.id });
        message.ack();
      } catch (again) {
        retry(message, again);
      }
    }
  }
}
