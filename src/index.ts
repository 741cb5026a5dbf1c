/** Worker entry: the Hono app serves fetch; queue consumers and cron handlers join here as their slices arrive. */
import { createApp } from './app';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Cloudflare.Env>;
