/** One consumer per queue (docs/queues.md); each slice registers its own here. */
import type { Consumer, QueueKey } from './consumer';

export const consumers: Partial<Record<QueueKey, Consumer<any>>> = {};
