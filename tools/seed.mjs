/** Seeds demo data through the public API of a running platform (idempotent): `node tools/seed.mjs [baseUrl]`. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const DEMO = {
  email: 'owner@demo.voelgoed.events',
  password: 'voelgoed-demo-2026',
  name: 'Demo Owner',
  organizationName: 'Voelgoed Demo Events',
};

async function get(base, path, token) {
  const res = await fetch(`${base}/api/v1${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function post(base, path, body, token) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/**
 * Marks an address verified straight in the local D1, for accounts whose made-up mailbox nobody can open: the demo
 * owner (the same way dev.mjs makes it a platform admin) and the benchmarks' organizers. Never used against a
 * deployed platform. `state` is the `--persist-to` arguments of the running `wrangler dev`.
 */
export function verifyEmailLocally(email, state = []) {
  if (!/^[^'\s]+@[^'\s]+$/.test(email)) throw new Error(`not an address: ${email}`);
  const run = spawnSync(
    'wrangler',
    ['d1', 'execute', 'DB', '--local', ...state, '--command', `update users set email_verified_at = ${Date.now()} where email = '${email}' and email_verified_at is null`],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' }, stdio: 'ignore' },
  );
  if (run.status !== 0) throw new Error(`could not mark ${email} verified in the local D1`);
}

export const verifyDemoOwnerLocally = (state = []) => verifyEmailLocally(DEMO.email, state);

export async function seed(base, { verifyOwner = () => verifyDemoOwnerLocally() } = {}) {
  // Sign up first and sign in only when the owner exists: a sign-in that fails counts toward the login throttle
  // (shared through Redis by every local platform), and a fresh state dir would fail one each time.
  let session = await post(base, '/auth/signup', { ...DEMO, currency: 'ZAR', timezone: 'Africa/Johannesburg', locale: 'en' });
  if (session.status === 201) {
    // Inviting and publishing need a verified owner.
    verifyOwner();
    const orgId = session.body.currentOrganizationId;
    for (const [email, role] of [
      ['admin@demo.voelgoed.events', 'admin'],
      ['gate@demo.voelgoed.events', 'scanner_only'],
    ]) {
      await post(base, `/orgs/${orgId}/invitations`, { email, role }, session.body.token);
    }
  } else if (session.status === 409) {
    session = await post(base, '/auth/login', { email: DEMO.email, password: DEMO.password });
    if (session.status !== 200) throw new Error(`demo login failed: ${session.status} ${JSON.stringify(session.body)}`);
  } else {
    throw new Error(`seeding the demo owner failed: ${session.status} ${JSON.stringify(session.body)}`);
  }
  const membership = session.body.memberships.find((m) => m.organizationId === session.body.currentOrganizationId);
  const events = await get(base, `/orgs/${membership.organizationId}/events?status=on_sale`, session.body.token);
  const eventId = events.body?.items?.[0]?.id ?? (await seedEvent(base, membership.organizationId, session.body.token));
  return { ...DEMO, organizationId: membership.organizationId, organizationName: membership.organizationName, eventId };
}

/** A venue with a generated seating bowl, and an event on sale with seated and standing tickets. */
async function seedEvent(base, orgId, token) {
  const must = (res, what) => {
    if (res.status >= 300) throw new Error(`seeding ${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const venue = must(
    await post(base, `/orgs/${orgId}/venues`, { name: 'Demo Amphitheatre', address: { line1: '1 Rhodes Drive', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 2500 }, token),
    'the venue',
  );
  must(await post(base, `/orgs/${orgId}/venues/${venue.id}/gates`, { name: 'Main Gate' }, token), 'a gate');
  const layout = must(await post(base, `/orgs/${orgId}/venues/${venue.id}/layouts/generate`, { name: 'Amphitheatre bowl', sections: 6, rowsPerSection: 12, seatsPerRow: 20, curved: true }, token), 'the layout');
  const start = new Date(Date.now() + 30 * 86_400_000);
  start.setUTCHours(17, 0, 0, 0);
  const event = must(
    await post(base, `/orgs/${orgId}/events`, { name: 'Sunset Sessions', venueId: venue.id, layoutId: layout.id, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 4 * 3_600_000).toISOString(), doorsAt: new Date(start.getTime() - 3_600_000).toISOString() }, token),
    'the event',
  );
  must(await post(base, `/orgs/${orgId}/events/${event.id}/ticket-types`, { name: 'Reserved seat', kind: 'seated', categories: layout.categories.map((c) => c.key), priceMinor: 35000 }, token), 'seated tickets');
  must(await post(base, `/orgs/${orgId}/events/${event.id}/ticket-types`, { name: 'Lawn (standing)', kind: 'ga', capacity: 500, priceMinor: 18000 }, token), 'standing tickets');
  for (const status of ['published', 'on_sale']) must(await post(base, `/orgs/${orgId}/events/${event.id}/status`, { status }, token), `the event going ${status}`);
  return event.id;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const base = process.argv[2] ?? 'http://localhost:8787';
  console.log(await seed(base));
}
