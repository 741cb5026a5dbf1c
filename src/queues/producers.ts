/** The platform's queues by key (names as wrangler.toml declares them, their producer bindings) and their producers. */
import { tagFailure } from '../platform/transient-errors';

/** Queue names as wrangler.toml declares them, and the producer binding of each (replays go there). */
export const QUEUES = {
  notifications: { name: 'voelgoed-notifications', binding: 'NOTIFICATIONS_QUEUE' },
  webhooks: { name: 'voelgoed-webhooks', binding: 'WEBHOOKS_QUEUE' },
  exports: { name: 'voelgoed-exports', binding: 'EXPORTS_QUEUE' },
  analytics: { name: 'voelgoed-analytics', binding: 'ANALYTICS_QUEUE' },
  replication: { name: 'voelgoed-replication', binding: 'REPLICATION_QUEUE' },
} as const;
export type QueueKey = keyof typeof QUEUES;
export const DLQ_SUFFIX = '-dlq';

export function queueKeyOf(name: string): QueueKey | null {
  const base = name.endsWith(DLQ_SUFFIX) ? name.slice(0, -DLQ_SUFFIX.length) : name;
  return (Object.keys(QUEUES) as QueueKey[]).find((k) => QUEUES[k].name === base) ?? null;
}

/** The queue's producer; a failed send is a platform failure (`queue_unavailable`, src/platform/transient-errors.ts). */
export function producer(env: Cloudflare.Env, key: QueueKey): Pick<Queue, 'send' | 'sendBatch'> {
  const queue = env[QUEUES[key].binding];
  return {
    send: (body, options) => tagFailure('queue', () => queue.send(body, options)),
    sendBatch: (messages, options) => tagFailure('queue', () => queue.sendBatch(messages, options)),
  };
}
