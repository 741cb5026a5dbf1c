/**
 * The analytics queue's consumer: `occupancy` messages take an event's occupancy snapshot (src/jobs/occupancy.ts);
 * `journey` messages carry buyer-journey events to Postgres (store-journey.ts), a batch's all together; `funnels`
 * messages recompute an organization's funnel snapshots (src/domains/funnels/refresh-snapshots.ts).
 */
import { z } from 'zod';
import type { Consumer } from '../../queues/consumer';
import { OccupancyMessage, takeOccupancySnapshot } from '../../jobs/occupancy';
import { FunnelsMessage, refreshOrganizationSnapshots } from '../funnels/refresh-snapshots';
import { JourneyMessageSchema } from './schemas';
import { storeJourney, storeJourneyItems } from './store-journey';

export const AnalyticsQueueMessageSchema = z.discriminatedUnion('kind', [OccupancyMessage, JourneyMessageSchema, FunnelsMessage]);
export type AnalyticsQueueMessage = z.infer<typeof AnalyticsQueueMessageSchema>;

export const analyticsConsumer: Consumer<AnalyticsQueueMessage> = {
  schema: AnalyticsQueueMessageSchema,
  async handle(body, ctx) {
    if (body.kind === 'journey') await storeJourney(ctx.env, body);
    else if (body.kind === 'funnels') await refreshOrganizationSnapshots(ctx.env, body.organizationId, new Date(body.at));
    else await takeOccupancySnapshot(body, ctx);
  },
  // A batch's journey messages (up to 50 of 100 items) are stored in one Postgres connection, one transaction per
  // organization: the per-message connection and transaction were most of the cost (bench:analytics).
  together: {
    takes: (body) => body.kind === 'journey',
    handle: async (bodies, ctx) => void (await storeJourneyItems(ctx.env, bodies.flatMap((b) => (b.kind === 'journey' ? b.items : [])))),
  },
};
