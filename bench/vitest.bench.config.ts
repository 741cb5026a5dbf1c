/** Runs the DO-internal benchmark inside workerd (the same integration as the tests). */
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// wrangler.toml binds HYPERDRIVE, and wrangler wants a local address for it before workerd starts; these benches
// never reach Postgres, so any well-formed address does (the test suite's config points it at a real one).
process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE ??= 'postgres://bench:unused@127.0.0.1:5432/unused';

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: { APP_ENV: 'test', JWT_SECRET: 'bench-0123456789abcdef0123456789abcdef' },
      },
    }),
  ],
  test: { include: ['bench/**/*.bench.test.ts'], testTimeout: 300_000 },
});
