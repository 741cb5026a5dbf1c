/** Worker entry: the Hono app serves fetch; cron runs the sweeps; queue consumers join here as their slices arrive. */
import { createApp } from './app';
import { createDb } from './db/client';
import { expireStaleOrders } from './domains/orders/expire';
import { log } from './platform/logger';

export { EventInventory } from '../durable-objects/event-inventory';

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    const meta = { requestId: `cron:${controller.cron}:${controller.scheduledTime}`, ip: null, userAgent: null };
    ctx.waitUntil(
      expireStaleOrders({ ...meta, env, db: createDb(env.DB) }, new Date(controller.scheduledTime)).then((n) => {
        if (n > 0) log('info', 'expired unpaid orders', { count: n });
      }),
    );
  },
} satisfies ExportedHandler<Cloudflare.Env>;
