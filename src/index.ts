/** Worker entry: the Hono app serves fetch; queue() dispatches by queue name; scheduled() runs the cron jobs. */
import { createApp } from './app';
import { consumeBatch } from './queues/consumer';
import { consumers } from './queues/registry';
import { runScheduled } from './scheduled';

export { EventInventory } from '../durable-objects/event-inventory';
export { RateCounter } from '../durable-objects/rate-counter';

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch, env, ctx) {
    await consumeBatch(batch, env, ctx, consumers);
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller.cron, new Date(controller.scheduledTime), env));
  },
} satisfies ExportedHandler<Cloudflare.Env>;
