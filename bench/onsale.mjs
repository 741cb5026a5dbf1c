/**
 * `npm run bench:onsale`: a flash sale through the waiting room (issue #14, item 8). `BUYERS` (default 5,000) join the
 * pre-queue of an event with fewer places than buyers (`SEATS`, default BUYERS / 5); the sale opens; each buyer polls
 * the queue at a pace set by its ETA (as the storefront does), redeems its admission when its place comes up, holds
 * 1–2 places, thinks, checks out and pays with the test provider at a human-like pace (`THINK_MS`), and stops when it
 * has paid, when the room or a hold says sold out, or when the run ends. `LATE` (default 10 %) of the buyers arrive
 * after the sale opened (FIFO behind the drawn pre-queue). With `LIVE=1` (the default) each waiting buyer also follows
 * the public live channel as the storefront does (`?only=queue`, its own client address): a `queue` message saying
 * sold out or closed ends its wait at once, one reaching its place redeems at once, and while the socket is open it
 * polls only every 15 s (the fallback). `LIVE=0` measures polling alone. `QUEUE_SHARDS` (default 1) spreads the
 * queue's joins over that many objects (the pre-queue's, then the late ones: placed by key at the room's ticks).
 *
 * It prints queue-join p50/p99, polls and how many of them reached the room object (the status answer says where its
 * cursor came from: `X-Cursor-Source`; target none beyond the ~1/s refresh), admitted per minute against the room's
 * own rate, time to sell out, how long after the last sale the waiting buyers were told "sold out", order fairness
 * (the pre-queue's places against its join order, and that no join placed in order — after the draw — got ahead of
 * it), oversell and 5xx. Exits non-zero on oversell, a 5xx, an in-order join ahead of the pre-queue, or a buyer
 * admitted twice.
 */
import { runtimeBase } from './lib/live-platform.mjs';
import { viewerAddress } from './lib/live-viewers.mjs';
import { call, percentile, startPlatform } from './lib/server.mjs';

const BUYERS = Number(process.env.BUYERS ?? 5000);
const SEATS = Number(process.env.SEATS ?? Math.max(10, Math.floor(BUYERS / 5)));
const LATE = Number(process.env.LATE ?? 0.1);
const PREQUEUE_S = Number(process.env.PREQUEUE_SECONDS ?? 20);
const THINK_MS = Number(process.env.THINK_MS ?? 1500);
const MAX_ACTIVE = Number(process.env.MAX_ACTIVE ?? 200);
const RUN_LIMIT_S = Number(process.env.RUN_LIMIT_SECONDS ?? 600);
const LIVE = process.env.LIVE !== '0';
/** Join shards for the pre-queue (docs/waiting-room.md "Join shards"); 1 = every join at the room. */
const QUEUE_SHARDS = Number(process.env.QUEUE_SHARDS ?? 1);
/** The storefront's fallback poll while its live channel is open (web/src/store/queue.ts LIVE_POLL_MS). */
const LIVE_POLL_MS = 15_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const jitter = (ms) => ms * (0.75 + Math.random() * 0.5);
const stats = { fiveXx: 0, polls: 0, pollsAtObject: 0, pollSources: {}, joins: [], admitted: [], admittedTwice: 0, paid: 0, seatsBought: 0, holdsRefused: 0, told: [], toldLive: 0, liveOpen: 0, liveRefused: 0, liveAdmits: 0, errors: 0 };

const fiveXxBy = {};
function record(status, label = 'other') {
  if (status >= 500) {
    stats.fiveXx += 1;
    fiveXxBy[label] = (fiveXxBy[label] ?? 0) + 1;
  }
}

/** `call` (bench/lib/server.mjs), timed, with any 5xx counted by route. */
async function request(base, method, path, opts) {
  const started = performance.now();
  const res = await call(base, method, path, opts);
  record(res.status, `${method} ${path.replace(/evt_\w+/, '{id}')}`);
  return { ...res, ms: performance.now() - started };
}

/** Spearman's rank correlation of two equally long lists of distinct numbers. */
function spearman(xs, ys) {
  const rank = (v) => {
    const order = v.map((x, i) => [x, i]).sort((a, b) => a[0] - b[0]);
    const r = new Array(v.length);
    order.forEach(([, i], k) => (r[i] = k));
    return r;
  };
  const rx = rank(xs);
  const ry = rank(ys);
  const n = xs.length;
  const d2 = rx.reduce((s, r, i) => s + (r - ry[i]) ** 2, 0);
  return n > 1 ? 1 - (6 * d2) / (n * (n * n - 1)) : 0;
}

const platform = await startPlatform({ vars: { PUBLIC_RATE_LIMITS: 'quote=100000000,checkout=100000000,queue=100000000,admit=100000000', LIVE_SOCKETS_PER_RELAY: String(Math.max(2500, BUYERS)) } });
let exit = 0;
try {
  const setup = platform.base;
  const base = (await runtimeBase(platform)) ?? setup;
  const origin = new URL(base).origin;
  // The organizer: an event of SEATS standing places whose sale opens in PREQUEUE_S seconds, with a waiting room on.
  const email = `bench-onsale-${Date.now()}@example.com`;
  const owner = (await call(setup, 'POST', '/auth/signup', { body: { email, password: 'bench-password-1', name: 'Bench', organizationName: 'Bench On-sale' } })).body;
  platform.verify(email);
  const org = owner.currentOrganizationId;
  const t = owner.token;
  const venue = (await call(setup, 'POST', `/orgs/${org}/venues`, { token: t, body: { name: 'Bench Field', address: { line1: '1 Bench Rd', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: SEATS } })).body;
  const start = Date.now() + 7 * 86_400_000;
  const saleStartsAt = new Date(Date.now() + PREQUEUE_S * 1000);
  const event = (await call(setup, 'POST', `/orgs/${org}/events`, { token: t, body: { name: 'Bench on-sale', venueId: venue.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3_600_000).toISOString(), saleStartsAt: saleStartsAt.toISOString() } })).body;
  const type = (await call(setup, 'POST', `/orgs/${org}/events/${event.id}/ticket-types`, { token: t, body: { name: 'Standing', kind: 'ga', capacity: SEATS, priceMinor: 25000, maxPerOrder: 4 } })).body;
  for (const status of ['published', 'on_sale']) {
    const r = await call(setup, 'POST', `/orgs/${org}/events/${event.id}/status`, { token: t, body: { status } });
    if (r.status !== 200) throw new Error(`could not move the event to ${status}: ${JSON.stringify(r.body)}`);
  }
  const room = await call(setup, 'PUT', `/orgs/${org}/events/${event.id}/waiting-room`, {
    token: t,
    body: { enabled: true, shuffleAtStart: true, ratePerMinute: null, maxActive: MAX_ACTIVE, sessionMinutes: 10, maxSeatsPerBuyer: 4, queueShards: QUEUE_SHARDS },
  });
  if (room.status !== 200) throw new Error(`waiting room: ${room.status} ${JSON.stringify(room.body)}`);
  console.log(`bench:onsale ${new Date().toISOString()}: ${BUYERS} buyers (${Math.round(LATE * 100)} % after the start) for ${SEATS} places; pre-queue ${PREQUEUE_S}s; maxActive ${MAX_ACTIVE}; think ${THINK_MS} ms; join shards ${QUEUE_SHARDS}`);

  const path = (p) => `/public/events/${event.id}${p}`;
  const wsBase = base.replace(/^http/, 'ws');
  const runUntil = performance.now() + (PREQUEUE_S + RUN_LIMIT_S) * 1000;
  let lastSaleAt = 0;
  let soldOutSeenAt = 0;

  async function buyer(i) {
    const late = i >= BUYERS * (1 - LATE);
    // Pre-queue buyers arrive over the pre-queue; late ones over the first 10 s of the sale.
    const arriveAt = late ? PREQUEUE_S * 1000 + Math.random() * 10_000 : Math.random() * (PREQUEUE_S - 3) * 1000;
    await sleep(arriveAt);
    const sentAt = performance.now();
    // Locally the Turnstile secret is Cloudflare's always-pass test secret, which takes its documented dummy token.
    const joined = await request(base, 'POST', path('/queue'), { body: { turnstileToken: 'XXXX.DUMMY.TOKEN.XXXX' } });
    if (joined.status !== 201) {
      if (stats.errors++ < 3) console.error(`join answered ${joined.status}: ${JSON.stringify(joined.body)}`);
      return;
    }
    // In the pre-queue is what the room said (no place yet: drawn at the start), not when the join was sent: a join sent
    // before the start but answered after it is placed in order behind the draw, like a late one.
    const me = { i, late, preQueue: joined.body.state === 'prequeue', sentAt, joinedAt: performance.now(), joinMs: joined.ms, place: joined.body.place, exactPlace: joined.body.place, ticket: joined.body.ticket, live: null, wake: null, told: false, turn: false };
    stats.joins.push(me);
    if (LIVE) follow(me);
    try {
      await wait(me);
    } finally {
      try {
        me.live?.close();
      } catch {
        /* already closed */
      }
    }
  }

  /** The buyer's queue-only socket: sold out / closed ends the wait, our place reached redeems, at once. */
  function follow(me) {
    const ws = new WebSocket(`${wsBase}/events/${event.id}/live?only=queue`, { headers: { 'CF-Connecting-IP': viewerAddress(me.i + 1) } });
    me.live = ws;
    ws.onopen = () => {
      me.liveOpen = true;
      stats.liveOpen += 1;
    };
    ws.onerror = () => {
      if (!me.liveOpen) stats.liveRefused += 1;
    };
    ws.onclose = () => {
      me.liveOpen = false;
    };
    ws.onmessage = (ev) => {
      let m;
      try {
        m = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (m.type !== 'queue') return;
      if ((m.state === 'sold_out' || m.state === 'closed') && !me.told) {
        me.told = true;
        stats.told.push(performance.now());
        stats.toldLive += 1;
        if (!soldOutSeenAt) soldOutSeenAt = performance.now();
        me.wake?.();
      } else if (me.place !== null && reached(me, m) && (m.state === 'open' || m.state === 'paused') && !me.turn) {
        me.turn = true;
        stats.liveAdmits += 1;
        me.wake?.();
      }
    };
  }

  /**
   * Whether a live message says our turn has come: a pre-queue place drawn by lottery is an estimate, so its lottery
   * number is compared with the message's (as the storefront does, web/src/store/queue.ts statusFromLive).
   */
  const reached = (me, m) => {
    // A late join spread over join shards: its key (joinedAt, lottery) against the message's lateThrough.
    if (me.joinKey !== undefined) return m.lateThrough != null && (me.joinKey.at < m.lateThrough.at || (me.joinKey.at === m.lateThrough.at && me.joinKey.lottery <= m.lateThrough.lottery));
    return me.lottery !== undefined && m.lotteryThrough !== undefined ? m.lotteryThrough !== null && me.lottery <= m.lotteryThrough : me.place <= m.admittedThrough;
  };

  /** Sleeps `ms`, or less when the live channel wakes the buyer. */
  const nap = (me, ms) =>
    new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        me.wake = null;
        resolve();
      }
      me.wake = done;
    });

  async function wait(me) {
    // Poll at a pace set by the ETA, as the storefront does (1–10 s; 15 s while the live channel is open).
    for (;;) {
      if (performance.now() > runUntil || me.told) return;
      if (me.turn) break;
      const s = await request(base, 'GET', path('/queue/status'), { headers: { Authorization: `Bearer ${me.ticket}` } });
      stats.polls += 1;
      const source = s.headers.get('X-Cursor-Source') ?? 'unknown';
      stats.pollSources[source] = (stats.pollSources[source] ?? 0) + 1;
      if (source === 'object') stats.pollsAtObject += 1;
      if (s.status !== 200) return void (stats.errors += 1);
      if (s.body.ticket) me.ticket = s.body.ticket;
      if (s.body.place !== null) me.place = s.body.place;
      if (s.body.joinedAt !== undefined) me.joinKey = { at: s.body.joinedAt, lottery: s.body.lottery };
      else if (s.body.lottery !== undefined) me.lottery = s.body.lottery;
      if (me.told) return;
      if (s.body.state === 'sold_out' || s.body.state === 'closed') {
        me.told = true;
        stats.told.push(performance.now());
        if (!soldOutSeenAt) soldOutSeenAt = performance.now();
        return;
      }
      if (me.turn || (me.place !== null && me.place <= s.body.admittedThrough)) break;
      const eta = s.body.etaSeconds ?? 10;
      await nap(me, me.liveOpen && me.place !== null ? LIVE_POLL_MS : jitter(Math.min(10_000, Math.max(1000, (eta * 1000) / 4))));
    }
    await shop(me);
  }

  async function shop(me) {
    const { i } = me;
    const admit = await request(base, 'POST', path('/queue/admit'), { headers: { Authorization: `Bearer ${me.ticket}` } });
    if (admit.status !== 200) return void (stats.errors += 1);
    // The room says the place exactly when it admits (an estimate until then, for lottery and late-shard tickets).
    if (typeof admit.body.place === 'number') me.place = me.exactPlace = admit.body.place;
    const again = await request(base, 'POST', path('/queue/admit'), { headers: { Authorization: `Bearer ${me.ticket}` } });
    // Redeeming again must answer the same buyer session (the token may be signed anew).
    const sessionOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')).sub;
    if (again.status === 200 && sessionOf(again.body.admission) !== sessionOf(admit.body.admission)) stats.admittedTwice += 1;
    stats.admitted.push({ place: me.place, at: performance.now(), late: me.late });
    const headers = { Admission: admit.body.admission };
    await sleep(jitter(THINK_MS));
    const quantity = 1 + (i % 2);
    const held = await request(base, 'POST', path('/holds'), { body: { ticketTypeId: type.id, quantity }, headers });
    if (held.status !== 201) {
      stats.holdsRefused += 1;
      return;
    }
    await sleep(jitter(THINK_MS));
    const started = await request(base, 'POST', path('/checkout'), { body: { holds: [held.body.id], buyer: { name: `Buyer ${i}`, email: `buyer-${i}@example.com` } }, headers });
    if (started.status !== 201) return void (stats.errors += 1);
    await sleep(jitter(THINK_MS));
    const session = new URL(started.body.payment.redirectUrl).pathname.split('/').pop();
    const paid = await fetch(`${origin}/pay/test/${session}/pay`, { method: 'POST', redirect: 'manual' });
    record(paid.status);
    await paid.arrayBuffer();
    if (paid.status === 303) {
      stats.paid += 1;
      stats.seatsBought += quantity;
      lastSaleAt = performance.now();
    }
  }

  const t0 = performance.now();
  await Promise.all(Array.from({ length: BUYERS }, (_, i) => buyer(i).catch(() => (stats.errors += 1))));
  const wall = (performance.now() - t0) / 1000;

  // What the organizer sees afterwards.
  await sleep(2000);
  const avail = (await call(setup, 'GET', `/orgs/${org}/events/${event.id}/availability`, { token: t })).body;
  const sold = avail?.counts?.sold ?? null;
  const joins = stats.joins.map((j) => j.joinMs).sort((a, b) => a - b);
  const pre = stats.joins.filter((j) => j.preQueue && j.place !== null);
  // Places known exactly (the join's answer, or the admission's): a late ticket spread over join shards shows an estimate until then.
  const lateOnes = stats.joins.filter((j) => !j.preQueue && j.exactPlace !== null).map((j) => ({ ...j, place: j.exactPlace }));
  const sentEarlyPlacedLate = stats.joins.filter((j) => !j.late && !j.preQueue).length;
  const maxPrePlace = Math.max(0, ...pre.map((j) => j.place));
  const lateAhead = lateOnes.filter((j) => j.place <= maxPrePlace).length;
  const rho = spearman(pre.map((j) => j.joinedAt), pre.map((j) => j.place));
  // FIFO after the pre-queue, by causality: a join answered before another was even sent must be ahead of it.
  let lateInversions = 0;
  const byAnswer = [...lateOnes].sort((a, b) => a.joinedAt - b.joinedAt);
  let maxPlaceAnswered = -Infinity;
  let k = 0;
  for (const b of [...lateOnes].sort((x, y) => x.sentAt - y.sentAt)) {
    while (k < byAnswer.length && byAnswer[k].joinedAt < b.sentAt) maxPlaceAnswered = Math.max(maxPlaceAnswered, byAnswer[k++].place);
    if (b.place < maxPlaceAnswered) lateInversions += 1;
  }
  const admittedTimes = stats.admitted.map((a) => a.at).sort((a, b) => a - b);
  const admitSpan = admittedTimes.length > 1 ? (admittedTimes[admittedTimes.length - 1] - admittedTimes[0]) / 60_000 : 0;
  const toldAfter = lastSaleAt ? stats.told.map((x) => (x - lastSaleAt) / 1000).sort((a, b) => a - b) : [];
  const oversold = sold !== null && sold > SEATS ? sold - SEATS : 0;

  const row = (k, v) => console.log(`${k.padEnd(52)} ${v}`);
  console.log('');
  row('buyers joined · errors', `${stats.joins.length} · ${stats.errors}`);
  row('queue join p50 / p99 ms', `${percentile(joins, 50).toFixed(1)} / ${percentile(joins, 99).toFixed(1)}`);
  row('polls · that reached the room object', `${stats.polls} · ${stats.pollsAtObject + (stats.pollSources.place ?? 0)} (${JSON.stringify(stats.pollSources)})`);
  row('admitted · per minute (first to last admission)', `${stats.admitted.length} · ${admitSpan ? (stats.admitted.length / admitSpan).toFixed(0) : '–'}`);
  row('paid orders · places bought · holds refused', `${stats.paid} · ${stats.seatsBought} · ${stats.holdsRefused}`);
  row('time to sell out (sale start → last sale) s', lastSaleAt ? ((lastSaleAt - t0) / 1000 - PREQUEUE_S).toFixed(1) : '–');
  if (LIVE) row('live: sockets opened · refused · admitted on a message · told on a message', `${stats.liveOpen} · ${stats.liveRefused} · ${stats.liveAdmits} · ${stats.toldLive}`);
  row('waiting buyers told "sold out" · after the last sale p50 / p99 / max s', toldAfter.length ? `${toldAfter.length} · ${percentile(toldAfter, 50).toFixed(2)} / ${percentile(toldAfter, 99).toFixed(2)} / ${toldAfter[toldAfter.length - 1].toFixed(2)}` : '0');
  row('pre-queue: Spearman ρ of place vs join order', `${rho.toFixed(3)} over ${pre.length} (0 = shuffled; 1 = join order)`);
  row('placed in order (after the draw) ahead of the pre-queue · behind one who joined after them', `${lateAhead} · ${lateInversions}`);
  row('joins sent before the start but answered after the draw', String(sentEarlyPlacedLate));
  row('sold (organizer) · capacity · oversold', `${sold} · ${SEATS} · ${oversold}`);
  row('admitted twice (a second redemption, another session)', String(stats.admittedTwice));
  row('5xx', `${stats.fiveXx}${stats.fiveXx ? ` ${JSON.stringify(fiveXxBy)}` : ''}`);
  row('wall time s', wall.toFixed(1));
  // A run where buyers could not even join (or most calls failed) measured nothing: that is a failure too.
  if (stats.joins.length === 0 || stats.errors > BUYERS * 0.05) console.log(`\nFAILED: ${stats.joins.length} joined, ${stats.errors} errors`);
  if (oversold || stats.fiveXx || lateAhead || lateInversions || stats.admittedTwice || stats.joins.length === 0 || stats.errors > BUYERS * 0.05) exit = 1;
} finally {
  await platform.stop();
}
process.exit(exit);
