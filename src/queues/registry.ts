/** One consumer per queue (docs/queues.md); each slice registers its own here. */
import type { Consumer, QueueKey } from './consumer';
import { analyticsConsumer } from '../domains/analytics/consumer';
import { exportsConsumer } from './exports';
import { notificationsConsumer } from './notifications';
import { webhooksConsumer } from './webhooks';
import { replicationQueueConsumer } from '../domains/replication/consumer';

export const consumers: Partial<Record<QueueKey, Consumer<any>>> = {
  notifications: notificationsConsumer,
  analytics: analyticsConsumer,
  webhooks: webhooksConsumer,
  exports: exportsConsumer,
  replication: replicationQueueConsumer,
};
