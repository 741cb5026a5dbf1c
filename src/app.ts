/** Builds the Hono app: platform middleware in order, then one router per domain slice, the OpenAPI document and its reference page. */
import type { Context } from 'hono';
import { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { HSTS, strictTransportSecurity } from './platform/hsts';
import { createDb } from './db/client';
import { apiKeyRoutes } from './domains/api-keys/routes';
import { collectApiRequests } from './domains/api-requests/collect-api-requests';
import { analyticsRoutes } from './domains/analytics/routes';
import { apiRequestRoutes } from './domains/api-requests/routes';
import { auditRoutes } from './domains/audit/routes';
import { authRoutes } from './domains/auth/routes';
import { deviceRoutes, deviceSideRoutes } from './domains/devices/routes';
import { checkInRoutes, scanningDeviceRoutes } from './domains/scanning/routes';
import { runPumps } from './queues/pump';
import { publicRateLimits } from './platform/rate-limit';
import { eventRoutes } from './domains/events/routes';
import { publicEventRoutes } from './domains/events/public-routes';
import { waitingRoomRoutes } from './domains/waiting-room/routes';
import { publicQueueRoutes } from './domains/waiting-room/public-routes';
import { exportDownloadRoutes, exportRoutes } from './domains/exports/routes';
import { layoutRoutes } from './domains/layouts/routes';
import { ledgerRoutes } from './domains/ledger/routes';
import { reportRoutes } from './domains/reports/routes';
import { historyRoutes } from './domains/history/routes';
import { funnelRoutes } from './domains/funnels/routes';
import { reportScheduleRoutes, reportUnsubscribeRoutes } from './domains/report-schedules/routes';
import { memberRoutes } from './domains/members/routes';
import { orderRoutes } from './domains/orders/routes';
import { coldLayerRoutes } from './domains/cold-layer/routes';
import { publicOrderRoutes } from './domains/orders/public-routes';
import { publicRefundRoutes } from './domains/refund-policies/public-routes';
import { refundPolicyRoutes } from './domains/refund-policies/routes';
import { publicWaitlistRoutes, waitlistRoutes } from './domains/waitlist/routes';
import { organizationRoutes } from './domains/organizations/routes';
import { brandingRoutes } from './domains/organizations/branding-routes';
import { receiptRoutes } from './domains/receipts/routes';
import { testPaymentPages } from './domains/payments/test-pages';
import { isWebAppPath, webShell } from './platform/web-shell';
import { deadLetterRoutes, platformRoutes } from './domains/platform/routes';
import { notificationRoutes } from './domains/notifications/routes';
import { channelRoutes } from './domains/notifications/channel-routes';
import { platformFeeRoutes } from './domains/pricing/platform-routes';
import { publicQuoteRoutes } from './domains/pricing/public-routes';
import { pricingRoutes } from './domains/pricing/routes';
import { usageRoutes } from './domains/usage/routes';
import { venueRoutes } from './domains/venues/routes';
import { webhookRoutes } from './domains/webhooks/routes';
import { renderApiReference } from './platform/api-reference';
import { authenticate } from './platform/auth';
import { publicTransferRoutes, transferPolicyRoutes } from './domains/tickets/transfer-routes';
import { idempotency } from './platform/idempotency';
import { bodyLimit, type RouteBodyLimit } from './platform/body-limit';
import { onError, onNotFound } from './platform/error-handler';
import './platform/hono-context';
import { requestLogger } from './platform/logger';
import { createRouter, declaredBeacons, declaredBodyLimits, declaredInventoryOnly, declaredSecretMinting, json, publicRoute, SECURITY_SCHEMES, z, type AppEnv, type RouteMatcher } from './platform/openapi';
import { requestId } from './platform/request-id';

export const API_PREFIX = '/api/v1';

const OPENAPI_CONFIG = {
  openapi: '3.1.0',
  info: {
    title: 'Voelgoed Events API',
    version: '1.0.0',
    description:
      'Multi-tenant events and ticketing. Errors are application/problem+json. Organization-scoped routes live under /orgs/{orgId}; ' +
      "another organization's ids answer 404.",
  },
  servers: [{ url: '/' }],
};

const healthRoutes = createRouter()
  .openapi(
    publicRoute({
      method: 'get',
      path: '/ping',
      tags: ['Platform'],
      summary: 'No-op: answers at once without touching storage (the baseline in benchmarks)',
      responses: { 200: json(z.object({ pong: z.literal(true) }), 'Pong') },
    }),
    (c) => c.json({ pong: true as const }, 200),
  )
  .openapi(
  publicRoute({
    method: 'get',
    path: '/health',
    tags: ['Platform'],
    summary: 'Liveness, with a D1 round trip',
    responses: { 200: json(z.object({ status: z.literal('ok'), time: z.string() }), 'Healthy') },
  }),
  async (c) => {
    await c.env.DB.prepare('select 1').first();
    return c.json({ status: 'ok' as const, time: new Date().toISOString() }, 200);
  },
);

export function createApp() {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(onError);
  app.notFound(onNotFound);

  app.use('*', strictTransportSecurity());
  app.use('*', requestId());
  app.use('*', requestLogger({ quiet: (path) => path === `${API_PREFIX}/health` }));
  // The API, its reference page and the test payment page; the web apps' pages carry their own policy (web-shell.ts, web/public/_headers).
  const apiSecureHeaders = secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], frameAncestors: ["'none'"] },
      strictTransportSecurity: HSTS,
      referrerPolicy: 'strict-origin-when-cross-origin',
    });
  app.use('*', (c, next) => (isWebAppPath(c.req.path) ? next() : apiSecureHeaders(c, next)));
  // Cross-origin callers use Bearer tokens or API keys; cookies never travel cross-origin (no credentials here).
  app.use(
    `${API_PREFIX}/*`,
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'Admission', 'Human-Pass'],
      exposeHeaders: ['X-Request-Id', 'Retry-After', 'Location', 'RateLimit-Policy', 'RateLimit', 'Human-Pass'],
      maxAge: 86_400,
    }),
  );
  // Operations may declare a larger body (x-max-body-bytes, e.g. a whole seating layout); read once the routers below are mounted.
  let declaredLimits: RouteBodyLimit[] | undefined;
  app.use(
    `${API_PREFIX}/*`,
    bodyLimit({ maxBytes: (env) => Number(env.MAX_BODY_BYTES) || 1_048_576, routes: () => (declaredLimits ??= declaredBodyLimits(app)) }),
  );
  app.use(`${API_PREFIX}/*`, async function database(c, next) {
    c.set('db', createDb(c.env.DB));
    await next();
  });
  // Operations marked `inventoryOnly` (holds) keep their state in the inventory object alone: no outbox pump after them
  // and no stored idempotent answer (the object keys them itself). Read from the routes' declarations once per isolate.
  let inventoryOnlyRoutes: RouteMatcher[] | undefined;
  // Operations marked `beaconRoute` (the storefront's analytics beacons) write nothing to D1 and take no identity: no
  // outbox pump or stored answer after them, and no credentials read (a beacon cannot send the CSRF header).
  let beaconRoutes: RouteMatcher[] | undefined;
  const isBeacon = (c: Context<AppEnv>) => (beaconRoutes ??= declaredBeacons(app)).some((r) => r.method === c.req.method && r.path.test(c.req.path));
  const isInventoryOnly = (c: Context<AppEnv>) => (inventoryOnlyRoutes ??= declaredInventoryOnly(app)).some((r) => r.method === c.req.method && r.path.test(c.req.path));
  const writesNoD1 = (c: Context<AppEnv>) => isInventoryOnly(c) || isBeacon(c);
  // After a change commits, hand what it wrote to the outbox (emails, webhook events) to the queues. Holds write only
  // to the inventory object, never to the outbox: pumping after each would cost the flash sale two D1 reads per hold.
  app.use(`${API_PREFIX}/*`, async function pumpOutbox(c, next) {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.res.status < 400 && !writesNoD1(c)) c.executionCtx.waitUntil(runPumps(c.env, c.var.db));
  });
  // Per-IP limits on every unauthenticated route class (docs/rate-limits.md); per API key and organization in tenant().
  app.use(`${API_PREFIX}/*`, publicRateLimits());
  // The API request log (docs/postgres.md): after each request by an API key or an organization's member, an entry
  // to the isolate's buffer, sent to the replication queue in waitUntil. Before authentication, so latency covers it.
  app.use(`${API_PREFIX}/*`, collectApiRequests());
  const authenticateMiddleware = authenticate();
  app.use(`${API_PREFIX}/*`, (c, next) => (isBeacon(c) ? next() : authenticateMiddleware(c, next)));
  // Holds are keyed inside the inventory (the key becomes the hold id), so they skip the stored answer. Answers that
  // carry a secret shown once (routes marked `mintsSecret`) are never stored.
  let secretMinting: RouteMatcher[] | undefined;
  app.use(
    `${API_PREFIX}/*`,
    idempotency({
      skip: writesNoD1,
      mintsSecret: (c) => (secretMinting ??= declaredSecretMinting(app)).some((r) => r.method === c.req.method && r.path.test(c.req.path)),
    }),
  );

  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
    app.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  }

  app
    .route(API_PREFIX, healthRoutes)
    .route(API_PREFIX, authRoutes)
    .route(API_PREFIX, organizationRoutes)
    .route(API_PREFIX, memberRoutes)
    .route(API_PREFIX, apiKeyRoutes)
    .route(API_PREFIX, apiRequestRoutes)
    .route(API_PREFIX, auditRoutes)
    .route(API_PREFIX, usageRoutes)
    .route(API_PREFIX, platformRoutes)
    .route(API_PREFIX, deadLetterRoutes)
    .route(API_PREFIX, notificationRoutes)
    .route(API_PREFIX, channelRoutes)
    .route(API_PREFIX, venueRoutes)
    .route(API_PREFIX, layoutRoutes)
    .route(API_PREFIX, eventRoutes)
    .route(API_PREFIX, publicEventRoutes)
    .route(API_PREFIX, waitingRoomRoutes)
    .route(API_PREFIX, publicQueueRoutes)
    .route(API_PREFIX, pricingRoutes)
    .route(API_PREFIX, publicQuoteRoutes)
    .route(API_PREFIX, analyticsRoutes)
    .route(API_PREFIX, platformFeeRoutes)
    .route(API_PREFIX, orderRoutes)
    .route(API_PREFIX, publicOrderRoutes)
    .route(API_PREFIX, refundPolicyRoutes)
    .route(API_PREFIX, publicRefundRoutes)
    .route(API_PREFIX, waitlistRoutes)
    .route(API_PREFIX, publicWaitlistRoutes)
    .route(API_PREFIX, transferPolicyRoutes)
    .route(API_PREFIX, publicTransferRoutes)
    .route(API_PREFIX, ledgerRoutes)
    .route(API_PREFIX, coldLayerRoutes)
    .route(API_PREFIX, reportRoutes)
    .route(API_PREFIX, historyRoutes)
    .route(API_PREFIX, reportScheduleRoutes)
    .route(API_PREFIX, funnelRoutes)
    .route(API_PREFIX, reportUnsubscribeRoutes)
    .route(API_PREFIX, deviceRoutes)
    .route(API_PREFIX, deviceSideRoutes)
    .route(API_PREFIX, scanningDeviceRoutes)
    .route(API_PREFIX, checkInRoutes)
    .route(API_PREFIX, webhookRoutes)
    .route(API_PREFIX, exportRoutes)
    .route(API_PREFIX, exportDownloadRoutes)
    .route(API_PREFIX, brandingRoutes)
    .route(API_PREFIX, receiptRoutes);

  app.doc31(`${API_PREFIX}/openapi.json`, OPENAPI_CONFIG);
  let referenceHtml: string | undefined;
  app.get(`${API_PREFIX}/docs`, (c) => {
    referenceHtml ??= renderApiReference(app.getOpenAPI31Document(OPENAPI_CONFIG) as unknown as Parameters<typeof renderApiReference>[0]);
    return c.html(referenceHtml);
  });
  // The test payment provider's hosted page (outside the API and its document); its webhooks come back into this
  // same app in-process, so local dev and tests need no network (docs/payments.md).
  app.route('/', testPaymentPages({ dispatch: (req, env, ctx) => app.fetch(req, env, ctx) }));
  // Deep links into the web apps (a path that is no static file) answer their app's index.html.
  app.route('/', webShell());
  return app;
}

export type App = ReturnType<typeof createApp>;

/** The OpenAPI 3.1 document as served at /api/v1/openapi.json. */
export function openApiDocument(app: App = createApp()) {
  return app.getOpenAPI31Document(OPENAPI_CONFIG);
}
