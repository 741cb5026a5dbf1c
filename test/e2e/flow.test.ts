/**
 * The whole platform in a real browser (Debian's Chromium via playwright-core) against `npm run dev`:
 * an organizer signs up, builds a small venue, creates and publishes an event with two ticket types; a buyer buys two
 * seats while a second buyer's browser sees them turn unavailable live; the buyer opens the order page (QR codes, PDF);
 * the scanner app checks the ticket in through its camera (valid) and again (duplicate); the organizer's live
 * dashboard shows the sale and the check-in, Reports the sale by ticket type, and the event's History the sale, the
 * scans per minute and — after "Refresh now" — the buyer's visit in the funnel (page view and order), as does a funnel
 * saved on the Funnels screen. Every page visited is saved to
 * test-results/e2e/ and checked with axe-core.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { a11yFindings, launch, newActor, snap, platformAndBrowser } from './support/browser';
import { qrVideo } from './support/fake-camera';
import { verificationLink } from './support/platform';

const problems: string[] = [];
/** Every page open, for a screenshot of each when a step fails. */
const pages: Page[] = [];

const up = platformAndBrowser();

/** What the steps learn and hand on. */
const run = { email: `organizer.${Date.now()}@example.com`, orgId: '', eventId: '', orderUrl: '', deviceToken: '', qrToken: '', seats: [] as string[] };

/** `YYYY-MM-DDTHH:mm` in Johannesburg (the venue's zone), `hours` from now: what a datetime-local input takes. */
function localInput(hours: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Johannesburg', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(Date.now() + hours * 3_600_000))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

async function apiJson<T = any>(pathname: string): Promise<T> {
  const res = await fetch(`${up.platform.base}${pathname}`);
  expect(res.status, `${pathname}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
}


describe('organizer, buyers, gate and dashboard in a real browser', () => {
  it('runs end to end', { timeout: 480_000 }, async () => {
    // ---- The organizer signs up --------------------------------------------------------------------------
    const organizer = await newActor(up.browser, up.platform.base, problems, { timezoneId: 'Africa/Johannesburg' });
    pages.push(organizer.page);
    const admin = organizer.page;
    await admin.goto('/admin/signup');
    await admin.getByLabel('Your name').fill('Anna Organizer');
    await admin.getByLabel('Email', { exact: true }).fill(run.email);
    await admin.getByLabel('Password').fill('a-long-enough-password');
    await admin.getByLabel('Organization name').fill('Gate Test Events');
    await snap(admin, 'organizer', 'signup');
    await admin.getByRole('button', { name: 'Create account' }).click();
    await admin.waitForURL(/\/admin\/orgs\/org_\w+\/events/);
    run.orgId = /orgs\/(org_\w+)/.exec(admin.url())![1]!;
    await admin.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
    await admin.getByText('Verify your email address').waitFor();
    await snap(admin, 'organizer', 'events-empty');
    // Publishing needs a verified address: the organizer opens the link from the verification email.
    await admin.goto(await verificationLink(up.platform.base, run.email));
    await admin.getByText('Your email address is verified.').waitFor({ timeout: 30_000 });
    await snap(admin, 'organizer', 'email-verified');
    await admin.goto(`/admin/orgs/${run.orgId}/events`);
    await admin.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
    expect(await admin.getByText('Verify your email address').count()).toBe(0);

    try {
      await buildVenue(admin);
      await createEvent(admin);
      await openDashboard(admin);
      await buyAndWatch(admin);
      await checkIn(admin);
    } catch (e) {
      for (const [i, page] of pages.entries()) if (!page.isClosed()) await snap(page, `failed-${i}`, 'here').catch(() => undefined);
      throw e;
    }

    expect(problems).toEqual([]);
    // Every page visited is labelled for screen readers and keyboard-usable as far as axe-core can tell.
    expect(a11yFindings).toEqual([]);
  });
});

/** A venue with a gate, and a layout drawn in the seating builder: one row of ten seats and a standing area. */
async function buildVenue(admin: Page) {
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Venues & seating' }).click();
  await admin.getByRole('link', { name: 'New venue' }).click();
  await admin.getByLabel('Venue name').fill('The Little Hall');
  await admin.getByLabel('Address line 1').fill('1 Kerkstraat');
  await admin.getByLabel('City', { exact: true }).fill('Stellenbosch');
  await admin.getByLabel('Capacity').fill('200');
  await snap(admin, 'organizer', 'venue-new');
  await admin.getByRole('button', { name: 'Create venue' }).click();
  await admin.waitForURL(/\/venues\/ven_\w+$/);
  await admin.getByLabel('Gate name').fill('Main gate');
  await admin.getByRole('button', { name: 'Add gate' }).click();
  await expect.poll(() => admin.getByRole('cell', { name: 'Main gate' }).count()).toBeGreaterThan(0);
  await snap(admin, 'organizer', 'venue');

  await admin.getByRole('link', { name: 'New layout' }).click();
  await admin.waitForURL(/\/layouts\/new$/);
  await admin.getByLabel('Layout name').fill('Hall seating');
  await admin.getByLabel('Category name').fill('Stalls');
  await admin.getByRole('button', { name: 'Add category' }).click();
  await admin.getByLabel('Section key').fill('A');
  await admin.getByLabel('Section name').fill('Stalls A');
  await admin.getByRole('button', { name: 'Add section' }).click();
  await admin.getByLabel('Row label').fill('A');
  await admin.getByLabel('Number of seats').fill('10');
  await admin.getByRole('button', { name: 'Add row' }).click();
  await admin.getByLabel('Area name').fill('Standing');
  await admin.getByLabel('Capacity').fill('50');
  await admin.getByRole('button', { name: 'Add GA area' }).click();
  await snap(admin, 'organizer', 'seating-builder');
  // Leaving with unsaved changes asks first; staying keeps the drawing.
  const asked = new Promise<string>((resolve) => admin.once('dialog', (d) => (resolve(d.message()), void d.dismiss())));
  await admin.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Venues' }).click();
  expect(await asked).toContain('unsaved changes');
  expect(admin.url()).toMatch(/\/layouts\/new$/);
  await admin.getByRole('button', { name: 'Save layout' }).click();
  await admin.waitForURL(/\/layouts\/lay_\w+$/);
  await expect.poll(() => admin.getByText(/Saved: 10 seats/).count()).toBeGreaterThan(0);
  await snap(admin, 'organizer', 'seating-saved');
}
/** An event at that venue with a seated and a standing ticket type, published and put on sale. */
async function createEvent(admin: Page) {
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events', exact: true }).click();
  await admin.getByRole('link', { name: 'New event' }).click();
  await admin.getByLabel('Event name').fill('Winter Sessions');
  // Tonight, so its tickets are already valid at the gate (they open some hours before doors).
  await admin.getByLabel('Starts').fill(localInput(2));
  await admin.getByLabel('Ends').fill(localInput(5));
  await snap(admin, 'organizer', 'event-new');
  await admin.getByRole('button', { name: 'Create event' }).click();
  await admin.waitForURL(/\/events\/evt_\w+\/ticket-types$/);
  run.eventId = /events\/(evt_\w+)/.exec(admin.url())![1]!;

  await admin.getByRole('button', { name: 'Add ticket type' }).click();
  await admin.getByLabel('Ticket type name').fill('Standard');
  await admin.getByLabel('Kind').selectOption('seated');
  await admin.getByLabel(/^Price/).fill('250');
  await admin.getByRole('button', { name: 'Add ticket type' }).click();
  await admin.getByText('Saved “Standard”.').waitFor();

  await admin.getByRole('button', { name: 'Add ticket type' }).click();
  await admin.getByLabel('Ticket type name').fill('Standing');
  await admin.getByLabel('Kind').selectOption('ga');
  await admin.getByLabel('Standing area').selectOption({ label: 'Standing (50 places)' });
  await admin.getByLabel(/^Price/).fill('120.50');
  await admin.getByRole('button', { name: 'Add ticket type' }).click();
  await admin.getByText('Saved “Standing”.').waitFor();
  await snap(admin, 'organizer', 'ticket-types');

  await admin.getByRole('link', { name: 'Overview' }).click();
  await admin.getByRole('button', { name: 'Publish' }).click();
  await admin.getByRole('button', { name: 'Put on sale' }).click();
  await admin.getByRole('heading', { name: 'Status: On sale' }).waitFor();
  await snap(admin, 'organizer', 'event-on-sale');
}
/** Two buyers on the event page: one holds and buys two seats; the other sees them turn unavailable, live. */
async function buyAndWatch(dashboard: Page) {
  const { page: buyer } = await newActor(up.browser, up.platform.base, problems, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const { page: watcher } = await newActor(up.browser, up.platform.base, problems);
  pages.push(buyer, watcher);
  for (const page of [buyer, watcher]) {
    await page.goto(`/events/${run.eventId}`);
    await page.getByRole('heading', { name: 'Winter Sessions' }).waitFor();
    await page.getByRole('button', { name: 'Choose from a list' }).click();
  }
  await snap(watcher, 'watcher', 'event');
  const seat = (page: Page, n: number, state: string) => page.getByRole('button', { name: `Row A, seat ${n} — ${state}`, exact: true });
  await seat(watcher, 4, 'available').waitFor();
  await expect.poll(() => watcher.getByRole('img', { name: /Seat map: 10 of 10 seats available/ }).count()).toBe(1);

  await seat(buyer, 4, 'available').click();
  await seat(buyer, 5, 'available').click();
  await snap(buyer, 'buyer', 'seats-picked');
  await buyer.getByRole('button', { name: 'Hold seats' }).click();
  await buyer.getByRole('heading', { name: 'Held for you' }).waitFor();
  await expect(await buyer.getByRole('timer').textContent()).toMatch(/\d{1,2}:\d{2}/);

  // The other buyer's page changes without a reload.
  await seat(watcher, 4, 'unavailable').waitFor({ timeout: 5_000 });
  await seat(watcher, 5, 'unavailable').waitFor({ timeout: 5_000 });
  expect(await seat(watcher, 4, 'unavailable').isDisabled()).toBe(true);
  await expect.poll(() => watcher.getByRole('img', { name: /Seat map: 8 of 10 seats available/ }).count()).toBe(1);
  await snap(watcher, 'watcher', 'seats-taken-live');
  // The same page in Afrikaans, still live.
  await watcher.getByLabel('Language').selectOption({ label: 'Afrikaans' });
  await watcher.getByRole('button', { name: 'Ry A, sitplek 4 — nie beskikbaar nie', exact: true }).waitFor();
  expect(await watcher.locator('html').getAttribute('lang')).toBe('af');
  await snap(watcher, 'watcher', 'afrikaans');
  await watcher.getByLabel('Taal').selectOption({ label: 'English' });
  await dashboard.getByText('Held 2').waitFor();

  await buyer.getByLabel('Full name').fill('Bea Buyer');
  await buyer.getByLabel('Email', { exact: true }).fill('bea.buyer@example.com');
  await snap(buyer, 'buyer', 'checkout');
  await buyer.getByRole('button', { name: 'Continue to payment' }).click();
  await buyer.waitForURL(/\/pay\/test\//);
  await snap(buyer, 'buyer', 'test-payment-page');
  await buyer.getByRole('button', { name: /^Pay / }).click();
  await buyer.waitForURL(/\/orders\/[\w-]+\?paid=1/);
  run.orderUrl = buyer.url();
  await buyer.getByText('Payment received. Thank you! Your tickets are below.').waitFor();
  await expect.poll(() => buyer.getByRole('img', { name: /^QR code for ticket Standard/ }).count()).toBe(2);
  await snap(buyer, 'buyer', 'order-page');
  const pdf = await fetch(new URL((await buyer.getByRole('link', { name: 'Download tickets (PDF)' }).getAttribute('href'))!, up.platform.base));
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');

  // Sold, not held, for everyone.
  await seat(watcher, 4, 'unavailable').waitFor();
  await dashboard.getByText('Sold 2').waitFor();
  await snap(dashboard, 'organizer', 'dashboard-sold');
}
/** The organizer's live dashboard, opened before anything is sold: it must change without a reload. */
async function openDashboard(admin: Page) {
  await admin.goto(`/admin/orgs/${run.orgId}/events/${run.eventId}`);
  await admin.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await admin.waitForURL(/\/dashboard$/);
  await admin.getByText('Live', { exact: true }).waitFor();
  await admin.getByText('Sold 0').waitFor();
  await snap(admin, 'organizer', 'dashboard-before');
}

/** A scanner device is registered; the gate phone signs in with its token and checks the ticket in by camera, then again by hand. */
async function checkIn(admin: Page) {
  const dashboard = admin;
  const organizer = await admin.context().newPage();
  pages.push(organizer);

  // The order in the console: a search that misses finds nothing, one by the buyer's email finds it.
  await organizer.goto(`/admin/orgs/${run.orgId}/orders`);
  await organizer.getByRole('cell', { name: /Bea Buyer/ }).waitFor();
  await organizer.getByLabel('Search', { exact: true }).fill('nobody-bought-this');
  await organizer.getByRole('button', { name: 'Search', exact: true }).click();
  await organizer.getByText('No orders match these filters.').waitFor();
  await organizer.getByLabel('Search', { exact: true }).fill('bea.buyer@example.com');
  await organizer.getByRole('button', { name: 'Search', exact: true }).click();
  await organizer.getByRole('cell', { name: /Bea Buyer/ }).waitFor();
  await snap(organizer, 'organizer', 'orders-search');

  await organizer.goto(`/admin/orgs/${run.orgId}/devices`);
  await organizer.getByRole('button', { name: 'Register device' }).click();
  await organizer.getByLabel('Device name').fill('Gate phone 1');
  await organizer.getByRole('checkbox', { name: 'Winter Sessions' }).check();
  await snap(organizer, 'organizer', 'device-new');
  await organizer.getByRole('button', { name: 'Register device' }).click();
  run.deviceToken = (await organizer.getByTestId('device-token').textContent())!.trim();
  expect(run.deviceToken.length).toBeGreaterThan(20);
  await snap(organizer, 'organizer', 'device-token');

  // The gate phone: its own browser, whose camera shows the first ticket's QR code.
  const order = await apiJson<{ tickets: { qrToken: string }[] }>(`/api/v1/public/orders/${run.orderUrl.split('/orders/')[1]!.split('?')[0]}`);
  const qrToken = order.tickets[0]!.qrToken;
  const video = qrVideo(path.join(mkdtempSync(path.join(tmpdir(), 'voelgoed-camera-')), 'ticket.y4m'), qrToken);
  const phone = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
  try {
    const { page: scan } = await newActor(phone, up.platform.base, problems, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, permissions: ['camera'] });
    pages.push(scan);
    await scan.goto('/scan/');
    await snap(scan, 'scanner', 'sign-in');
    await scan.getByLabel('Device token').fill(run.deviceToken);
    await scan.getByRole('button', { name: 'Sign in' }).click();
    await scan.getByLabel('Event').selectOption({ label: 'Winter Sessions' });
    await scan.getByLabel('Gate').selectOption({ label: 'Main gate' });
    await scan.getByLabel('Operator').fill('Sipho');
    await snap(scan, 'scanner', 'set-up');
    await scan.getByRole('button', { name: 'Start scanning' }).click();
    await scan.getByRole('button', { name: 'Start camera' }).click();
    await scan.getByRole('heading', { name: 'Valid', exact: true }).waitFor({ timeout: 20_000 });
    await snap(scan, 'scanner', 'valid');
    await scan.getByRole('button', { name: 'Tap to continue' }).click();
    await scan.getByRole('button', { name: 'Stop camera' }).click();

    // The same ticket again, typed in (a damaged code): the gate says it is already in.
    await scan.getByLabel('Ticket code').fill(qrToken);
    await scan.getByRole('button', { name: 'Check ticket' }).click();
    await scan.getByRole('heading', { name: 'Already checked in', exact: true }).waitFor();
    await snap(scan, 'scanner', 'duplicate');
  } finally {
    await phone.close();
  }

  await tourConsole(organizer);

  // The dashboard, never reloaded, shows the sale and the check-in at the gate.
  await dashboard.bringToFront();
  await dashboard.getByText('Checked in 1').waitFor();
  await dashboard.getByRole('row', { name: /Main gate\s*1/ }).waitFor();
  await snap(dashboard, 'organizer', 'dashboard-after');
}

/**
 * Reports: the sale by ticket type for the event, 1 order of 2 Standard tickets. The report reads the Postgres copy,
 * which follows the sale by seconds: Refresh until the row is there.
 */
async function salesReport(organizer: Page) {
  await organizer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports', exact: true }).click();
  await organizer.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  await organizer.getByLabel('Group by', { exact: true }).selectOption({ label: 'Ticket type' });
  await organizer.getByLabel('Event', { exact: true }).selectOption({ label: 'Winter Sessions' });
  await organizer.getByRole('button', { name: 'Show report', exact: true }).click();
  // The filters are in the URL (replaced in place, no navigation).
  await expect.poll(() => organizer.url()).toMatch(/\/reports\/?\?groupBy=ticket_type&eventId=evt_\w+$/);
  const row = organizer.getByRole('row', { name: /^Standard\s*1\s*2\b/ });
  await expect
    .poll(
      async () => {
        if (await row.count()) return true;
        await organizer.getByRole('button', { name: 'Refresh', exact: true }).click();
        return false;
      },
      { timeout: 30_000, interval: 1_000 },
    )
    .toBe(true);
  await organizer.getByRole('row', { name: /^Total \(\w{3}\)/ }).waitFor();
  await snap(organizer, 'organizer', 'reports-sales');
}

/**
 * The event's History (read from the Postgres copy, like Reports): the sale in the sales panel and the gate's scans
 * (one admitted, the duplicate refused) per minute; Refresh until the copy has them. Then the funnel: the buyer's
 * storefront visit (page_view beacons, flushed after about a second) and the order (recorded by the server) reach
 * Postgres through the analytics queue's real consumer, with its batching; "Refresh now" recomputes the snapshots, at
 * most every 30 seconds, so it is pressed again after that until the visit is counted.
 */
async function historyScreen(organizer: Page) {
  await organizer.goto(`/admin/orgs/${run.orgId}/events/${run.eventId}/history`);
  await organizer.getByRole('heading', { name: 'History: Winter Sessions', level: 1 }).waitFor();
  await expect
    .poll(
      async () => {
        if ((await organizer.getByText(/1 order, 2 tickets/).count()) && (await organizer.getByText(/^1 admitted, 1 refused/).count())) return true;
        await organizer.getByRole('button', { name: 'Refresh', exact: true }).click();
        return false;
      },
      { timeout: 30_000, interval: 1_000 },
    )
    .toBe(true);
  await organizer.getByRole('heading', { name: 'Occupancy over time' }).waitFor();
  await organizer.getByRole('heading', { name: 'Funnel' }).waitFor();
  await untilVisitCounted(organizer, organizer.locator('section[aria-labelledby="funnel-h"]'));
  await snap(organizer, 'organizer', 'event-history');
}

/** Visitors (or events) of a step in a funnel chart's table (0 while the table is not there). */
async function stepVisitors(panel: Locator, kind: string, column: 'visitors' | 'events' = 'visitors'): Promise<number> {
  const cell = panel.locator(`tr[data-step="${kind}"] td${column === 'events' ? '[data-events]' : ''}`).first();
  if (!(await cell.count())) return 0;
  return Number(((await cell.textContent()) ?? '').replace(/\D/g, '')) || 0;
}

/**
 * The buyer's page view (a visitor) and order in the event funnel. The order is recorded when the payment provider
 * confirms it (a webhook, which knows no visitor id), so it counts in the step's events, not its visitors.
 */
const visitCounted = async (panel: Locator) => (await stepVisitors(panel, 'page_view')) >= 1 && (await stepVisitors(panel, 'order_completed', 'events')) >= 1;

/** Presses the panel's "Refresh now" (never twice within 30 s: that is a 429) until the buyer's visit is counted. */
async function untilVisitCounted(page: Page, panel: Locator, ms = 150_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const button = panel.getByRole('button', { name: 'Refresh now' });
    await button.click();
    await panel.getByRole('button', { name: 'Refresh now' }).waitFor({ timeout: 30_000 });
    await panel.getByText(/^Refreshed: /).waitFor({ timeout: 30_000 });
    const shown = Date.now();
    while (Date.now() - shown < 5_000) {
      if (await visitCounted(panel)) return;
      await page.waitForTimeout(500);
    }
    if (Date.now() + 31_000 > deadline) break;
    await page.waitForTimeout(31_000 - (Date.now() - shown));
  }
  const seen = { pageViews: await stepVisitors(panel, 'page_view'), orders: await stepVisitors(panel, 'order_completed', 'events') };
  expect(seen.pageViews >= 1 && seen.orders >= 1, `the buyer’s visit in the funnel: ${JSON.stringify(seen)}`).toBe(true);
}

/**
 * The Funnels screen: a funnel saved for the event (page view → held tickets: a saved funnel follows visitors, and the
 * order, confirmed by the payment provider, has none) shows the buyer's journey in its conversion.
 */
async function funnelsScreen(organizer: Page) {
  await organizer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Funnels', exact: true }).click();
  await organizer.getByRole('heading', { name: 'Funnels', level: 1 }).waitFor();
  await organizer.getByText('No funnels yet.', { exact: false }).waitFor();
  await organizer.getByRole('button', { name: 'New funnel' }).click();
  await organizer.getByLabel('Name', { exact: true }).fill('Page to hold');
  await organizer.getByLabel('Event', { exact: true }).selectOption({ label: 'Winter Sessions' });
  await organizer.getByLabel('Add a step').selectOption({ label: 'Held tickets' });
  await organizer.getByRole('button', { name: 'Add step' }).click();
  await organizer.getByRole('button', { name: 'Move “Held tickets” up' }).click();
  await organizer.getByRole('button', { name: 'Remove “Completed an order”' }).click();
  await snap(organizer, 'organizer', 'funnel-builder');
  await organizer.getByRole('button', { name: 'Save funnel' }).click();
  const panel = organizer.locator('section[aria-labelledby="conversion-h"]');
  await panel.getByRole('heading', { name: 'Page to hold' }).waitFor();
  await panel.getByText('Viewed the event page → Held tickets', { exact: false }).waitFor();
  await expect.poll(async () => (await stepVisitors(panel, 'page_view')) >= 1 && (await stepVisitors(panel, 'hold_made')) >= 1, { timeout: 15_000, interval: 500 }).toBe(true);
  await snap(organizer, 'organizer', 'funnel-conversion');
}

/**
 * Reports, history, funnels, an export run to a download, and the buyer's email in the mailbox. (Every other console
 * screen is walked at both sizes by test/e2e/organizer-walk.test.ts.)
 */
async function tourConsole(organizer: Page) {
  await salesReport(organizer);
  await historyScreen(organizer);
  await funnelsScreen(organizer);

  await organizer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exports', exact: true }).click();
  await organizer.getByRole('button', { name: 'Request export' }).click();
  const download = organizer.getByRole('link', { name: /Download CSV/ }).first();
  await download.waitFor({ timeout: 30_000 });
  await snap(organizer, 'organizer', 'exports');
  const csv = await fetch(new URL((await download.getAttribute('href'))!, up.platform.base));
  expect(csv.status).toBe(200);
  expect(await csv.text()).toContain('bea.buyer@example.com');

  await organizer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox', exact: true }).click();
  await organizer.getByRole('link', { name: 'Your tickets for Winter Sessions' }).click();
  await organizer.getByText('bea.buyer@example.com').first().waitFor();
  await snap(organizer, 'organizer', 'mailbox-message');
}
