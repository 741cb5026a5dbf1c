/** Runs the DO-internal benchmark inside workerd (the same integration as the tests). */
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [cloudflareTest({ main: './src/index.ts', wrangler: { configPath: './wrangler.toml' }, miniflare: { bindings: { APP_ENV: 'test', JWT_SECRET: 'bench-0123456789abcdef0123456789abcdef' } } })],
  test: { include: ['bench/**/*.bench.test.ts'], testTimeout: 300_000 },
});
