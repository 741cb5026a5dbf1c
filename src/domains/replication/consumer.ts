/**
 * The replication queue's consumer: `replicate` messages copy D1 rows into Postgres (apply.ts); `api_requests`
 * messages carry batches of the API request log (src/domains/api-requests/record-api-requests.ts). One queue for the
 * cold layer's writes: the same retries, dead-letter queue and replay, and one Postgres connection per message.
 */
import { z } from 'zod';
import type { Consumer } from '../../queues/consumer';
import { recordApiRequests } from '../api-requests/record-api-requests';
import { ApiRequestsMessageSchema } from '../api-requests/schemas';
import { applyReplication, ReplicateMessageSchema } from './apply';

export const ReplicationQueueMessageSchema = z.discriminatedUnion('kind', [ReplicateMessageSchema, ApiRequestsMessageSchema]);
export type ReplicationQueueMessage = z.infer<typeof ReplicationQueueMessageSchema>;

export const replicationQueueConsumer: Consumer<ReplicationQueueMessage> = {
  schema: ReplicationQueueMessageSchema,
  async handle(body, { env }) {
    if (body.kind === 'api_requests') await recordApiRequests(env, body);
    else await applyReplication(env, body);
  },
};
