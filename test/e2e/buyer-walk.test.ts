/**
 * The buyer's walk (issue #18): every storefront screen at a phone's and a desktop's size, looked at (screenshot, axe,
 * sideways scroll) as a first-time buyer would meet it; the Afrikaans version of the main screens with its buttons
 * fitting; a GA ticket bought with the keyboard alone; and the names a screen reader hears for the controls that
 * matter. The organizer's side (an event of each kind, a paid order, a sold-out event, a transfer) is set up through
 * the API; the browser does only what the buyer does.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../bench/lib/dev-platform.mjs';
import { seatedEventOnSale, signUpOrganizer } from '../../bench/lib/seatmap-scenario.mjs';
import { a11yFindings, newActor, platformAndBrowser } from './support/browser';
import { inViewport, layoutFindings, look, sidewaysScroll, SIZES, type SizeName } from './support/tour';

const up = platformAndBrowser();
const problems: string[] = [];
const HUMAN = 'XXXX.DUMMY.TOKEN.XXXX';

type Owner = { org: string; token: string };
type Setup = { ga: string; gaTypeName: string; seated: string; soldOut: string; paidToken: string; ticketLink: string };
let setup: Setup;

async function gaEvent(owner: Owner, name: string, types: { name: string; capacity: number; priceMinor: number }[]) {
  const base = up.platform.base;
  const venue = await api(base, 'POST', `/orgs/${owner.org}/venues`, { name: `${name} Hall`, address: { line1: '1 Lawn Road', city: 'Stellenbosch', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 500 }, owner.token);
  const start = Date.now() + 14 * 86_400_000;
  const event = await api(base, 'POST', `/orgs/${owner.org}/events`, { name, venueId: venue.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3 * 3_600_000).toISOString() }, owner.token);
  const ids: string[] = [];
  for (const tt of types) ids.push((await api(base, 'POST', `/orgs/${owner.org}/events/${event.id}/ticket-types`, { kind: 'ga', maxPerOrder: Math.min(10, tt.capacity), ...tt }, owner.token)).id);
  for (const status of ['published', 'on_sale']) await api(base, 'POST', `/orgs/${owner.org}/events/${event.id}/status`, { status }, owner.token);
  return { eventId: event.id as string, typeIds: ids };
}

/** A paid order of `quantity` GA tickets, paid on the test provider's page; its access token. */
async function paidOrder(eventId: string, ticketTypeId: string, quantity: number, name: string) {
  const base = up.platform.base;
  const hold = await api(base, 'POST', `/public/events/${eventId}/holds`, { ticketTypeId, quantity, turnstileToken: HUMAN });
  const started = await api(base, 'POST', `/public/events/${eventId}/checkout`, { holds: [hold.id], buyer: { name, email: `walk.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@example.com` } });
  const session = new URL(started.payment.redirectUrl).pathname.split('/').pop();
  const paid = await fetch(`${base}/pay/test/${session}/pay`, { method: 'POST', redirect: 'manual' });
  expect(paid.status).toBe(303);
  // The webhook lands a moment later (expect.poll is for tests, this runs in beforeAll).
  for (let until = Date.now() + 20_000; (await api(base, 'GET', `/public/orders/${started.accessToken}`)).status !== 'paid'; ) {
    if (Date.now() > until) throw new Error('the order was never paid');
    await new Promise((r) => setTimeout(r, 250));
  }
  return started.accessToken as string;
}

/** A link the platform emailed to `email`, read from the organization's dev mailbox. */
async function mailedLink(owner: Owner, email: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const page = await api(up.platform.base, 'GET', `/orgs/${owner.org}/mailbox?to=${encodeURIComponent(email)}`, undefined, owner.token);
    const link = (page.items ?? []).map((m: { text: string }) => pattern.exec(m.text)?.[0]).find(Boolean);
    if (link) return link;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no link like ${pattern} emailed to ${email}`);
}

/** Buttons whose text does not fit (cut or spilling out of the button, or past the viewport's right edge), by their text. */
async function unfittingButtons(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: any }).document;
    const width = doc.documentElement.clientWidth as number;
    const out: string[] = [];
    for (const el of Array.from(doc.querySelectorAll('button, a.button, .store-main a')) as any[]) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || el.closest('[hidden]')) continue;
      if (el.scrollWidth > el.clientWidth + 1 || r.right > width + 1) out.push(`"${(el.textContent ?? '').trim()}" (${Math.round(r.width)}px, needs ${el.scrollWidth}px, right ${Math.round(r.right)})`);
    }
    return out;
  });
}

async function expectFits(page: Page, where: string) {
  expect(await unfittingButtons(page), where).toEqual([]);
}

/** Whether the keyboard focus is on an element showing a visible focus indicator (outline or box-shadow). */
async function focusShows(page: Page): Promise<string> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { document: any; getComputedStyle: (e: unknown) => any };
    const el = g.document.activeElement;
    if (!el || el === g.document.body) return 'nothing focused';
    const s = g.getComputedStyle(el);
    const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
    return visible ? 'visible' : `no focus indicator on ${el.tagName.toLowerCase()} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 40)}"`;
  });
}

/** Presses Tab until the focused element matches `test` (at most `max` times); fails saying where focus ended. */
async function tabTo(page: Page, test: (el: { tag: string; text: string; label: string; name: string }) => boolean, max = 40, back = false) {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const el = await page.evaluate(() => {
      const a = (globalThis as unknown as { document: any }).document.activeElement;
      const label = a?.labels?.[0]?.textContent ?? a?.getAttribute('aria-label') ?? '';
      return { tag: a?.tagName.toLowerCase() ?? '', text: (a?.textContent ?? '').trim(), label: label.trim(), name: a?.getAttribute('name') ?? '' };
    });
    if (test(el)) return el;
    seen.push(`${el.tag}:${el.label || el.text.slice(0, 20) || el.name}`);
  }
  throw new Error(`Tab never reached the control wanted within ${max} presses; it went ${seen.join(' → ')}`);
}

describe('the buyer walks the storefront', () => {
  beforeAll(async () => {
    const owner = await signUpOrganizer(up.platform.base, 'Walk Events');
    const [ga, seated, soldOut] = await Promise.all([
      gaEvent(owner, 'Walk Picnic', [
        { name: 'General', capacity: 200, priceMinor: 15_000 },
        { name: 'Family of four', capacity: 50, priceMinor: 48_000 },
      ]),
      seatedEventOnSale(up.platform.base, owner, { name: 'Walk Concert', venue: 'Walk Hall', sections: 1, rowsPerSection: 3, seatsPerRow: 8 }),
      gaEvent(owner, 'Walk Sold Out', [{ name: 'Lawn', capacity: 2, priceMinor: 20_000 }]),
    ]);
    const [paidToken] = await Promise.all([paidOrder(ga.eventId, ga.typeIds[0]!, 3, 'Walk Buyer'), paidOrder(soldOut.eventId, soldOut.typeIds[0]!, 2, 'First Buyer')]);
    // One ticket of the paid order was given to a friend: their ticket page.
    const order = await api(up.platform.base, 'GET', `/public/orders/${paidToken}`);
    const friend = `friend.${Date.now()}@example.com`;
    await api(up.platform.base, 'POST', `/public/orders/${paidToken}/tickets/${order.tickets[2].id}/transfer`, { name: 'Nomsa Friend', email: friend });
    const link = await mailedLink(owner, friend, /https?:\/\/\S+\/tickets\/[A-Za-z0-9_-]{43}/);
    setup = { ga: ga.eventId, gaTypeName: 'General', seated: seated.eventId, soldOut: soldOut.eventId, paidToken, ticketLink: new URL(link).pathname };
  }, 90_000);

  for (const size of Object.keys(SIZES) as SizeName[]) {
    it(`every screen at ${size} size`, { timeout: 120_000 }, async () => {
      const phone = size === 'phone';
      const { context, page } = await newActor(up.browser, up.platform.base, problems, { viewport: SIZES[size], timezoneId: 'Africa/Johannesburg' });
      try {
        // ---- GA event page, the access code field, quantities, hold, checkout ----------------------------------
        await page.goto(`/events/${setup.ga}`);
        await page.getByRole('heading', { name: 'Walk Picnic' }).waitFor();
        await look(page, 'buyer', 'event-ga', size, { doc: phone });
        await page.getByLabel('Have an access code?').fill('NOT-A-CODE');
        await page.getByRole('button', { name: 'Apply' }).click();
        await page.locator('#access-code-error[role="alert"]').waitFor();
        await look(page, 'buyer', 'access-code-refused', size);
        await page.getByLabel('Have an access code?').fill('');
        await page.getByRole('button', { name: 'Apply' }).click();

        await page.getByRole('button', { name: 'More General' }).click();
        await page.getByRole('button', { name: 'More General' }).click();
        await page.getByText('2 tickets · ').waitFor();
        await page.getByRole('button', { name: 'Hold tickets' }).click();
        await page.getByRole('heading', { name: 'Held for you' }).waitFor();
        await page.locator('table.quote').waitFor();
        await look(page, 'buyer', 'hold-bar-checkout', size);
        // Sent empty: the errors show by their fields, and the first field gets the focus.
        await page.getByRole('button', { name: 'Continue to payment' }).click();
        await page.locator('.field-error').first().waitFor();
        expect(await page.getByRole('alert').count()).toBeGreaterThan(0);
        expect(await page.evaluate(() => (globalThis as unknown as { document: any }).document.activeElement?.getAttribute('name'))).toBe('name');
        await look(page, 'buyer', 'checkout-errors', size, { doc: phone });
        await page.getByLabel('Full name').fill('Walk Visitor');
        await page.getByLabel('Email', { exact: true }).fill('not-an-email');
        await page.getByRole('button', { name: 'Continue to payment' }).click();
        await page.locator('.field.invalid input[name="email"]').waitFor();
        // What was typed survives the error.
        expect(await page.getByLabel('Full name').inputValue()).toBe('Walk Visitor');
        await page.getByLabel('Email', { exact: true }).fill('walk.visitor@example.com');
        await page.getByRole('button', { name: 'Continue to payment' }).click();

        // ---- the test provider's payment page; cancelling comes back to the order through /orders/return ---------
        await page.waitForURL(/\/pay\/test\//);
        await page.getByRole('button', { name: /^Pay / }).waitFor();
        await look(page, 'buyer', 'test-payment-page', size);
        await page.getByRole('button', { name: 'Cancel and go back' }).click();
        await page.waitForURL(/\/orders\/[\w-]+\?.*cancelled=1/);
        await page.getByRole('alert').first().waitFor();
        // Not a dead end: the unpaid order says it has no tickets and leads back to choosing them.
        await page.getByText('This order was not paid, so it has no tickets.', { exact: false }).waitFor();
        await page.getByRole('link', { name: 'Choose tickets again' }).waitFor();
        await look(page, 'buyer', 'order-cancelled-return', size);

        // ---- the seated event: map, list, seat picks, hold bar, best available ---------------------------------
        await page.goto(`/events/${setup.seated}`);
        await page.getByRole('heading', { name: 'Walk Concert' }).waitFor();
        await page.getByRole('button', { name: 'Choose from a list' }).waitFor();
        await look(page, 'buyer', 'event-seated', size, { doc: !phone });
        await page.getByRole('button', { name: 'Choose from a list' }).click();
        await page.getByRole('button', { name: /Row A, seat 1 — available$/ }).click();
        await page.getByRole('button', { name: /Row A, seat 2 — available$/ }).click();
        expect(await page.getByRole('button', { name: /Row A, seat 2/, pressed: true }).count()).toBe(1);
        await page.getByRole('button', { name: /^Remove .*Row A, seat 1/ }).waitFor();
        await look(page, 'buyer', 'seat-list-picked', size);
        await page.getByRole('button', { name: 'Hold seats' }).click();
        await page.getByRole('heading', { name: 'Held for you' }).waitFor();
        const timer = page.getByRole('timer');
        expect(await timer.textContent()).toMatch(/^\d{1,2}:\d{2}$/);
        expect(await page.locator('.hold-bar [aria-live="polite"]').count()).toBe(1);
        expect(await inViewport(page.getByRole('button', { name: 'Release' }))).toBe(true);
        await look(page, 'buyer', 'seats-held', size);
        await page.getByRole('button', { name: 'Release' }).click();
        await page.getByText('Your tickets were released.').waitFor();
        await page.getByLabel('Number of seats').fill('3');
        await look(page, 'buyer', 'best-available', size);
        // Clicked with the field still focused, right after the screenshot resized the viewport: on a phone this click
        // was lost to the page re-anchoring its scroll between mousedown and mouseup (store.css, overflow-anchor).
        await page.getByRole('button', { name: 'Find best seats' }).click();
        await page.getByRole('heading', { name: 'Held for you' }).waitFor();
        await page.getByRole('button', { name: 'Release' }).click();
        await page.getByText('Your tickets were released.').waitFor();

        // ---- the order page: what was bought, tickets, receipt, channels, refund request, transfer -------------
        await page.goto(`/orders/${setup.paidToken}`);
        await page.getByRole('heading', { name: /Your order/ }).waitFor();
        await page.getByRole('img', { name: /^QR code for ticket/ }).first().waitFor();
        // Issue #18: "What you bought" ran off a phone's right edge. Each line's total is on screen, nothing scrolls sideways.
        const total = page.getByRole('table').getByRole('row').nth(1).getByRole('cell').last();
        expect(await total.textContent()).toMatch(/ZAR\s156\.75/);
        await total.scrollIntoViewIfNeeded();
        expect(await inViewport(total)).toBe(true);
        expect(await sidewaysScroll(page)).toBeNull();
        await look(page, 'buyer', 'order-page', size, { doc: phone });
        await page.getByRole('button', { name: 'Request a refund' }).click();
        await page.getByRole('group', { name: 'Which tickets?' }).waitFor();
        // No refund fee on this event: nothing says "fee ZAR 0.00".
        expect(await page.locator('.store-main').textContent()).not.toContain('0.00)');
        await look(page, 'buyer', 'refund-request', size);
        await page.getByRole('button', { name: /^Transfer Ticket 1 of 3/ }).click();
        await page.getByLabel('Their full name').waitFor();
        await look(page, 'buyer', 'transfer-form', size);

        // ---- the friend's ticket page ----------------------------------------------------------------------------
        await page.goto(setup.ticketLink);
        await page.getByRole('heading', { name: /Your ticket/ }).waitFor();
        await page.getByRole('img', { name: /^QR code for ticket/ }).waitFor();
        await look(page, 'buyer', 'ticket-page', size);

        // ---- sold out: the waiting list --------------------------------------------------------------------------
        await page.goto(`/events/${setup.soldOut}`);
        await page.getByRole('heading', { name: 'Join the waiting list' }).waitFor();
        await page.getByLabel('Email', { exact: true }).fill(`wait.${size}.${Date.now()}@example.com`);
        await page.getByLabel('Name', { exact: true }).fill('Wag Wagter');
        await page.getByRole('button', { name: 'Join the waiting list' }).click();
        await page.getByText(/You’re on the waiting list/).waitFor();
        await look(page, 'buyer', 'waiting-list-joined', size);

        // ---- wrong links: each says what happened and leads somewhere ------------------------------------------
        await page.goto('/events/evt_does_not_exist');
        await page.getByRole('heading', { name: /does not exist/ }).waitFor();
        await look(page, 'buyer', 'event-not-found', size);
        await page.goto(`/orders/${'x'.repeat(43)}`);
        await page.getByText(/could not find this order/).waitFor();
        expect(await page.locator('.store-main a').count()).toBeGreaterThan(0);
        // A dead link offers the order links by email, for the event this browser showed last (the sold-out one).
        await page.getByLabel('Email address').fill(`lost.${size}.${Date.now()}@example.com`);
        await page.getByRole('button', { name: 'Email me my order links', exact: true }).click();
        await page.getByText('If we have orders for that address, we have emailed links to them.', { exact: false }).waitFor();
        await look(page, 'buyer', 'order-not-found', size);

        // ---- Afrikaans: the main screens, their buttons fitting --------------------------------------------------
        await page.getByLabel('Language').selectOption('af');
        await page.goto(`/events/${setup.ga}`);
        await page.getByRole('heading', { name: 'Walk Picnic' }).waitFor();
        await expectFits(page, `af event page @${size}`);
        await look(page, 'buyer', 'af-event-ga', size);
        await page.locator('.qty-controls button').nth(1).click();
        await page.locator('.buy-row button.primary').click();
        await page.locator('.hold-bar').waitFor();
        await page.locator('form .field input[name="name"]').waitFor();
        await expectFits(page, `af checkout @${size}`);
        await look(page, 'buyer', 'af-checkout', size);
        await page.locator('.hold-actions button.danger').click();
        await page.locator('.buy-row').waitFor();
        await page.goto(`/events/${setup.seated}`);
        await page.locator('.list-toggle').waitFor();
        await expectFits(page, `af seated event @${size}`);
        await look(page, 'buyer', 'af-event-seated', size);
        await page.goto(`/orders/${setup.paidToken}`);
        await page.locator('.tickets img, .tickets svg').first().waitFor();
        await expectFits(page, `af order page @${size}`);
        await look(page, 'buyer', 'af-order-page', size);
        await page.getByLabel('Taal').selectOption('en');
      } catch (e) {
        await look(page, 'buyer', 'walk-failed', size).catch(() => undefined);
        throw e;
      } finally {
        await context.close();
      }
    });
  }

  it('buys a GA ticket with the keyboard alone, and hears what each control is', { timeout: 60_000 }, async () => {
    const { context, page } = await newActor(up.browser, up.platform.base, problems, { viewport: SIZES.phone, timezoneId: 'Africa/Johannesburg' });
    try {
      await page.goto(`/events/${setup.ga}`);
      await page.getByRole('heading', { name: 'Walk Picnic' }).waitFor();
      // What a screen reader names: each stepper its ticket type, the quantity field its type too.
      await page.getByRole('button', { name: 'More Family of four' }).waitFor();
      await page.getByRole('button', { name: 'Fewer General' }).waitFor();
      await page.getByRole('spinbutton', { name: 'Quantity for General' }).waitFor();
      await page.getByRole('combobox', { name: 'Language' }).waitFor();

      // The first stop is the skip link; it leads into the page.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (globalThis as unknown as { document: any }).document.activeElement?.className)).toBe('skip-link');
      await tabTo(page, (el) => el.label === 'More General');
      expect(await focusShows(page)).toBe('visible');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Space');
      await page.getByText('2 tickets · ').waitFor();
      // One too many: back with Shift+Tab to "Fewer".
      await tabTo(page, (el) => el.label === 'Fewer General', 3, true);
      await page.keyboard.press('Enter');
      await page.getByText('1 ticket · ').waitFor();
      await tabTo(page, (el) => el.text === 'Hold tickets');
      expect(await focusShows(page)).toBe('visible');
      await page.keyboard.press('Enter');
      // Holding moves the focus to what is held.
      await page.getByRole('heading', { name: 'Held for you' }).waitFor();
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: any }).document.activeElement?.id)).toBe('held-heading');
      await page.getByRole('timer').waitFor();
      await page.locator('table.quote').waitFor();

      // Straight to "Continue to payment" with nothing filled in: the errors are alerts, the first field gets the focus.
      await tabTo(page, (el) => el.text === 'Continue to payment');
      expect(await focusShows(page)).toBe('visible');
      await page.keyboard.press('Enter');
      await page.locator('.field-error').first().waitFor();
      expect(await page.getByRole('alert').filter({ hasText: 'Required' }).count()).toBeGreaterThan(0);
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: any }).document.activeElement?.getAttribute('name'))).toBe('name');
      expect(await focusShows(page)).toBe('visible');
      await page.keyboard.type('Keys Only');
      await page.keyboard.press('Tab');
      await page.keyboard.type('keys.only@example.com');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/pay\/test\//);
      // The payment page takes keys too.
      await tabTo(page, (el) => /^Pay /.test(el.text), 10);
      expect(await focusShows(page)).toBe('visible');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/orders\/[\w-]+\?paid=1/);
      await page.getByText('Payment received. Thank you! Your tickets are below.').waitFor({ timeout: 30_000 });
      // Seats in the list say which seat they are.
      await page.goto(`/events/${setup.seated}`);
      await page.getByRole('button', { name: 'Choose from a list' }).press('Enter');
      await page.getByRole('button', { name: /Row B, seat 4 — available$/ }).waitFor();
    } catch (e) {
      await look(page, 'buyer', 'keyboard-failed', 'phone').catch(() => undefined);
      throw e;
    } finally {
      await context.close();
    }
  });

  it('found nothing wrong on the way', () => {
    expect(layoutFindings).toEqual([]);
    expect(a11yFindings).toEqual([]);
    expect(problems).toEqual([]);
  });
});
