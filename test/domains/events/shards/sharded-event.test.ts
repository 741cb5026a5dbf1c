/**
 * A sharded event over HTTP (issue #14, item 6): an organizer sets the threshold, publishing splits the inventory into
 * shard objects by section, and buyers and organizers see one event: a hold for seats of one section touches only that
 * section's shard, best available and GA still work, seats of two shards are refused with a clear 409, a ticket type's
 * capacity holds across shards, the seat map and the counts are whole, and a paid order's refund puts its seats back
 * in their shard.
 */
import { describe, expect, it } from 'vitest';
import { shardName } from '../../../../src/domains/events/shards/plan';
import { api, signup, type SignedUp } from '../../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../../support/checkout';
import { draftEvent, moveTo } from '../../../support/events';
import { stubFor } from '../../../support/inventory';
import { expectContiguous, followPublic, openOrganizerLive } from '../../../support/live';
import { deviceScan, registerDevice } from '../../../support/scanning';

const SIZE = { sections: 4, rowsPerSection: 3, seatsPerRow: 10 };

async function shardedOnSale(owner: SignedUp, capacity?: number) {
  const f = await draftEvent(owner, { layoutSize: SIZE, shards: { threshold: 100, count: 4 } });
  if (capacity !== undefined) {
    const types = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/ticket-types`, { token: owner.token });
    const seated = (types.body.items as { id: string; kind: string }[]).find((t) => t.kind === 'seated')!;
    const patched = await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}/ticket-types/${seated.id}`, { token: owner.token, body: { capacity } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  }
  for (const status of ['published', 'on_sale']) expect((await moveTo(owner, f.eventId, status)).status).toBe(200);
  return f;
}

/** Each shard's own counts, straight from its object. */
async function shardCounts(owner: SignedUp, eventId: string) {
  return Promise.all([0, 1, 2, 3].map(async (i) => (await stubFor(shardName(owner.orgId, eventId, i)).availability()).counts));
}

describe('a sharded event', () => {
  it('splits by section at publish and sells as one event: holds touch one shard, refunds go back to it', async () => {
    const owner = await signup();
    const f = await shardedOnSale(owner);
    const event = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}`, { token: owner.token });
    expect(event.body).toMatchObject({ shardThreshold: 100, shardCount: 4 });
    // The split is fixed once published.
    const change = await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}`, { token: owner.token, body: { shardCount: 2 } });
    expect(change).toMatchObject({ status: 409, body: { code: 'event_not_draft' } });

    // Four shards of 30 seats each (one section apiece), the GA with the coordinator.
    const before = await shardCounts(owner, f.eventId);
    expect(before.map((c) => c.capacity - (c.ticketTypes[f.gaTypeId]?.capacity ?? 0))).toEqual([30, 30, 30, 30]);
    expect(before[0]!.ticketTypes[f.gaTypeId]).toBeDefined();
    expect(before[1]!.ticketTypes[f.gaTypeId]).toBeUndefined();

    // Buyers see one map.
    const map = await api('GET', `/public/events/${f.eventId}/seat-map`);
    expect(map.status).toBe(200);
    expect(map.body.seats).toHaveLength(120);
    expect(map.body.sections).toHaveLength(4);
    const seatsBySection = new Map<string, string[]>();
    for (const s of map.body.seats as [string][]) {
      const key = s[0].split(':')[0]!;
      seatsBySection.set(key, [...(seatsBySection.get(key) ?? []), s[0]]);
    }
    const [first, second] = [...seatsBySection.values()];

    // A hold for seats of one section touches only its shard.
    const held = await hold(f.eventId, { ticketTypeId: f.seatedTypeId, seats: first!.slice(0, 2) });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    const shard = Number(/\.s(\d+)$/.exec(held.body.id)![1]);
    const during = await shardCounts(owner, f.eventId);
    expect(during.map((c) => c.held - (c.ticketTypes[f.gaTypeId]?.held ?? 0))).toEqual([0, 1, 2, 3].map((i) => (i === shard ? 2 : 0)));

    // Seats of two shards: a clear 409 naming them.
    const span = await hold(f.eventId, { ticketTypeId: f.seatedTypeId, seats: [first![5]!, second![5]!] });
    expect(span.status).toBe(409);
    expect(span.body.code).toBe('seats_span_sections');

    // Best available and GA still work; the organizer's counts add the shards up.
    const best = await hold(f.eventId, { ticketTypeId: f.seatedTypeId, bestAvailable: { quantity: 3 } });
    expect(best.status, JSON.stringify(best.body)).toBe(201);
    const ga = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 2 });
    expect(ga.status).toBe(201);
    expect(ga.body.id).toMatch(/\.s0$/);
    const availability = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/availability`, { token: owner.token });
    expect(availability.body.counts).toMatchObject({ held: 7, capacity: 120 + 100 });

    // Buying the first hold sells its seats in their shard; a refund puts them back there.
    const started = await checkout(f.eventId, [held.body.id]);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    const order = await orderReaches(started.body.accessToken, 'paid');
    expect((await shardCounts(owner, f.eventId))[shard]!.sold).toBe(2);
    const refund = await api('POST', `/orgs/${owner.orgId}/orders/${order.id}/refunds`, { token: owner.token, body: { reason: 'Cannot come' }, headers: { 'Idempotency-Key': `refund-${order.id}` } });
    expect(refund.status, JSON.stringify(refund.body)).toBeLessThan(300);
    await expect.poll(async () => (await shardCounts(owner, f.eventId))[shard]!.sold, { timeout: 10_000 }).toBe(0);
    const after = await api('GET', `/public/events/${f.eventId}/seat-map`);
    const status = new Map((after.body.seats as [string, number, number, string, number, string][]).map((s) => [s[0], s[5]]));
    expect(first!.slice(0, 2).map((id) => status.get(id))).toEqual(['available', 'available']);
  });

  it('keeps one live channel for the whole event: buyers and organizers see every shard’s seats change, in order', async () => {
    const owner = await signup();
    const f = await shardedOnSale(owner);
    const { map, socket } = await followPublic(f.eventId);
    const organizer = await openOrganizerLive(owner.orgId, f.eventId, owner.token);
    await organizer.next((m) => m.type === 'snapshot');
    // Two seats in each shard's sections, one hold per shard.
    const bySection = new Map<string, string[]>();
    for (const s of map.seats) bySection.set(s[0].split(':')[0]!, [...(bySection.get(s[0].split(':')[0]!) ?? []), s[0]]);
    const held: string[] = [];
    for (const seats of bySection.values()) {
      const answer = await hold(f.eventId, { ticketTypeId: f.seatedTypeId, seats: seats.slice(0, 2) });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      held.push(...seats.slice(0, 2));
    }
    const seen = new Set<string>();
    while (held.some((id) => !seen.has(id))) {
      const delta = await socket.next((m) => m.type === 'delta' && m.seats.some((s) => !seen.has(s.id)));
      if (delta.type === 'delta') for (const s of delta.seats) if (s.status === 'unavailable') seen.add(s.id);
    }
    expectContiguous(socket.messages, map.version);
    // The organizer's counts add every shard up.
    await organizer.next((m) => m.type === 'delta' && m.counts.held === held.length);
    // A socket that resumes from the snapshot's version now gets every seat as unavailable.
    const again = await followPublic(f.eventId);
    const status = new Map(again.map.seats.map((s) => [s[0], s[5]]));
    expect(held.every((id) => status.get(id) === 'unavailable')).toBe(true);
    for (const ws of [socket.ws, organizer.ws, again.socket.ws]) ws.close();
  });

  it('scans a ticket for a seat of any shard at the gate, and the organizer sees that seat checked in', async () => {
    const owner = await signup();
    const f = await draftEvent(owner, { layoutSize: SIZE, shards: { threshold: 100, count: 4 }, startsInMs: 2 * 3_600_000 });
    for (const status of ['published', 'on_sale']) expect((await moveTo(owner, f.eventId, status)).status).toBe(200);
    const map = await api('GET', `/public/events/${f.eventId}/seat-map`);
    // A seat that is not the coordinator's (shard 0 keeps the check-ins).
    const counts = await shardCounts(owner, f.eventId);
    const seat = (map.body.seats as [string][]).map((s) => s[0]).find((id) => id.split(':')[0] !== (map.body.seats as [string][])[0]![0].split(':')[0])!;
    const held = await hold(f.eventId, { ticketTypeId: f.seatedTypeId, seats: [seat] });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    expect(held.body.id).not.toMatch(/\.s0$/);
    expect(counts.length).toBe(4);
    const started = await checkout(f.eventId, [held.body.id]);
    await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
    const order = await orderReaches(started.body.accessToken, 'paid');
    const device = await registerDevice(owner, [f.eventId]);
    const scanned = await deviceScan(device.token, { eventId: f.eventId, token: order.tickets[0].qrToken });
    expect(scanned.status, JSON.stringify(scanned.body)).toBe(200);
    expect(scanned.body.result).toBe('valid');
    const again = await deviceScan(device.token, { eventId: f.eventId, token: order.tickets[0].qrToken });
    expect(again.body.result).toBe('duplicate');
    const organizerMap = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/seat-map`, { token: owner.token });
    expect(organizerMap.status).toBe(200);
    expect((organizerMap.body.seats as [string, number, number, string, number, string][]).find((s) => s[0] === seat)![5]).toBe('checked_in');
    const availability = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/availability`, { token: owner.token });
    expect(availability.body.counts).toMatchObject({ checkedIn: 1, sold: 1 });
  });

  it('holds a seated ticket type to its capacity across every shard', async () => {
    const owner = await signup();
    const f = await shardedOnSale(owner, 10);
    const map = await api('GET', `/public/events/${f.eventId}/seat-map`);
    const bySection = new Map<string, string[]>();
    for (const s of map.body.seats as [string][]) bySection.set(s[0].split(':')[0]!, [...(bySection.get(s[0].split(':')[0]!) ?? []), s[0]]);
    const sections = [...bySection.values()];
    // Three seats in each of four sections, all at once: only ten can be held, whichever shards they are in.
    const answers = await Promise.all(sections.flatMap((seats) => [0, 1, 2].map((i) => hold(f.eventId, { ticketTypeId: f.seatedTypeId, seats: [seats[i]!] }))));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    for (const a of answers.filter((a) => a.status !== 201)) expect(['sold_out', 'capacity_busy']).toContain(a.body.code);
    const availability = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/availability`, { token: owner.token });
    expect(availability.body.counts.ticketTypes[f.seatedTypeId!]).toMatchObject({ capacity: 10, held: 10, available: 0 });
    const page = await api('GET', `/public/events/${f.eventId}`);
    expect(page.body.ticketTypes.find((t: { id: string }) => t.id === f.seatedTypeId).available).toBe(0);
  });
});
