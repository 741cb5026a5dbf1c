/** Worker entry: the Hono app serves fetch; queue consumers and cron handlers join here as their slices arrive. */
import { createApp } from './app';

export { EventInventory } from '../durable-objects/event-inventory';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Cloudflare.Env>;
