/** Test helpers for events: a venue with a generated layout, an event with seated and GA ticket types, put on sale. */
import { expect } from 'vitest';
import { api, type SignedUp } from './api';

export async function createVenue(owner: SignedUp, name = 'Test Hall') {
  const res = await api('POST', `/orgs/${owner.orgId}/venues`, {
    token: owner.token,
    body: { name, address: { line1: '1 Main Road', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 5000 },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

export async function generateLayout(owner: SignedUp, venueId: string, size = { sections: 1, rowsPerSection: 3, seatsPerRow: 6 }) {
  const res = await api('POST', `/orgs/${owner.orgId}/venues/${venueId}/layouts/generate`, {
    token: owner.token,
    body: { name: 'Generated', curved: false, ...size },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; seatCount: number; categories: { key: string }[] };
}

export type EventFixture = { eventId: string; venueId: string; layoutId: string | null; seatedTypeId: string | null; gaTypeId: string };

/** A draft event with (optionally) a generated layout, a seated type over every category and a GA type of `gaCapacity`. */
export async function draftEvent(
  owner: SignedUp,
  opts: {
    layout?: boolean;
    gaCapacity?: number;
    holdTtlSeconds?: number;
    startsInMs?: number;
    layoutSize?: { sections: number; rowsPerSection: number; seatsPerRow: number };
    /** Section shards (docs/waiting-room.md): split at publish above `threshold` seats into at most `count`. */
    shards?: { threshold: number; count: number };
  } = {},
): Promise<EventFixture> {
  const venue = await createVenue(owner);
  const layout = opts.layout === false ? null : await generateLayout(owner, venue.id, opts.layoutSize);
  const start = Date.now() + (opts.startsInMs ?? 30 * 86_400_000);
  const created = await api('POST', `/orgs/${owner.orgId}/events`, {
    token: owner.token,
    body: {
      name: 'Test Concert',
      venueId: venue.id,
      ...(layout ? { layoutId: layout.id } : {}),
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3 * 3_600_000).toISOString(),
      ...(opts.holdTtlSeconds ? { holdTtlSeconds: opts.holdTtlSeconds } : {}),
      ...(opts.shards ? { shardThreshold: opts.shards.threshold, shardCount: opts.shards.count } : {}),
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const eventId = created.body.id as string;
  let seatedTypeId: string | null = null;
  if (layout) {
    const seated = await api('POST', `/orgs/${owner.orgId}/events/${eventId}/ticket-types`, {
      token: owner.token,
      body: { name: 'Seat', kind: 'seated', categories: layout.categories.map((c) => c.key), priceMinor: 35000 },
    });
    expect(seated.status, JSON.stringify(seated.body)).toBe(201);
    seatedTypeId = seated.body.id;
  }
  const ga = await api('POST', `/orgs/${owner.orgId}/events/${eventId}/ticket-types`, {
    token: owner.token,
    body: { name: 'Standing', kind: 'ga', capacity: opts.gaCapacity ?? 100, priceMinor: 20000 },
  });
  expect(ga.status, JSON.stringify(ga.body)).toBe(201);
  return { eventId, venueId: venue.id, layoutId: layout?.id ?? null, seatedTypeId, gaTypeId: ga.body.id };
}

export async function moveTo(owner: SignedUp, eventId: string, status: string) {
  return api('POST', `/orgs/${owner.orgId}/events/${eventId}/status`, { token: owner.token, body: { status } });
}

export async function onSaleEvent(owner: SignedUp, opts: Parameters<typeof draftEvent>[1] = {}): Promise<EventFixture> {
  const fixture = await draftEvent(owner, opts);
  for (const status of ['published', 'on_sale']) {
    const res = await moveTo(owner, fixture.eventId, status);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return fixture;
}
