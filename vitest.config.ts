/**
 * Tests run inside workerd (the Workers vitest integration) with D1 migrated per file, a real Redis behind the Upstash
 * bridge, and Postgres behind the HYPERDRIVE binding (embedded, or DATABASE_URL's server; migrated once per run).
 */
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  plugins: [
    cloudflareTest(async ({ inject }) => ({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          APP_ENV: 'test',
          // argon2id at a test-only cost (src/platform/crypto.ts): refused with any other APP_ENV.
          PASSWORD_HASH_COST: 'test-only-low',
          JWT_SECRET: 'test-secret-0123456789abcdef0123456789abcdef',
          TICKET_KEY_SECRET: 'test-ticket-key-secret-0123456789abcdef0123456789',
          TEST_PROVIDER_WEBHOOK_SECRET: 'test-provider-webhook-secret-0123456789abcdef',
          FILES_SIGNING_SECRET: 'test-files-signing-secret-0123456789abcdef012345',
          WEBHOOK_SECRET_KEY: 'test-webhook-secret-key-0123456789abcdef0123456789',
          // Queue retries back off base · 2^(n−1) seconds; tests retry at once.
          QUEUE_RETRY_BASE_SECONDS: '0',
          // The journey recorder sends its buffer at once (src/domains/analytics/record-journey.ts; 1 s by default): a
          // request's waitUntil then ends with it, so tests that await it don't wait out the batching window.
          JOURNEY_FLUSH_MS: '0',
          // Worker logs go straight to the run's output (disableConsoleIntercept below): only the lines that matter.
          // The request log's own test (test/domains/orders/order-link.test.ts) calls the Worker with LOG_LEVEL=info.
          LOG_LEVEL: 'warn',
          // Small live-channel caps, so the caps' own test can reach them (test/domains/events/live-channel.test.ts):
          // 2 public relays of 8 sockets, 6 per client per relay; 1 relay for waiting buyers' queue-only sockets.
          LIVE_RELAYS: '2',
          LIVE_QUEUE_RELAYS: '1',
          LIVE_SOCKETS_PER_RELAY: '8',
          LIVE_MAX_SOCKETS_PER_CLIENT: '6',
          // Tests read the seat map right after a change: no version pointer (each read asks the inventory which version
          // is current; the body is still built once per version). The pointer itself: test/platform/edge-snapshot.test.ts.
          LIVE_SNAPSHOT_POINTER_MS: '0',
          // A short resume window, so resuming from outside it can be shown (test/durable-objects/live-relay.test.ts).
          LIVE_DELTA_WINDOW: '16',
          // Stripe is never reached from tests: the adapter's tests give the SDK a fake API (docs/payments.md).
          // No Turnstile secret: joins are not checked (development/test only); the adapter's own tests pass one in
          // (test/platform/turnstile.test.ts). Set here so a .dev.vars written by `npm run dev` can't change the tests.
          TURNSTILE_SECRET: '',
          STRIPE_SECRET_KEY: 'sk_test_not_a_real_key_0123456789',
          STRIPE_WEBHOOK_SECRET: 'whsec_test_not_a_real_secret_0123456789',
          // Test-only plans with tiny limits, so the quota tests reach them in a few requests (test/platform/tenant-limits.test.ts);
          // every tenant the other tests sign up is on the built-in "default" plan, whose limits they never reach.
          PLAN_QUOTAS: JSON.stringify({
            'test-tight-minute': { apiRequestsPerMinute: 10, apiKeyRequestsPerMinute: 3 },
            'test-tight-day': { apiCallsPerDay: 5, emailsPerDay: 1 },
          }),
          UPSTASH_REDIS_REST_URL: inject<string>('redisBridgeUrl'),
          UPSTASH_REDIS_REST_TOKEN: inject<string>('redisBridgeToken'),
          TEST_MIGRATIONS: await readD1Migrations(`${root}migrations`),
          TEST_POSTGRES_SOURCE: inject<string>('postgresSource'),
        },
        // The gate proof (test/domains/scanning/proof.test.ts) scans 10,000 tickets with four devices in seconds, far
        // past what a phone at a gate does: the per-device binding gets room for it here (merged over wrangler.toml's
        // bindings by name). The limit itself is shown with its binding stubbed (test/platform/device-limit.test.ts).
        // Postgres (docs/postgres.md): the embedded server test/global-setup-postgres.ts starts, or DATABASE_URL's.
        hyperdrives: { HYPERDRIVE: inject<string>('postgresUrl') },
        ratelimits: { LIMIT_DEVICE: { namespace_id: '1107', simple: { limit: 100_000, period: 60 } } },
      },
    })),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    // test/node, test/web and test/e2e run in Node (vitest.node.config.ts): programs (poppler, Chromium) and the web apps' logic.
    exclude: [...configDefaults.exclude, 'test/node/**', 'test/web/**', 'test/e2e/**'],
    globalSetup: ['./test/global-setup.ts', './test/global-setup-postgres.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    setupFiles: ['./test/setup.ts'],
    // A test's budget with a second worker beside it (a sale, a refund and a scan set up through the real queues, then
    // replicated, took over 30 s once under that load).
    testTimeout: 60_000,
    // One workerd per worker for the whole run instead of one per file: ~3 minutes less on two cores. Files share
    // storage, so every test makes its own tenant (signup) and never counts platform-wide rows.
    isolate: false,
    // Most of a file's time is spent waiting (queues, storage, settling), not computing: two workers even on two cores
    // (vitest's default there is one) took the suite from 619 s to 417 s. At most four, for the shared Redis and Postgres.
    maxWorkers: Math.min(4, Math.max(2, availableParallelism() - 1)),
    // Console output is not relayed to the runner. The plugin parks a log written from another I/O context (a queue
    // consumer, a waitUntil) until the runner's next message; when it lands as a file's last test ends there is no next
    // message and `vitest run` waits for it forever after every test passed (cloudflare/workers-sdk#15719, #15498).
    // Logs of passing tests are no longer hidden, hence LOG_LEVEL=warn above.
    disableConsoleIntercept: true,
    hookTimeout: 60_000,
  },
});
