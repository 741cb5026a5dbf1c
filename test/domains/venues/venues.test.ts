import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMember, api, signup, type SignedUp } from '../../support/api';

const venueBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Artscape Theatre',
  address: { line1: 'DF Malan Street', city: 'Cape Town', region: 'Western Cape', postalCode: '8001', country: 'ZA' },
  timezone: 'Africa/Johannesburg',
  capacity: 1500,
  ...overrides,
});

async function createVenue(owner: SignedUp, overrides: Record<string, unknown> = {}) {
  const res = await api('POST', `/orgs/${owner.orgId}/venues`, { token: owner.token, body: venueBody(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function auditRows(orgId: string, resourceId: string) {
  const { results } = await env.DB.prepare('select action, changes from audit_logs where organization_id = ? and resource_id = ? order by id')
    .bind(orgId, resourceId)
    .all<{ action: string; changes: string | null }>();
  return results.map((r) => ({ action: r.action, changes: r.changes ? JSON.parse(r.changes) : null }));
}

function fieldErrors(res: { body: any }) {
  return Object.fromEntries((res.body.errors ?? []).map((e: { path: string; message: string }) => [e.path, e.message]));
}

describe('venues', () => {
  it('creates a venue with its address, timezone and capacity, and audits it', async () => {
    const owner = await signup();
    const venue = await createVenue(owner, { address: { line1: '1 Dock Road', city: 'Cape Town', country: 'za' } });
    expect(venue).toMatchObject({
      id: expect.stringMatching(/^ven_/),
      name: 'Artscape Theatre',
      address: { line1: '1 Dock Road', line2: null, city: 'Cape Town', region: null, postalCode: null, country: 'ZA' },
      timezone: 'Africa/Johannesburg',
      capacity: 1500,
      archivedAt: null,
    });
    const read = await api('GET', `/orgs/${owner.orgId}/venues/${venue.id}`, { token: owner.token });
    expect(read.body).toEqual(venue);
    expect(await auditRows(owner.orgId, venue.id)).toEqual([
      { action: 'venue.created', changes: expect.objectContaining({ name: 'Artscape Theatre', capacity: 1500, address: venue.address }) },
    ]);
  });

  it('refuses an unknown country, time zone or a capacity below 1, naming each field', async () => {
    const owner = await signup();
    const res = await api('POST', `/orgs/${owner.orgId}/venues`, {
      token: owner.token,
      body: venueBody({ address: { line1: 'x', city: 'y', country: 'XX' }, timezone: 'Mars/Olympus', capacity: 0 }),
    });
    expect(res.status).toBe(422);
    const errors = fieldErrors(res);
    expect(errors['body.address.country']).toMatch(/ISO 3166-1 alpha-2/);
    expect(errors['body.timezone']).toMatch(/IANA time zone/);
    expect(errors['body.capacity']).toMatch(/at least 1/);
  });

  it('lists venues newest first, a page at a time', async () => {
    const owner = await signup();
    const ids = [];
    for (const name of ['One', 'Two', 'Three']) ids.push((await createVenue(owner, { name })).id);
    const first = await api('GET', `/orgs/${owner.orgId}/venues?limit=2`, { token: owner.token });
    expect(first.body.items.map((v: { name: string }) => v.name)).toEqual(['Three', 'Two']);
    const second = await api('GET', `/orgs/${owner.orgId}/venues?limit=2&cursor=${first.body.nextCursor}`, { token: owner.token });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0], name: 'One' })], nextCursor: null });
  });

  it('changes a venue, merging address lines, and audits only what changed as from/to', async () => {
    const owner = await signup();
    const venue = await createVenue(owner);
    const res = await api('PATCH', `/orgs/${owner.orgId}/venues/${venue.id}`, {
      token: owner.token,
      body: { capacity: 1400, name: 'Artscape Theatre', address: { postalCode: '8000', region: null } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Artscape Theatre', capacity: 1400, address: { line1: 'DF Malan Street', postalCode: '8000', region: null, country: 'ZA' } });
    const [, updated] = await auditRows(owner.orgId, venue.id);
    expect(updated).toEqual({
      action: 'venue.updated',
      changes: {
        capacity: { from: 1500, to: 1400 },
        address: { from: venue.address, to: { ...venue.address, postalCode: '8000', region: null } },
      },
    });

    const same = await api('PATCH', `/orgs/${owner.orgId}/venues/${venue.id}`, { token: owner.token, body: { capacity: 1400 } });
    expect(same.status).toBe(200);
    expect(await auditRows(owner.orgId, venue.id)).toHaveLength(2);
  });

  it('refuses an empty change', async () => {
    const owner = await signup();
    const venue = await createVenue(owner);
    const res = await api('PATCH', `/orgs/${owner.orgId}/venues/${venue.id}`, { token: owner.token, body: {} });
    expect(res.status).toBe(422);
  });

  it('archives a venue: hidden from the list unless includeArchived=true, still readable, no new gates or layouts', async () => {
    const owner = await signup();
    const kept = await createVenue(owner, { name: 'Kept' });
    const gone = await createVenue(owner, { name: 'Gone' });
    const archived = await api('DELETE', `/orgs/${owner.orgId}/venues/${gone.id}`, { token: owner.token });
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));

    const list = await api('GET', `/orgs/${owner.orgId}/venues`, { token: owner.token });
    expect(list.body.items.map((v: { id: string }) => v.id)).toEqual([kept.id]);
    const all = await api('GET', `/orgs/${owner.orgId}/venues?includeArchived=true`, { token: owner.token });
    expect(all.body.items.map((v: { id: string }) => v.id)).toEqual([gone.id, kept.id]);
    expect((await api('GET', `/orgs/${owner.orgId}/venues/${gone.id}`, { token: owner.token })).body.archivedAt).toBe(archived.body.archivedAt);

    const again = await api('DELETE', `/orgs/${owner.orgId}/venues/${gone.id}`, { token: owner.token });
    expect(again.body.archivedAt).toBe(archived.body.archivedAt);
    expect((await auditRows(owner.orgId, gone.id)).map((r) => r.action)).toEqual(['venue.created', 'venue.archived']);

    const gate = await api('POST', `/orgs/${owner.orgId}/venues/${gone.id}/gates`, { token: owner.token, body: { name: 'North' } });
    expect(gate.status).toBe(409);
    expect(gate.body.code).toBe('venue_archived');
  });

  it("answers 404 for another organization's venue, and lets a viewer read but not change venues", async () => {
    const owner = await signup();
    const other = await signup();
    const venue = await createVenue(owner);
    expect((await api('GET', `/orgs/${other.orgId}/venues/${venue.id}`, { token: other.token })).status).toBe(404);
    expect((await api('GET', `/orgs/${other.orgId}/venues`, { token: other.token })).body.items).toEqual([]);

    const viewer = await addMember(owner, 'viewer');
    expect((await api('GET', `/orgs/${owner.orgId}/venues/${venue.id}`, { token: viewer.token })).status).toBe(200);
    expect((await api('PATCH', `/orgs/${owner.orgId}/venues/${venue.id}`, { token: viewer.token, body: { capacity: 1 } })).status).toBe(403);
  });
});

describe('gates', () => {
  it('adds, lists, renames and deletes gates, each audited', async () => {
    const owner = await signup();
    const venue = await createVenue(owner);
    const base = `/orgs/${owner.orgId}/venues/${venue.id}/gates`;
    const north = await api('POST', base, { token: owner.token, body: { name: 'North' } });
    expect(north.status).toBe(201);
    expect(north.body).toMatchObject({ id: expect.stringMatching(/^gat_/), venueId: venue.id, name: 'North' });
    await api('POST', base, { token: owner.token, body: { name: 'South' } });

    const list = await api('GET', base, { token: owner.token });
    expect(list.body.items.map((g: { name: string }) => g.name)).toEqual(['South', 'North']);

    const renamed = await api('PATCH', `${base}/${north.body.id}`, { token: owner.token, body: { name: 'North (VIP)' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('North (VIP)');

    expect((await api('DELETE', `${base}/${north.body.id}`, { token: owner.token })).status).toBe(204);
    expect((await api('GET', `${base}/${north.body.id}`, { token: owner.token })).status).toBe(404);
    expect(await auditRows(owner.orgId, north.body.id)).toEqual([
      { action: 'gate.created', changes: { venueId: venue.id, name: 'North' } },
      { action: 'gate.renamed', changes: { venueId: venue.id, name: { from: 'North', to: 'North (VIP)' } } },
      { action: 'gate.deleted', changes: { venueId: venue.id, name: 'North (VIP)' } },
    ]);
  });

  it('refuses a second gate of the same name at one venue with 409 gate_name_taken, on create and on rename', async () => {
    const owner = await signup();
    const venue = await createVenue(owner);
    const base = `/orgs/${owner.orgId}/venues/${venue.id}/gates`;
    await api('POST', base, { token: owner.token, body: { name: 'North' } });
    const south = await api('POST', base, { token: owner.token, body: { name: 'South' } });

    const twice = await api('POST', base, { token: owner.token, body: { name: 'North' } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('gate_name_taken');
    const rename = await api('PATCH', `${base}/${south.body.id}`, { token: owner.token, body: { name: 'North' } });
    expect(rename.status).toBe(409);
    expect(rename.body.code).toBe('gate_name_taken');

    // Another venue may have its own North gate.
    const other = await createVenue(owner, { name: 'Other' });
    expect((await api('POST', `/orgs/${owner.orgId}/venues/${other.id}/gates`, { token: owner.token, body: { name: 'North' } })).status).toBe(201);
  });

  it("answers 404 for a gate reached through another venue's path", async () => {
    const owner = await signup();
    const a = await createVenue(owner, { name: 'A' });
    const b = await createVenue(owner, { name: 'B' });
    const gate = await api('POST', `/orgs/${owner.orgId}/venues/${a.id}/gates`, { token: owner.token, body: { name: 'North' } });
    expect((await api('GET', `/orgs/${owner.orgId}/venues/${b.id}/gates/${gate.body.id}`, { token: owner.token })).status).toBe(404);
    expect((await api('DELETE', `/orgs/${owner.orgId}/venues/${b.id}/gates/${gate.body.id}`, { token: owner.token })).status).toBe(404);
  });
});
