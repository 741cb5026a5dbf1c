/** Seeds demo data through the public API of a running platform (idempotent): `node tools/seed.mjs [baseUrl]`. */
import { fileURLToPath } from 'node:url';

export const DEMO = {
  email: 'owner@demo.voelgoed.events',
  password: 'voelgoed-demo-2026',
  name: 'Demo Owner',
  organizationName: 'Voelgoed Demo Events',
};

async function post(base, path, body, token) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

export async function seed(base) {
  let session = await post(base, '/auth/login', { email: DEMO.email, password: DEMO.password });
  if (session.status === 401) {
    session = await post(base, '/auth/signup', { ...DEMO, currency: 'ZAR', timezone: 'Africa/Johannesburg', locale: 'en' });
    if (session.status !== 201) throw new Error(`seeding the demo owner failed: ${session.status} ${JSON.stringify(session.body)}`);
    const orgId = session.body.currentOrganizationId;
    for (const [email, role] of [
      ['admin@demo.voelgoed.events', 'admin'],
      ['gate@demo.voelgoed.events', 'scanner_only'],
    ]) {
      await post(base, `/orgs/${orgId}/invitations`, { email, role }, session.body.token);
    }
  } else if (session.status !== 200) {
    throw new Error(`demo login failed: ${session.status} ${JSON.stringify(session.body)}`);
  }
  const membership = session.body.memberships.find((m) => m.organizationId === session.body.currentOrganizationId);
  return { ...DEMO, organizationId: membership.organizationId, organizationName: membership.organizationName };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const base = process.argv[2] ?? 'http://localhost:8787';
  console.log(await seed(base));
}
