/**
 * The analytics queue's consumer: `occupancy` messages take an event's occupancy snapshot (src/jobs/occupancy.ts);
 * `journey` messages carry buyer-journey events to Postgres (store-journey.ts).
 */
import { z } from 'zod';
import type { Consumer } from '../../queues/consumer';
import { OccupancyMessage, takeOccupancySnapshot } from '../../jobs/occupancy';
import { JourneyMessageSchema } from './schemas';
import { storeJourney } from './store-journey';

export const AnalyticsQueueMessageSchema = z.discriminatedUnion('kind', [OccupancyMessage, JourneyMessageSchema]);
export type AnalyticsQueueMessage = z.infer<typeof AnalyticsQueueMessageSchema>;

export const analyticsConsumer: Consumer<AnalyticsQueueMessage> = {
  schema: AnalyticsQueueMessageSchema,
  async handle(body, ctx) {
    if (body.kind === 'journey') await storeJourney(ctx.env, body);
    else await takeOccupancySnapshot(body, ctx);
  },
};
