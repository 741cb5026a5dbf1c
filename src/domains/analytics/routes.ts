/**
 * POST /public/analytics: the storefront's buyer-journey events (docs/analytics.md). Answered 202 at once; the
 * events travel to Postgres through the analytics queue. Also accepts the body as `text/plain` — what
 * `navigator.sendBeacon` sends for a string — carrying the same JSON.
 */
import type { MiddlewareHandler } from 'hono';
import { beaconRoute, createRouter, json, jsonBody, publicRoute, z } from '../../platform/openapi';
import { waitUntilOf } from '../../platform/wait-until';
import { ingestAnalytics } from './ingest-analytics';
import { AnalyticsAcceptedSchema, AnalyticsBatchSchema, MAX_EVENTS_PER_BATCH } from './schemas';

const PATH = '/public/analytics';

/** A beacon's text/plain body is JSON: validated exactly as application/json would be (malformed → 400, bad → 422). */
const beaconAsJson: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  if (c.req.method === 'POST' && type === 'text/plain') {
    const text = await c.req.text();
    const headers = new Headers(c.req.raw.headers);
    headers.set('Content-Type', 'application/json');
    c.req.raw = new Request(c.req.raw.url, { method: 'POST', headers, body: text });
  }
  await next();
};

const body = jsonBody(AnalyticsBatchSchema);

const router = createRouter();
router.use(PATH, beaconAsJson);

export const analyticsRoutes = router.openapi(
    beaconRoute(publicRoute({
      method: 'post',
      path: PATH,
      tags: ['Storefront'],
      summary: 'Report buyer-journey events (page views, seat map opened, ticket selected); answered 202 at once',
      description:
        `A batch of at most ${MAX_EVENTS_PER_BATCH} events, as JSON — also as \`text/plain\` carrying JSON, which is what \`navigator.sendBeacon\` sends. ` +
        'Each event names its (ticketing) event; its organization is that event’s, and an event of no published or on-sale event is dropped (counted in `dropped`). ' +
        'Only the referrer’s host is kept; the address is kept as its network (/24, /48); with `DNT: 1` or `Sec-GPC: 1` no visitor id, network, referrer or UTM is kept at all. ' +
        'Send the storefront’s random visitor id as `visitorId` or the `Visitor-Id` header. Resending an event id stores nothing twice. Never send names, emails or order links.',
      request: { body: { ...body, content: { ...body.content, 'text/plain': { schema: z.string().openapi({ description: 'The same JSON body, as navigator.sendBeacon sends it' }) } } } },
      responses: { 202: json(AnalyticsAcceptedSchema, 'Accepted: the events are on their way') },
    })),
    async (c) => {
      const { events } = c.req.valid('json') as z.infer<typeof AnalyticsBatchSchema>;
      const outcome = await ingestAnalytics({ db: c.var.db, env: c.env, headers: c.req.raw.headers, waitUntil: waitUntilOf(c), events });
      return c.json(outcome, 202);
    },
  );
