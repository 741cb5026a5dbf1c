import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signup } from '../../support/api';
import { createVenue, draftEvent, generateLayout, moveTo, onSaleEvent } from '../../support/events';
import { expectContiguous, followPublic, openLive, openOrganizerLive } from '../../support/live';

describe('the public event page and seat map', () => {
  it('hides drafts and shows published events with what is left, briefly cacheable', async () => {
    const owner = await signup();
    const fixture = await draftEvent(owner);
    expect((await api('GET', `/public/events/${fixture.eventId}`)).status).toBe(404);
    await moveTo(owner, fixture.eventId, 'published');
    const page = await api('GET', `/public/events/${fixture.eventId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('Cache-Control')).toContain('max-age=');
    expect(page.body).toMatchObject({ status: 'published', hasSeatMap: true, venue: { city: 'Cape Town' } });
    // Plenty left: buyers are told so, not how many (exact counts only when few are left, see live-channel.test.ts).
    expect(page.body.ticketTypes.map((t: { name: string; available: number | null }) => [t.name, t.available])).toEqual([
      ['Seat', null],
      ['Standing', null],
    ]);
    const map = await api('GET', `/public/events/${fixture.eventId}/seat-map`);
    expect(map.status).toBe(200);
    expect(map.body.seats).toHaveLength(18);
    expect(map.body.seats.every((s: unknown[]) => s[5] === 'available')).toBe(true);
    expect(JSON.stringify(map.body)).not.toContain(owner.email);
  });

  it("says the organization's language, and names every section of the seat map", async () => {
    const owner = await signup();
    const settings = await api('PATCH', `/orgs/${owner.orgId}/settings`, { token: owner.token, body: { locale: 'af' } });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    const venue = await createVenue(owner);
    const layout = await generateLayout(owner, venue.id, { sections: 3, rowsPerSection: 2, seatsPerRow: 4 });
    const start = Date.now() + 30 * 86_400_000;
    const created = await api('POST', `/orgs/${owner.orgId}/events`, {
      token: owner.token,
      body: { name: 'Named sections', venueId: venue.id, layoutId: layout.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3_600_000).toISOString() },
    });
    const eventId = created.body.id as string;
    await api('POST', `/orgs/${owner.orgId}/events/${eventId}/ticket-types`, { token: owner.token, body: { name: 'Seat', kind: 'seated', categories: layout.categories.map((c) => c.key), priceMinor: 10000 } });
    expect((await moveTo(owner, eventId, 'published')).status).toBe(200);

    const page = await api('GET', `/public/events/${eventId}`);
    expect(page.body.locale).toBe('af');
    const map = await api('GET', `/public/events/${eventId}/seat-map`);
    expect(map.body.sections).toEqual([
      { key: '1', name: 'Section 1' },
      { key: '2', name: 'Section 2' },
      { key: '3', name: 'Section 3' },
    ]);
    // Every seat's section (the first part of its id) is named.
    const keys = new Set(map.body.sections.map((s: { key: string }) => s.key));
    expect(map.body.seats.every((s: unknown[]) => keys.has(String(s[0]).split(':')[0]))).toBe(true);
    // The organizer's view of the same map names them too.
    const admin = await api('GET', `/orgs/${owner.orgId}/events/${eventId}/seat-map`, { token: owner.token });
    expect(admin.body.sections).toEqual(map.body.sections);

    // An English organization's events say so.
    const other = await signup();
    const f = await onSaleEvent(other);
    expect((await api('GET', `/public/events/${f.eventId}`)).body.locale).toBe('en');
  });

  it('does not list hidden ticket types', async () => {
    const owner = await signup();
    const fixture = await draftEvent(owner);
    await api('PATCH', `/orgs/${owner.orgId}/events/${fixture.eventId}/ticket-types/${fixture.gaTypeId}`, { token: owner.token, body: { visibility: 'hidden' } });
    await moveTo(owner, fixture.eventId, 'published');
    const page = await api('GET', `/public/events/${fixture.eventId}`);
    expect(page.body.ticketTypes.map((t: { name: string }) => t.name)).toEqual(['Seat']);
  });
});

describe('holds over HTTP', () => {
  it('holds seats, refuses them to the next buyer naming the seat, and frees them on release', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const map = await api('GET', `/public/events/${f.eventId}/seat-map`);
    const [s1, s2] = map.body.seats.map((s: unknown[]) => s[0] as string);
    const first = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.seatedTypeId, seats: [s1, s2] } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'active', seats: [s1, s2], quantity: 2, extended: false });
    expect(Date.parse(first.body.expiresAt) - Date.now()).toBeGreaterThan(250_000);
    const second = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.seatedTypeId, seats: [s2] } });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('seats_unavailable');
    expect(second.body.errors[0].message).toContain(s2);
    const released = await api('DELETE', `/public/events/${f.eventId}/holds/${first.body.id}`);
    expect(released.body.status).toBe('released');
    expect((await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.seatedTypeId, seats: [s2] } })).status).toBe(201);
  });

  it('answers a retried request with the same Idempotency-Key with the same hold', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { gaCapacity: 3 });
    const headers = { 'Idempotency-Key': 'checkout-attempt-42' };
    const a = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 2 }, headers });
    const b = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 2 }, headers });
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    const page = await api('GET', `/public/events/${f.eventId}`);
    expect(page.body.ticketTypes[1].available).toBe(1);
    const conflict = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 }, headers });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('idempotency_conflict');
  });

  it('extends once and reports hold state', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const hold = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.seatedTypeId, bestAvailable: { quantity: 3 } } });
    expect(hold.status).toBe(201);
    expect(hold.body.seats).toHaveLength(3);
    const ext = await api('POST', `/public/events/${f.eventId}/holds/${hold.body.id}/extend`);
    expect(ext.status).toBe(200);
    expect(Date.parse(ext.body.expiresAt)).toBeGreaterThan(Date.parse(hold.body.expiresAt));
    expect((await api('GET', `/public/events/${f.eventId}/holds/${hold.body.id}`)).body).toEqual(ext.body);
  });

  it('refuses holds when the event is not on sale', async () => {
    const owner = await signup();
    const f = await draftEvent(owner);
    await moveTo(owner, f.eventId, 'published');
    const res = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('not_on_sale');
  });

  it('lets the organizer release a buyer’s hold, audited', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const hold = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 2 } });
    const res = await api('DELETE', `/orgs/${owner.orgId}/events/${f.eventId}/holds/${hold.body.id}`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('released');
    const audit = await api('GET', `/orgs/${owner.orgId}/audit-logs?action=hold.released`, { token: owner.token });
    expect(audit.body.items[0]).toMatchObject({ resourceId: hold.body.id, actorId: owner.userId });
  });
});


describe('the live seat-map channel', () => {
  it('follows on from the seat map’s version: every client, on any relay, sees another client’s hold and release as it happens', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const followed = await Promise.all(['192.0.2.1', '192.0.2.2', '192.0.2.3'].map((ip) => followPublic(f.eventId, { ip })));
    const sockets = followed.map((x) => x.socket);
    for (const { map } of followed) expect(map.seats.every((s) => s[5] === 'available')).toBe(true);
    const hold = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.seatedTypeId, bestAvailable: { quantity: 2 } } });
    for (const s of sockets) {
      const delta = await s.next((m) => m.type === 'delta' && m.seats.some((x) => x.status === 'unavailable'));
      expect(delta.type === 'delta' && delta.seats).toEqual(hold.body.seats.map((id: string) => ({ id, status: 'unavailable' })));
    }
    await api('DELETE', `/public/events/${f.eventId}/holds/${hold.body.id}`);
    for (const s of sockets) await s.next((m) => m.type === 'delta' && m.seats.some((x) => x.status === 'available'));
    for (const [i, s] of sockets.entries()) expectContiguous(s.messages, followed[i]!.map.version);
    expect(JSON.stringify(sockets[0]!.messages)).not.toContain(owner.email);
  });

  it('sends check-ins per gate and per minute to dashboards as they happen', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const live = await openOrganizerLive(owner.orgId, f.eventId, owner.token);
    await live.next((m) => m.type === 'snapshot');
    const held = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 } });
    const stub = env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(`${owner.orgId}:${f.eventId}`));
    await stub.confirmHold(held.body.id, 'ord_live');
    await stub.checkIn({ scanId: 'scan-live-1', ticketRef: 'tkt_live_1', gate: 'north' });
    // The sale and the check-in may share one coalesced delta (reason 'mixed'): what counts is the figures.
    const delta = await live.next((m) => m.type === 'delta' && m.counts.checkedIn === 1);
    expect(delta.type === 'delta' && delta.counts).toMatchObject({ checkedIn: 1, gates: { north: 1 } });
    expect(delta.type === 'delta' && delta.counts.checkInsPerMinute.at(-1)!.count).toBe(1);
  });

  it('keeps serving when a client vanishes without closing', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const dead = await openLive(f.eventId);
    const alive = await openOrganizerLive(owner.orgId, f.eventId, owner.token);
    await dead.next((m) => m.type === 'resync');
    dead.ws.close(1001, 'gone');
    const started = Date.now();
    for (let i = 0; i < 5; i++) {
      const res = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 } });
      expect(res.status).toBe(201);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    await alive.next((m) => m.type === 'delta' && m.counts.held === 5);
  });

  it('answers a plain GET with 426 and an unknown event with 404', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    expect((await api('GET', `/events/${f.eventId}/live`)).status).toBe(426);
    expect((await api('GET', `/events/evt_01doesnotexist00000000000/live`, { headers: { Upgrade: 'websocket' } })).status).toBe(404);
  });
});
