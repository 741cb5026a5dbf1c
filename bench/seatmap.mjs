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
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { percentile } from './lib/server.mjs';

const LOADS = Number(process.env.LOADS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('..', import.meta.url));

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** `npm run dev` on a free port with throwaway state and its own build of the web apps (as test/e2e does). */
async function startDev() {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'vge-bench-seatmap-'));
  const child = spawn('npm', ['run', 'dev'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DEV_STATE_DIR: path.join(dir, 'state'), DEV_WEB_DIR: path.join(dir, 'web'), DEV_WEB_WATCH: '0', LOG_LEVEL: 'warn', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const stop = async () => {
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* gone */
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + 180_000;
  while (!output.includes('Voelgoed Events is running.')) {
    if (child.exitCode !== null || Date.now() > until) {
      await stop();
      throw new Error(`npm run dev did not come up:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base: `http://localhost:${port}`, stop };
}

async function api(base, method, pathname, body, token) {
  const res = await fetch(`${base}/api/v1${pathname}`, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => null);
  if (res.status >= 300) throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function eventOnSale(base, org, token, name, size) {
  const venue = await api(base, 'POST', `/orgs/${org}/venues`, { name, address: { line1: '1 Bench Road', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 60_000 }, token);
  const layout = await api(base, 'POST', `/orgs/${org}/venues/${venue.id}/layouts/generate`, { name, curved: true, ...size }, token);
  const start = Date.now() + 14 * 86_400_000;
  const event = await api(base, 'POST', `/orgs/${org}/events`, { name, venueId: venue.id, layoutId: layout.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3_600_000).toISOString() }, token);
  await api(base, 'POST', `/orgs/${org}/events/${event.id}/ticket-types`, { name: 'Seat', kind: 'seated', categories: layout.categories.map((c) => c.key), priceMinor: 30_000 }, token);
  for (const status of ['published', 'on_sale']) await api(base, 'POST', `/orgs/${org}/events/${event.id}/status`, { status }, token);
  return { eventId: event.id, seats: layout.seatCount };
}

/** One page load: when the JSON was parsed, how long to the first full picture, and the seat map's size on the wire. */
async function load(page, eventId) {
  await page.goto(`/events/${eventId}`);
  await page.waitForFunction(() => performance.getEntriesByName('seatmap:render').length > 0, undefined, { timeout: 60_000 });
  return page.evaluate(() => {
    const resource = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/seat-map'));
    return {
      data: performance.getEntriesByName('seatmap:data')[0].startTime,
      render: performance.getEntriesByName('seatmap:render')[0].duration,
      bytes: resource?.decodedBodySize ?? 0,
      wire: resource?.encodedBodySize ?? 0,
    };
  });
}

/** 30 drags and 10 wheel zooms; the frame time of each frame that redrew the map, and the full redraws' cost. */
async function panZoom(page) {
  const box = await page.locator('canvas[role="img"]').boundingBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  const since = await page.evaluate(() => {
    performance.clearMeasures('seatmap:draw');
    return performance.now();
  });
  const frames = await page.evaluateHandle(() => {
    const stamps = [];
    let on = true;
    const tick = (t) => {
      stamps.push(t);
      if (on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return { stop: () => ((on = false), stamps) };
  });
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
  const draws = await page.evaluate((t0) => performance.getEntriesByName('seatmap:draw').filter((e) => e.startTime >= t0).map((e) => ({ start: e.startTime, duration: e.duration, quick: e.detail.quick })), since);
  const frameTimes = [];
  for (const d of draws) {
    const k = stamps.findIndex((t, j) => t <= d.start && (stamps[j + 1] ?? Infinity) > d.start);
    if (k >= 0 && k + 1 < stamps.length) frameTimes.push(stamps[k + 1] - stamps[k]);
  }
  frameTimes.sort((a, b) => a - b);
  const full = draws.filter((d) => !d.quick).map((d) => d.duration).sort((a, b) => a - b);
  return { redraws: draws.length, frameP50: percentile(frameTimes, 50), frameP99: percentile(frameTimes, 99), fullDraw: percentile(full, 50) };
}

const platform = await startDev();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'] });
try {
  const owner = await api(platform.base, 'POST', '/auth/signup', { email: `bench-seatmap-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench', organizationName: 'Bench Seat Maps' });
  const [org, token] = [owner.currentOrganizationId, owner.token];
  const cases = [
    { label: 'hall (baseline)', ...(await eventOnSale(platform.base, org, token, 'Bench hall', { sections: 2, rowsPerSection: 10, seatsPerRow: 25 })) },
    { label: 'stadium', ...(await eventOnSale(platform.base, org, token, 'Bench stadium', { sections: 40, rowsPerSection: 25, seatsPerRow: 50 })) },
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
