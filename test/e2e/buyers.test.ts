/**
 * Buyers help themselves (issue #17), in a real browser (Debian's Chromium via playwright-core) against `npm run dev`;
 * organizers and events are made through the API, the buyer is driven in the browser. Every page visited is saved to
 * test-results/e2e/ and checked with axe-core.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../../bench/lib/dev-platform.mjs';
import { seatedEventOnSale, signUpOrganizer } from '../../bench/lib/seatmap-scenario.mjs';
import { a11yFindings, newActor, snap, platformAndBrowser } from './support/browser';

const problems: string[] = [];

const up = platformAndBrowser();

describe('buyers help themselves in a real browser', () => {
  it('requests a refund from the order page: sees what the policy gives back, confirms, and sees it refunded', { timeout: 120_000 }, async () => {
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
      await page.getByLabel('Email').fill('refund.buyer@example.com');
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
});
