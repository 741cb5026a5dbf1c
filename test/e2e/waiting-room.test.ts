/**
 * A buyer passes through the waiting room in a real browser (Debian's Chromium via playwright-core) against
 * `npm run dev` (docs/waiting-room.md): an organizer made through the API puts a small seated event on sale and turns
 * its room on with room for one shopper at a time; someone else joins first and takes that slot, so the buyer's page
 * shows the queue with their place; the organizer lets more in and the page (polling on its own) admits the buyer; the
 * hold carries the `Admission` header and the admission's time left shows; checkout, the test provider's payment page
 * and the order page follow. Without an admission the API refuses a hold (403 `admission_required`).
 */
import { describe, expect, it } from 'vitest';
import { api } from '../../bench/lib/dev-platform.mjs';
import { seatedEventOnSale, signUpOrganizer } from '../../bench/lib/seatmap-scenario.mjs';
import { a11yFindings, newActor, snap, platformAndBrowser } from './support/browser';
import { DESKTOP, PHONE, layoutFindings, look } from './support/tour';

const problems: string[] = [];

const up = platformAndBrowser();

/** A public call whose refusal is the point (dev-platform's api() throws on any status from 300 up). */
async function publicCall(method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${up.platform.base}/api/v1${pathname}`, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

describe('a buyer through the waiting room in a real browser', () => {
  it('queues, is admitted, holds with the admission, pays and sees the order', { timeout: 90_000 }, async () => {
    const owner = await signUpOrganizer(up.platform.base, 'Queue Events');
    const { eventId, ticketTypeId } = await seatedEventOnSale(up.platform.base, owner, { name: 'Queue Night', venue: 'Queue Hall', sections: 1, rowsPerSection: 2, seatsPerRow: 8 });
    const roomPath = `/orgs/${owner.org}/events/${eventId}/waiting-room`;
    // Auto rate (what the inventory absorbs), but one shopper at a time: whoever holds the slot keeps the next waiting.
    const room = { enabled: true, ratePerMinute: null, maxActive: 1, sessionMinutes: 10, maxSeatsPerBuyer: 4 };
    await api(up.platform.base, 'PUT', roomPath, room, owner.token);

    // The API refuses a hold without an admission, naming the queue.
    const map = await api<{ seats: (string | number)[][] }>(up.platform.base, 'GET', `/public/events/${eventId}/seat-map`);
    const refused = await publicCall('POST', `/public/events/${eventId}/holds`, { ticketTypeId, seats: [String(map.seats[0]![0])] });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'admission_required' });
    expect(refused.body.detail).toContain(`/public/events/${eventId}/queue`);

    // Someone else is first in the queue (place 1), and the room's one slot goes to them.
    const first = await publicCall('POST', `/public/events/${eventId}/queue`, { turnstileToken: 'XXXX.DUMMY.TOKEN.XXXX' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.place).toBe(1);

    const { context, page } = await newActor(up.browser, up.platform.base, problems, { timezoneId: 'Africa/Johannesburg' });
    try {
      // The event page says its room is on: the buyer queues before picking anything, at place 2, next in line.
      await page.goto(`/events/${eventId}`);
      await page.getByRole('heading', { name: 'Queue Night' }).waitFor();
      await page.getByRole('heading', { name: 'You’re in the queue' }).waitFor();
      await page.getByText('Your place: 2').waitFor({ timeout: 20_000 });
      await page.getByText('You’re next').waitFor();
      expect(await page.getByRole('button', { name: 'Choose from a list' }).count()).toBe(0);
      await look(page, 'buyer', 'waiting-room', 'desktop');
      // The same room on a phone: nothing runs off the side.
      await page.setViewportSize(PHONE);
      await look(page, 'buyer', 'waiting-room', 'phone');
      await page.setViewportSize(DESKTOP);

      // The organizer lets more shoppers in: the page, polling on its own, redeems the buyer's turn.
      await api(up.platform.base, 'PUT', roomPath, { ...room, maxActive: 5 }, owner.token);
      await page.getByRole('button', { name: 'Choose from a list' }).waitFor({ timeout: 30_000 });
      await page.getByText('Your turn ends in').waitFor();
      const turnLeft = page.locator('.admission-clock time');
      expect(await turnLeft.textContent()).toMatch(/^\d{1,2}:\d{2}$/);

      await page.getByRole('button', { name: 'Choose from a list' }).click();
      await page.getByRole('button', { name: /Row A, seat 3 — available$/ }).click();
      await page.getByRole('button', { name: /Row A, seat 4 — available$/ }).click();
      // The hold goes out with the admission and is granted.
      const holdSent = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/v1/public/events/${eventId}/holds`);
      await page.getByRole('button', { name: 'Hold seats' }).click();
      const hold = await holdSent;
      expect(hold.request().headers()['admission']).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(hold.status()).toBe(201);
      expect((await hold.json()).seats).toHaveLength(2);
      await page.getByRole('heading', { name: 'Held for you' }).waitFor();
      // Both clocks show: the hold's and the admission's.
      expect(await page.locator('.hold-clock time').textContent()).toMatch(/^\d{1,2}:\d{2}$/);
      expect(await turnLeft.textContent()).toMatch(/^\d{1,2}:\d{2}$/);
      await look(page, 'buyer', 'admitted-and-held', 'desktop');

      await page.getByLabel('Full name').fill('Queue Buyer');
      await page.getByLabel('Email', { exact: true }).fill('queue.buyer@example.com');
      await page.getByRole('button', { name: 'Continue to payment' }).click();
      await page.waitForURL(/\/pay\/test\//);
      await page.getByRole('button', { name: /^Pay / }).click();
      await page.waitForURL(/\/orders\/[\w-]+\?paid=1/);
      await page.getByText('Payment received. Thank you! Your tickets are below.').waitFor();
      await expect.poll(() => page.getByRole('img', { name: /^QR code for ticket Seat/ }).count()).toBe(2);
      await snap(page, 'buyer', 'queued-order');
      expect(problems).toEqual([]);
      expect(layoutFindings).toEqual([]);
      expect(a11yFindings).toEqual([]);
    } catch (e) {
      await snap(page, 'buyer', 'waiting-room-failed').catch(() => undefined);
      throw e;
    } finally {
      await context.close();
    }
  });
});
