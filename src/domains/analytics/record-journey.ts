/**
 * The journey recorder (docs/analytics.md, "Pipeline"): every analytics event — a storefront's batch or a step the
 * server knows happened (a hold, a checkout, a payment, an order, the waiting room) — leaves through here. Items go
 * into this isolate's buffer and are sent to the analytics queue as ONE `journey` message in the waitUntil of the
 * request that started the buffer, JOURNEY_FLUSH_MS later (1 s: the steps of that moment travel together) or at once
 * when it holds MAX_JOURNEY_BATCH items. No D1 write, no Postgres call, nothing awaited before the answer; a failed
 * send is logged and dropped (analytics is a record of behaviour, not a business fact: it never fails a request).
 */
import { producer } from '../../queues/producers';
import { log } from '../../platform/logger';
import type { JourneyItem, JourneyMessage } from './schemas';

/** Items per queue message: each is at most ~700 bytes, so a message stays far below the queue's 128 KB. */
export const MAX_JOURNEY_BATCH = 100;
const DEFAULT_FLUSH_MS = 1000;

type Buffer = { items: JourneyItem[]; scheduled: boolean };
/** Per queue binding, so items only ever leave through the binding of the environment they were made in. */
const buffers = new WeakMap<object, Buffer>();

export type JourneyEnv = Pick<Cloudflare.Env, 'ANALYTICS_QUEUE'> & { JOURNEY_FLUSH_MS?: string };
export type WaitUntil = (p: Promise<unknown>) => void;

async function flush(env: JourneyEnv, buffer: Buffer): Promise<void> {
  buffer.scheduled = false;
  const items = buffer.items.splice(0);
  if (!items.length) return;
  const message: JourneyMessage = { kind: 'journey', items };
  try {
    await producer(env as Cloudflare.Env, 'analytics').send(message);
  } catch (error) {
    log('warn', 'journey events not sent; dropped', { items: items.length, error: String(error) });
  }
}

/**
 * Adds items to the isolate's buffer and makes sure a send of it is under way in some request's waitUntil. Without a
 * waitUntil (no execution context) the items are sent at once, unawaited, and a failure is still only logged.
 * Never throws.
 */
export function recordJourney(env: JourneyEnv, waitUntil: WaitUntil | undefined, items: JourneyItem[]): void {
  try {
    const queue = env.ANALYTICS_QUEUE as object | undefined;
    if (!queue || !items.length) return;
    let buffer = buffers.get(queue);
    if (!buffer) buffers.set(queue, (buffer = { items: [], scheduled: false }));
    buffer.items.push(...items);
    if (!waitUntil) {
      void flush(env, buffer);
      return;
    }
    if (buffer.items.length >= MAX_JOURNEY_BATCH) {
      waitUntil(flush(env, buffer));
      return;
    }
    if (buffer.scheduled) return;
    buffer.scheduled = true;
    const delay = Number(env.JOURNEY_FLUSH_MS ?? DEFAULT_FLUSH_MS);
    const target = buffer;
    waitUntil(new Promise((resolve) => setTimeout(resolve, Number.isFinite(delay) && delay > 0 ? delay : 0)).then(() => flush(env, target)));
  } catch (error) {
    log('warn', 'journey events skipped', { error: String(error) });
  }
}
