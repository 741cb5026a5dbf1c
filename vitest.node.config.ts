/**
 * The second test project: plain Node, for tests that must run programs (workerd cannot), e.g.
 * rasterizing ticket PDFs with poppler and decoding their QR codes, the web apps' logic (test/web, no DOM) and
 * the end-to-end browser runs (test/e2e: Chromium against one `npm run dev` the `e2e` project starts for all of its
 * files, test/e2e/support/global-platform.ts; a run without e2e files starts none). `npm test` runs it after the
 * workerd project; `node tools/system-deps.mjs` installs the programs first.
 *
 *   npx vitest run --config vitest.node.config.ts
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'node', include: ['test/node/**/*.test.ts', 'test/web/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['./test/e2e/support/global-platform.ts'] } },
    ],
  },
});
