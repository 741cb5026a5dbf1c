/**
 * The seat-map scenario shared by test/e2e/seatmap.test.ts and `npm run bench:seatmap`: an organizer made through
 * the API puts a generated seated layout on sale, and in the storefront the seat map's own Performance API entries
 * are read (`seatmap:data` when its JSON was parsed, `seatmap:render` from there to the first full picture,
 * `seatmap:painted`, and a `seatmap:draw` measure per redraw) while 30 drags and 10 wheel zooms move the map.
 * Typed in seatmap-scenario.d.mts.
 */
import { api, verifyByMail } from './dev-platform.mjs';
import { percentile } from './server.mjs';

/** 40 sections × 25 rows × 50 seats: a 50,000-seat bowl. */
export const STADIUM = { sections: 40, rowsPerSection: 25, seatsPerRow: 50 };
/** 2 sections × 10 rows × 25 seats: a 500-seat hall, the stadium's baseline (a hundredth of the seats). */
export const HALL = { sections: 2, rowsPerSection: 10, seatsPerRow: 25 };

/** A new organizer (and organization) through the API. */
export async function signUpOrganizer(base, organizationName) {
  const email = `seatmap.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`;
  const owner = await api(base, 'POST', '/auth/signup', { email, password: 'a-long-enough-password', name: 'Seat Map Owner', organizationName });
  // Publishing needs a verified address: the owner opens the link in its verification email.
  await verifyByMail(base, email);
  return { org: owner.currentOrganizationId, token: owner.token };
}

/** A venue with a generated, curved layout of `size`, and an event on it on sale with one seated type over every category. */
export async function seatedEventOnSale(base, { org, token }, { name, venue, sections, rowsPerSection, seatsPerRow }) {
  const place = await api(base, 'POST', `/orgs/${org}/venues`, { name: venue, address: { line1: 'Fritz Sonnenberg Road', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: sections * rowsPerSection * seatsPerRow }, token);
  const layout = await api(base, 'POST', `/orgs/${org}/venues/${place.id}/layouts/generate`, { name: venue, sections, rowsPerSection, seatsPerRow, curved: true }, token);
  const start = Date.now() + 14 * 86_400_000;
  const event = await api(base, 'POST', `/orgs/${org}/events`, { name, venueId: place.id, layoutId: layout.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3 * 3_600_000).toISOString() }, token);
  const type = await api(base, 'POST', `/orgs/${org}/events/${event.id}/ticket-types`, { name: 'Seat', kind: 'seated', categories: layout.categories.map((c) => c.key), priceMinor: 45_000, maxPerOrder: 10 }, token);
  for (const status of ['published', 'on_sale']) await api(base, 'POST', `/orgs/${org}/events/${event.id}/status`, { status }, token);
  return { eventId: event.id, ticketTypeId: type.id, seats: layout.seatCount };
}

/** Waits for the event page's first full picture of the seat map; its timing marks and the seat map's size on the wire. */
export async function seatMapTiming(page, timeoutMs = 60_000) {
  await page.waitForFunction(() => performance.getEntriesByName('seatmap:render').length > 0, undefined, { timeout: timeoutMs });
  return page.evaluate(() => {
    const entry = (name) => performance.getEntriesByName(name)[0];
    const resource = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/seat-map'));
    return {
      data: entry('seatmap:data').startTime,
      seats: entry('seatmap:data').detail.seats,
      render: entry('seatmap:render').duration,
      painted: entry('seatmap:painted').startTime,
      bytes: resource?.decodedBodySize ?? 0,
      wire: resource?.encodedBodySize ?? 0,
    };
  });
}

/** The p-th percentile of values (NaN when there are none). */
const pct = (values, p) => (values.length ? percentile([...values].sort((a, b) => a - b), p) : NaN);

/**
 * 30 drags and 10 wheel zooms over the seat map, every animation frame's timestamp recorded meanwhile. A redraw's
 * frame time runs from the start of the frame it was drawn in to the start of the next frame.
 */
export async function panZoom(page) {
  const box = await page.locator('canvas[role="img"]').boundingBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.evaluate(() => performance.clearMeasures('seatmap:draw'));
  const frames = await page.evaluateHandle(() => {
    const stamps = [];
    let on = true;
    const tick = (t) => {
      stamps.push(t);
      if (on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return {
      stop: () => {
        on = false;
        return stamps;
      },
    };
  });
  const since = await page.evaluate(() => performance.now());
  for (let i = 0; i < 30; i++) {
    const angle = (i / 30) * Math.PI * 2;
    const [dx, dy] = [Math.cos(angle) * 120, Math.sin(angle) * 80];
    await page.mouse.move(cx - dx / 2, cy - dy / 2);
    await page.mouse.down();
    await page.mouse.move(cx + dx / 2, cy + dy / 2, { steps: 8 });
    await page.mouse.up();
    if (i % 3 === 2) {
      await page.mouse.move(cx + (i % 5) * 20 - 40, cy);
      await page.mouse.wheel(0, i % 2 ? 240 : -240);
    }
  }
  await page.waitForTimeout(300);
  const stamps = await frames.evaluate((f) => f.stop());
  await frames.dispose();
  const draws = await page.evaluate(
    (t0) =>
      performance
        .getEntriesByName('seatmap:draw')
        .filter((e) => e.startTime >= t0)
        .map((e) => ({ start: e.startTime, duration: e.duration, quick: e.detail.quick })),
    since,
  );
  const frameTimes = [];
  for (const d of draws) {
    const k = stamps.findIndex((t, j) => t <= d.start && (stamps[j + 1] ?? Infinity) > d.start);
    if (k >= 0 && k + 1 < stamps.length) frameTimes.push(stamps[k + 1] - stamps[k]);
  }
  const quick = draws.filter((d) => d.quick).map((d) => d.duration);
  const full = draws.filter((d) => !d.quick).map((d) => d.duration);
  return {
    redraws: draws.length,
    frames: stamps.length,
    quickDraws: quick.length,
    fullDraws: full.length,
    frameP50: pct(frameTimes, 50),
    frameP99: pct(frameTimes, 99),
    quickDraw: pct(quick, 50),
    fullDraw: pct(full, 50),
  };
}
