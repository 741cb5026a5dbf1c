/**
 * Buyers help themselves (issue #17, docs/buyers.md) in a real browser (Debian's Chromium via playwright-core) against
 * `npm run dev`. Organizers and sold-out events are set up through the API; the buyer is driven in the browser.
 */
import { describe, expect, it } from 'vitest';
import { api, DEMO } from '../../bench/lib/dev-platform.mjs';
import { signUpOrganizer } from '../../bench/lib/seatmap-scenario.mjs';
import { newActor, snap, platformAndBrowser } from './support/browser';

const problems: string[] = [];

const up = platformAndBrowser();

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
  return { eventId: event.id as string, ticketTypeId: type.id as string, orderId: started.order.id as string };
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

describe('buyers help themselves in a real browser', () => {
  it('a waiting-list buyer gets and claims an offer after a refund', { timeout: 120_000 }, async () => {
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
      await page.getByLabel('Email').fill(email);
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
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Continue to payment' }).click();
      await page.waitForURL(/\/pay\/test\//);
      await page.getByRole('button', { name: /^Pay / }).click();
      await page.waitForURL(/\/orders\/[\w-]+\?paid=1/);
      await page.getByText('Payment received. Thank you! Your tickets are below.').waitFor();
      await expect.poll(() => page.getByRole('img', { name: /^QR code for ticket Lawn/ }).count()).toBe(2);
      await snap(page, 'buyer', 'waitlist-order');
      expect(problems).toEqual([]);
    } catch (e) {
      await snap(page, 'buyer', 'waitlist-failed').catch(() => undefined);
      throw e;
    } finally {
      await context.close();
    }
  });
});
