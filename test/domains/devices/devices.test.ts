/** Scanner devices: registration (token once), device authentication, revocation, scan sessions, audit as actor type device. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, createApiKey, signup, sleep, type SignedUp } from '../../support/api';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function created(owner: SignedUp, path: string, body: unknown): Promise<Record<string, any>> {
  const res = await api('POST', path, { token: owner.token, body });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An organization with one venue, two gates, two events there, and a second venue with its own gate. */
async function organizer() {
  const owner = await signup({ organizationName: 'Scan Org' });
  const base = `/orgs/${owner.orgId}`;
  const venue = await created(owner, `${base}/venues`, { name: 'Hall', address: { line1: '1 Main Rd', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 100 });
  const otherVenue = await created(owner, `${base}/venues`, { name: 'Field', address: { line1: '2 Main Rd', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 100 });
  const gateA = await created(owner, `${base}/venues/${venue.id}/gates`, { name: 'Gate A' });
  const gateB = await created(owner, `${base}/venues/${venue.id}/gates`, { name: 'Gate B' });
  const farGate = await created(owner, `${base}/venues/${otherVenue.id}/gates`, { name: 'Far gate' });
  const event = await created(owner, `${base}/events`, { name: 'Night One', venueId: venue.id, startsAt: '2030-06-01T18:00:00Z', endsAt: '2030-06-01T22:00:00Z' });
  const event2 = await created(owner, `${base}/events`, { name: 'Night Two', venueId: venue.id, startsAt: '2030-06-02T18:00:00Z', endsAt: '2030-06-02T22:00:00Z' });
  return { owner, base, venue, gateA, gateB, farGate, event, event2 };
}

type Org = Awaited<ReturnType<typeof organizer>>;

async function register(org: Org, body: Record<string, unknown> = {}) {
  return created(org.owner, `${org.base}/devices`, { name: 'Phone 1', eventIds: [org.event.id], ...body });
}

async function auditRows(orgId: string, resourceId: string) {
  const rows = await env.DB.prepare('select action, actor_type as actorType, actor_id as actorId from audit_logs where organization_id = ? and resource_id = ? order by id')
    .bind(orgId, resourceId)
    .all<{ action: string; actorType: string; actorId: string }>();
  return rows.results;
}

describe('registering devices', () => {
  it('shows the vgd_ token once; list and get never show the token or its hash', async () => {
    const org = await organizer();
    const device = await register(org, { gateId: org.gateA.id });
    expect(device.token).toMatch(/^vgd_[A-Za-z0-9_-]{43}$/);
    expect(device.token.startsWith(device.tokenPrefix)).toBe(true);
    expect(device).toMatchObject({ name: 'Phone 1', eventIds: [org.event.id], gateId: org.gateA.id, createdByUserId: org.owner.userId, revokedAt: null, lastSeenAt: null });
    const hash = await sha256Hex(device.token);
    const stored = await env.DB.prepare('select token_hash as h from devices where id = ?').bind(device.id).first<{ h: string }>();
    expect(stored?.h).toBe(hash);
    expect(JSON.stringify(device)).not.toContain(hash);

    const list = await api('GET', `${org.base}/devices`, { token: org.owner.token });
    const one = await api('GET', `${org.base}/devices/${device.id}`, { token: org.owner.token });
    const patched = await api('PATCH', `${org.base}/devices/${device.id}`, { token: org.owner.token, body: { name: 'Phone 1b' } });
    expect([list.status, one.status, patched.status]).toEqual([200, 200, 200]);
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([device.id]);
    for (const body of [list.body, one.body, patched.body]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain(device.token);
      expect(text).not.toContain(device.token.slice(device.tokenPrefix.length));
      expect(text).not.toContain(hash);
      expect(text).not.toContain('"token"');
    }
    expect(patched.body.name).toBe('Phone 1b');
    expect((await auditRows(org.owner.orgId, device.id)).map((r) => [r.action, r.actorType])).toEqual([
      ['device.created', 'user'],
      ['device.updated', 'user'],
    ]);
  });

  it("refuses events and gates that are not this organization's, or a gate of another venue (422)", async () => {
    const org = await organizer();
    const other = await organizer();
    const foreign = await api('POST', `${org.base}/devices`, { token: org.owner.token, body: { name: 'X', eventIds: [org.event.id, other.event.id] } });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].path).toBe('body.eventIds');
    expect(JSON.stringify(foreign.body)).not.toContain('Night');
    const unknown = await api('POST', `${org.base}/devices`, { token: org.owner.token, body: { name: 'X', eventIds: ['evt_01doesnotexist00000000000'] } });
    expect(unknown.status).toBe(422);
    const empty = await api('POST', `${org.base}/devices`, { token: org.owner.token, body: { name: 'X', eventIds: [] } });
    expect(empty.status).toBe(422);
    for (const gateId of [org.farGate.id, other.gateA.id]) {
      const res = await api('POST', `${org.base}/devices`, { token: org.owner.token, body: { name: 'X', eventIds: [org.event.id], gateId } });
      expect(res.status, gateId).toBe(422);
      expect(res.body.errors[0].path).toBe('body.gateId');
    }
    const device = await register(org);
    const patch = await api('PATCH', `${org.base}/devices/${device.id}`, { token: org.owner.token, body: { eventIds: [other.event.id] } });
    expect(patch.status).toBe(422);
    const repinned = await api('PATCH', `${org.base}/devices/${device.id}`, { token: org.owner.token, body: { eventIds: [org.event.id, org.event2.id], gateId: org.gateB.id } });
    expect(repinned.status).toBe(200);
    expect(repinned.body).toMatchObject({ eventIds: [org.event.id, org.event2.id], gateId: org.gateB.id });
    const unpinned = await api('PATCH', `${org.base}/devices/${device.id}`, { token: org.owner.token, body: { gateId: null } });
    expect(unpinned.body.gateId).toBeNull();
    expect(await env.DB.prepare('select count(*) as n from devices where organization_id = ?').bind(org.owner.orgId).first('n')).toBe(1);
  });
});

describe('device authentication', () => {
  it('lets the device see itself, sets last_seen_at, and refuses unknown tokens', async () => {
    const org = await organizer();
    const device = await register(org, { eventIds: [org.event.id, org.event2.id], gateId: org.gateA.id });
    const me = await api('GET', '/device/me', { token: device.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: device.id,
      name: 'Phone 1',
      organization: { id: org.owner.orgId, name: 'Scan Org' },
      gate: { id: org.gateA.id, name: 'Gate A', venueId: org.venue.id },
    });
    expect(me.body.events.map((e: { name: string }) => e.name)).toEqual(['Night One', 'Night Two']);
    expect(me.body.events[0]).toMatchObject({ id: org.event.id, startsAt: '2030-06-01T18:00:00.000Z', endsAt: '2030-06-01T22:00:00.000Z' });

    let seen: number | null = null;
    for (let i = 0; i < 50 && !seen; i++) {
      seen = await env.DB.prepare('select last_seen_at as t from devices where id = ?').bind(device.id).first<number | null>('t');
      if (!seen) await sleep(20);
    }
    expect(seen).toBeTruthy();
    const listed = await api('GET', `${org.base}/devices/${device.id}`, { token: org.owner.token });
    expect(listed.body.lastSeenAt).not.toBeNull();

    const bad = await api('GET', '/device/me', { token: `vgd_${'A'.repeat(43)}` });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('invalid_device_token');
  });

  it('refuses a revoked device on its next request; revoking again answers the same', async () => {
    const org = await organizer();
    const device = await register(org);
    expect((await api('GET', '/device/me', { token: device.token })).status).toBe(200);
    const revoked = await api('DELETE', `${org.base}/devices/${device.id}`, { token: org.owner.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const again = await api('DELETE', `${org.base}/devices/${device.id}`, { token: org.owner.token });
    expect(again.body).toEqual(revoked.body);
    for (const [method, path] of [['GET', '/device/me'], ['POST', '/device/scan-sessions']] as const) {
      const res = await api(method, path, { token: device.token, body: method === 'POST' ? { eventId: org.event.id, operatorName: 'Sipho' } : undefined });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('device_revoked');
    }
    expect((await auditRows(org.owner.orgId, device.id)).map((r) => r.action)).toEqual(['device.created', 'device.revoked']);
  });

  it('takes an optional expiry: an expired device token is refused with 401 device_expired and listed as expired', async () => {
    const org = await organizer();
    const forever = await register(org, { name: 'Forever phone' });
    expect(forever.expiresAt).toBeNull();
    expect(forever.status).toBe('active');
    const past = await api('POST', `${org.base}/devices`, { token: org.owner.token, body: { name: 'Late', eventIds: [org.event.id], expiresAt: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(422);
    expect(past.body.errors[0].path).toBe('body.expiresAt');

    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const device = await register(org, { name: 'Festival phone', expiresAt });
    expect(device.expiresAt).toBe(expiresAt);
    expect((await api('GET', '/device/me', { token: device.token })).status).toBe(200);

    await env.DB.prepare('update devices set expires_at = ? where id = ?').bind(Date.now() - 1000, device.id).run();
    for (const [method, path] of [['GET', '/device/me'], ['POST', '/device/scan-sessions']] as const) {
      const res = await api(method, path, { token: device.token, body: method === 'POST' ? { eventId: org.event.id, operatorName: 'Sipho' } : undefined });
      expect(res.status).toBe(401);
      expect(res.headers.get('Content-Type')).toContain('application/problem+json');
      expect(res.body.code).toBe('device_expired');
    }
    expect((await api('GET', '/device/me', { token: forever.token })).status).toBe(200);
    const listed = await api('GET', `${org.base}/devices`, { token: org.owner.token });
    const status = Object.fromEntries(listed.body.items.map((d: { name: string; status: string }) => [d.name, d.status]));
    expect(status).toEqual({ 'Forever phone': 'active', 'Festival phone': 'expired' });
  });

  it("never lets a device call organizer routes, its own organization's or another's", async () => {
    const org = await organizer();
    const other = await organizer();
    const device = await register(org);
    const own = await api('GET', `${org.base}/events`, { token: device.token });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('device_not_allowed');
    const mint = await api('POST', `${org.base}/devices`, { token: device.token, body: { name: 'Y', eventIds: [org.event.id] } });
    expect(mint.status).toBe(403);
    for (const path of [`${other.base}/events`, `${other.base}/devices`]) {
      const res = await api('GET', path, { token: device.token });
      expect(res.status, path).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('Night');
    }
    const me = await api('GET', '/me', { token: device.token });
    expect([401, 403]).toContain(me.status);
    // And people and API keys cannot use the device routes.
    const key = await createApiKey(org.owner, ['events.read']);
    for (const token of [org.owner.token, key.secret]) {
      const res = await api('GET', '/device/me', { token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('device_required');
    }
    expect((await api('GET', '/device/me')).status).toBe(401);
  });
});

describe('scan sessions', () => {
  it('starts and ends a session at the pinned gate, audited as the device; ending twice answers the same', async () => {
    const org = await organizer();
    const device = await register(org, { gateId: org.gateA.id });
    const started = await api('POST', '/device/scan-sessions', { token: device.token, body: { eventId: org.event.id, operatorName: 'Sipho' } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ deviceId: device.id, eventId: org.event.id, gateId: org.gateA.id, operatorName: 'Sipho', endedAt: null });
    const explicit = await api('POST', '/device/scan-sessions', { token: device.token, body: { eventId: org.event.id, gateId: org.gateA.id, operatorName: 'Lerato' } });
    expect(explicit.status).toBe(201);

    const got = await api('GET', `/device/scan-sessions/${started.body.id}`, { token: device.token });
    expect(got.body).toEqual(started.body);
    const ended = await api('POST', `/device/scan-sessions/${started.body.id}/end`, { token: device.token });
    expect(ended.status).toBe(200);
    expect(ended.body.endedAt).not.toBeNull();
    const again = await api('POST', `/device/scan-sessions/${started.body.id}/end`, { token: device.token });
    expect(again.body).toEqual(ended.body);

    const rows = await auditRows(org.owner.orgId, started.body.id);
    expect(rows).toEqual([
      { action: 'scan_session.started', actorType: 'device', actorId: device.id },
      { action: 'scan_session.ended', actorType: 'device', actorId: device.id },
    ]);
  });

  it('enforces the pinned gate and the gate of the venue, and answers 404 for events the device may not scan', async () => {
    const org = await organizer();
    const other = await organizer();
    const pinned = await register(org, { gateId: org.gateA.id });
    const free = await register(org);
    const session = (token: string, body: Record<string, unknown>) => api('POST', '/device/scan-sessions', { token, body: { operatorName: 'Sipho', ...body } });

    const wrongGate = await session(pinned.token, { eventId: org.event.id, gateId: org.gateB.id });
    expect(wrongGate.status).toBe(422);
    expect(wrongGate.body.errors[0].path).toBe('body.gateId');
    expect((await session(free.token, { eventId: org.event.id, gateId: org.gateB.id })).status).toBe(201);
    expect((await session(free.token, { eventId: org.event.id, gateId: org.farGate.id })).status).toBe(422);
    expect((await session(free.token, { eventId: org.event.id, gateId: other.gateA.id })).status).toBe(422);
    const noGate = await session(free.token, { eventId: org.event.id });
    expect(noGate.body.gateId).toBeNull();

    for (const eventId of [org.event2.id, other.event.id, 'evt_01doesnotexist00000000000']) {
      const res = await session(pinned.token, { eventId });
      expect(res.status, eventId).toBe(404);
    }
    // Another device's session, in the same organization or not, does not exist to this one.
    const foreignDevice = await register(other);
    const theirs = await session(foreignDevice.token, { eventId: other.event.id });
    const mine = await session(pinned.token, { eventId: org.event.id });
    for (const [token, id] of [[free.token, mine.body.id], [pinned.token, theirs.body.id]] as const) {
      expect((await api('GET', `/device/scan-sessions/${id}`, { token })).status).toBe(404);
      expect((await api('POST', `/device/scan-sessions/${id}/end`, { token })).status).toBe(404);
    }
    expect((await api('GET', `/device/scan-sessions/${mine.body.id}`, { token: pinned.token })).body.endedAt).toBeNull();

    // Re-assigning the device takes effect on its next request.
    await api('PATCH', `${org.base}/devices/${pinned.id}`, { token: org.owner.token, body: { eventIds: [org.event2.id] } });
    expect((await session(pinned.token, { eventId: org.event.id })).status).toBe(404);
    expect((await session(pinned.token, { eventId: org.event2.id })).status).toBe(201);
  });
});
