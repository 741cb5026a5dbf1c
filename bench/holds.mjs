/**
 * `npm run bench:holds`: N concurrent clients (default 200) against, in turns: a bare Worker with the platform's
 * assets setup (bench/lib/bare-worker) answering at once and making one object write (the local ceiling for a route
 * that writes through an object), the platform's no-op route, and holds + releases of seats on one event over
 * HTTP (on one inventory object, then on the same layout split into SHARDS section shards, default 4), each for
 * SECONDS in all, in interleaved slices of the same run. Prints req/s and p50/p99 for each with its
 * ratio to the baseline above it, the oversell count and the 5xx count (the run exits non-zero unless both are 0);
 * then the DO-internal hold+release rate on a 50,000-seat event. PROFILE=1 records CPU profiles (docs/benchmarks.md).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, runtimeBase } from './lib/live-platform.mjs';
import { call, cpuProfile, load, percentile, startBareWorker, startPlatform } from './lib/server.mjs';

const CLIENTS = Number(process.env.CLIENTS ?? 200);
const SECONDS = Number(process.env.SECONDS ?? 15);
const HOT_SEATS = Number(process.env.HOT_SEATS ?? 400);
const root = fileURLToPath(new URL('..', import.meta.url));
/** Answers of 500 and up, per phase: any one fails the run. */
const serverErrors = { bare: 0, bareObject: 0, noop: 0, holds: 0, holdsSharded: 0 }; // warm-ups included
const WARM_UP_SECONDS = 2;
const SLICE_SECONDS = Number(process.env.SLICE_SECONDS ?? 5);

/** One GET of a no-op route; a 5xx is counted and is an error, anything else not 200 is an error. */
async function ping(url, phase) {
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status >= 500) serverErrors[phase] += 1;
  if (!res.ok) throw new Error(`ping: ${res.status}`);
  return 1;
}

// PROFILE=1: a CPU profile of the Worker's isolate during each platform phase (its first slice), in bench/results/, and
// no bare Worker.
const PROFILE = process.env.PROFILE === '1';

// Baseline 0: a bare Worker with the same assets setup, started the same way (bench/lib/bare-worker). It runs beside
// the platform for the whole bench, idle while the others are measured.
const bareWorker = PROFILE ? null : await startBareWorker();

const inspectorPort = PROFILE ? Number(process.env.INSPECTOR_PORT ?? 9231) : undefined;
// One profile per phase: its first slice.
const profiledOnce = new Set();
const profiled = (name, fn) => {
  if (!PROFILE || profiledOnce.has(name)) return fn();
  profiledOnce.add(name);
  return cpuProfile(inspectorPort, `${root}bench/results/${name}.cpuprofile`, fn);
};
const platform = await startPlatform({ inspectorPort }).catch(async (error) => {
  await bareWorker?.stop();
  throw error;
});
const { base } = platform;
try {
  // The measured requests go straight to workerd's entry (as bench:live's do) unless VIA_PROXY=1: wrangler dev's
  // proxy is a development-only hop whose cost, the same for every request, would only dilute the ratios.
  const viaProxy = process.env.VIA_PROXY === '1';
  const api = viaProxy ? base : ((await runtimeBase(platform)) ?? base);
  const bareApi = bareWorker && !viaProxy ? ((await runtimeBase(bareWorker)) ?? bareWorker.base) : bareWorker?.base;
  console.log(`measured ${api === base ? `through wrangler's proxy` : `at workerd's entry (past wrangler's proxy)`}`);
  const email = `bench-${Date.now()}@example.com`;
  const owner = (await call(base, 'POST', '/auth/signup', { body: { email, password: 'bench-password-1', name: 'Bench', organizationName: 'Bench Org' } })).body;
  platform.verify(email);
  const org = owner.currentOrganizationId;
  const t = owner.token;
  const venue = (await call(base, 'POST', `/orgs/${org}/venues`, { token: t, body: { name: 'Bench Arena', address: { line1: '1 Bench Rd', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 60000 } })).body;
  const layout = (await call(base, 'POST', `/orgs/${org}/venues/${venue.id}/layouts/generate`, { token: t, body: { name: 'Bench bowl', sections: 20, rowsPerSection: 20, seatsPerRow: 25, curved: true } })).body;
  const start = Date.now() + 7 * 86_400_000;
  // Two events on the same layout: one inventory object, and one split into SHARDS section shards (issue #14).
  const SHARDS = Number(process.env.SHARDS ?? 4);
  const makeEvent = async (name, shards) => {
    const event = (await call(base, 'POST', `/orgs/${org}/events`, { token: t, body: { name, venueId: venue.id, layoutId: layout.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3_600_000).toISOString(), ...(shards > 1 ? { shardThreshold: 100, shardCount: shards } : {}) } })).body;
    const seated = (await call(base, 'POST', `/orgs/${org}/events/${event.id}/ticket-types`, { token: t, body: { name: 'Seat', kind: 'seated', categories: layout.categories.map((c) => c.key), priceMinor: 10000 } })).body;
    for (const status of ['published', 'on_sale']) {
      const r = await call(base, 'POST', `/orgs/${org}/events/${event.id}/status`, { token: t, body: { status } });
      if (r.status !== 200) throw new Error(`could not move the event to ${status}: ${JSON.stringify(r.body)}`);
    }
    const seatIds = (await call(base, 'GET', `/public/events/${event.id}/seat-map`)).body.seats.map((s) => s[0]);
    // The contended seats: the same number from every section (a buyer's two seats are always in one section).
    const sections = new Map();
    for (const id of seatIds) {
      const key = id.slice(0, id.indexOf(':'));
      if (!sections.has(key)) sections.set(key, []);
      sections.get(key).push(id);
    }
    const perSection = Math.max(2, Math.floor(HOT_SEATS / sections.size));
    const hot = [...sections.values()].map((list) => list.slice(0, perSection));
    return { event, seated, seatIds, hot };
  };
  const single = await makeEvent('Bench night', 1);
  const sharded = SHARDS > 1 ? await makeEvent(`Bench night (${SHARDS} shards)`, SHARDS) : null;
  console.log(`events: ${single.seatIds.length} seats in ${single.hot.length} sections, one object / ${SHARDS} shards; ${CLIENTS} clients for ${SECONDS}s per phase in slices of ${SLICE_SECONDS}s; ${single.hot.flat().length} contended seats`);

  // Holds: two adjacent seats from the hot block of a random section, then release. A refused hold (taken) is normal.
  const intervals = new Map();
  const holdLatencies = { holds: [], holdsSharded: [] };
  let warming = true;
  // Holds without a waiting room pass Turnstile once per event (locally its always-pass test secret takes the dummy
  // token); the answer's human pass stands in for it on every later hold of that event (docs/waiting-room.md).
  const humanPasses = new Map();
  const holdAndRelease = (target, phase) => async () => {
    const block = target.hot[Math.floor(Math.random() * target.hot.length)];
    const i = Math.floor(Math.random() * (block.length - 1));
    const seats = [block[i], block[i + 1]];
    const humanPass = humanPasses.get(target.event.id);
    const t0 = performance.now();
    const res = await call(api, 'POST', `/public/events/${target.event.id}/holds`, {
      body: { ticketTypeId: target.seated.id, seats, ...(humanPass ? {} : { turnstileToken: 'XXXX.DUMMY.TOKEN.XXXX' }) },
      headers: humanPass ? { 'Human-Pass': humanPass } : {},
    });
    if (!humanPass && res.body?.humanPass) humanPasses.set(target.event.id, res.body.humanPass);
    if (!warming) holdLatencies[phase].push(performance.now() - t0);
    if (res.status >= 500) serverErrors[phase] += 1;
    if (res.status === 409) return false;
    if (res.status !== 201) throw new Error(`hold: ${res.status}`);
    // Between the hold's answer and the release's request the seats are certainly ours.
    const heldAt = performance.now();
    const releasedAt = performance.now();
    const rel = await call(api, 'DELETE', `/public/events/${target.event.id}/holds/${res.body.id}`);
    if (rel.status >= 500) serverErrors[phase] += 1;
    if (rel.status !== 200) throw new Error(`release: ${rel.status}`);
    for (const s of seats) {
      const key = `${target.event.id}/${s}`;
      if (!intervals.has(key)) intervals.set(key, []);
      intervals.get(key).push([heldAt, releasedAt]);
    }
    return 1;
  };
  // The phases take turns in slices of SLICE_SECONDS (bare Worker, bare + object write, no-op route, hold+release, …)
  // until each has run SECONDS: the machine's load drifts (other work shares its cores), and interleaving puts the
  // same drift under each phase, so the ratios between them hold up. Each phase first gets a warm-up (the inventory
  // object, say, may have been evicted while idle and reloads its seats).
  const phases = [
    ...(bareWorker ? [{ name: 'bare', task: () => ping(`${bareApi}/ping`, 'bare') }] : []),
    ...(bareWorker ? [{ name: 'bareObject', task: () => ping(`${bareApi}/ping/object`, 'bareObject') }] : []),
    { name: 'noop', task: () => ping(`${api}/ping`, 'noop') },
    { name: 'holds', task: holdAndRelease(single, 'holds') },
    ...(sharded ? [{ name: 'holdsSharded', task: holdAndRelease(sharded, 'holdsSharded') }] : []),
  ];
  for (const phase of phases) await load({ clients: CLIENTS, seconds: WARM_UP_SECONDS, task: phase.task });
  warming = false;
  const totals = Object.fromEntries(phases.map((p) => [p.name, { ok: 0, refused: 0, errors: 0, elapsed: 0, latencies: [], workerdCpu: 0, benchCpu: 0 }]));
  // CPU seconds of the workerd processes serving a phase (the bare Worker's or the platform's) and of this process.
  const workerdCpu = (name) => cpuSeconds(name.startsWith('bare') ? bareWorker : platform);
  for (let done = 0; done < SECONDS; done += SLICE_SECONDS) {
    const seconds = Math.min(SLICE_SECONDS, SECONDS - done);
    for (const phase of phases) {
      const cpu0 = workerdCpu(phase.name);
      const bench0 = process.cpuUsage();
      const r = await profiled(phase.name, () => load({ clients: CLIENTS, seconds, task: phase.task }));
      const t = totals[phase.name];
      t.workerdCpu += workerdCpu(phase.name) - cpu0;
      const bench = process.cpuUsage(bench0);
      t.benchCpu += (bench.user + bench.system) / 1e6;
      t.ok += r.ok;
      t.refused += r.refused;
      t.errors += r.errors;
      t.elapsed += r.elapsed;
      t.latencies.push(...r.latencies);
    }
  }
  const summary = (t) => {
    if (!t) return { perSecond: 0, p50: 0, p99: 0, ok: 0, refused: 0, errors: 0, elapsed: 1 };
    t.latencies.sort((a, b) => a - b);
    return { ...t, perSecond: t.ok / t.elapsed, p50: percentile(t.latencies, 50), p99: percentile(t.latencies, 99) };
  };
  const bare = summary(totals.bare);
  const bareObject = summary(totals.bareObject);
  const baseline = summary(totals.noop);
  const holds = summary(totals.holds);
  const holdsSharded = summary(totals.holdsSharded);
  for (const list of Object.values(holdLatencies)) list.sort((a, b) => a - b);
  let oversold = 0;
  for (const list of intervals.values()) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) if (list[i][0] < list[i - 1][1]) oversold += 1;
  }
  const after = (await call(base, 'GET', `/public/events/${single.event.id}`)).body;
  const avail = (await call(base, 'GET', `/orgs/${org}/events/${single.event.id}/availability`, { token: t })).body;
  if (avail.counts.held !== 0 || avail.counts.sold !== 0) oversold += avail.counts.held + avail.counts.sold;
  if (sharded) {
    const shardedAvail = (await call(base, 'GET', `/orgs/${org}/events/${sharded.event.id}/availability`, { token: t })).body;
    if (shardedAvail.counts.held !== 0 || shardedAvail.counts.sold !== 0) oversold += shardedAvail.counts.held + shardedAvail.counts.sold;
  }

  const fmt = (n) => n.toFixed(1).padStart(9);
  const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : '—').padStart(7);
  // A hold+release is two requests (a refused hold, one): its request rate is what compares with one no-op request.
  const holdRequests = (holds.ok * 2 + holds.refused) / holds.elapsed;
  console.log('\n                         req/s     p50 ms    p99 ms   refused   errors     5xx   ratio');
  console.log(`bare Worker          ${fmt(bare.perSecond)} ${fmt(bare.p50)} ${fmt(bare.p99)} ${String(bare.refused).padStart(9)} ${String(bare.errors).padStart(8)} ${String(serverErrors.bare).padStart(7)}       —`);
  console.log(`bare + object write  ${fmt(bareObject.perSecond)} ${fmt(bareObject.p50)} ${fmt(bareObject.p99)} ${String(bareObject.refused).padStart(9)} ${String(bareObject.errors).padStart(8)} ${String(serverErrors.bareObject).padStart(7)} ${ratio(bareObject.perSecond, bare.perSecond)}  (÷ bare Worker: one object call that writes a row, per request)`);
  console.log(`no-op route          ${fmt(baseline.perSecond)} ${fmt(baseline.p50)} ${fmt(baseline.p99)} ${String(baseline.refused).padStart(9)} ${String(baseline.errors).padStart(8)} ${String(serverErrors.noop).padStart(7)} ${ratio(baseline.perSecond, bare.perSecond)}  (÷ bare Worker)`);
  console.log(`hold+release (HTTP)  ${fmt(holdRequests)} ${fmt(percentile(holdLatencies.holds, 50))} ${fmt(percentile(holdLatencies.holds, 99))} ${String(holds.refused).padStart(9)} ${String(holds.errors).padStart(8)} ${String(serverErrors.holds).padStart(7)} ${ratio(holdRequests, baseline.perSecond)}  (÷ no-op route; goal ≥ 0.8)`);
  if (sharded) {
    const shardedRequests = (holdsSharded.ok * 2 + holdsSharded.refused) / holdsSharded.elapsed;
    console.log(`  ${SHARDS} shards (HTTP)    ${fmt(shardedRequests)} ${fmt(percentile(holdLatencies.holdsSharded, 50))} ${fmt(percentile(holdLatencies.holdsSharded, 99))} ${String(holdsSharded.refused).padStart(9)} ${String(holdsSharded.errors).padStart(8)} ${String(serverErrors.holdsSharded).padStart(7)} ${ratio(shardedRequests, holdRequests)}  (÷ one object; all objects share one workerd thread here)`);
  }
  console.log('  (hold+release req/s counts both requests of a pair; p50/p99 are the hold request\'s own latency)');
  // Where a request's time goes on this machine: workerd's CPU (the Worker and its objects) and the load generator's.
  const perRequest = (t, requests) => (t && requests ? [(1000 * t.workerdCpu) / requests, (1000 * t.benchCpu) / requests] : [0, 0]);
  const cpuRows = [
    ['bare Worker', perRequest(totals.bare, bare.ok)],
    ['bare + object write', perRequest(totals.bareObject, bareObject.ok)],
    ['no-op route', perRequest(totals.noop, baseline.ok)],
    ['hold+release', perRequest(totals.holds, holds.ok * 2 + holds.refused)],
    [`  ${SHARDS} shards`, perRequest(totals.holdsSharded, holdsSharded.ok * 2 + holdsSharded.refused)],
  ].filter(([, [w]]) => w > 0);
  console.log('\nCPU per request (ms)     workerd     bench');
  for (const [name, [w, b]] of cpuRows) console.log(`${name.padEnd(21)} ${w.toFixed(3).padStart(9)} ${b.toFixed(3).padStart(9)}`);
  const [noopCpu] = perRequest(totals.noop, baseline.ok);
  const [holdCpu] = perRequest(totals.holds, holds.ok * 2 + holds.refused);
  if (noopCpu > 0 && holdCpu > 0) console.log(`  workerd CPU: a hold or release costs ${(holdCpu / noopCpu).toFixed(2)}× a no-op request`);
  if (bareObject.perSecond > 0) {
    // What one unbatched object call that writes a row costs against a bare Worker here (holds ride several to a call).
    const oneCall = bareObject.perSecond / bare.perSecond;
    console.log(`  against one object write per request: ${(holdRequests / baseline.perSecond).toFixed(2)} ÷ ${oneCall.toFixed(2)} = ${(holdRequests / baseline.perSecond / oneCall).toFixed(2)}`);
  }
  // Per pair, the ratio cannot pass 0.5 even if a hold cost no more than a no-op request: the goal is per request.
  console.log(`hold+release pairs/s ${fmt(holds.perSecond)}   ratio per pair to the no-op route's req/s: ${ratio(holds.perSecond, baseline.perSecond).trim()} (at most 0.5)`);
  console.log(`\nholds/s: ${holds.perSecond.toFixed(1)} (each also released; ${holds.refused} refused as taken); seats left held at the end: ${avail.counts.held}; ticket types available: ${after.ticketTypes[0].available}`);
  console.log(`oversell count: ${oversold}`);
  const fiveXx = Object.values(serverErrors).reduce((a, b) => a + b, 0);
  console.log(`5xx answers: ${fiveXx}`);
  if (oversold !== 0 || fiveXx !== 0) process.exitCode = 1;
} finally {
  await platform.stop();
  await bareWorker?.stop();
}

// DO-internal: the engine alone, inside the Durable Object, on a 50,000-seat event.
const internal = spawnSync('vitest', ['run', '--config', 'bench/vitest.bench.config.ts', '--silent=false'], { cwd: root, encoding: 'utf8', env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' } });
const line = (internal.stdout ?? '').split('\n').filter((l) => l.includes('DO-internal'));
console.log(line.length ? line.join('\n') : `DO-internal run failed:\n${internal.stdout}\n${internal.stderr}`);
if (internal.status !== 0) process.exitCode = 1;
