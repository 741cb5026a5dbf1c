/**
 * The public seat map as an edge snapshot (src/domains/events/seat-map-snapshot.ts): reads of an unchanged map reach
 * the inventory's body once, a change is a new version with a new body, If-None-Match answers 304, gzip or plain.
 * (The version pointer's own time-to-live is set to 0 for tests, see vitest.config.ts; test/platform/edge-snapshot.test.ts
 * covers it.)
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, BASE, signup } from '../../support/api';
import { draftEvent, onSaleEvent } from '../../support/events';

/** How many times the Worker asked this event's inventory for the seat-map body. */
async function bodyFetches(orgId: string, eventId: string): Promise<number> {
  const stub = env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(`${orgId}:${eventId}`));
  return stub.seatMapJsonCallsForTests();
}

const seatMap = (eventId: string, headers: Record<string, string> = {}) => SELF.fetch(`${BASE}/public/events/${eventId}/seat-map`, { headers });

describe('the public seat map at the edge', () => {
  it('builds an unchanged map once however often it is read, and a new one after each change', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const reads = await Promise.all(Array.from({ length: 12 }, () => api('GET', `/public/events/${f.eventId}/seat-map`)));
    for (const r of reads) r.status === 200 || expect.fail(JSON.stringify(r.body));
    const first = reads[0]!;
    expect(new Set(reads.map((r) => r.headers.get('ETag')))).toEqual(new Set([`"${first.body.version}"`]));
    for (let i = 0; i < 8; i += 1) expect((await seatMap(f.eventId)).status).toBe(200);
    expect(await bodyFetches(owner.orgId, f.eventId)).toBe(1);

    const seat = first.body.seats[0][0] as string;
    const hold = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.seatedTypeId, seats: [seat] } });
    expect(hold.status).toBe(201);
    const after = await api('GET', `/public/events/${f.eventId}/seat-map`);
    expect(after.body.version).toBeGreaterThan(first.body.version);
    expect(after.headers.get('ETag')).toBe(`"${after.body.version}"`);
    expect(after.body.seats.find((s: unknown[]) => s[0] === seat)[5]).toBe('unavailable');
    expect(after.body.sections).toEqual(first.body.sections);
    for (let i = 0; i < 5; i += 1) expect((await api('GET', `/public/events/${f.eventId}/seat-map`)).body.version).toBe(after.body.version);
    expect(await bodyFetches(owner.orgId, f.eventId)).toBe(2);
  });

  it('answers 304 with no body to a browser holding the current version, the new map once it changed', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const first = await seatMap(f.eventId);
    const etag = first.headers.get('ETag')!;
    await first.arrayBuffer();
    expect(first.headers.get('Cache-Control')).toMatch(/max-age=0|no-cache/);
    expect(first.headers.get('Vary')).toContain('Accept-Encoding');
    const again = await seatMap(f.eventId, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('ETag')).toBe(etag);
    expect(await again.text()).toBe('');
    expect((await seatMap(f.eventId, { 'If-None-Match': `W/${etag}` })).status).toBe(304);

    const seats = JSON.parse(await (await seatMap(f.eventId)).text()).seats as string[][];
    await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.seatedTypeId, seats: [seats[1]![0]] } });
    const changed = await seatMap(f.eventId, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('ETag')).not.toBe(etag);
    expect(JSON.parse(await changed.text()).seats[1][5]).toBe('unavailable');
  });

  it('sends gzip to clients that accept it and plain JSON to those that do not, the same map either way', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const plain = await seatMap(f.eventId, { 'Accept-Encoding': 'identity' });
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    const plainText = await plain.text();
    expect(JSON.parse(plainText)).toMatchObject({ version: expect.any(Number), seats: expect.any(Array), sections: expect.any(Array) });

    const zipped = await seatMap(f.eventId, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(zipped.headers.get('ETag')).toBe(plain.headers.get('ETag'));
    expect(await zipped.text()).toBe(plainText);
    expect(await bodyFetches(owner.orgId, f.eventId)).toBe(1);
  });

  it('answers 404 for a draft, for another organization’s unpublished event and for an id that does not exist', async () => {
    const owner = await signup();
    const mine = await onSaleEvent(owner);
    expect((await seatMap(mine.eventId)).status).toBe(200);
    const draft = await draftEvent(owner);
    const other = await signup();
    const theirs = await draftEvent(other);
    for (const id of [draft.eventId, theirs.eventId, 'evt_01doesnotexist00000000000']) {
      const res = await seatMap(id, { 'Accept-Encoding': 'gzip' });
      expect(res.status, id).toBe(404);
      expect(res.headers.get('Content-Type')).toContain('application/problem+json');
      expect(res.headers.get('ETag')).toBeNull();
    }
  });
});
