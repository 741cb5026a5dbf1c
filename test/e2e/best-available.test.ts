/**
 * Best available right after a release, on a phone, in a real browser against `npm run dev` (the usability pass,
 * issue #18): the buyer holds two seats, releases them and at once asks for the best three, then the best two.
 * The press used to be lost when the number field kept the focus while the viewport changed size: the page
 * re-anchored its scroll between mousedown and mouseup (web/src/store/store.css, `overflow-anchor`).
 */
import { describe, expect, it } from 'vitest';
import { seatedEventOnSale, signUpOrganizer } from '../../bench/lib/seatmap-scenario.mjs';
import { holdFirstTwoSeats, newActor, platformAndBrowser, snap } from './support/browser';
import { PHONE } from './support/tour';

const up = platformAndBrowser();

describe('best available after a release', () => {
  it('on a phone, "Find best seats" pressed right after "Release" holds seats', { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    const owner = await signUpOrganizer(up.platform.base, 'Release Events');
    const { eventId } = await seatedEventOnSale(up.platform.base, owner, { name: 'Release Night', venue: 'Release Hall', sections: 1, rowsPerSection: 3, seatsPerRow: 8 });
    const { context, page } = await newActor(up.browser, up.platform.base, problems, { viewport: PHONE, timezoneId: 'Africa/Johannesburg' });
    const held = page.locator('.held .selection li');
    try {
      await holdFirstTwoSeats(page, eventId);
      await snap(page, 'buyer', 'release-then-best-held');
      // Released, the number of seats typed (the field keeps the focus, as with a phone's keyboard up) while the
      // viewport changes size (the full-page screenshot resizes it, as a phone's keyboard and toolbars do): the
      // press on "Find best seats" used to land ~150 px away from where it started, and nothing happened.
      await page.getByRole('button', { name: 'Release' }).click();
      await page.getByLabel('Number of seats').fill('3');
      await snap(page, 'buyer', 'release-then-best-released');
      await page.getByRole('button', { name: 'Find best seats' }).click();
      await page.getByRole('heading', { name: 'Held for you' }).waitFor({ timeout: 5_000 });
      expect(await held.count()).toBe(3);
      // And pressed at once, nothing waited for.
      await page.getByRole('button', { name: 'Release' }).click();
      await page.getByRole('button', { name: 'Find best seats' }).click();
      await page.getByRole('heading', { name: 'Held for you' }).waitFor({ timeout: 5_000 });
      expect(await held.count()).toBe(2);
      expect(problems).toEqual([]);
    } catch (e) {
      await snap(page, 'buyer', 'release-then-best-failed').catch(() => undefined);
      throw e;
    } finally {
      await context.close();
    }
  });
});
