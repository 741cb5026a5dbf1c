/**
 * `npm run bench:seatmap`: starts the platform as a developer does (`npm run dev`, on a free port with its own
 * state), puts a 50,000-seat stadium and a 500-seat hall (the baseline: same page, same code, a hundredth of the
 * seats) on sale through the API, and opens each event page LOADS times in Debian's Chromium. The figures come from
 * the storefront's own Performance API entries: `seatmap:data` (the seat-map JSON parsed, ms after navigation),
 * `seatmap:render` (from there to the first full picture on screen), and `seatmap:draw` (every redraw). After the
 * last load of each, 30 drags and 10 wheel zooms: the frame time of every frame that redrew the map (from its start
 * to the next frame's), p50 and p99, and how long a full redraw of every seat takes.
 *
 *   LOADS=5 CHROMIUM_PATH=/usr/bin/chromium npm run bench:seatmap
 */
import { chromium } from 'playwright-core';
import { startDev } from './lib/dev-platform.mjs';
import { HALL, STADIUM, panZoom, seatMapTiming, seatedEventOnSale, signUpOrganizer } from './lib/seatmap-scenario.mjs';
import { percentile } from './lib/server.mjs';

const LOADS = Number(process.env.LOADS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** One page load: when the JSON was parsed, how long to the first full picture, and the seat map's size on the wire. */
async function load(page, eventId) {
  await page.goto(`/events/${eventId}`);
  return seatMapTiming(page, 60_000);
}

const platform = await startDev();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'] });
try {
  const owner = await signUpOrganizer(platform.base, 'Bench Seat Maps');
  const cases = [
    { label: 'hall (baseline)', ...(await seatedEventOnSale(platform.base, owner, { name: 'Bench hall', venue: 'Bench hall', ...HALL })) },
    { label: 'stadium', ...(await seatedEventOnSale(platform.base, owner, { name: 'Bench stadium', venue: 'Bench stadium', ...STADIUM })) },
  ];
  const rows = [];
  for (const c of cases) {
    const context = await browser.newContext({ baseURL: platform.base, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // The first load is a buyer's first visit (nothing cached, code not yet optimised): shown apart, not in the medians.
    const first = await load(page, c.eventId);
    const loads = [];
    for (let i = 0; i < LOADS; i++) loads.push(await load(page, c.eventId));
    const motion = await panZoom(page);
    await context.close();
    const sorted = (k) => loads.map((l) => l[k]).sort((a, b) => a - b);
    rows.push({ ...c, bytes: loads[0].bytes, wire: loads[0].wire, data: percentile(sorted('data'), 50), render: percentile(sorted('render'), 50), renderMax: sorted('render').at(-1), firstData: first.data, firstRender: first.render, ...motion });
  }
  const n = (v, w = 10, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '–').padStart(w);
  console.log(`\nChromium headless, software canvas, 1280×900. "first": a first visit; then p50 (and max) of ${LOADS} more loads.`);
  console.log('data = ms from navigation to the seat-map JSON parsed; render = ms from there to the first full picture;');
  console.log('frame = ms per frame that redrew the map during 30 drags + 10 wheel zooms; full draw = ms to draw every seat.\n');
  console.log('                    seats  JSON KB  wire KB  first data  first render  data p50  render p50  render max  frame p50  frame p99  full draw');
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(16)}${String(r.seats).padStart(9)}${n(r.bytes / 1024, 9, 0)}${n(r.wire / 1024, 9, 0)}${n(r.firstData, 12, 0)}${n(r.firstRender, 14, 0)}${n(r.data, 10, 0)}${n(r.render, 12, 0)}${n(r.renderMax, 12, 0)}${n(r.frameP50, 11)}${n(r.frameP99, 11)}${n(r.fullDraw, 11)}`,
    );
  }
  const stadium = rows.at(-1);
  console.log(
    `\nstadium: ${stadium.seats} seats, first full picture ${stadium.firstRender.toFixed(0)} ms after the JSON on a first visit, ${stadium.render.toFixed(0)} ms p50 after (limit 1000); ` +
      `pan/zoom frame p50 ${stadium.frameP50.toFixed(1)} ms over ${stadium.redraws} redraws (limit 50)`,
  );
  if (!(Math.max(stadium.firstRender, stadium.renderMax) < 1000 && stadium.frameP50 < 50)) process.exitCode = 1;
} finally {
  await browser.close();
  await platform.stop();
}
