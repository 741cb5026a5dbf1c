/**
 * `npm run bench:live`: how fast a seat change reaches every viewer of the live seat map.
 *
 * Starts the platform, puts a seated event on sale through the API, opens VIEWERS public seat-map sockets (default
 * 1,000; `VIEWERS=1000,2000,5000` adds sockets round by round) from distinct client addresses, so the Worker spreads
 * them over the relays; each viewer fetches the HTTP snapshot and opens GET /events/{id}/live?since=<its version>.
 * Then it holds one seat HOLD_RATE times a second (default 50, open loop: a slow answer never lowers the rate) for
 * SECONDS (default 20), releasing each hold HOLD_MS (default 1000) after its request, through the public API, and
 * times every change (hold → unavailable, release → available) to every viewer: from the request's answer and from
 * its sending (a delta may arrive before the HTTP answer). Everything again on a second platform with LIVE_RELAYS=1,
 * the baseline (BASELINE=0 skips it). Prints the figures beside the baseline; exits non-zero when a change is lost or
 * out of order for any viewer, on any 5xx, or when a socket failed to open or closed early.
 * Other knobs: RELAYS (the relays run's LIVE_RELAYS; default wrangler.toml's), LAYOUT (sections×rows×seats, default
 * 10×10×20 = 2,000 seats), CONCURRENCY (snapshot fetches and socket opens at a time, default 48).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ChangeLog, ViewerPool } from './lib/live-viewers.mjs';
import { call, cpuProfile, percentile, startPlatform } from './lib/server.mjs';
import { cpuSeconds, openFds, rssKb, runtimeBase, snapshotInfo } from './lib/live-platform.mjs';

const VIEWERS = String(process.env.VIEWERS ?? '1000').split(',').map(Number).filter((n) => n >= 0).sort((a, b) => a - b);
const HOLD_RATE = Number(process.env.HOLD_RATE ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 20);
const HOLD_MS = Number(process.env.HOLD_MS ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 48);
const [SECTIONS, ROWS, PER_ROW] = String(process.env.LAYOUT ?? '10x10x20').split(/[x×]/).map(Number);
const configuredRelays = /^LIVE_RELAYS\s*=\s*"(\d+)"/m.exec(readFileSync(new URL('../wrangler.toml', import.meta.url), 'utf8'))?.[1];
const RELAYS = process.env.RELAYS ?? configuredRelays ?? '4';
const MAX_VIEWERS = VIEWERS[VIEWERS.length - 1];

async function seatedEventOnSale(platform) {
  const { base } = platform;
  const email = `bench-live-${Date.now()}@example.com`;
  const owner = (await call(base, 'POST', '/auth/signup', { body: { email, password: 'bench-password-1', name: 'Bench', organizationName: 'Bench Live' } })).body;
  platform.verify(email);
  const org = owner.currentOrganizationId;
  const t = owner.token;
  const seats = SECTIONS * ROWS * PER_ROW;
  const venue = (await call(base, 'POST', `/orgs/${org}/venues`, { token: t, body: { name: 'Bench Hall', address: { line1: '1 Bench Rd', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: seats } })).body;
  const layout = (await call(base, 'POST', `/orgs/${org}/venues/${venue.id}/layouts/generate`, { token: t, body: { name: 'Bench hall', sections: SECTIONS, rowsPerSection: ROWS, seatsPerRow: PER_ROW, curved: true } })).body;
  const start = Date.now() + 7 * 86_400_000;
  const event = (await call(base, 'POST', `/orgs/${org}/events`, { token: t, body: { name: 'Bench live night', venueId: venue.id, layoutId: layout.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3_600_000).toISOString() } })).body;
  const type = (await call(base, 'POST', `/orgs/${org}/events/${event.id}/ticket-types`, { token: t, body: { name: 'Seat', kind: 'seated', categories: layout.categories.map((c) => c.key), priceMinor: 10000 } })).body;
  for (const status of ['published', 'on_sale']) {
    const r = await call(base, 'POST', `/orgs/${org}/events/${event.id}/status`, { token: t, body: { status } });
    if (r.status !== 200) throw new Error(`could not move the event to ${status}: ${JSON.stringify(r.body)}`);
  }
  const seatIds = (await call(base, 'GET', `/public/events/${event.id}/seat-map`)).body.seats.map((s) => s[0]);
  return { eventId: event.id, ticketTypeId: type.id, seatIds };
}

/** The public seat map's version, read as a viewer does (the whole body fetched; only the version parsed). */
async function snapshotVersion(base, eventId) {
  const res = await fetch(`${base}/public/events/${eventId}/seat-map`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`seat map: ${res.status} ${text.slice(0, 200)}`);
  const version = /"version":(\d+)/.exec(text)?.[1];
  if (version === undefined) throw new Error('seat map without a version');
  return Number(version);
}

/**
 * Holds one seat HOLD_RATE times a second for SECONDS on an open-loop schedule (request i goes out at i/rate s,
 * whatever the earlier answers did), each released HOLD_MS after its request. Every request is a Change in `log`.
 */
async function holdAndRelease({ base, eventId, ticketTypeId, pool, log }) {
  const out = { holds: 0, holdsOk: 0, releasesOk: 0, fiveXx: 0, failed: [], holdMs: [], releaseMs: [] };
  const pending = new Set();
  const fail = (what) => {
    if (out.failed.length < 5) out.failed.push(what);
  };
  const request = async (method, path, body, change, latencies) => {
    try {
      const res = await fetch(`${base}${path}`, { method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      const text = await res.text();
      change.answered = performance.now();
      latencies.push(change.answered - change.sent);
      if (res.status >= 500) out.fiveXx += 1;
      return { status: res.status, text };
    } catch (error) {
      fail(`${method} ${path}: ${error.message}`);
      return { status: 0, text: '' };
    }
  };
  const release = async (seat, holdId) => {
    const change = log.add(seat, 'available', performance.now());
    const res = await request('DELETE', `/public/events/${eventId}/holds/${holdId}`, null, change, out.releaseMs);
    if (res.status === 200) {
      change.expected = true;
      out.releasesOk += 1;
    } else if (res.status) fail(`release: ${res.status} ${res.text.slice(0, 200)}`);
  };
  const hold = async (seat) => {
    const change = log.add(seat, 'unavailable', performance.now());
    const res = await request('POST', `/public/events/${eventId}/holds`, { ticketTypeId, seats: [seat], turnstileToken: 'XXXX.DUMMY.TOKEN.XXXX' }, change, out.holdMs);
    if (res.status !== 201) {
      if (res.status) fail(`hold: ${res.status} ${res.text.slice(0, 200)}`);
      return;
    }
    change.expected = true;
    out.holdsOk += 1;
    out.lastHoldAnswer = Math.max(out.lastHoldAnswer ?? change.answered, change.answered);
    out.firstHoldAnswer = Math.min(out.firstHoldAnswer ?? change.answered, change.answered);
    const holdId = /"id":"([^"]+)"/.exec(res.text)?.[1];
    await new Promise((r) => setTimeout(r, Math.max(0, change.sent + HOLD_MS - performance.now())));
    await release(seat, holdId);
  };
  const total = Math.round(HOLD_RATE * SECONDS);
  const started = performance.now();
  out.started = started;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * HOLD_RATE) + 1);
      while (out.holds < due) {
        const p = hold(pool[out.holds % pool.length]);
        out.holds += 1;
        pending.add(p);
        p.finally(() => pending.delete(p));
      }
      if (out.holds >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  out.issueSeconds = (performance.now() - started) / 1000;
  await Promise.all([...pending]);
  out.elapsed = (performance.now() - started) / 1000;
  return out;
}

/** Waits until every change that went through has reached every open viewer, or `ms` passed. */
async function drain(log, pool, ms = 5000) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const open = pool.openViewers().length;
    if (log.all.every((c) => !c.expected || c.received >= open)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function summarize({ log, pool, viewers, load, finalVersion }) {
  const changes = log.all.filter((c) => c.expected);
  const fromSend = new Float64Array(changes.length * viewers);
  const fromAnswer = new Float64Array(changes.length * viewers);
  let n = 0;
  let beforeAnswer = 0;
  let lost = 0;
  const lostViewers = new Set();
  for (const c of changes) {
    const answer = c.answered - c.sent;
    for (let v = 0; v < viewers; v++) {
      const r = c.recv[v];
      if (Number.isNaN(r)) {
        lost += 1;
        lostViewers.add(v);
        continue;
      }
      fromSend[n] = r;
      fromAnswer[n] = r - answer;
      if (r < answer) beforeAnswer += 1;
      n += 1;
    }
  }
  const send = fromSend.subarray(0, n).sort();
  const answer = fromAnswer.subarray(0, n).sort();
  const vs = pool.viewers.slice(0, viewers).filter(Boolean);
  const deltaSizes = [...pool.deltas.values()];
  const sorted = (a) => [...a].sort((x, y) => x - y);
  const holdMs = sorted(load.holdMs);
  const releaseMs = sorted(load.releaseMs);
  return {
    pairs: n,
    p50: percentile(answer, 50),
    p99: percentile(answer, 99),
    max: n ? answer[n - 1] : 0,
    sendP50: percentile(send, 50),
    sendP99: percentile(send, 99),
    sendMax: n ? send[n - 1] : 0,
    beforeAnswer: n ? beforeAnswer / n : 0,
    lost,
    lostViewers: lostViewers.size,
    gaps: vs.reduce((s, v) => s + v.gaps, 0),
    outOfOrder: vs.reduce((s, v) => s + v.outOfOrder, 0),
    behind: vs.filter((v) => v.version !== finalVersion).length,
    changes: changes.length,
    holdRate: load.holds / load.issueSeconds,
    okRate: (load.holdsOk + load.releasesOk) / load.elapsed,
    // Holds answered per second in steady state: answers between the first and the last hold's answer (counting from the
    // first request instead would charge the answer latency once as lost rate: 1,000 holds sent at 50/s over 20 s and
    // all answered after ~0.5 s each would read 48.8/s).
    holdsOkRate: load.holdsOk > 1 ? (load.holdsOk - 1) / ((load.lastHoldAnswer - load.firstHoldAnswer) / 1000 || 1) : 0,
    allAnswered: load.holdsOk === load.holds,
    fiveXx: load.fiveXx,
    failed: load.failed,
    holdP50: percentile(holdMs, 50),
    holdP99: percentile(holdMs, 99),
    releaseP50: percentile(releaseMs, 50),
    releaseP99: percentile(releaseMs, 99),
    deltas: deltaSizes.length,
    deltaBytes: deltaSizes.length ? deltaSizes.reduce((s, d) => s + d.bytes, 0) / deltaSizes.length : 0,
    deltaSeats: deltaSizes.length ? deltaSizes.reduce((s, d) => s + d.seats, 0) / deltaSizes.length : 0,
    bytesPerViewerMinute: (deltaSizes.reduce((s, d) => s + d.bytes, 0) / load.elapsed) * 60,
  };
}

/** One platform: the event, then each VIEWERS round (sockets added to the earlier rounds'), then the figures. */
let running = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await running?.stop();
    process.exit(130);
  });
}

async function runPlatform(label, vars) {
  // PROFILE=1: a CPU profile of workerd's isolate (the Worker, the inventory and the relays share it locally) during
  // each round's holding phase, in bench/results/live-<viewers>.cpuprofile (summarise with bench/lib/profile-summary.mjs).
  const inspectorPort = process.env.PROFILE === '1' ? Number(process.env.INSPECTOR_PORT ?? 9232) : undefined;
  const platform = await startPlatform({ vars, inspectorPort });
  running = platform;
  const results = [];
  let pool;
  try {
    // Straight to workerd's entry unless VIA_PROXY=1: wrangler dev's proxy is not part of production (see runtimeBase).
    const direct = process.env.VIA_PROXY === '1' ? null : await runtimeBase(platform);
    const base = direct ?? platform.base;
    const { eventId, ticketTypeId, seatIds } = await seatedEventOnSale(platform);
    const snapshot = await snapshotInfo(base, eventId);
    const log = new ChangeLog(MAX_VIEWERS);
    pool = new ViewerPool({ wsBase: base.replace(/^http/, 'ws'), eventId, log });
    // Seats spread over the map; a seat comes round again only after the pool has gone by.
    const poolSize = Math.min(seatIds.length, Math.max(200, Math.ceil(HOLD_RATE * (SECONDS + HOLD_MS / 1000 + 5))));
    const step = Math.max(1, Math.floor(seatIds.length / poolSize));
    const seats = Array.from({ length: poolSize }, (_, i) => seatIds[(i * step) % seatIds.length]);
    console.log(`\n[${label}] ${direct ? `workerd's entry ${direct} (past wrangler's proxy)` : `through wrangler's proxy ${base}`}`);
    console.log(`[${label}] event ${eventId}: ${seatIds.length} seats; snapshot ${snapshot.bytes} B (${snapshot.gzipBytes} B gzip, ${snapshot.revalidation})`);
    let socketRssKb = 0;
    let opened = 0;
    for (const viewers of VIEWERS) {
      const openStarted = performance.now();
      const snapshotMs = [];
      const versions = await pool.snapshots(opened, viewers, {
        concurrency: CONCURRENCY,
        snapshot: async () => {
          const t0 = performance.now();
          const v = await snapshotVersion(base, eventId);
          snapshotMs.push(performance.now() - t0);
          return v;
        },
      });
      await new Promise((r) => setTimeout(r, 1000));
      const rssBefore = rssKb(platform);
      await pool.connect(versions, { concurrency: CONCURRENCY });
      const openSeconds = (performance.now() - openStarted) / 1000;
      await new Promise((r) => setTimeout(r, 2000));
      socketRssKb += rssKb(platform) - rssBefore;
      const rss = rssKb(platform);
      const fds = Math.max(...openFds(platform));
      const open = pool.openViewers().length;
      console.log(`[${label}] ${open} of ${viewers} sockets open in ${openSeconds.toFixed(1)}s (${pool.failedOpens.length} failed; load ${loadNow()}); holding ${HOLD_RATE}/s for ${SECONDS}s…`);
      for (const f of pool.failedOpens.slice(0, 3)) console.log(`  ${f}`);
      opened = viewers;

      log.reset();
      const lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      const cpu0 = process.cpuUsage();
      const wall0 = performance.now();
      const workerdCpu0 = cpuSeconds(platform);
      const hold = () => holdAndRelease({ base, eventId, ticketTypeId, pool: seats, log });
      const load = inspectorPort ? await cpuProfile(inspectorPort, fileURLToPath(new URL(`results/live-${viewers}.cpuprofile`, import.meta.url)), hold) : await hold();
      await drain(log, pool);
      const workerdCpu = cpuSeconds(platform) - workerdCpu0;
      const cpu = process.cpuUsage(cpu0);
      const wall = (performance.now() - wall0) / 1000;
      lag.disable();
      // The Worker trusts its seat-map version pointer for LIVE_SNAPSHOT_POINTER_MS (1 s): past it, the map's version is current.
      await new Promise((r) => setTimeout(r, 1500));
      const finalVersion = await snapshotVersion(base, eventId);
      const s = summarize({ log, pool, viewers, load, finalVersion });
      snapshotMs.sort((a, b) => a - b);
      results.push({
        label,
        viewers,
        open,
        failedOpens: pool.failedOpens.length,
        closedEarly: pool.closedEarly,
        resyncs: pool.resyncs,
        unexpected: pool.unexpected,
        rssPerSocketKb: socketRssKb / Math.max(1, open),
        load: loadNow(),
        rssMb: rss / 1024,
        fds,
        snapshot,
        snapshotP50: percentile(snapshotMs, 50),
        snapshotP99: percentile(snapshotMs, 99),
        openSeconds,
        workerdCpu: workerdCpu / wall,
        wall,
        // Every delta goes to every open socket.
        sends: pool.deltas.size * open,
        harnessCpu: (cpu.user + cpu.system) / 1e6 / wall,
        lagP99: lag.percentile(99) / 1e6,
        ...s,
      });
      for (const f of s.failed) console.log(`  ${f}`);
      pool.deltas.clear();
    }
  } finally {
    await pool?.closeAll();
    await platform.stop();
    running = null;
  }
  return results;
}

const loadNow = () => loadavg().map((n) => n.toFixed(2)).join(' ');
const int = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const ROWS_OUT = [
  ['sockets open / failed / closed early', (r) => `${int(r.open)} / ${r.failedOpens} / ${r.closedEarly}`],
  ['holds/s sent (target) · holds answered/s', (r) => `${r.holdRate.toFixed(1)} (${HOLD_RATE}) · ${r.holdsOkRate.toFixed(1)}`],
  ['changes timed · (change, viewer) pairs', (r) => `${int(r.changes)} · ${int(r.pairs)}`],
  ['from hold answer p50 / p99 / max ms', (r) => `${ms(r.p50)} / ${ms(r.p99)} / ${ms(r.max)}`],
  ['from request sent p50 / p99 / max ms', (r) => `${ms(r.sendP50)} / ${ms(r.sendP99)} / ${ms(r.sendMax)}`],
  ['delta before the HTTP answer', (r) => `${(r.beforeAnswer * 100).toFixed(1)}%`],
  ['lost pairs (viewers) · gaps · out of order', (r) => `${r.lost} (${r.lostViewers}) · ${r.gaps} · ${r.outOfOrder}`],
  ['behind at the end · resyncs · unmatched', (r) => `${r.behind} · ${r.resyncs} · ${r.unexpected}`],
  ['5xx', (r) => String(r.fiveXx)],
  ['hold answer p50 / p99 ms', (r) => `${ms(r.holdP50)} / ${ms(r.holdP99)}`],
  ['release answer p50 / p99 ms', (r) => `${ms(r.releaseP50)} / ${ms(r.releaseP99)}`],
  ['snapshot fetch p50 / p99 ms', (r) => `${ms(r.snapshotP50)} / ${ms(r.snapshotP99)}`],
  ['workerd RSS MB · per socket kB', (r) => `${int(r.rssMb)} · ${r.rssPerSocketKb.toFixed(1)}`],
  ['workerd open files (largest process)', (r) => int(r.fds)],
  ['deltas · mean bytes · seats each', (r) => `${r.deltas} · ${int(r.deltaBytes)} · ${r.deltaSeats.toFixed(2)}`],
  ['delta bytes per viewer per minute', (r) => int(r.bytesPerViewerMinute)],
  ['socket sends/s (deltas × sockets)', (r) => int(r.sends / r.wall)],
  ['workerd µs per send (vs 0 viewers)', (r) => (Number.isFinite(r.usPerSend) ? r.usPerSend.toFixed(1) : '–')],
  ['CPU cores: workerd · bench · loop lag p99', (r) => `${r.workerdCpu.toFixed(2)} · ${r.harnessCpu.toFixed(2)} · ${ms(r.lagP99)} ms`],
  ['machine load average after the round', (r) => r.load.split(' ')[0]],
];

function printTable(all) {
  // workerd's CPU above the same platform's round without viewers, per socket send (when VIEWERS includes 0).
  for (const r of all) {
    const idle = all.find((o) => o.label === r.label && o.viewers === 0);
    if (idle && r.viewers > 0 && r.sends > 0) r.usPerSend = (((r.workerdCpu - idle.workerdCpu) * r.wall) / r.sends) * 1e6;
  }
  const columns = [];
  for (const viewers of VIEWERS) for (const r of all) if (r.viewers === viewers) columns.push(r);
  const width = 29;
  console.log(`\n${''.padEnd(44)}${columns.map((r) => `${int(r.viewers)} viewers`.padStart(width)).join('')}`);
  console.log(`${''.padEnd(44)}${columns.map((r) => r.label.padStart(width)).join('')}`);
  for (const [name, f] of ROWS_OUT) console.log(`${name.padEnd(44)}${columns.map((r) => f(r).padStart(width)).join('')}`);
}

console.log(`bench:live ${new Date().toISOString()}: ${cpus().length} cores (load ${loadNow()}), viewers ${VIEWERS.join(', ')}, holds ${HOLD_RATE}/s for ${SECONDS}s (released after ${HOLD_MS} ms), layout ${SECTIONS}×${ROWS}×${PER_ROW}`);
const all = [];
/** Extra wrangler vars for both runs, e.g. VARS=LIVE_COALESCE_MS:50 (comma-separated KEY:VALUE). */
const EXTRA_VARS = Object.fromEntries(String(process.env.VARS ?? "").split(",").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf(":")), kv.slice(kv.indexOf(":") + 1)]));
all.push(...(await runPlatform(`relays=${RELAYS}`, { ...EXTRA_VARS, LIVE_RELAYS: RELAYS })));
if (process.env.BASELINE !== '0') {
  // One relay holds every socket: its per-relay cap must not refuse the baseline's viewers.
  all.push(...(await runPlatform("relays=1 (baseline)", { ...EXTRA_VARS, LIVE_RELAYS: '1', LIVE_SOCKETS_PER_RELAY: String(Math.max(2500, MAX_VIEWERS)) })));
}
printTable(all);
const bad = all.filter((r) => r.lost || r.gaps || r.outOfOrder || r.behind || r.fiveXx || r.failedOpens || r.closedEarly || r.failed.length);
const goal = all.find((r) => r.label.startsWith(`relays=${RELAYS}`) && r.viewers === 1000);
if (goal) {
  // A delta that beat the hold's answer counts as 0 ms after it; the answers must have kept up with the rate.
  const p99 = Math.max(0, goal.p99);
  const keptUp = goal.allAnswered && goal.holdsOkRate >= HOLD_RATE * 0.98 && HOLD_RATE >= 50;
  console.log(
    `\ngoal (p99 < 150 ms after the hold's answer at 1,000 viewers, holds ≥ 50/s answered): ${p99 < 150 && keptUp ? 'met' : 'NOT met'}` +
      ` (p99 ${ms(p99)} ms after the answer, ${ms(goal.sendP99)} ms after the request; holds answered ${goal.holdsOkRate.toFixed(1)}/s)`,
  );
}
console.log(bad.length ? `FAILED: ${bad.map((r) => `${r.label} at ${r.viewers}`).join(', ')} lost, reordered, 5xx or socket failures` : 'nothing lost or out of order, no 5xx, every socket opened');
if (bad.length) process.exitCode = 1;
