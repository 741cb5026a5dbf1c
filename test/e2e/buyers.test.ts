/**
 * Buyers helping themselves in a real browser (Debian's Chromium via playwright-core) against `npm run dev`
 * (docs/buyers.md). Organizers, events and scanner devices are set up through the API; the buyer is driven in the
 * browser. Each feature is its own `it`.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api } from '../../bench/lib/dev-platform.mjs';
import { signUpOrganizer } from '../../bench/lib/seatmap-scenario.mjs';
import { OfflineScanner, type ManifestPage } from '../../src/shared/offline-scanner';
import { a11yFindings, newActor, snap, platformAndBrowser } from './support/browser';

const problems: string[] = [];

const up = platformAndBrowser();

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
  await page.goto(`/events/${eventId}`);
  await page.getByRole('button', { name: 'Choose from a list' }).click();
  await page.getByRole('button', { name: /Row A, seat 1 — available$/ }).click();
  await page.getByRole('button', { name: /Row A, seat 2 — available$/ }).click();
  await page.getByRole('button', { name: 'Hold seats' }).click();
  await page.getByRole('heading', { name: 'Held for you' }).waitFor();
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await page.waitForURL(/\/pay\/test\//);
  await page.getByRole('button', { name: /^Pay / }).click();
  await page.waitForURL(/\/orders\/[\w-]+\?paid=1/);
  await expect.poll(() => page.getByRole('img', { name: /^QR code for ticket/ }).count(), { timeout: 20_000 }).toBe(2);
  return /\/orders\/([\w-]+)/.exec(page.url())![1]!;
}

describe('buyers help themselves, in a real browser', () => {
  it('a transferred ticket scans valid for the new holder and revoked for the old', { timeout: 180_000 }, async () => {
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
      console.error(up.platform.log().split('\n').filter((l) => /error|warn|notification|queue/i.test(l) && !l.includes('platform/mailbox')).slice(-40).join('\n'));
      await snap(buyer.page, 'buyer', 'transfer-failed').catch(() => undefined);
      await snap(friend.page, 'recipient', 'transfer-failed').catch(() => undefined);
      throw e;
    } finally {
      await buyer.context.close();
      await friend.context.close();
    }
  });
});
