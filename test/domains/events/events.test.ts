import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signup } from '../../support/api';
import { createVenue, draftEvent, moveTo, onSaleEvent } from '../../support/events';

describe('events', () => {
  it('creates a draft that displays in the venue’s timezone', async () => {
    const owner = await signup();
    const venue = await createVenue(owner);
    const res = await api('POST', `/orgs/${owner.orgId}/events`, {
      token: owner.token,
      body: { name: 'Sunset', venueId: venue.id, startsAt: '2027-03-14T17:00:00Z', endsAt: '2027-03-14T21:00:00Z' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'draft', timezone: 'Africa/Johannesburg', startsAtLocal: '2027-03-14T19:00:00+02:00', holdTtlSeconds: 300 });
  });

  it('refuses times that make no sense, naming the field', async () => {
    const owner = await signup();
    const venue = await createVenue(owner);
    const res = await api('POST', `/orgs/${owner.orgId}/events`, {
      token: owner.token,
      body: { name: 'Backwards', venueId: venue.id, startsAt: '2027-03-14T17:00:00Z', endsAt: '2027-03-14T16:00:00Z', doorsAt: '2027-03-14T18:00:00Z' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.doorsAt', 'body.endsAt']);
  });

  it('allows only valid lifecycle moves and says which ones are', async () => {
    const owner = await signup();
    const { eventId } = await draftEvent(owner);
    const skip = await moveTo(owner, eventId, 'on_sale');
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({ code: 'invalid_transition' });
    expect(skip.body.detail).toContain('published or cancelled');
    for (const status of ['published', 'on_sale', 'sales_closed', 'on_sale', 'sales_closed', 'completed']) {
      const res = await moveTo(owner, eventId, status);
      expect(res.status, `${status}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body.status).toBe(status);
    }
    expect((await moveTo(owner, eventId, 'cancelled')).status).toBe(409);
    const audit = await api('GET', `/orgs/${owner.orgId}/audit-logs?resourceId=${eventId}&limit=50`, { token: owner.token });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['event.published', 'event.sales_opened', 'event.sales_closed', 'event.completed']),
    );
  });

  it('will not publish an event without ticket types', async () => {
    const owner = await signup();
    const venue = await createVenue(owner);
    const created = await api('POST', `/orgs/${owner.orgId}/events`, {
      token: owner.token,
      body: { name: 'Empty', venueId: venue.id, startsAt: '2027-03-14T17:00:00Z', endsAt: '2027-03-14T21:00:00Z' },
    });
    const res = await moveTo(owner, created.body.id, 'published');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('no_ticket_types');
  });

  it('snapshots the layout at publish, so later layout edits do not move the event’s seats', async () => {
    const owner = await signup();
    const fixture = await onSaleEvent(owner);
    const before = await api('GET', `/orgs/${owner.orgId}/events/${fixture.eventId}/seat-map`, { token: owner.token });
    expect(before.status).toBe(200);
    expect(before.body.seats).toHaveLength(18);
    const doc = await api('GET', `/orgs/${owner.orgId}/layouts/${fixture.layoutId}/document`, { token: owner.token });
    const moved = structuredClone(doc.body);
    moved.sections[0].rows[0].seats[0].x += 1;
    moved.sections[0].rows.pop();
    const replaced = await api('PUT', `/orgs/${owner.orgId}/layouts/${fixture.layoutId}/document`, { token: owner.token, body: moved });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    const after = await api('GET', `/orgs/${owner.orgId}/events/${fixture.eventId}/seat-map`, { token: owner.token });
    expect(after.body.seats).toEqual(before.body.seats);
    const event = await api('GET', `/orgs/${owner.orgId}/events/${fixture.eventId}`, { token: owner.token });
    expect(event.body.layoutVersion).toBe(1);
  });

  it('fixes venue and layout once published', async () => {
    const owner = await signup();
    const fixture = await onSaleEvent(owner);
    const other = await createVenue(owner, 'Elsewhere');
    const res = await api('PATCH', `/orgs/${owner.orgId}/events/${fixture.eventId}`, { token: owner.token, body: { venueId: other.id } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('event_not_draft');
    const rename = await api('PATCH', `/orgs/${owner.orgId}/events/${fixture.eventId}`, { token: owner.token, body: { name: 'Renamed' } });
    expect(rename.status).toBe(200);
    expect(rename.body.name).toBe('Renamed');
  });
});

describe('ticket types', () => {
  it('checks seated categories and GA areas against the layout', async () => {
    const owner = await signup();
    const { eventId } = await draftEvent(owner);
    const unknown = await api('POST', `/orgs/${owner.orgId}/events/${eventId}/ticket-types`, {
      token: owner.token,
      body: { name: 'Gold', kind: 'seated', categories: ['gold'], priceMinor: 1000 },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('body.categories');
    const noCap = await api('POST', `/orgs/${owner.orgId}/events/${eventId}/ticket-types`, { token: owner.token, body: { name: 'Lawn', kind: 'ga', priceMinor: 1000 } });
    expect(noCap.status).toBe(422);
    const area = await api('POST', `/orgs/${owner.orgId}/events/${eventId}/ticket-types`, { token: owner.token, body: { name: 'Pit', kind: 'ga', gaAreaKey: 'pit', priceMinor: 1000 } });
    expect(area.status).toBe(422);
    expect(area.body.errors[0].path).toBe('body.gaAreaKey');
  });

  it('never lets a capacity drop below what is held or sold, and keeps the D1 record unchanged when refused', async () => {
    const owner = await signup();
    const fixture = await onSaleEvent(owner, { gaCapacity: 10 });
    const hold = await api('POST', `/public/events/${fixture.eventId}/holds`, { body: { ticketTypeId: fixture.gaTypeId, quantity: 6 } });
    expect(hold.status).toBe(201);
    const shrink = await api('PATCH', `/orgs/${owner.orgId}/events/${fixture.eventId}/ticket-types/${fixture.gaTypeId}`, { token: owner.token, body: { capacity: 5 } });
    expect(shrink.status).toBe(409);
    expect(shrink.body.code).toBe('capacity_below_used');
    const row = await env.DB.prepare('select capacity from ticket_types where id = ?').bind(fixture.gaTypeId).first<{ capacity: number }>();
    expect(row!.capacity).toBe(10);
    const grow = await api('PATCH', `/orgs/${owner.orgId}/events/${fixture.eventId}/ticket-types/${fixture.gaTypeId}`, { token: owner.token, body: { capacity: 12 } });
    expect(grow.status).toBe(200);
    const page = await api('GET', `/public/events/${fixture.eventId}`);
    expect(page.body.ticketTypes.find((t: { id: string }) => t.id === fixture.gaTypeId).available).toBe(6);
    const remove = await api('DELETE', `/orgs/${owner.orgId}/events/${fixture.eventId}/ticket-types/${fixture.gaTypeId}`, { token: owner.token });
    expect(remove.status).toBe(409);
  });
});
