/**
 * Debian's Chromium driven by playwright-core (never `playwright install`: `node tools/system-deps.mjs` installs the
 * chromium package). Every page a test visits is saved as a screenshot under test-results/e2e/ (CI keeps it as an
 * artifact).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/e2e/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'];

export async function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...extraArgs] });
}

let shot = 0;
/** Saves a full-page screenshot as test-results/e2e/NN-<actor>-<name>.png. */
export async function snap(page: Page, actor: string, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = `${SCREENSHOT_DIR}${String(++shot).padStart(2, '0')}-${actor}-${name.replace(/[^\w-]+/g, '-')}.png`;
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A context whose every page logs its console errors and failed requests into `problems` (asserted empty at the end). */
export async function newActor(browser: Browser, base: string, problems: string[], options: Parameters<Browser['newContext']>[0] = {}) {
  const context: BrowserContext = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(15_000);
  context.on('page', (page) => watch(page, problems));
  const page = await context.newPage();
  return { context, page };
}

function watch(page: Page, problems: string[]) {
  page.on('pageerror', (e) => problems.push(`pageerror on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|404|409|422)/.test(m.text())) problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
}
