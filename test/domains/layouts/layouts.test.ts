import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signup, type SignedUp } from '../../support/api';
import { fetchDocument } from '../../support/openapi-walk';

type Doc = {
  name: string;
  focal: { x: number; y: number };
  categories: { key: string; name: string; color: string }[];
  sections: { key: string; name: string; bounds?: { x: number; y: number; width: number; height: number }; rows: { label: string; seats: Record<string, unknown>[] }[] }[];
  gaAreas: { key: string; name: string; capacity: number }[];
};

/** A small theatre: two sections (one with bounds), two categories, one standing area. */
function theatre(): Doc {
  return {
    name: 'Baxter Theatre',
    focal: { x: 0, y: -200 },
    categories: [
      { key: 'a', name: 'Stalls', color: '#c0392b' },
      { key: 'b', name: 'Balcony', color: '#2980b9' },
    ],
    sections: [
      {
        key: 'A',
        name: 'Stalls',
        bounds: { x: -200, y: 0, width: 400, height: 300 },
        rows: [
          { label: 'A', seats: [{ label: '1', x: -100, y: 50, category: 'a', accessible: true }, { label: '2', x: 0, y: 50, category: 'a' }, { label: '3', x: 100, y: 50, category: 'a', restrictedView: true }] },
          { label: 'B', seats: [{ label: '1', x: -100, y: 150, category: 'a' }, { label: '2', x: 0, y: 150, category: 'a', notForSale: true }] },
        ],
      },
      { key: 'Balcony', name: 'Balcony', rows: [{ label: 'AA', seats: [{ label: '1', x: -50, y: 600, category: 'b' }, { label: '2', x: 50, y: 600, category: 'b' }] }] },
    ],
    gaAreas: [{ key: 'Pit', name: 'Standing pit', capacity: 120 }],
  };
}

async function newVenue(owner: SignedUp) {
  const res = await api('POST', `/orgs/${owner.orgId}/venues`, {
    token: owner.token,
    body: { name: 'Baxter', address: { line1: 'Main Road', city: 'Rondebosch', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 700 },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function setup() {
  const owner = await signup();
  return { owner, venueId: await newVenue(owner) };
}

const importDoc = (owner: SignedUp, venueId: string, body: unknown) => api('POST', `/orgs/${owner.orgId}/venues/${venueId}/layouts`, { token: owner.token, body });

async function auditActions(orgId: string, resourceId: string) {
  const { results } = await env.DB.prepare('select action, changes from audit_logs where organization_id = ? and resource_id = ? order by id')
    .bind(orgId, resourceId)
    .all<{ action: string; changes: string }>();
  return results.map((r) => ({ action: r.action, changes: JSON.parse(r.changes) }));
}

const countRows = async (table: string, layoutId: string) =>
  (await env.DB.prepare(`select count(*) as n from ${table} where ${table === 'layouts' ? 'id' : 'layout_id'} = ?`).bind(layoutId).first<{ n: number }>())!.n;

describe('importing and exporting a layout', () => {
  it('imports a document and answers its summary', async () => {
    const { owner, venueId } = await setup();
    const res = await importDoc(owner, venueId, theatre());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^lay_/),
      venueId,
      name: 'Baxter Theatre',
      version: 1,
      seatCount: 7,
      gaCapacity: 120,
      sectionCount: 2,
      categories: theatre().categories,
      gaAreas: theatre().gaAreas,
    });
    expect(await api('GET', `/orgs/${owner.orgId}/layouts/${res.body.id}`, { token: owner.token })).toMatchObject({ status: 200, body: res.body });
    expect(await auditActions(owner.orgId, res.body.id)).toEqual([
      { action: 'layout.imported', changes: { venueId, name: 'Baxter Theatre', version: 1, seatCount: 7, gaCapacity: 120, sectionCount: 2 } },
    ]);
  });

  it('exports exactly the document it imported, and the export imports unchanged', async () => {
    const { owner, venueId } = await setup();
    const first = await importDoc(owner, venueId, theatre());
    const exported = await api('GET', `/orgs/${owner.orgId}/layouts/${first.body.id}/document`, { token: owner.token });
    expect(exported.status).toBe(200);
    expect(exported.body).toStrictEqual(theatre());

    const again = await importDoc(owner, venueId, exported.body);
    expect(again.status).toBe(201);
    const reexported = await api('GET', `/orgs/${owner.orgId}/layouts/${again.body.id}/document`, { token: owner.token });
    expect(reexported.body).toStrictEqual(exported.body);
  });

  it('lists the layouts of a venue, newest first', async () => {
    const { owner, venueId } = await setup();
    const one = await importDoc(owner, venueId, { ...theatre(), name: 'One' });
    const two = await importDoc(owner, venueId, { ...theatre(), name: 'Two' });
    const otherVenue = await newVenue(owner);
    await importDoc(owner, otherVenue, { ...theatre(), name: 'Elsewhere' });
    const page = await api('GET', `/orgs/${owner.orgId}/venues/${venueId}/layouts?limit=1`, { token: owner.token });
    expect(page.body.items).toEqual([two.body]);
    const rest = await api('GET', `/orgs/${owner.orgId}/venues/${venueId}/layouts?limit=1&cursor=${page.body.nextCursor}`, { token: owner.token });
    expect(rest.body).toEqual({ items: [one.body], nextCursor: null });
  });

  it("refuses a layout for another organization's venue, or an archived venue", async () => {
    const { owner, venueId } = await setup();
    const other = await signup();
    // In its own organization, with this venue's id: as good as no venue.
    expect((await importDoc(other, venueId, theatre())).status).toBe(404);
    expect(await env.DB.prepare('select count(*) as n from layouts where organization_id = ?').bind(other.orgId).first()).toEqual({ n: 0 });

    await api('DELETE', `/orgs/${owner.orgId}/venues/${venueId}`, { token: owner.token });
    const archived = await importDoc(owner, venueId, theatre());
    expect(archived.status).toBe(409);
    expect(archived.body.code).toBe('venue_archived');
  });
});

describe('document validation, answered as 422 field errors', () => {
  const cases: [string, (d: Doc) => void, string, RegExp][] = [
    ['a duplicate category key', (d) => d.categories.push({ key: 'a', name: 'Again', color: '#000000' }), 'body.categories.2.key', /Category key 'a' appears twice/],
    ['a duplicate section key', (d) => (d.sections[1]!.key = 'A'), 'body.sections.1.key', /Section key 'A' appears twice/],
    ['a duplicate row label in a section', (d) => (d.sections[0]!.rows[1]!.label = 'A'), 'body.sections.0.rows.1.label', /Row label 'A' appears twice in section A/],
    ['a duplicate seat label in a row', (d) => (d.sections[0]!.rows[0]!.seats[2]!.label = '2'), 'body.sections.0.rows.0.seats.2.label', /^Seat label '2' appears twice in row A of section A$/],
    ['an undeclared category', (d) => (d.sections[1]!.rows[0]!.seats[0]!.category = 'vip'), 'body.sections.1.rows.0.seats.0.category', /Seat 1 in row AA of section Balcony has category 'vip', which is not in categories/],
    ['a seat outside its section bounds', (d) => (d.sections[0]!.rows[1]!.seats[0]!.x = -250), 'body.sections.0.rows.1.seats.0.x', /Seat 1 in row B of section A is outside the section's bounds: x -250 is not within -200…200/],
    ['a duplicate GA area key', (d) => d.gaAreas.push({ key: 'Pit', name: 'Second pit', capacity: 5 }), 'body.gaAreas.1.key', /General-admission area key 'Pit' appears twice/],
    ['a GA area keyed like a section', (d) => (d.gaAreas[0]!.key = 'Balcony'), 'body.gaAreas.0.key', /'Balcony' is also a section key/],
    ['a GA area of capacity 0', (d) => (d.gaAreas[0]!.capacity = 0), 'body.gaAreas.0.capacity', /at least 1 person/],
    ['a key with a colon', (d) => (d.sections[0]!.key = 'A:1'), 'body.sections.0.key', /letters, digits, spaces/],
    ['a label longer than 16 characters', (d) => (d.sections[0]!.rows[0]!.label = 'R'.repeat(17)), 'body.sections.0.rows.0.label', /1–16/],
    ['a coordinate beyond a million', (d) => (d.sections[1]!.rows[0]!.seats[1]!.y = 1_000_001), 'body.sections.1.rows.0.seats.1.y', /between -1,000,000 and 1,000,000/],
    ['no seats and no GA area', (d) => ((d.sections = []), (d.gaAreas = [])), 'body.sections', /at least one section with seats or one general-admission area/],
  ];

  it.each(cases)('refuses %s with the path and a readable message, writing nothing', async (_, breakIt, path, message) => {
    const { owner, venueId } = await setup();
    const doc = theatre();
    breakIt(doc);
    const before = await env.DB.prepare('select count(*) as n from layouts where organization_id = ?').bind(owner.orgId).first<{ n: number }>();
    const res = await importDoc(owner, venueId, doc);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path, message: expect.stringMatching(message) }));
    expect(await env.DB.prepare('select count(*) as n from layouts where organization_id = ?').bind(owner.orgId).first()).toEqual(before);
  });

  it('refuses a section of more than 10,000 seats', async () => {
    const { owner, venueId } = await setup();
    const rows = Array.from({ length: 101 }, (_, r) => ({ label: `R${r}`, seats: Array.from({ length: 100 }, (_, k) => ({ label: `${k}`, x: k, y: r, category: 'a' })) }));
    const res = await importDoc(owner, venueId, { ...theatre(), sections: [{ key: 'Huge', name: 'Huge', rows }] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'body.sections.0.rows', message: 'Section Huge has 10,100 seats; a section holds at most 10,000 (split it)', code: 'custom' }]);
  });
});

describe('replacing, renaming and deleting', () => {
  it('replaces the whole document: version + 1, the old sections gone, audited', async () => {
    const { owner, venueId } = await setup();
    const { body: layout } = await importDoc(owner, venueId, theatre());
    const next = theatre();
    next.name = 'Baxter Theatre (in the round)';
    next.sections = [{ key: 'Ring', name: 'Ring', rows: [{ label: '1', seats: [{ label: '1', x: 0, y: 100, category: 'b' }] }] }];
    next.gaAreas = [];

    const res = await api('PUT', `/orgs/${owner.orgId}/layouts/${layout.id}/document`, { token: owner.token, body: next });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: layout.id, name: next.name, version: 2, seatCount: 1, gaCapacity: 0, sectionCount: 1, gaAreas: [] });
    expect((await api('GET', `/orgs/${owner.orgId}/layouts/${layout.id}/document`, { token: owner.token })).body).toStrictEqual(next);
    expect(await countRows('layout_sections', layout.id)).toBe(1);

    const again = await api('PUT', `/orgs/${owner.orgId}/layouts/${layout.id}/document`, { token: owner.token, body: theatre() });
    expect(again.body.version).toBe(3);
    const replaced = (await auditActions(owner.orgId, layout.id)).filter((a) => a.action === 'layout.replaced');
    expect(replaced[0]!.changes).toEqual({
      name: { from: 'Baxter Theatre', to: next.name },
      seatCount: { from: 7, to: 1 },
      gaCapacity: { from: 120, to: 0 },
      sectionCount: { from: 2, to: 1 },
      version: { from: 1, to: 2 },
    });
    expect(replaced).toHaveLength(2);
  });

  it('refuses an invalid replacement and keeps the old document', async () => {
    const { owner, venueId } = await setup();
    const { body: layout } = await importDoc(owner, venueId, theatre());
    const bad = theatre();
    bad.sections[0]!.rows[0]!.seats[0]!.category = 'nope';
    expect((await api('PUT', `/orgs/${owner.orgId}/layouts/${layout.id}/document`, { token: owner.token, body: bad })).status).toBe(422);
    const after = await api('GET', `/orgs/${owner.orgId}/layouts/${layout.id}`, { token: owner.token });
    expect(after.body).toEqual(layout);
  });

  it('renames a layout without changing its version', async () => {
    const { owner, venueId } = await setup();
    const { body: layout } = await importDoc(owner, venueId, theatre());
    const res = await api('PATCH', `/orgs/${owner.orgId}/layouts/${layout.id}`, { token: owner.token, body: { name: 'Winter season' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Winter season', version: 1 });
    expect((await api('GET', `/orgs/${owner.orgId}/layouts/${layout.id}/document`, { token: owner.token })).body.name).toBe('Winter season');
    expect((await auditActions(owner.orgId, layout.id)).at(-1)).toEqual({ action: 'layout.renamed', changes: { name: { from: 'Baxter Theatre', to: 'Winter season' } } });
  });

  it('refuses to delete a layout an event uses (409 layout_in_use), and deletes it once none does', async () => {
    const { owner, venueId } = await setup();
    const { body: layout } = await importDoc(owner, venueId, theatre());
    const now = Date.now();
    await env.DB.prepare(
      `insert into events (id, organization_id, venue_id, layout_id, name, status, timezone, starts_at, ends_at, hold_ttl_seconds, created_at, updated_at)
       values (?, ?, ?, ?, 'Opening night', 'draft', 'Africa/Johannesburg', ?, ?, 300, ?, ?)`,
    )
      .bind(`evt_${crypto.randomUUID()}`, owner.orgId, venueId, layout.id, now + 86_400_000, now + 90_000_000, now, now)
      .run();

    const refused = await api('DELETE', `/orgs/${owner.orgId}/layouts/${layout.id}`, { token: owner.token });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('layout_in_use');
    expect(await countRows('layouts', layout.id)).toBe(1);
    expect(await countRows('layout_sections', layout.id)).toBe(2);

    // The database refuses too, which settles an event created between the check and the delete.
    await expect(env.DB.prepare('delete from layouts where id = ?').bind(layout.id).run()).rejects.toThrow(/FOREIGN KEY constraint failed/);

    await env.DB.prepare('delete from events where layout_id = ?').bind(layout.id).run();
    expect((await api('DELETE', `/orgs/${owner.orgId}/layouts/${layout.id}`, { token: owner.token })).status).toBe(204);
    expect(await countRows('layouts', layout.id)).toBe(0);
    expect(await countRows('layout_sections', layout.id)).toBe(0);
    expect((await api('GET', `/orgs/${owner.orgId}/layouts/${layout.id}`, { token: owner.token })).status).toBe(404);
    expect((await auditActions(owner.orgId, layout.id)).map((a) => a.action)).toEqual(['layout.imported', 'layout.deleted']);
  });
});

describe('generating a stadium', () => {
  it('generates and stores a 50,000-seat stadium in a few seconds, and imports its export again', async () => {
    const { owner, venueId } = await setup();
    const started = Date.now();
    const res = await api('POST', `/orgs/${owner.orgId}/venues/${venueId}/layouts/generate`, {
      token: owner.token,
      body: { name: 'Cape Town Stadium', sections: 40, rowsPerSection: 50, seatsPerRow: 25, curved: true },
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ name: 'Cape Town Stadium', seatCount: 50_000, sectionCount: 40, version: 1, gaCapacity: 0 });
    expect(res.body.categories.map((c: { key: string }) => c.key)).toEqual(['a', 'b', 'c']);
    expect((await auditActions(owner.orgId, res.body.id))[0]!.action).toBe('layout.generated');

    // The export is several MB: over the API-wide 1 MiB, within the document routes' 16 MiB.
    const doc = await api('GET', `/orgs/${owner.orgId}/layouts/${res.body.id}/document`, { token: owner.token });
    expect(JSON.stringify(doc.body).length).toBeGreaterThan(1_048_576);
    const reimported = await importDoc(owner, venueId, doc.body);
    expect(reimported.status).toBe(201);
    expect(reimported.body.seatCount).toBe(50_000);
    const replaced = await api('PUT', `/orgs/${owner.orgId}/layouts/${res.body.id}/document`, { token: owner.token, body: doc.body });
    expect(replaced.body).toMatchObject({ version: 2, seatCount: 50_000 });
  }, 30_000);

  it('refuses generator parameters beyond a section or layout, and GA areas that clash with section keys', async () => {
    const { owner, venueId } = await setup();
    const generate = (body: unknown) => api('POST', `/orgs/${owner.orgId}/venues/${venueId}/layouts/generate`, { token: owner.token, body });
    const perSection = await generate({ name: 'Too deep', sections: 2, rowsPerSection: 101, seatsPerRow: 100, curved: true });
    expect(perSection.status).toBe(422);
    expect(perSection.body.errors).toContainEqual(expect.objectContaining({ path: 'body.seatsPerRow', message: expect.stringContaining('10,100 seats per section') }));
    const total = await generate({ name: 'Too big', sections: 200, rowsPerSection: 50, seatsPerRow: 20, curved: false });
    expect(total.status).toBe(422);
    expect(total.body.errors).toContainEqual(expect.objectContaining({ path: 'body.sections', message: expect.stringContaining('at most 100,000') }));
    const clash = await generate({ name: 'Clash', sections: 2, rowsPerSection: 2, seatsPerRow: 2, gaAreas: [{ key: '2', name: 'Field', capacity: 10 }] });
    expect(clash.status).toBe(422);
    expect(clash.body.errors).toContainEqual(expect.objectContaining({ path: 'body.gaAreas.0.key', message: expect.stringContaining("'2' is also a section key") }));
  });
});

describe('the documented examples', () => {
  it('are valid bodies: the example document imports, the example stadium generates', async () => {
    const { components } = await fetchDocument();
    const { owner, venueId } = await setup();
    const imported = await importDoc(owner, venueId, components.schemas.LayoutDocument.example);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const generated = await api('POST', `/orgs/${owner.orgId}/venues/${venueId}/layouts/generate`, { token: owner.token, body: components.schemas.GenerateStadium.example });
    expect(generated.status, JSON.stringify(generated.body)).toBe(201);
    expect(generated.body.seatCount).toBe(16);
  });
});

describe('body size', () => {
  it('declares the 16 MiB limit of the document routes in the OpenAPI document, and keeps 1 MiB elsewhere', async () => {
    const doc = await fetchDocument();
    expect(doc.paths['/api/v1/orgs/{orgId}/venues/{venueId}/layouts'].post['x-max-body-bytes']).toBe(16_777_216);
    expect(doc.paths['/api/v1/orgs/{orgId}/layouts/{layoutId}/document'].put['x-max-body-bytes']).toBe(16_777_216);
    expect(doc.paths['/api/v1/orgs/{orgId}/layouts/{layoutId}'].patch['x-max-body-bytes']).toBeUndefined();

    const { owner, venueId } = await setup();
    const { body: layout } = await importDoc(owner, venueId, theatre());
    const big = await api('PATCH', `/orgs/${owner.orgId}/layouts/${layout.id}`, { token: owner.token, body: { name: 'x'.repeat(1_100_000) } });
    expect(big.status).toBe(413);
  });
});
