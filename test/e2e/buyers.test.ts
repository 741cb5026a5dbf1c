/**
 * Buyers help themselves (issue #17), in a real browser against `npm run dev`. Each feature is its own `it`; the
 * organizer is set up through the API where the browser adds nothing, the buyer is driven in the browser.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api, DEMO } from '../../bench/lib/dev-platform.mjs';
import { seatedEventOnSale, signUpOrganizer } from '../../bench/lib/seatmap-scenario.mjs';
import { OfflineScanner, type ManifestPage } from '../../src/shared/offline-scanner';
import { a11yFindings, holdFirstTwoSeats, newActor, platformAndBrowser, snap } from './support/browser';
import { deflateSync } from 'node:zlib';

const up = platformAndBrowser();

async function call(method: string, pathname: string, body?: unknown, token?: string) {
  const res = await fetch(`${up.platform.base}/api/v1${pathname}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: any = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  return { status: res.status, body: json as any };
}

/** A solid-colour RGB PNG made here (no binary fixtures). */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crc32 = (buf: Buffer) => {
    let crc = 0xffffffff;
    for (const b of buf) {
      crc ^= b;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    }
    return (crc ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(rgb, y * (width * 3 + 1) + 1 + x * 3);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A GA event of `capacity` on sale, sold out to one paid order (paid on the test provider's page). */
async function soldOutGaEvent(owner: { org: string; token: string }, capacity: number) {
  const base = up.platform.base;
  const venue = await api(base, 'POST', `/orgs/${owner.org}/venues`, { name: 'Lawn Hall', address: { line1: '1 Lawn Road', city: 'Stellenbosch', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 100 }, owner.token);
  const start = Date.now() + 14 * 86_400_000;
  const event = await api(base, 'POST', `/orgs/${owner.org}/events`, { name: 'Sold Out Night', venueId: venue.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3 * 3_600_000).toISOString() }, owner.token);
  const type = await api(base, 'POST', `/orgs/${owner.org}/events/${event.id}/ticket-types`, { name: 'Lawn', kind: 'ga', capacity, priceMinor: 20_000, maxPerOrder: capacity }, owner.token);
  for (const status of ['published', 'on_sale']) await api(base, 'POST', `/orgs/${owner.org}/events/${event.id}/status`, { status }, owner.token);
  const hold = await api(base, 'POST', `/public/events/${event.id}/holds`, { ticketTypeId: type.id, quantity: capacity, turnstileToken: 'XXXX.DUMMY.TOKEN.XXXX' });
  const started = await api(base, 'POST', `/public/events/${event.id}/checkout`, { holds: [hold.id], buyer: { name: 'First Buyer', email: `first.${Date.now()}@example.com` } });
  const session = new URL(started.payment.redirectUrl).pathname.split('/').pop();
  const paid = await fetch(`${base}/pay/test/${session}/pay`, { method: 'POST', redirect: 'manual' });
  expect(paid.status).toBe(303);
  await expect.poll(async () => (await api(base, 'GET', `/public/orders/${started.accessToken}`)).status, { timeout: 20_000 }).toBe('paid');
  return { eventId: event.id as string, ticketTypeId: type.id as string, orderId: started.order.id as string, accessToken: started.accessToken as string };
}

/** The newest email to `to` whose text matches `pattern`, read from the dev mailbox as the demo owner (who sees its links). */
async function mailLink(to: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const base = up.platform.base;
  const { token } = await api(base, 'POST', '/auth/login', { email: DEMO.email, password: DEMO.password });
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const page = await api(base, 'GET', `/platform/mailbox?to=${encodeURIComponent(to)}`, undefined, token);
    const link = (page.items ?? []).map((m: { text: string }) => pattern.exec(m.text)?.[0]).find(Boolean);
    if (link) return link;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no email to ${to} matching ${pattern}`);
}

/** A seated event starting in three hours (so its tickets scan now, and transfers are open until two hours from now). */
async function seatedEventToday(owner: { org: string; token: string }, name: string) {
  const base = up.platform.base;
  const place = await api(base, 'POST', `/orgs/${owner.org}/venues`, { name: `${name} Hall`, address: { line1: '1 Loop Street', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 12 }, owner.token);
  const layout = await api(base, 'POST', `/orgs/${owner.org}/venues/${place.id}/layouts/generate`, { name, sections: 1, rowsPerSection: 2, seatsPerRow: 6, curved: false }, owner.token);
  const start = Date.now() + 3 * 3_600_000;
  const event = await api(base, 'POST', `/orgs/${owner.org}/events`, { name, venueId: place.id, layoutId: layout.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3 * 3_600_000).toISOString() }, owner.token);
  await api(base, 'POST', `/orgs/${owner.org}/events/${event.id}/ticket-types`, { name: 'Seat', kind: 'seated', categories: layout.categories.map((c: { key: string }) => c.key), priceMinor: 25_000, maxPerOrder: 10 }, owner.token);
  for (const status of ['published', 'on_sale']) await api(base, 'POST', `/orgs/${owner.org}/events/${event.id}/status`, { status }, owner.token);
  return event.id as string;
}

/** A link the platform emailed to `email` on the organization's behalf, read from its dev mailbox (as its owner). */
async function mailedLink(owner: { org: string; token: string }, email: string, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < until) {
    const page = await api(up.platform.base, 'GET', `/orgs/${owner.org}/mailbox?to=${encodeURIComponent(email)}`, undefined, owner.token);
    seen = JSON.stringify((page.items ?? []).map((m: { recipient: string; subject: string; text: string }) => [m.recipient, m.subject, m.text.slice(0, 400)]));
    const link = (page.items ?? []).map((m: { text: string }) => pattern.exec(m.text)?.[0]).find(Boolean);
    if (link) return link;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no link like ${pattern} emailed to ${email}; the mailbox shows ${seen}`);
}

/** The scanner app's offline logic (src/shared/offline-scanner.ts) run from Node, synced from the device manifest. */
async function sync(scanner: OfflineScanner, deviceToken: string, eventId: string) {
  let cursor = scanner.cursor;
  for (;;) {
    const page = (await api(up.platform.base, 'GET', `/device/events/${eventId}/manifest${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, undefined, deviceToken)) as ManifestPage;
    scanner.apply(page);
    cursor = page.cursor;
    if (!page.hasMore) return;
  }
}

let nonce = 0;
const scanOnline = async (deviceToken: string, eventId: string, token: string) =>
  ((await api(up.platform.base, 'POST', '/device/scan', { eventId, token, nonce: `e2e-transfer-${Date.now()}-${++nonce}` }, deviceToken)) as { result: string }).result;

async function buySeats(page: Page, eventId: string, name: string, email: string) {
  await holdFirstTwoSeats(page, eventId);
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await page.waitForURL(/\/pay\/test\//);
  await page.getByRole('button', { name: /^Pay / }).click();
  await page.waitForURL(/\/orders\/[\w-]+\?paid=1/);
  await expect.poll(() => page.getByRole('img', { name: /^QR code for ticket/ }).count(), { timeout: 20_000 }).toBe(2);
  return /\/orders\/([\w-]+)/.exec(page.url())![1]!;
}

describe('buyers help themselves, in a real browser', () => {
  it("branding: the buyer's event page shows the organizer's logo, colours and contact details", { timeout: 240_000 }, async () => {
    const login = await call('POST', '/auth/login', { email: DEMO.email, password: DEMO.password });
    expect(login.status).toBe(200);
    const { orgId, eventId } = up.platform.demo;
    const saved = await call('PATCH', `/orgs/${orgId}/branding`, { primaryColor: '#7a1f5c', accentColor: '#f2a900', contactEmail: 'hello@demo.example', website: 'https://demo.example' }, login.body.token);
    expect(saved.status).toBe(200);
    const logo = await call('PUT', `/orgs/${orgId}/branding/logo`, { data: png(240, 72, [122, 31, 92]).toString('base64') }, login.body.token);
    expect(logo.status).toBe(200);

    const problems: string[] = [];
    const { context, page } = await newActor(up.browser, up.platform.base, problems, { viewport: { width: 390, height: 844 } });
    // The event page keeps an organization's branding 30 s per isolate: wait for this edit to show.
    await expect.poll(async () => (await call('GET', `/public/events/${eventId}`)).body?.branding?.logo?.url, { timeout: 40_000, interval: 2_000 }).toBe(logo.body.logo.url);
    await page.goto(`/events/${eventId}`);
    const img = page.locator('.org-brand img.org-logo');
    await img.waitFor();
    expect(await img.getAttribute('src')).toBe(logo.body.logo.url);
    expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(240);
    expect(await page.locator('.org-contact a[href="mailto:hello@demo.example"]').count()).toBe(1);
    // The top bar wears the brand colour with its derived (white) text.
    const bar = await page.locator('.store-header').evaluate((el) => {
      const s = (globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string; color: string } }).getComputedStyle(el);
      return [s.backgroundColor, s.color];
    });
    expect(bar).toEqual(['rgb(122, 31, 92)', 'rgb(255, 255, 255)']);
    const before = a11yFindings.length;
    await snap(page, 'buyer', 'branded-event-page');
    expect(a11yFindings.slice(before)).toEqual([]);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('requests a refund from the order page: sees what the policy gives back, confirms, and sees it refunded', { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    const owner = await signUpOrganizer(up.platform.base, 'Refund Events');
    const { eventId } = await seatedEventOnSale(up.platform.base, owner, { name: 'Refund Night', venue: 'Refund Hall', sections: 1, rowsPerSection: 2, seatsPerRow: 8 });
    // Automatic refunds until 7 days before (the event is 14 days away), keeping 10 % per ticket.
    await api(up.platform.base, 'PUT', `/orgs/${owner.org}/events/${eventId}/refund-policy`, { mode: 'until_days_before', daysBefore: 7, feeBasisPoints: 1000 }, owner.token);

    const { context, page } = await newActor(up.browser, up.platform.base, problems, { timezoneId: 'Africa/Johannesburg' });
    try {
      await page.goto(`/events/${eventId}`);
      await page.getByRole('heading', { name: 'Refund Night' }).waitFor();
      await page.getByRole('button', { name: 'Choose from a list' }).click();
      await page.getByRole('button', { name: /Row A, seat 3 — available$/ }).click();
      await page.getByRole('button', { name: /Row A, seat 4 — available$/ }).click();
      await page.getByRole('button', { name: 'Hold seats' }).click();
      await page.getByRole('heading', { name: 'Held for you' }).waitFor();
      await page.getByLabel('Full name').fill('Refund Buyer');
      await page.getByLabel('Email', { exact: true }).fill('refund.buyer@example.com');
      await page.getByRole('button', { name: 'Continue to payment' }).click();
      await page.waitForURL(/\/pay\/test\//);
      await page.getByRole('button', { name: /^Pay / }).click();
      await page.waitForURL(/\/orders\/[\w-]+\?paid=1/);
      await page.getByText('Payment received. Thank you! Your tickets are below.').waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByRole('img', { name: /^QR code for ticket Seat/ }).count(), { timeout: 20_000 }).toBe(2);

      // The policy and, before confirming, what comes back for the one ticket chosen.
      await page.getByRole('heading', { name: 'Refunds' }).waitFor();
      await page.getByText(/You can get a refund straight away until/).waitFor();
      await page.getByRole('button', { name: 'Request a refund' }).click();
      const boxes = page.getByRole('group', { name: 'Which tickets?' }).getByRole('checkbox');
      expect(await boxes.count()).toBe(2);
      await boxes.nth(1).uncheck();
      const summary = page.getByRole('status').filter({ hasText: 'You get back' });
      // One R 450 seat (no booking fee on this platform's default): 10 % kept.
      expect(((await summary.textContent()) ?? '').replace(/\s/g, ' ')).toContain('You get back ZAR 405.00 (a fee of ZAR 45.00 is kept)');
      await snap(page, 'buyer', 'refund-quote');
      await page.getByRole('button', { name: 'Refund these tickets' }).click();
      const requests = page.locator('.refund-requests');
      await requests.getByText('Refunded', { exact: true }).waitFor({ timeout: 20_000 });
      expect(((await requests.textContent()) ?? '').replace(/\s/g, ' ')).toContain('ZAR 405.00 refunded');
      await expect.poll(() => page.getByRole('img', { name: /^QR code for ticket Seat/ }).count(), { timeout: 20_000 }).toBe(1);
      await snap(page, 'buyer', 'refund-done');
      // In Afrikaans too.
      await page.getByLabel('Language').selectOption('af');
      await page.getByRole('heading', { name: 'Terugbetalings' }).waitFor();
      await requests.getByText('Terugbetaal', { exact: true }).waitFor();
      await snap(page, 'buyer', 'refund-done-af');
      expect(problems).toEqual([]);
      expect(a11yFindings).toEqual([]);
    } catch (e) {
      await snap(page, 'buyer', 'refund-failed').catch(() => undefined);
      throw e;
    } finally {
      await context.close();
    }
  });

  it("the order page on a phone offers everything the buyer may do: tickets, receipt, calendar, channels, refund, transfer, waiting list", { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    const base = up.platform.base;
    const owner = await signUpOrganizer(base, 'Order Page Events');
    // Sold out to this one order, so the order page also offers the waiting list for more.
    const { accessToken } = await soldOutGaEvent(owner, 2);
    const { context, page } = await newActor(up.browser, base, problems, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, timezoneId: 'Africa/Johannesburg' });
    try {
      await page.goto(`/orders/${accessToken}`);
      await expect.poll(() => page.getByRole('img', { name: /^QR code for ticket Lawn/ }).count(), { timeout: 20_000 }).toBe(2);
      await page.getByRole('link', { name: 'Download tickets (PDF)' }).waitFor();
      await page.getByRole('link', { name: 'Receipt (PDF)' }).waitFor();
      await page.getByRole('button', { name: 'Add to calendar' }).waitFor();
      await page.getByRole('heading', { name: 'SMS and WhatsApp' }).waitFor();
      await page.getByRole('heading', { name: 'Refunds' }).waitFor();
      await page.getByRole('button', { name: 'Request a refund' }).waitFor();
      expect(await page.getByRole('button', { name: /^Transfer / }).count()).toBe(2);
      await page.getByRole('heading', { name: 'Join the waiting list' }).waitFor();
      // The buyer is known: the waiting list form is filled in with their email.
      expect(await page.getByLabel('Email', { exact: true }).inputValue()).toMatch(/^first\.\d+@example\.com$/);
      // Nothing wider than the phone: no sideways scrolling.
      const overflow = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number }; querySelectorAll: (s: string) => ArrayLike<{ getBoundingClientRect: () => { right: number }; tagName: string; className: string; textContent: string | null }> } }).document;
        const wide = Array.from(doc.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().right > 390.5)
          .map((el) => `${el.tagName.toLowerCase()}.${String(el.className)} "${(el.textContent ?? '').trim().slice(0, 30)}" → ${Math.round(el.getBoundingClientRect().right)}`);
        return { width: doc.documentElement.scrollWidth, wide: wide.slice(0, 8) };
      });
      expect(overflow.width, overflow.wide.join('\n')).toBeLessThanOrEqual(390);
      const before = a11yFindings.length;
      await snap(page, 'buyer', 'order-page-phone');
      expect(a11yFindings.slice(before)).toEqual([]);
      expect(problems).toEqual([]);
    } catch (e) {
      await snap(page, 'buyer', 'order-page-phone-failed').catch(() => undefined);
      throw e;
    } finally {
      await context.close();
    }
  });

  it('a waiting-list buyer gets and claims an offer after a refund', { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    const base = up.platform.base;
    const owner = await signUpOrganizer(base, 'Waiting List Events');
    const { eventId, ticketTypeId, orderId } = await soldOutGaEvent(owner, 2);
    const email = `waiter.${Date.now()}@example.com`;

    const { context, page } = await newActor(up.browser, base, problems, { timezoneId: 'Africa/Johannesburg' });
    try {
      // The sold-out event offers its waiting list: the buyer joins for two places together.
      await page.goto(`/events/${eventId}`);
      await page.getByRole('heading', { name: 'Sold Out Night' }).waitFor();
      await page.getByRole('heading', { name: 'Join the waiting list' }).waitFor();
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Name', { exact: true }).fill('Wag Wagter');
      await page.getByLabel('Places together').fill('2');
      await snap(page, 'buyer', 'waitlist-join');
      await page.getByRole('button', { name: 'Join the waiting list' }).click();
      await page.getByText('You’re on the waiting list for 2 places: number 1 in line.').waitFor();

      // The organizer refunds the order: both places come back and are held for the buyer, who is emailed the offer.
      const sold = await api(base, 'GET', `/orgs/${owner.org}/orders/${orderId}`, undefined, owner.token);
      await api(base, 'POST', `/orgs/${owner.org}/orders/${orderId}/refunds`, { reason: 'Cannot come', ticketIds: sold.tickets.map((t: { id: string }) => t.id) }, owner.token);
      const claim = await mailLink(email, /https?:\/\/\S+\/waitlist\/wle_\w+\?hold=[\w-]+&signature=[\w-]+/);
      const list = await api(base, 'GET', `/orgs/${owner.org}/events/${eventId}/waitlist`, undefined, owner.token);
      expect(list.items).toMatchObject([{ email, quantity: 2, status: 'offered', position: 1 }]);
      // Nobody else can take them meanwhile.
      const snipe = await fetch(`${base}/api/v1/public/events/${eventId}/holds`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ticketTypeId, quantity: 1, turnstileToken: 'XXXX.DUMMY.TOKEN.XXXX' }) });
      expect(snipe.status).toBe(409);

      // The claim link shows the held places with a countdown and goes to the normal checkout.
      const url = new URL(claim);
      await page.goto(`${url.pathname}${url.search}`);
      await page.getByRole('heading', { name: 'Places held for you' }).waitFor();
      expect(await page.locator('[role="timer"] strong').textContent()).toMatch(/^\d{1,2}:\d{2}$/);
      await snap(page, 'buyer', 'waitlist-offer');
      await page.getByRole('button', { name: 'Buy now' }).click();
      await page.getByRole('heading', { name: 'Held for you' }).waitFor();
      await page.getByLabel('Full name').fill('Wag Wagter');
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByRole('button', { name: 'Continue to payment' }).click();
      await page.waitForURL(/\/pay\/test\//);
      await page.getByRole('button', { name: /^Pay / }).click();
      await page.waitForURL(/\/orders\/[\w-]+\?paid=1/);
      await page.getByText('Payment received. Thank you! Your tickets are below.').waitFor();
      await expect.poll(() => page.getByRole('img', { name: /^QR code for ticket Lawn/ }).count()).toBe(2);
      await snap(page, 'buyer', 'waitlist-order');
      expect(problems).toEqual([]);
      expect(a11yFindings.filter((f) => f.startsWith('buyer/waitlist'))).toEqual([]);
    } catch (e) {
      await snap(page, 'buyer', 'waitlist-failed').catch(() => undefined);
      throw e;
    } finally {
      await context.close();
    }
  });

  it('a transferred ticket scans valid for the new holder and revoked for the old', { timeout: 180_000 }, async () => {
    const problems: string[] = [];
    const base = up.platform.base;
    const owner = await signUpOrganizer(base, 'Transfer Events');
    const eventId = await seatedEventToday(owner, 'Transfer Night');
    const device = await api(base, 'POST', `/orgs/${owner.org}/devices`, { name: 'Gate phone', eventIds: [eventId] }, owner.token);

    const buyer = await newActor(up.browser, base, problems, { timezoneId: 'Africa/Johannesburg' });
    const friend = await newActor(up.browser, base, problems, { timezoneId: 'Africa/Johannesburg' });
    try {
      const accessToken = await buySeats(buyer.page, eventId, 'Thandi Buyer', `thandi.${Date.now()}@example.com`);
      const before = await api(base, 'GET', `/public/orders/${accessToken}`);
      const [given, kept] = before.tickets as { id: string; qrToken: string }[];

      // A gate phone syncs its manifest (it knows the ticket at secret version 1), then works offline.
      const scanner = new OfflineScanner({ gateId: null });
      await sync(scanner, device.token, eventId);
      expect(scanner.ticketCount).toBe(2);

      // The buyer transfers the first ticket from the order page.
      const page = buyer.page;
      await page.getByRole('button', { name: /^Transfer Ticket 1 of 2/ }).click();
      await page.getByLabel('Their full name').fill('Nomsa Dlamini');
      const friendEmail = `nomsa.${Date.now()}@example.com`;
      await page.getByLabel('Their email address').fill(friendEmail);
      await page.getByLabel('Their phone number (optional)').fill('+27 82 555 0101');
      await snap(page, 'buyer', 'transfer-form');
      await page.getByRole('button', { name: 'Transfer ticket', exact: true }).click();
      await page.getByText('Transferred to Nomsa Dlamini. We emailed them the ticket.').waitFor();
      await page.getByText(/^Transferred to Nomsa Dlamini \(/).waitFor();
      await expect.poll(() => page.getByRole('img', { name: /^QR code for ticket/ }).count()).toBe(1);
      await snap(page, 'buyer', 'ticket-transferred');

      // The recipient opens the link from their email: that ticket, with a new QR code.
      const link = await mailedLink(owner, friendEmail, /https?:\/\/\S+\/tickets\/[A-Za-z0-9_-]{43}/);
      await friend.page.goto(new URL(link).pathname);
      await friend.page.getByRole('heading', { name: /Your ticket/ }).waitFor();
      await friend.page.getByRole('img', { name: /^QR code for ticket/ }).waitFor();
      await friend.page.getByRole('link', { name: 'Download ticket (PDF)' }).waitFor();
      await snap(friend.page, 'recipient', 'ticket-page');
      const held = await api(base, 'GET', `/public/tickets/${new URL(link).pathname.split('/').pop()}`);
      expect(held.id).toBe(given!.id);
      const newToken = held.qrToken as string;
      expect(newToken).not.toBe(given!.qrToken);

      // Offline (driven from Node with the scanner app's own logic): after its next sync the phone refuses the old QR.
      await sync(scanner, device.token, eventId);
      expect((await scanner.scan(given!.qrToken)).result).toBe('revoked');
      expect((await scanner.scan(newToken)).result).toBe('valid');
      // Online, as a device: the same.
      expect(await scanOnline(device.token, eventId, given!.qrToken)).toBe('revoked');
      expect(await scanOnline(device.token, eventId, newToken)).toBe('valid');
      expect(await scanOnline(device.token, eventId, kept!.qrToken)).toBe('valid');

      expect(problems).toEqual([]);
      expect(a11yFindings).toEqual([]);
    } catch (e) {
      await snap(buyer.page, 'buyer', 'transfer-failed').catch(() => undefined);
      await snap(friend.page, 'recipient', 'transfer-failed').catch(() => undefined);
      throw e;
    } finally {
      await buyer.context.close();
      await friend.context.close();
    }
  });
});
