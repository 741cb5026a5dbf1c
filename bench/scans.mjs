/**
 * `npm run bench:scans`: starts the platform, sells TICKETS tickets (default 3,000) for one event
 * through the real checkout, registers 4 scanner devices, then scans every ticket online with CLIENTS
 * concurrent scanners (default 32, spread over the 4 devices), then every ticket again (all
 * duplicates), beside a no-op route measured the same way in the same run. Prints scans/s and p50/p99
 * latency, and checks that every ticket was admitted exactly once. Then the offline side: Ed25519
 * verifications/s of signed tokens and full offline decisions/s, inside workerd.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { call, runAll, startPlatform } from './lib/server.mjs';

const TICKETS = Number(process.env.TICKETS ?? 3000);
const CLIENTS = Number(process.env.CLIENTS ?? 32);
const root = fileURLToPath(new URL('..', import.meta.url));

const platform = await startPlatform();
const { base } = platform;
try {
  const email = `bench-${Date.now()}@example.com`;
  const owner = (await call(base, 'POST', '/auth/signup', { body: { email, password: 'bench-password-1', name: 'Bench', organizationName: 'Bench Org' } })).body;
  platform.verify(email);
  const org = owner.currentOrganizationId;
  const t = owner.token;
  const venue = (await call(base, 'POST', `/orgs/${org}/venues`, { token: t, body: { name: 'Bench Field', address: { line1: '1 Bench Rd', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 60000 } })).body;
  const gates = [];
  for (const name of ['North', 'South']) gates.push((await call(base, 'POST', `/orgs/${org}/venues/${venue.id}/gates`, { token: t, body: { name } })).body.id);
  // Doors in two hours: the tickets scan from now on.
  const start = Date.now() + 2 * 3_600_000;
  const event = (await call(base, 'POST', `/orgs/${org}/events`, { token: t, body: { name: 'Bench festival', venueId: venue.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 6 * 3_600_000).toISOString() } })).body;
  const ga = (await call(base, 'POST', `/orgs/${org}/events/${event.id}/ticket-types`, { token: t, body: { name: 'Day pass', kind: 'ga', capacity: TICKETS, priceMinor: 10000, maxPerOrder: 50 } })).body;
  for (const status of ['published', 'on_sale']) {
    const r = await call(base, 'POST', `/orgs/${org}/events/${event.id}/status`, { token: t, body: { status } });
    if (r.status !== 200) throw new Error(`could not move the event to ${status}: ${JSON.stringify(r.body)}`);
  }

  // Sell every ticket through the real checkout, 50 to an order.
  const orders = Array.from({ length: Math.ceil(TICKETS / 50) }, (_, i) => Math.min(50, TICKETS - i * 50));
  const tokens = [];
  const soldAt = performance.now();
  await runAll(orders, 8, async (quantity) => {
    const held = await call(base, 'POST', `/public/events/${event.id}/holds`, { body: { ticketTypeId: ga.id, quantity, turnstileToken: 'XXXX.DUMMY.TOKEN.XXXX' } });
    if (held.status !== 201) throw new Error(`hold: ${held.status} ${JSON.stringify(held.body)}`);
    const started = await call(base, 'POST', `/public/events/${event.id}/checkout`, { body: { holds: [held.body.id], buyer: { name: 'Bench Buyer', email: `buyer-${Math.random()}@example.com` } } });
    if (started.status !== 201) throw new Error(`checkout: ${started.status} ${JSON.stringify(started.body)}`);
    const session = new URL(started.body.payment.redirectUrl).pathname.split('/').pop();
    await fetch(`${base.replace('/api/v1', '')}/pay/test/${session}/pay`, { method: 'POST', redirect: 'manual' });
    for (let tries = 0; tries < 400; tries++) {
      const order = (await call(base, 'GET', `/public/orders/${started.body.accessToken}`)).body;
      if (order.status === 'paid') return void tokens.push(...order.tickets.map((k) => k.qrToken));
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('order never paid');
  });
  if (tokens.length !== TICKETS) throw new Error(`sold ${tokens.length} of ${TICKETS} tickets`);
  console.log(`event: ${TICKETS} tickets sold in ${((performance.now() - soldAt) / 1000).toFixed(1)}s; ${CLIENTS} concurrent scanners on 4 devices`);

  const devices = [];
  for (let k = 0; k < 4; k++) devices.push((await call(base, 'POST', `/orgs/${org}/devices`, { token: t, body: { name: `Bench phone ${k}`, eventIds: [event.id], gateId: gates[k % 2] } })).body.token);

  const baseline = await runAll(tokens, CLIENTS, async () => {
    if (!(await fetch(`${base}/ping`)).ok) throw new Error('ping');
  });
  const results = new Map();
  const scanPass = (label) =>
    runAll(tokens, CLIENTS, async (token, client) => {
      const res = await call(base, 'POST', '/device/scan', { token: devices[client % 4], body: { eventId: event.id, token, nonce: `${label}-${client}-${Math.random().toString(36).slice(2)}` } });
      if (res.status !== 200) throw new Error(`scan: ${res.status} ${JSON.stringify(res.body)}`);
      const key = `${label}:${res.body.result}`;
      results.set(key, (results.get(key) ?? 0) + 1);
    });
  const first = await scanPass('first');
  const again = await scanPass('again');
  const avail = (await call(base, 'GET', `/orgs/${org}/events/${event.id}/availability`, { token: t })).body;

  const fmt = (n) => n.toFixed(1).padStart(9);
  const row = (label, r) => console.log(`${label.padEnd(26)}${fmt(r.perSecond)} ${fmt(r.p50)} ${fmt(r.p99)} ${String(r.errors).padStart(8)}`);
  console.log('\n                              req/s     p50 ms    p99 ms   errors');
  row('no-op route', baseline);
  row('online scan (first: valid)', first);
  row('online scan (duplicate)', again);
  const valid = results.get('first:valid') ?? 0;
  const dups = results.get('again:duplicate') ?? 0;
  console.log(`\nresults: ${[...results].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`checked in: ${avail.counts.checkedIn} of ${TICKETS} (first pass valid ${valid}, second pass duplicate ${dups})`);
  const wrong = avail.counts.checkedIn !== TICKETS || valid !== TICKETS || dups !== TICKETS;
  console.log(`double admissions: ${wrong ? 'MISMATCH' : 0}`);
  if (wrong || first.errors || again.errors) process.exitCode = 1;
} finally {
  await platform.stop();
}

// Offline: verifying signed tokens the way a scanner does, inside workerd (same WebCrypto as a Worker).
const offline = spawnSync('vitest', ['run', '--config', 'bench/vitest.bench.config.ts', '--silent=false', 'bench/offline-verify.bench.test.ts'], { cwd: root, encoding: 'utf8', env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' } });
const lines = (offline.stdout ?? '').split('\n').filter((l) => l.includes('offline:'));
console.log(lines.length ? `\n${lines.join('\n')}` : `offline run failed:\n${offline.stdout}\n${offline.stderr}`);
if (offline.status !== 0) process.exitCode = 1;
