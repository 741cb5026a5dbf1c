/**
 * The second test project: plain Node, for tests that must run programs (workerd cannot), e.g.
 * rasterizing ticket PDFs with poppler and decoding their QR codes, the web apps' logic (test/web, no DOM) and
 * the end-to-end browser run (test/e2e: Chromium against `npm run dev`). `npm test` runs it after the workerd
 * project; `node tools/system-deps.mjs` installs the programs first.
 *
 *   npx vitest run --config vitest.node.config.ts
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/node/**/*.test.ts', 'test/web/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
