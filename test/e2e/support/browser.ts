/**
 * Debian's Chromium driven by playwright-core (never `playwright install`: `node tools/system-deps.mjs` installs the
 * chromium package). Every page a test visits is saved as a screenshot under test-results/e2e/ (CI keeps it as an
 * artifact).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/e2e/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'];

export async function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...extraArgs] });
}

let shot = 0;
/** Accessibility findings (axe-core, WCAG 2.1 A/AA and best practice) on the pages snapped, as "page: rule (n×) help". */
export const a11yFindings: string[] = [];
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Saves a full-page screenshot as test-results/e2e/NN-<actor>-<name>.png, and checks the page with axe-core. */
export async function snap(page: Page, actor: string, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = `${SCREENSHOT_DIR}${String(++shot).padStart(2, '0')}-${actor}-${name.replace(/[^\w-]+/g, '-')}.png`;
  await page.screenshot({ path: file, fullPage: true });
  await checkA11y(page, `${actor}/${name}`);
  return file;
}

/** Runs axe-core in the page (through the DevTools protocol, so the page's CSP stays on) and keeps every finding above "minor". */
async function checkA11y(page: Page, where: string) {
  // Injected once per document (a screen opened inside the app keeps it).
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // Runs in the page; this file is typed for Node, hence the page's globals through globalThis.
    const page = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, o: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } };
    const result = await page.axe.run(page.document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, count: v.nodes.length, first: v.nodes[0]?.target.join(' ') ?? '' }));
  });
  for (const v of violations) if (v.impact !== 'minor') a11yFindings.push(`${where}: ${v.id} [${v.impact}] ${v.count}× (${v.first}) — ${v.help}`);
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

/** The platform a browser run talks to: the one `npm run dev` the e2e project started (global-platform.ts). */
export type SharedPlatform = { base: string; demo: { orgId: string; eventId: string } };

/**
 * A browser run's Chromium (started before the file's tests, closed after them) and the e2e project's shared
 * `npm run dev`. Read `.platform` and `.browser` inside tests and hooks, once started.
 */
export function platformAndBrowser(): { readonly platform: SharedPlatform; readonly browser: Browser } {
  const held: { browser?: Browser } = {};
  const platform = { base: inject('e2eBase'), demo: inject('e2eDemo') };
  beforeAll(async () => {
    held.browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await held.browser?.close();
  });
  return {
    platform,
    get browser() {
      if (!held.browser) throw new Error('The browser is not started yet: read it inside a test or hook');
      return held.browser;
    },
  };
}

/** On a seated event's page: Row A seats 1 and 2 picked from the list and held ("Held for you" shown). */
export async function holdFirstTwoSeats(page: Page, eventId: string) {
  await page.goto(`/events/${eventId}`);
  await page.getByRole('button', { name: 'Choose from a list' }).click();
  await page.getByRole('button', { name: /Row A, seat 1 — available$/ }).click();
  await page.getByRole('button', { name: /Row A, seat 2 — available$/ }).click();
  await page.getByRole('button', { name: 'Hold seats' }).click();
  await page.getByRole('heading', { name: 'Held for you' }).waitFor();
}
