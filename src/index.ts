/**
 * Worker entry: the Hono app serves fetch; queue() dispatches by queue name; scheduled() runs the cron jobs.
 * Each first checks the configuration (src/platform/config.ts) and refuses to work with an unsafe one.
 */
import { createApp } from './app';
import { configRefusal, CONFIG_RETRY_AFTER_SECONDS, misconfiguredResponse } from './platform/config-guard';
import { consumeBatch } from './queues/consumer';
import { consumers } from './queues/registry';
import { runScheduled } from './scheduled';

export { EventInventory } from '../durable-objects/event-inventory';
export { RateCounter } from '../durable-objects/rate-counter';
export { LiveRelay } from '../durable-objects/live-relay';
export { WaitingRoom } from '../durable-objects/waiting-room';

const app = createApp();

export default {
  async fetch(request, env, ctx) {
    if (configRefusal(env).length) return misconfiguredResponse();
    return app.fetch(request, env, ctx);
  },
  async queue(batch, env, ctx) {
    if (configRefusal(env).length) return batch.retryAll({ delaySeconds: CONFIG_RETRY_AFTER_SECONDS });
    await consumeBatch(batch, env, ctx, consumers);
  },
  async scheduled(controller, env, ctx) {
    if (configRefusal(env).length) return;
    ctx.waitUntil(runScheduled(controller.cron, new Date(controller.scheduledTime), env));
  },
} satisfies ExportedHandler<Cloudflare.Env>;
