/**
 * The organizer's walk (issue #18): one organization set up through the API (a venue with gates and a small seated
 * plan, an event on sale with ticket types and paid orders, a refund request, a scanner device, a webhook, a coupon,
 * an API key), then every screen of the admin console looked at at a phone's and a desktop's size — and a fresh
 * organization's empty screens, and the sign-in screens. Each screen is snapped and checked by axe (`look`); at the
 * end no screen scrolls sideways — on a phone no table inside one either (reports, settlement, availability,
 * history, the dashboard, the audit log, webhook attempts, the seating builder's rows: they read as cards) — axe
 * finds nothing above minor, and the console logged no errors.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api } from '../../bench/lib/dev-platform.mjs';
import { signUpOrganizer } from '../../bench/lib/seatmap-scenario.mjs';
import { a11yFindings, newActor, platformAndBrowser } from './support/browser';
import { inViewport, layoutFindings, look, SIZES, type SizeName } from './support/tour';

const up = platformAndBrowser();
const problems: string[] = [];
const PASSWORD = 'a-long-enough-password';

type World = { email: string; org: string; fresh: string; eventId: string; venueId: string; layoutId: string; orderId: string; couponId: string; deviceId: string; webhookId: string };

/** A GA order of `quantity` paid on the test provider's page; its id and access token. */
async function paidOrder(eventId: string, ticketTypeId: string, quantity: number, name: string) {
  const base = up.platform.base;
  const hold = await api(base, 'POST', `/public/events/${eventId}/holds`, { ticketTypeId, quantity, turnstileToken: 'XXXX.DUMMY.TOKEN.XXXX' });
  const started = await api(base, 'POST', `/public/events/${eventId}/checkout`, { holds: [hold.id], buyer: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.com` } });
  const session = new URL(started.payment.redirectUrl).pathname.split('/').pop();
  const paid = await fetch(`${base}/pay/test/${session}/pay`, { method: 'POST', redirect: 'manual' });
  expect(paid.status).toBe(303);
  await expect.poll(async () => (await api(base, 'GET', `/public/orders/${started.accessToken}`)).status, { timeout: 20_000 }).toBe('paid');
  return { orderId: started.order.id as string, accessToken: started.accessToken as string };
}

/** Everything an organizer a few weeks in would have, set up through the API. */
async function setUp(): Promise<World> {
  const base = up.platform.base;
  const owner = await signUpOrganizer(base, 'Walk Events');
  const { org, token } = owner;
  const me = await api(base, 'GET', '/me', undefined, token);
  const venue = await api(base, 'POST', `/orgs/${org}/venues`, { name: 'Oude Libertas', address: { line1: 'Adam Tas Road', city: 'Stellenbosch', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 200 }, token);
  const gate = await api(base, 'POST', `/orgs/${org}/venues/${venue.id}/gates`, { name: 'North gate' }, token);
  await api(base, 'POST', `/orgs/${org}/venues/${venue.id}/gates`, { name: 'South gate' }, token);
  const layout = await api(base, 'POST', `/orgs/${org}/venues/${venue.id}/layouts/generate`, { name: 'Amphitheatre', sections: 2, rowsPerSection: 3, seatsPerRow: 8, curved: true }, token);
  const start = Date.now() + 14 * 86_400_000;
  const event = await api(base, 'POST', `/orgs/${org}/events`, { name: 'Summer Sunset Concert', venueId: venue.id, layoutId: layout.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3 * 3_600_000).toISOString() }, token);
  await api(base, 'POST', `/orgs/${org}/events/${event.id}/ticket-types`, { name: 'Reserved seat', kind: 'seated', categories: layout.categories.map((c: { key: string }) => c.key), priceMinor: 35_000, maxPerOrder: 10 }, token);
  const lawn = await api(base, 'POST', `/orgs/${org}/events/${event.id}/ticket-types`, { name: 'Lawn', kind: 'ga', capacity: 100, priceMinor: 18_000, maxPerOrder: 10 }, token);
  await api(base, 'POST', `/orgs/${org}/events/${event.id}/pricing-rules`, { kind: 'early_bird', name: 'Early bird lawn', ticketTypeId: lawn.id, endsAt: new Date(start - 7 * 86_400_000).toISOString(), unitPriceMinor: 15_000 }, token);
  // No automatic refunds while the second buyer asks for one, so the request waits for the organizer.
  await api(base, 'PUT', `/orgs/${org}/events/${event.id}/refund-policy`, { mode: 'none', daysBefore: 0, feeBasisPoints: 0, feeFixedMinor: 0, refundBookingFee: false }, token);
  for (const status of ['published', 'on_sale']) await api(base, 'POST', `/orgs/${org}/events/${event.id}/status`, { status }, token);
  // Before the orders: their order.paid deliveries (to a port nobody listens on) show on the webhook's page with their attempts.
  const webhook = await api(base, 'POST', `/orgs/${org}/webhooks`, { url: 'http://127.0.0.1:9/hooks/tickets', eventTypes: ['order.paid', 'order.refunded'], description: 'Box office sync' }, token);
  const first = await paidOrder(event.id, lawn.id, 2, 'Thandi Mokoena');
  const second = await paidOrder(event.id, lawn.id, 1, 'Pieter van der Merwe');
  await api(base, 'POST', `/public/orders/${second.accessToken}/refund-requests`, { reason: 'Cannot make it any more' });
  await api(base, 'PUT', `/orgs/${org}/events/${event.id}/refund-policy`, { mode: 'until_days_before', daysBefore: 2, feeBasisPoints: 500, feeFixedMinor: 0, refundBookingFee: false }, token);
  const device = await api(base, 'POST', `/orgs/${org}/devices`, { name: 'North gate phone', eventIds: [event.id], gateId: gate.id }, token);
  const coupon = await api(base, 'POST', `/orgs/${org}/coupons`, { code: 'SUNSET10', kind: 'percent', percentBps: 1000, eventId: event.id, maxRedemptions: 50 }, token);
  await api(base, 'POST', `/orgs/${org}/api-keys`, { name: 'Box office sync', scopes: ['events.read', 'orders.read'] }, token);
  // A second, empty organization of the same owner: what a first-time organizer sees on each screen.
  const fresh = await api(base, 'POST', '/orgs', { name: 'Fresh Start Events', currency: 'ZAR', timezone: 'Africa/Johannesburg', locale: 'en' }, token);
  return { email: me.user.email, org, fresh: fresh.id, eventId: event.id, venueId: venue.id, layoutId: layout.id, orderId: first.orderId, couponId: coupon.id, deviceId: device.id, webhookId: webhook.id };
}

/** Opens a console path in the app (client-side, as a click on a link would) and waits for it to finish loading. */
async function open(page: Page, path: string) {
  await page.evaluate((p) => {
    // Runs in the page; this file is typed for Node, hence the page's globals through globalThis.
    const w = globalThis as unknown as { history: { pushState: (s: null, t: string, u: string) => void }; dispatchEvent: (e: unknown) => void; PopStateEvent: new (type: string) => unknown };
    w.history.pushState(null, '', p);
    w.dispatchEvent(new w.PopStateEvent('popstate'));
  }, path);
  await settle(page);
}

/** API calls in flight per page (live streams left out: they stay open). */
const inFlight = new WeakMap<Page, Set<unknown>>();
function trackRequests(page: Page) {
  const pending = new Set<unknown>();
  inFlight.set(page, pending);
  const isCall = (r: { resourceType(): string; url(): string }) => ['fetch', 'xhr'].includes(r.resourceType()) && !/\/(stream|live|events\/stream)\b|text\/event-stream/.test(r.url());
  page.on('request', (r) => isCall(r) && pending.add(r));
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('requestfailed', (r) => pending.delete(r));
}

/** The screen has its heading, nothing says it is loading, and no API call is still on its way. */
async function settle(page: Page) {
  await page.locator('h1').first().waitFor();
  await expect.poll(async () => (await page.locator('.loading, [aria-busy="true"]').count()) + (inFlight.get(page)?.size ?? 0), { timeout: 15_000, interval: 50 }).toBe(0);
}

/** Screens of the organization with data: [name, path under /admin/orgs/{org}, doc shot at this size]. */
function screens(w: World): [string, string, SizeName?][] {
  const ev = `/events/${w.eventId}`;
  return [
    ['events', '/events', 'desktop'],
    ['event-new', '/events/new'],
    ['event-overview', ev],
    ['ticket-types', `${ev}/ticket-types`],
    ['pricing-rules', `${ev}/pricing`],
    ['availability', `${ev}/availability`],
    ['seat-map', `${ev}/seat-map`],
    ['waiting-room', `${ev}/waiting-room`],
    ['refund-policy', `${ev}/refunds`],
    ['waiting-list', `${ev}/waiting-list`],
    ['transfer-policy', `${ev}/transfers`],
    ['scans', `${ev}/scans`],
    ['settlement', `${ev}/settlement`],
    ['dashboard', `${ev}/dashboard`, 'desktop'],
    ['history', `${ev}/history`],
    ['orders', '/orders'],
    ['order', `/orders/${w.orderId}`, 'phone'],
    ['refund-requests', '/orders/refund-requests'],
    ['venues', '/venues'],
    ['venue-new', '/venues/new'],
    ['venue', `/venues/${w.venueId}`],
    ['seating-builder', `/venues/${w.venueId}/layouts/${w.layoutId}`, 'desktop'],
    ['coupons', '/coupons'],
    ['coupon-new', '/coupons/new'],
    ['coupon', `/coupons/${w.couponId}`],
    ['team', '/team'],
    ['devices', '/devices'],
    ['device', `/devices/${w.deviceId}`],
    ['webhooks', '/webhooks'],
    ['webhook', `/webhooks/${w.webhookId}`],
    ['api-keys', '/api-keys'],
    ['api-requests', '/api-requests'],
    ['exports', '/exports'],
    ['reports', '/reports'],
    ['funnels', '/funnels'],
    ['settings', '/settings'],
    ['audit', '/audit'],
    ['mailbox', '/mailbox'],
    ['phone-outbox', '/phone-outbox'],
  ];
}

/** A fresh organization's screens that would list things: their empty states. */
const EMPTY = ['/events', '/orders', '/orders/refund-requests', '/venues', '/coupons', '/devices', '/webhooks', '/api-keys', '/exports', '/reports', '/funnels', '/mailbox', '/phone-outbox'];

async function walk(w: World, size: SizeName) {
  const { context, page } = await newActor(up.browser, up.platform.base, problems, { viewport: SIZES[size], timezoneId: 'Africa/Johannesburg' });
  trackRequests(page);
  try {
    // Signed out: the sign-in screens.
    await page.goto('/admin/forgot-password');
    await settle(page);
    await look(page, 'organizer', 'forgot-password', size);
    await page.goto('/reset-password#token=not-a-real-token');
    await settle(page);
    // An old link: the refusal shows, with a way on (ask for a new link).
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByRole('link', { name: 'Ask for a new one' }).waitFor();
    await look(page, 'organizer', 'reset-password-refused', size);
    await page.goto('/admin/signup');
    await settle(page);
    await look(page, 'organizer', 'signup', size);
    // After a new password is set, the sign-in screen says so.
    await page.goto('/admin/login?password-reset');
    await settle(page);
    await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
    await look(page, 'organizer', 'login', size);
    await page.getByLabel('Email').fill(w.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/orgs\/org_\w+\/events/);
    await settle(page);
    if (size === 'phone') {
      // The menu folds away on a phone: open, it lists every area without pushing the page sideways.
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).waitFor();
      await look(page, 'organizer', 'menu-open', size);
      await page.getByRole('button', { name: 'Menu' }).click();
    }

    for (const [screen, path, doc] of screens(w)) {
      await open(page, `/admin/orgs/${w.org}${path}`);
      if (screen === 'seating-builder') {
        const plan = page.locator('svg.stage');
        await plan.waitFor();
        if (size === 'desktop') expect.soft(await inViewport(plan), 'the whole plan is in view at 1280×900 on load').toBe(true);
        // On a phone, a section opened: its rows list (with each row's buttons) is checked too.
        if (size === 'phone') await page.locator('ul.sections button[aria-pressed]').first().click();
      }
      // On a phone no table scrolls sideways inside its box either (its rows read as cards); folded details are opened for that.
      await look(page, 'organizer', screen, size, { doc: doc === size, inside: size === 'phone' });
      if (screen === 'settings' && size === 'desktop') await leavingUnsavedAsks(page);
      // Ticket types by name (or a placeholder while they load), never by id.
      if (['order', 'availability', 'dashboard', 'pricing-rules'].includes(screen)) expect.soft(await page.locator('body').innerText(), `${screen}@${size}`).not.toMatch(/\btty_\w/);
    }
    for (const path of EMPTY) {
      await open(page, `/admin/orgs/${w.fresh}${path}`);
      await look(page, 'organizer', `empty-${path.slice(1).replace(/\//g, '-')}`, size, { inside: size === 'phone' });
    }
  } finally {
    await context.close();
  }
}

/** A changed, unsaved field: a link in the menu asks first, and "stay" keeps the screen and what was typed; saved or put back, nothing asks. */
async function leavingUnsavedAsks(page: Page) {
  const name = page.getByRole('textbox', { name: 'Organization name', exact: true });
  const before = await name.inputValue();
  await name.fill(`${before} (draft)`);
  const asked = new Promise<string>((resolve) => page.once('dialog', (d) => (resolve(d.message()), void d.dismiss())));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  expect(await asked).toContain('not saved');
  expect(page.url()).toMatch(/\/settings$/);
  expect(await name.inputValue()).toBe(`${before} (draft)`);
  await name.fill(before);
}

describe("the organizer's console, every screen at a phone's and a desktop's size", () => {
  it('walks every screen', { timeout: 240_000 }, async () => {
    const w = await setUp();
    // One context per size, one after the other (the machine is small).
    await walk(w, 'desktop');
    await walk(w, 'phone');
    expect(layoutFindings).toEqual([]);
    expect(a11yFindings).toEqual([]);
    expect(problems).toEqual([]);
  });
});
