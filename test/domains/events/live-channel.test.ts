/**
 * The live channel's audiences (issue 12, item 9), now through relays (issue 13): buyers get seats as
 * available/unavailable and the visible ticket types' availability, nothing else; the organizer's figures need a
 * short-lived ticket with events.read; a scanner device gets its own event's gate counts; foreign browser origins are
 * refused; sockets are capped per client (per relay) and per relay, an event taking LIVE_RELAYS × LIVE_SOCKETS_PER_RELAY
 * buyers, before the upgrade.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signLiveTicket } from '../../../src/domains/events/live-ticket';
import { api, createApiKey, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { expectContiguous, followPublic, openGateLive, openLive, openOrganizerLive, upgrade } from '../../support/live';
import { registerDevice } from '../../support/scanning';

const stubOf = (orgId: string, eventId: string) => env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(`${orgId}:${eventId}`));

/** Words that only the organizer's figures use: none may appear in anything a buyer receives. */
const ORGANIZER_WORDS = ['counts', 'capacity', 'sold', 'held', 'checkedIn', 'checked_in', 'inside', 'gates', 'checkInsPerMinute', 'blocked', 'reason'];

function expectPublicOnly(text: string, hiddenTypeId: string) {
  expect(text).not.toContain(hiddenTypeId);
  for (const word of ORGANIZER_WORDS) expect(text, `public text carries "${word}"`).not.toContain(`"${word}"`);
}

async function eventWithHiddenType(gaCapacity = 100) {
  const owner = await signup();
  const f = await onSaleEvent(owner, { gaCapacity });
  const hidden = await api('POST', `/orgs/${owner.orgId}/events/${f.eventId}/ticket-types`, {
    token: owner.token,
    body: { name: 'Presale', kind: 'ga', capacity: 7, priceMinor: 15000, visibility: 'hidden' },
  });
  expect(hidden.status, JSON.stringify(hidden.body)).toBe(201);
  return { owner, f, hiddenTypeId: hidden.body.id as string };
}

describe('the public projection', () => {
  it('never carries hidden ticket types, sold or capacity counts, or check-ins, on the socket or the seat map', async () => {
    const { owner, f, hiddenTypeId } = await eventWithHiddenType(12);
    const stub = stubOf(owner.orgId, f.eventId);
    const { map: first, socket: buyer } = await followPublic(f.eventId);
    const organizer = await openOrganizerLive(owner.orgId, f.eventId, owner.token);
    expect(first.seats.every((s) => s[5] === 'available')).toBe(true);
    expect(Object.keys((first as unknown as { ticketTypes: object }).ticketTypes).sort()).toEqual([f.gaTypeId, f.seatedTypeId].sort());

    // A hold: buyers see the seats go unavailable.
    const held = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.seatedTypeId, bestAvailable: { quantity: 2 } } });
    expect(held.status).toBe(201);
    const gone = await buyer.next((m) => m.type === 'delta' && m.seats.length > 0);
    expect(gone.type === 'delta' && gone.seats).toEqual(held.body.seats.map((id: string) => ({ id, status: 'unavailable' })));

    // The sale of those seats, a hidden type's sale and a check-in: the organizer hears of each, buyers of none.
    expect((await stub.confirmHold(held.body.id, 'ord_live_public')).ok).toBe(true);
    const presale = await stub.hold({ holdId: 'hld_presale_live', ticketTypeId: hiddenTypeId, quantity: 2, unlocked: [hiddenTypeId] } as never);
    expect(presale.ok, JSON.stringify(presale)).toBe(true);
    await stub.checkIn({ scanId: 'scan-public-1', ticketRef: 'tkt_public_1', seatId: held.body.seats[0], gate: 'north' });
    const checkedIn = await organizer.next((m) => m.type === 'delta' && m.counts.checkedIn === 1);
    expect(checkedIn.type === 'delta' && checkedIn.counts).toMatchObject({ checkedIn: 1, gates: { north: 1 }, sold: 2 });
    expect(checkedIn.type === 'delta' && checkedIn.counts.ticketTypes[hiddenTypeId]).toMatchObject({ held: 2, capacity: 7 });

    // Then a public change, so everything before it has been delivered: buyers got exactly the hold and this.
    const ga = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 7 } });
    expect(ga.status).toBe(201);
    const few = await buyer.next((m) => m.type === 'delta' && m.ticketTypes[f.gaTypeId]?.available === 5);
    expect(few).toMatchObject({ seats: [], ticketTypes: { [f.gaTypeId]: { available: 5 } } });
    // Exactly two public deltas, versions following on from the seat map's: the sale, the hidden type and the check-in
    // sent buyers nothing (not even a version number).
    expect(buyer.raw).toHaveLength(2);
    expectContiguous(buyer.messages, first.version);
    expectPublicOnly(buyer.raw.join('\n'), hiddenTypeId);

    // A late buyer (no since) is told the version to fetch; the seat map at that version and the event page say no more.
    const late = await openLive(f.eventId);
    const resync = await late.next((m) => m.type === 'resync');
    expect(resync).toEqual({ type: 'resync', audience: 'public', version: first.version + 2 });
    const map = await api('GET', `/public/events/${f.eventId}/seat-map`);
    expect(map.status).toBe(200);
    expect(map.body.version).toBe(first.version + 2);
    expect(map.body.seats.filter((s: unknown[]) => s[5] === 'unavailable').map((s: unknown[]) => s[0]).sort()).toEqual([...held.body.seats].sort());
    expect(new Set(map.body.seats.map((s: unknown[]) => s[5]))).toEqual(new Set(['available', 'unavailable']));
    expectPublicOnly(late.raw.join('\n'), hiddenTypeId);
    expectPublicOnly(JSON.stringify(map.body), hiddenTypeId);
    const page = await api('GET', `/public/events/${f.eventId}`);
    expect(page.body.ticketTypes.map((t: { id: string; available: number | null }) => [t.id, t.available])).toEqual([
      [f.seatedTypeId, null],
      [f.gaTypeId, 5],
    ]);
    expectPublicOnly(JSON.stringify(page.body.ticketTypes), hiddenTypeId);

    // The organizer's own seat map still has every status and figure.
    const admin = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/seat-map`, { token: owner.token });
    expect(admin.body.seats.filter((s: unknown[]) => s[5] === 'checked_in')).toHaveLength(1);
    // …at the organizer channel's version, which the organizer's socket reached too.
    const orgVersions = expectContiguous(organizer.messages, (organizer.messages[0] as { version: number }).version);
    expect(admin.body.liveVersion).toBe(orgVersions[orgVersions.length - 1]);
    expect(admin.body.counts.ticketTypes[hiddenTypeId]).toMatchObject({ capacity: 7 });
    for (const s of [buyer, organizer, late]) s.ws.close();
  });
});

describe('the organizer channel', () => {
  it('needs a valid, unexpired, unused ticket of this organization and event', async () => {
    const { owner, f } = await eventWithHiddenType();
    const other = await signup();
    const theirs = await onSaleEvent(other);

    // A made-up, expired, or another organization's ticket: refused before any upgrade.
    expect((await upgrade(f.eventId, { ticket: 'not-a-ticket' })).status).toBe(401);
    const expired = await signLiveTicket(env, { organizationId: owner.orgId, eventId: f.eventId, audience: 'organizer', subject: owner.userId }, -5);
    const refused = await upgrade(f.eventId, { ticket: expired.ticket });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('invalid_live_ticket');
    const foreign = await api('POST', `/orgs/${other.orgId}/events/${theirs.eventId}/live-ticket`, { token: other.token });
    expect(foreign.status).toBe(201);
    expect((await upgrade(f.eventId, { ticket: foreign.body.ticket })).status).toBe(401);
    // Another organization can't mint one for this event.
    expect((await api('POST', `/orgs/${owner.orgId}/events/${f.eventId}/live-ticket`, { token: other.token })).status).toBe(404);
    expect((await api('POST', `/orgs/${other.orgId}/events/${f.eventId}/live-ticket`, { token: other.token })).status).toBe(404);

    // A caller without events.read gets no ticket.
    const orders = await createApiKey(owner, ['orders.read']);
    const denied = await api('POST', `/orgs/${owner.orgId}/events/${f.eventId}/live-ticket`, { token: orders.secret });
    expect(denied.status).toBe(403);
    const reader = await createApiKey(owner, ['events.read']);
    const minted = await api('POST', `/orgs/${owner.orgId}/events/${f.eventId}/live-ticket`, { token: reader.secret });
    expect(minted.status).toBe(201);
    expect(minted.body.url).toBe(`/api/v1/events/${f.eventId}/live?ticket=${encodeURIComponent(minted.body.ticket)}`);
    expect(Date.parse(minted.body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);

    // A good ticket opens the full channel once.
    const first = await upgrade(f.eventId, { ticket: minted.body.ticket });
    expect(first.status).toBe(101);
    first.webSocket!.accept();
    first.webSocket!.close();
    const again = await upgrade(f.eventId, { ticket: minted.body.ticket });
    expect(again.status).toBe(401);
  });

  it('gives the organizer every figure', async () => {
    const { owner, f } = await eventWithHiddenType();
    const live = await openOrganizerLive(owner.orgId, f.eventId, owner.token);
    const snap = await live.next((m) => m.type === 'snapshot');
    expect(snap.type === 'snapshot' && snap.counts).toMatchObject({ capacity: 18 + 100 + 7, sold: 0, checkedIn: 0 });
    await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 3 } });
    const delta = await live.next((m) => m.type === 'delta' && m.reason === 'held');
    expect(delta.type === 'delta' && delta.counts.held).toBe(3);
    expect(delta.type === 'delta' && delta.version).toBe(snap.type === 'snapshot' && snap.version + 1);
    live.ws.close();
  });
});

describe('scanner devices', () => {
  it('get the gate counts of their own event, and no ticket for another', async () => {
    const { owner, f } = await eventWithHiddenType();
    const other = await onSaleEvent(owner);
    const phone = await registerDevice(owner, [f.eventId]);
    const refusedDevice = await api('POST', `/device/events/${other.eventId}/live-ticket`, { token: phone.token });
    expect(refusedDevice.status).toBe(404);
    // A device's ticket is no organizer ticket for the other event either.
    const mine = await api('POST', `/device/events/${f.eventId}/live-ticket`, { token: phone.token });
    expect((await upgrade(other.eventId, { ticket: mine.body.ticket })).status).toBe(401);

    const gate = await openGateLive(f.eventId, phone.token);
    const snap = await gate.next((m) => m.type === 'snapshot');
    expect(snap).toMatchObject({ audience: 'gate', counts: { checkedIn: 0, inside: 0, gates: {} } });
    const stub = stubOf(owner.orgId, f.eventId);
    const held = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 } });
    await stub.confirmHold(held.body.id, 'ord_gate_live');
    // Another event's check-in never reaches this device.
    const otherStub = stubOf(owner.orgId, other.eventId);
    const otherHeld = await api('POST', `/public/events/${other.eventId}/holds`, { body: { ticketTypeId: other.gaTypeId, quantity: 1 } });
    await otherStub.confirmHold(otherHeld.body.id, 'ord_gate_other');
    await otherStub.checkIn({ scanId: 'scan-gate-other', ticketRef: 'tkt_gate_other', gate: 'south' });
    await stub.checkIn({ scanId: 'scan-gate-1', ticketRef: 'tkt_gate_1', gate: 'north' });
    const delta = await gate.next((m) => m.type === 'delta');
    expect(delta).toMatchObject({ audience: 'gate', counts: { checkedIn: 1, inside: 1, gates: { north: 1 } } });
    const text = gate.raw.join('\n');
    for (const word of ['south', 'sold', 'capacity', 'ticketTypes', 'seats', 'held']) expect(text).not.toContain(`"${word}"`);
    expect(text).not.toContain('south');
    gate.ws.close();
  });
});

describe('who may open a socket', () => {
  it('refuses a foreign browser origin, and takes the app’s own or none', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const foreign = await upgrade(f.eventId, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { code: string }).code).toBe('origin_not_allowed');
    const minted = await api('POST', `/orgs/${owner.orgId}/events/${f.eventId}/live-ticket`, { token: owner.token });
    expect((await upgrade(f.eventId, { origin: 'https://evil.example', ticket: minted.body.ticket })).status).toBe(403);
    // A since that is no version is refused before any relay is asked.
    for (const since of ['-1', '1.5', 'latest']) {
      const bad = await SELF.fetch(`https://voelgoed.test/api/v1/events/${f.eventId}/live?since=${since}`, { headers: { Upgrade: 'websocket' } });
      expect(bad.status, since).toBe(422);
      expect(bad.headers.get('Content-Type')).toContain('application/problem+json');
    }
    const own = await upgrade(f.eventId, { origin: new URL(env.APP_URL).origin });
    expect(own.status).toBe(101);
    own.webSocket!.accept();
    own.webSocket!.close();
  });

  it('holds waiting buyers’ queue-only sockets on relays of their own: a full waiting room never takes the seat map’s sockets', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const open: WebSocket[] = [];
    const take = async (ip: string, only?: 'queue') => {
      const res = await upgrade(f.eventId, { ip, ...(only ? { only } : {}) });
      if (res.status === 101) {
        res.webSocket!.accept();
        open.push(res.webSocket!);
      }
      return res;
    };
    const queueCap = Number(env.LIVE_QUEUE_RELAYS) * Number(env.LIVE_SOCKETS_PER_RELAY);
    for (let i = 0; i < queueCap; i++) expect((await take(`198.51.100.${i + 1}`, 'queue')).status).toBe(101);
    const full = await take('198.51.100.99', 'queue');
    expect(full.status).toBe(503);
    expect(((await full.json()) as { code: string }).code).toBe('live_channel_full');
    // The seat map's relays are untouched: a buyer on the map still gets a socket.
    expect((await take('198.51.100.100')).status).toBe(101);
    const sockets = async (pool: string, index: number) => (await env.LIVE_RELAY.get(env.LIVE_RELAY.idFromName(`${owner.orgId}:${f.eventId}:${pool}:${index}`)).inspectForTests()).sockets;
    expect(await sockets('queue', 0)).toBe(queueCap);
    let onMap = 0;
    for (let index = 0; index < Number(env.LIVE_RELAYS); index++) onMap += await sockets('public', index);
    expect(onMap).toBe(1);
    for (const ws of open) ws.close();
  });

  it('caps sockets per client and per relay with 503 and Retry-After, before the upgrade; a full relay sends buyers to the next', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const open: WebSocket[] = [];
    const take = async (ip: string) => {
      const res = await upgrade(f.eventId, { ip });
      if (res.status === 101) {
        res.webSocket!.accept();
        open.push(res.webSocket!);
      }
      return res;
    };
    for (let i = 0; i < Number(env.LIVE_MAX_SOCKETS_PER_CLIENT); i++) expect((await take('203.0.113.7')).status).toBe(101);
    const perClient = await take('203.0.113.7');
    expect(perClient.status).toBe(503);
    expect(perClient.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(perClient.headers.get('Content-Type')).toContain('application/problem+json');
    // Other clients still get in, up to the event's cap: every relay full.
    const perEvent = Number(env.LIVE_RELAYS) * Number(env.LIVE_SOCKETS_PER_RELAY);
    let ip = 0;
    while (open.length < perEvent) expect((await take(`198.51.100.${++ip}`)).status).toBe(101);
    const full = await take('198.51.100.200');
    expect(full.status).toBe(503);
    expect(full.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(((await full.json()) as { code: string }).code).toBe('live_channel_full');
    expect(full.headers.get('X-Live-Full')).toBeNull();
    // Spread over every relay, each holding exactly its share.
    for (let index = 0; index < Number(env.LIVE_RELAYS); index++) {
      const relay = env.LIVE_RELAY.get(env.LIVE_RELAY.idFromName(`${owner.orgId}:${f.eventId}:public:${index}`));
      expect((await relay.inspectForTests()).sockets).toBe(Number(env.LIVE_SOCKETS_PER_RELAY));
    }
    // A closed socket makes room again.
    open.pop()!.close();
    let reopened = 0;
    for (let i = 0; i < 20 && reopened !== 101; i++) {
      await new Promise((r) => setTimeout(r, 50));
      reopened = (await take('198.51.100.201')).status;
    }
    expect(reopened).toBe(101);
    for (const ws of open) ws.close();
  });
});
