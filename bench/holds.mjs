/**
 * `npm run bench:holds`: first a bare Worker with the platform's assets setup (bench/lib/bare-worker), then the
 * platform: N concurrent clients (default 200) on a no-op route, then the same clients holding and releasing seats on
 * one event over HTTP, each for a fixed time, all in the same run. Prints req/s and p50/p99 for each with its ratio to
 * the baseline below it, the oversell count and the 5xx count (the run exits non-zero unless both are 0); then the
 * DO-internal hold+release rate on a 50,000-seat event. INSPECTOR_PORT=9229 opens workerd's inspector for a CPU profile.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { call, cpuProfile, load, percentile, startBareWorker, startPlatform } from './lib/server.mjs';

const CLIENTS = Number(process.env.CLIENTS ?? 200);
const SECONDS = Number(process.env.SECONDS ?? 15);
const HOT_SEATS = Number(process.env.HOT_SEATS ?? 400);
const root = fileURLToPath(new URL('..', import.meta.url));
/** Answers of 500 and up, per phase: any one fails the run. */
const serverErrors = { bare: 0, noop: 0, holds: 0 }; // warm-ups included
const WARM_UP_SECONDS = 2;

/** One GET of a no-op route; a 5xx is counted and is an error, anything else not 200 is an error. */
async function ping(url, phase) {
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status >= 500) serverErrors[phase] += 1;
  if (!res.ok) throw new Error(`ping: ${res.status}`);
  return 1;
}

// PROFILE=1: a CPU profile of the Worker's isolate during each platform phase, in bench/results/ (and no bare run).
const PROFILE = process.env.PROFILE === '1';

// Baseline 0: a bare Worker with the same assets setup, started the same way (bench/lib/bare-worker).
let bare = { perSecond: 0, p50: 0, p99: 0, refused: 0, errors: 0 };
if (!PROFILE) {
  const bareWorker = await startBareWorker();
  try {
    await load({ clients: CLIENTS, seconds: WARM_UP_SECONDS, task: () => ping(`${bareWorker.base}/ping`, 'bare') });
    bare = await load({ clients: CLIENTS, seconds: SECONDS, task: () => ping(`${bareWorker.base}/ping`, 'bare') });
  } finally {
    await bareWorker.stop();
  }
}

const inspectorPort = PROFILE ? Number(process.env.INSPECTOR_PORT ?? 9231) : undefined;
const profiled = (name, fn) => (PROFILE ? cpuProfile(inspectorPort, `${root}bench/results/${name}.cpuprofile`, fn) : fn());
const platform = await startPlatform({ inspectorPort });
const { base } = platform;
try {
  const email = `bench-${Date.now()}@example.com`;
  const owner = (await call(base, 'POST', '/auth/signup', { body: { email, password: 'bench-password-1', name: 'Bench', organizationName: 'Bench Org' } })).body;
  platform.verify(email);
  const org = owner.currentOrganizationId;
  const t = owner.token;
  const venue = (await call(base, 'POST', `/orgs/${org}/venues`, { token: t, body: { name: 'Bench Arena', address: { line1: '1 Bench Rd', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 60000 } })).body;
  const layout = (await call(base, 'POST', `/orgs/${org}/venues/${venue.id}/layouts/generate`, { token: t, body: { name: 'Bench bowl', sections: 20, rowsPerSection: 20, seatsPerRow: 25, curved: true } })).body;
  const start = Date.now() + 7 * 86_400_000;
  const event = (await call(base, 'POST', `/orgs/${org}/events`, { token: t, body: { name: 'Bench night', venueId: venue.id, layoutId: layout.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3_600_000).toISOString() } })).body;
  const seated = (await call(base, 'POST', `/orgs/${org}/events/${event.id}/ticket-types`, { token: t, body: { name: 'Seat', kind: 'seated', categories: layout.categories.map((c) => c.key), priceMinor: 10000 } })).body;
  for (const status of ['published', 'on_sale']) {
    const r = await call(base, 'POST', `/orgs/${org}/events/${event.id}/status`, { token: t, body: { status } });
    if (r.status !== 200) throw new Error(`could not move the event to ${status}: ${JSON.stringify(r.body)}`);
  }
  const seatIds = (await call(base, 'GET', `/public/events/${event.id}/seat-map`)).body.seats.map((s) => s[0]);
  const hot = seatIds.slice(0, HOT_SEATS);
  console.log(`event: ${seatIds.length} seats; ${CLIENTS} clients for ${SECONDS}s each; ${hot.length} contended seats`);

  // Baseline 1: the same clients against a route that does nothing, through the whole middleware chain.
  await load({ clients: CLIENTS, seconds: WARM_UP_SECONDS, task: () => ping(`${base}/ping`, 'noop') });
  const baseline = await profiled('noop', () => load({ clients: CLIENTS, seconds: SECONDS, task: () => ping(`${base}/ping`, 'noop') }));

  // Holds: two random seats from the hot block, then release. A refused hold (taken) is a normal outcome.
  const intervals = new Map();
  const holdLatencies = [];
  let warming = true;
  const holdAndRelease = async () => {
    const i = Math.floor(Math.random() * (hot.length - 1));
    const seats = [hot[i], hot[i + 1]];
    const t0 = performance.now();
    const res = await call(base, 'POST', `/public/events/${event.id}/holds`, { body: { ticketTypeId: seated.id, seats } });
    if (!warming) holdLatencies.push(performance.now() - t0);
    if (res.status >= 500) serverErrors.holds += 1;
    if (res.status === 409) return false;
    if (res.status !== 201) throw new Error(`hold: ${res.status}`);
    // Between the hold's answer and the release's request the seats are certainly ours.
    const heldAt = performance.now();
    const releasedAt = performance.now();
    const rel = await call(base, 'DELETE', `/public/events/${event.id}/holds/${res.body.id}`);
    if (rel.status >= 500) serverErrors.holds += 1;
    if (rel.status !== 200) throw new Error(`release: ${rel.status}`);
    for (const s of seats) {
      if (!intervals.has(s)) intervals.set(s, []);
      intervals.get(s).push([heldAt, releasedAt]);
    }
    return 1;
  };
  // A warm-up as for the no-op route (the inventory object may have been evicted while idle, and reloads its seats).
  await load({ clients: CLIENTS, seconds: WARM_UP_SECONDS, task: holdAndRelease });
  warming = false;
  holdLatencies.length = 0;
  const holds = await profiled('holds', () => load({ clients: CLIENTS, seconds: SECONDS, task: holdAndRelease }));
  holdLatencies.sort((a, b) => a - b);
  let oversold = 0;
  for (const list of intervals.values()) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) if (list[i][0] < list[i - 1][1]) oversold += 1;
  }
  const after = (await call(base, 'GET', `/public/events/${event.id}`)).body;
  const avail = (await call(base, 'GET', `/orgs/${org}/events/${event.id}/availability`, { token: t })).body;
  if (avail.counts.held !== 0 || avail.counts.sold !== 0) oversold += avail.counts.held + avail.counts.sold;

  const fmt = (n) => n.toFixed(1).padStart(9);
  const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : '—').padStart(7);
  // A hold+release is two requests (a refused hold, one): its request rate is what compares with one no-op request.
  const holdRequests = (holds.ok * 2 + holds.refused) / holds.elapsed;
  console.log('\n                         req/s     p50 ms    p99 ms   refused   errors     5xx   ratio');
  console.log(`bare Worker          ${fmt(bare.perSecond)} ${fmt(bare.p50)} ${fmt(bare.p99)} ${String(bare.refused).padStart(9)} ${String(bare.errors).padStart(8)} ${String(serverErrors.bare).padStart(7)}       —`);
  console.log(`no-op route          ${fmt(baseline.perSecond)} ${fmt(baseline.p50)} ${fmt(baseline.p99)} ${String(baseline.refused).padStart(9)} ${String(baseline.errors).padStart(8)} ${String(serverErrors.noop).padStart(7)} ${ratio(baseline.perSecond, bare.perSecond)}  (÷ bare Worker)`);
  console.log(`hold+release (HTTP)  ${fmt(holdRequests)} ${fmt(percentile(holdLatencies, 50))} ${fmt(percentile(holdLatencies, 99))} ${String(holds.refused).padStart(9)} ${String(holds.errors).padStart(8)} ${String(serverErrors.holds).padStart(7)} ${ratio(holdRequests, baseline.perSecond)}  (÷ no-op route; goal ≥ 0.8)`);
  console.log('  (hold+release req/s counts both requests of a pair; p50/p99 are the hold request\'s own latency)');
  // Per pair, the ratio cannot pass 0.5 even if a hold cost no more than a no-op request: the goal is per request.
  console.log(`hold+release pairs/s ${fmt(holds.perSecond)}   ratio per pair to the no-op route's req/s: ${ratio(holds.perSecond, baseline.perSecond).trim()} (at most 0.5)`);
  console.log(`\nholds/s: ${holds.perSecond.toFixed(1)} (each also released; ${holds.refused} refused as taken); seats left held at the end: ${avail.counts.held}; ticket types available: ${after.ticketTypes[0].available}`);
  console.log(`oversell count: ${oversold}`);
  const fiveXx = serverErrors.bare + serverErrors.noop + serverErrors.holds;
  console.log(`5xx answers: ${fiveXx}`);
  if (oversold !== 0 || fiveXx !== 0) process.exitCode = 1;
} finally {
  await platform.stop();
}

// DO-internal: the engine alone, inside the Durable Object, on a 50,000-seat event.
const internal = spawnSync('vitest', ['run', '--config', 'bench/vitest.bench.config.ts', '--silent=false'], { cwd: root, encoding: 'utf8', env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' } });
const line = (internal.stdout ?? '').split('\n').filter((l) => l.includes('DO-internal'));
console.log(line.length ? line.join('\n') : `DO-internal run failed:\n${internal.stdout}\n${internal.stderr}`);
if (internal.status !== 0) process.exitCode = 1;
