/**
 * Gate staff, walked end to end (issue #18) in a real browser against `npm run dev`: the scanner at a phone's and a
 * desktop's size, by keyboard, online and offline. The case that matters most: a phone that admitted a ticket
 * offline learns on upload that another gate had already let it in — an alert at the top of the screen, announced,
 * with the alarm's vibration, the counters corrected, kept until acknowledged; and the organizer's dashboard counts
 * it for that gate.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api, verifyByMail } from '../../bench/lib/dev-platform.mjs';
import { a11yFindings, newActor, platformAndBrowser, snap } from './support/browser';
import { DESKTOP, PHONE, inViewport, layoutFindings, look } from './support/tour';

const up = platformAndBrowser();
const problems: string[] = [];
const PASSWORD = 'a-long-enough-password';

/** An organizer with gates North and South, an event starting in two hours (its tickets scan now), three paid tickets and a phone per gate. */
async function gateNight() {
  const base = up.platform.base;
  const email = `gate.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`;
  const owner = await api(base, 'POST', '/auth/signup', { email, password: PASSWORD, name: 'Gate Owner', organizationName: 'Gate Night Events' });
  await verifyByMail(base, email);
  const org = owner.currentOrganizationId as string;
  const token = owner.token as string;
  const venue = await api(base, 'POST', `/orgs/${org}/venues`, { name: 'Old Mutual Hall', address: { line1: '2 Hall Road', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 200 }, token);
  const gate = async (name: string) => (await api(base, 'POST', `/orgs/${org}/venues/${venue.id}/gates`, { name }, token)).id as string;
  const north = await gate('North');
  const south = await gate('South');
  const start = Date.now() + 2 * 3_600_000;
  const event = await api(base, 'POST', `/orgs/${org}/events`, { name: 'Gate Night', venueId: venue.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3 * 3_600_000).toISOString() }, token);
  const type = await api(base, 'POST', `/orgs/${org}/events/${event.id}/ticket-types`, { name: 'Standing', kind: 'ga', capacity: 50, priceMinor: 15_000, maxPerOrder: 10 }, token);
  for (const status of ['published', 'on_sale']) await api(base, 'POST', `/orgs/${org}/events/${event.id}/status`, { status }, token);
  const hold = await api(base, 'POST', `/public/events/${event.id}/holds`, { ticketTypeId: type.id, quantity: 3, turnstileToken: 'XXXX.DUMMY.TOKEN.XXXX' });
  const started = await api(base, 'POST', `/public/events/${event.id}/checkout`, { holds: [hold.id], buyer: { name: 'Lindiwe Buyer', email: `buyer.${Date.now()}@example.com` } });
  const session = new URL(started.payment.redirectUrl).pathname.split('/').pop();
  expect((await fetch(`${base}/pay/test/${session}/pay`, { method: 'POST', redirect: 'manual' })).status).toBe(303);
  let order: { status: string; tickets: { id: string; qrToken: string }[] } = { status: '', tickets: [] };
  await expect
    .poll(async () => (order = await api(base, 'GET', `/public/orders/${started.accessToken}`)).status, { timeout: 20_000 })
    .toBe('paid');
  const device = async (name: string, gateId: string) => (await api(base, 'POST', `/orgs/${org}/devices`, { name, eventIds: [event.id], gateId }, token)).token as string;
  return { email, org, token, eventId: event.id as string, north, south, tickets: order.tickets, northPhone: await device('North phone', north), southPhone: await device('South phone', south) };
}

/** Types a code into the scanner and presses Enter: the keyboard is how a handheld scanner works too. */
async function typeCode(page: Page, code: string) {
  const field = page.getByRole('textbox', { name: 'Ticket code' });
  await field.focus();
  await page.keyboard.insertText(code);
  await page.keyboard.press('Enter');
}

/** The result screen: its heading, then Enter on the focused "Tap to continue" puts the cursor back in the code field. */
async function result(page: Page, heading: string, look?: () => Promise<void>) {
  await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  const focused = await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent);
  expect(focused).toBe('Tap to continue');
  const text = await page.locator('.scan-result').innerText();
  await look?.();
  await page.keyboard.press('Enter');
  await page.locator('.scan-result').waitFor({ state: 'detached' });
  expect(await page.getByRole('textbox', { name: 'Ticket code' }).evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
  return text;
}

describe('gate staff, end to end', () => {
  it('scan by keyboard online and offline; a double admission found on upload is an alert until acknowledged, and counted per gate on the dashboard', { timeout: 240_000 }, async () => {
    const night = await gateNight();
    const [t1, t2, t3] = night.tickets as [{ id: string; qrToken: string }, { id: string; qrToken: string }, { id: string; qrToken: string }];
    const { context, page } = await newActor(up.browser, up.platform.base, problems, { viewport: PHONE, isMobile: true, hasTouch: true, timezoneId: 'Africa/Johannesburg' });
    // Record what the phone was asked to vibrate (headless Chromium has no motor).
    await context.addInitScript(() => {
      const w = globalThis as unknown as { navigator: { vibrate: (p: number | number[]) => boolean }; __vibrations: unknown[] };
      w.__vibrations = [];
      w.navigator.vibrate = (p) => (w.__vibrations.push(p), true);
    });
    try {
      await page.goto('/scan/');
      await page.getByRole('textbox', { name: 'Device token' }).waitFor();
      await look(page, 'gate', 'sign-in', 'phone', { doc: true });
      await page.getByRole('textbox', { name: 'Device token' }).fill(night.southPhone);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('combobox', { name: 'Event' }).selectOption({ label: 'Gate Night' });
      await page.getByRole('combobox', { name: 'Gate' }).selectOption({ label: 'South' });
      await page.getByRole('textbox', { name: 'Operator' }).fill('Thandi');
      await look(page, 'gate', 'set-up', 'phone');
      await page.getByRole('button', { name: 'Start scanning' }).click();
      await page.getByText('3 tickets on this phone').waitFor({ timeout: 20_000 });
      await look(page, 'gate', 'scanning', 'phone');

      // Online, by keyboard: t3 is let in; a garbage code is refused, and says nothing about syncing.
      await typeCode(page, t3.qrToken);
      await result(page, 'Valid', () => look(page, 'gate', 'result-valid', 'phone', { doc: true }));
      await typeCode(page, t3.qrToken);
      await result(page, 'Already checked in', () => look(page, 'gate', 'result-already-checked-in', 'phone'));
      await typeCode(page, 'not-a-ticket');
      const refusedOnline = await result(page, 'Refused', () => look(page, 'gate', 'result-refused', 'phone'));
      expect(refusedOnline).toMatch(/Not a ticket for this event/);

      // North lets t1 in. South, offline and not yet told, lets t1 in too: the phone can only say valid.
      const north = await api(up.platform.base, 'POST', '/device/scan', { eventId: night.eventId, token: t1.qrToken, nonce: `north-${Date.now()}` }, night.northPhone);
      expect(north.result).toBe('valid');
      await context.setOffline(true);
      await page.getByText('Offline', { exact: true }).waitFor();
      await typeCode(page, t1.qrToken);
      expect(await result(page, 'Valid')).toMatch(/Checked offline: the server confirms it when this phone is back online/);
      await typeCode(page, 'still-not-a-ticket');
      const refusedOffline = await result(page, 'Refused', () => look(page, 'gate', 'result-refused-offline', 'phone'));
      expect(refusedOffline).not.toMatch(/sync|online|offline/i);
      await typeCode(page, t2.qrToken);
      await result(page, 'Valid');
      await page.getByText('3 scans waiting to upload').waitFor();
      await look(page, 'gate', 'offline-waiting', 'phone');

      // Back online: the upload finds t1 was North's. An alert, at the top, in view, announced, with the alarm.
      await page.evaluate(() => (globalThis as unknown as { scrollTo: (x: number, y: number) => void }).scrollTo(0, 10_000));
      await context.setOffline(false);
      const alert = page.getByRole('alert').filter({ hasText: 'Someone was let in on a ticket already used' });
      await alert.waitFor({ timeout: 30_000 });
      expect(await inViewport(alert.getByRole('heading'))).toBe(true);
      expect(await alert.innerText()).toMatch(/first checked in .* at North by North phone/);
      expect(await page.evaluate(() => (globalThis as unknown as { __vibrations: unknown[] }).__vibrations)).toContainEqual([300, 100, 300, 100, 600]);
      await page.getByText('All scans uploaded · 1 alert to acknowledge').waitFor();
      // The counters now say what the server decided: t3 and t2 valid, t1 already checked in (twice: t3 again and t1).
      const counter = (name: string) => page.locator('.scan-counters div').filter({ has: page.getByText(name, { exact: true }) }).locator('dd').innerText();
      expect([await counter('Valid'), await counter('Already checked in'), await counter('Refused')]).toEqual(['2', '2', '2']);
      // The list cannot be cleared past an unacknowledged alert.
      expect(await page.getByRole('button', { name: 'Clear list' }).isDisabled()).toBe(true);
      await look(page, 'gate', 'double-admission-alert', 'phone', { doc: true });
      await alert.getByRole('button', { name: 'I have seen this' }).click();
      await alert.waitFor({ state: 'detached' });
      await page.getByText('All scans uploaded', { exact: true }).waitFor();
      await page.locator('.scan-corrections li.is-alert').waitFor();
      await look(page, 'gate', 'corrections', 'phone');

      // The same screens at a desktop's size (a laptop at a box office).
      await page.setViewportSize(DESKTOP);
      await look(page, 'gate', 'scanning', 'desktop');
      await typeCode(page, t2.qrToken);
      await result(page, 'Already checked in', () => look(page, 'gate', 'result-already-checked-in', 'desktop'));
      // The shift ends: back to the set-up screen, then the phone is signed out.
      await page.getByRole('button', { name: 'End session' }).click();
      await page.getByRole('button', { name: 'Start scanning' }).waitFor();
      await look(page, 'gate', 'set-up', 'desktop');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('textbox', { name: 'Device token' }).waitFor();
      await look(page, 'gate', 'sign-in', 'desktop');
    } catch (e) {
      await snap(page, 'gate', 'failed').catch(() => undefined);
      throw e;
    } finally {
      await context.close();
    }

    // The organizer's dashboard counts it at South, and links to the scan.
    const { context: office, page: admin } = await newActor(up.browser, up.platform.base, problems, { viewport: DESKTOP, timezoneId: 'Africa/Johannesburg' });
    try {
      await admin.goto('/admin/login');
      await admin.getByLabel('Email', { exact: true }).fill(night.email);
      await admin.getByLabel('Password').fill(PASSWORD);
      await admin.getByRole('button', { name: 'Sign in' }).click();
      await admin.getByRole('heading', { name: 'Events' }).first().waitFor();
      await admin.goto(`/admin/orgs/${night.org}/events/${night.eventId}/dashboard`);
      await admin.getByRole('columnheader', { name: 'Let in on a used ticket' }).waitFor();
      await admin.getByRole('row', { name: /^South\s+2\s+1$/ }).waitFor({ timeout: 20_000 });
      await admin.getByRole('row', { name: /^North\s+1\s+0$/ }).waitFor();
      await admin.getByText('Someone was let in on a ticket already used').waitFor();
      await look(admin, 'organizer', 'dashboard-double-admission', 'desktop', { doc: true });
      await admin.getByRole('link', { name: 'See which tickets' }).click();
      await admin.getByRole('checkbox', { name: 'Only let in on a used ticket' }).waitFor();
      expect(await admin.getByRole('checkbox', { name: 'Only let in on a used ticket' }).isChecked()).toBe(true);
      await admin.getByText('Let in on a used ticket', { exact: true }).first().waitFor();
      expect(await admin.locator('tbody tr').count()).toBe(1);
      await look(admin, 'organizer', 'scans-double-admissions', 'desktop');
    } catch (e) {
      await snap(admin, 'organizer', 'failed').catch(() => undefined);
      throw e;
    } finally {
      await office.close();
    }
    expect(layoutFindings).toEqual([]);
    expect(a11yFindings).toEqual([]);
    expect(problems).toEqual([]);
  });
});
