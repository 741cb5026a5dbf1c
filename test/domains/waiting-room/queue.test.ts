/**
 * The buyer's side of the waiting room: join → queue ticket; poll the place (never reaching the room object); redeem
 * it for an admission once the cursor passed it; tickets that are forged, expired or for another event → 401.
 */
import { env } from 'cloudflare:test';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signQueueTicket } from '../../../src/domains/waiting-room/tokens';
import { api, signup, sleep } from '../../support/api';
import { draftEvent, moveTo, onSaleEvent } from '../../support/events';

const roomOf = (orgId: string, eventId: string) => env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(`${orgId}:${eventId}`));
const bearer = (ticket: string) => ({ Authorization: `Bearer ${ticket}` });

async function eventWithRoom(settings: Record<string, unknown> = {}) {
  const owner = await signup();
  const f = await onSaleEvent(owner, { layout: false, gaCapacity: 50 });
  const put = await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: true, ...settings } });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  return { owner, f, room: roomOf(owner.orgId, f.eventId) };
}

const join = (eventId: string) => api('POST', `/public/events/${eventId}/queue`, { body: {} });

describe('the queue', () => {
  it('is announced on the public event page: waitingRoom is true while the room is on, false otherwise', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 5 });
    expect((await api('GET', `/public/events/${f.eventId}`)).body.waitingRoom).toBe(false);
    const on = await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: true } });
    expect(on.status).toBe(200);
    expect((await api('GET', `/public/events/${f.eventId}`)).body.waitingRoom).toBe(true);
    await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: false } });
    expect((await api('GET', `/public/events/${f.eventId}`)).body.waitingRoom).toBe(false);
  });

  it('answers a join with a ticket bound to the event and its place', async () => {
    const { f } = await eventWithRoom();
    const first = await join(f.eventId);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ place: 1, state: 'open' });
    const second = await join(f.eventId);
    expect(second.body.place).toBe(2);
    const [, payload] = (first.body.ticket as string).split('.');
    const claims = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims).toMatchObject({ aud: f.eventId, place: 1 });
    expect(claims.sub).toMatch(/^qjn_/);
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('puts early joiners in the pre-queue (no place yet), and places them after the draw from the cursor alone', async () => {
    const owner = await signup();
    const f = await draftEvent(owner, { layout: false });
    const patched = await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}`, { token: owner.token, body: { saleStartsAt: new Date(Date.now() + 60_000).toISOString() } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    for (const status of ['published', 'on_sale']) expect((await moveTo(owner, f.eventId, status)).status).toBe(200);
    expect((await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: true } })).status).toBe(200);

    const joined = await join(f.eventId);
    expect(joined.body).toMatchObject({ place: null, state: 'prequeue' });
    const waiting = await api('GET', `/public/events/${f.eventId}/queue/status`, { headers: bearer(joined.body.ticket) });
    expect(waiting.body).toMatchObject({ place: null, ahead: null, state: 'prequeue' });
    expect(waiting.body.ticket).toBeUndefined();

    await roomOf(owner.orgId, f.eventId).advanceClockForTests(61_000);
    await sleep(1_100); // past the cursor's edge trust (about a second)
    const drawn = await api('GET', `/public/events/${f.eventId}/queue/status`, { headers: bearer(joined.body.ticket) });
    expect(drawn.body).toMatchObject({ place: 1, ahead: 0, state: 'open', estimated: true });
    // The ticket's lottery number and the cursor place it: the room is not asked, and no new ticket is needed.
    expect(drawn.headers.get('X-Cursor-Source')).not.toBe('place');
    expect(drawn.body.ticket).toBeUndefined();
  });

  it('tells every pre-queue ticket from the cursor alone exactly whether its turn has come: shuffled, in join order, or joined over join shards', async () => {
    for (const { shuffleAtStart, queueShards } of [
      { shuffleAtStart: true, queueShards: 1 },
      { shuffleAtStart: false, queueShards: 1 },
      { shuffleAtStart: true, queueShards: 4 },
    ]) {
      const owner = await signup();
      const f = await draftEvent(owner, { layout: false, gaCapacity: 50 });
      const patched = await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}`, { token: owner.token, body: { saleStartsAt: new Date(Date.now() + 60_000).toISOString() } });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      for (const status of ['published', 'on_sale']) expect((await moveTo(owner, f.eventId, status)).status).toBe(200);
      const put = await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: true, shuffleAtStart, queueShards, ratePerMinute: 60, maxActive: 1000 } });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      const tickets: string[] = [];
      for (let i = 0; i < 24; i++) tickets.push((await join(f.eventId)).body.ticket);
      const room = roomOf(owner.orgId, f.eventId);
      // With join shards most joins never reached the room: it gathers them at the draw.
      if (queueShards > 1) expect((await room.joinsForTests()).length).toBeLessThan(24);
      await room.advanceClockForTests(61_000);
      await room.tick(); // the draw
      expect(await room.joinsForTests()).toHaveLength(24);
      await room.advanceClockForTests(10_000);
      const cursor = await room.tick(); // ten places on at 60 a minute
      expect(cursor.admittedThrough).toBeGreaterThan(0);
      expect(cursor.admittedThrough).toBeLessThan(24);
      // Paused, so the room's own alarm moves nothing while the tickets are checked.
      const paused = await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { admission: 'paused' } });
      expect(paused.status, JSON.stringify(paused.body)).toBe(200);
      expect((await room.cursor()).admittedThrough).toBe(cursor.admittedThrough);
      await sleep(1_100); // past the cursor's edge trust
      const places = new Set<number>();
      for (const ticket of tickets) {
        const status = await api('GET', `/public/events/${f.eventId}/queue/status`, { headers: bearer(ticket) });
        expect(status.status, JSON.stringify(status.body)).toBe(200);
        expect(status.headers.get('X-Cursor-Source')).not.toBe('place');
        const turn = status.body.place <= status.body.admittedThrough;
        const admitted = await api('POST', `/public/events/${f.eventId}/queue/admit`, { headers: bearer(ticket) });
        expect(admitted.status, `${JSON.stringify(status.body)} → ${JSON.stringify(admitted.body)}`).toBe(turn ? 200 : 409);
        if (!shuffleAtStart) places.add(status.body.place);
        expect(status.body.estimated ?? false).toBe(shuffleAtStart);
      }
      // In join order every place is exact: the joins' own order.
      if (!shuffleAtStart) expect([...places]).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    }
  }, 60_000);

  it('spreads late joins over join shards too: each ticket learns from the cursor alone whether its turn has come, in first-come order', async () => {
    const owner = await signup();
    const f = await draftEvent(owner, { layout: false, gaCapacity: 50 });
    const patched = await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}`, { token: owner.token, body: { saleStartsAt: new Date(Date.now() + 60_000).toISOString() } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    for (const status of ['published', 'on_sale']) expect((await moveTo(owner, f.eventId, status)).status).toBe(200);
    const room = roomOf(owner.orgId, f.eventId);
    const put = await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: true, shuffleAtStart: true, queueShards: 4, ratePerMinute: null, maxActive: 12 } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    for (let i = 0; i < 6; i++) expect((await join(f.eventId)).body.place).toBeNull();
    await room.advanceClockForTests(61_000);
    expect((await room.tick()).late?.shards).toBe(4); // the draw
    // Paused while the late joins come in: the room places them but lets nobody in yet.
    const setAdmission = async (admission: string) => expect((await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { admission } })).status).toBe(200);
    await setAdmission('paused');
    await sleep(1_100); // past the cursor's edge trust: joins now know the draw happened
    const late: { ticket: string; key: { at: number; lottery: number } }[] = [];
    for (let i = 0; i < 18; i++) {
      const joined = await join(f.eventId);
      expect(joined.status, JSON.stringify(joined.body)).toBe(201);
      expect(joined.body.place).toBeNull();
      const claims = JSON.parse(atob(joined.body.ticket.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      expect(claims.at).toBeGreaterThan(0);
      late.push({ ticket: joined.body.ticket, key: { at: claims.at, lottery: claims.lottery } });
    }
    // Most of them never reached the room: they wait in its join shards until its next tick gathers them.
    expect((await room.joinsForTests()).length).toBeLessThan(6 + 18);
    const early = await api('POST', `/public/events/${f.eventId}/queue/admit`, { headers: bearer(late[0]!.ticket) });
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    await room.tick();
    expect(await room.joinsForTests()).toHaveLength(6 + 18);
    // Open: the room lets in 12 (the 6 of the pre-queue and the 6 first late joins), then paused again to look.
    await setAdmission('open');
    expect((await room.tick()).admittedThrough).toBe(12);
    await setAdmission('paused');
    await sleep(1_100);
    const firstSix = [...late].sort((a, b) => a.key.at - b.key.at || a.key.lottery - b.key.lottery).slice(0, 6);
    for (const { ticket } of late) {
      const status = await api('GET', `/public/events/${f.eventId}/queue/status`, { headers: bearer(ticket) });
      expect(status.status, JSON.stringify(status.body)).toBe(200);
      expect(status.headers.get('X-Cursor-Source')).not.toBe('place');
      expect(status.body).toMatchObject({ estimated: true });
      const turn = status.body.place <= status.body.admittedThrough;
      expect(turn).toBe(firstSix.some((t) => t.ticket === ticket));
      const admitted = await api('POST', `/public/events/${f.eventId}/queue/admit`, { headers: bearer(ticket) });
      expect(admitted.status, `${JSON.stringify(status.body)} → ${JSON.stringify(admitted.body)}`).toBe(turn ? 200 : 409);
      if (turn) expect(admitted.body.place).toBeGreaterThan(6);
    }
  }, 60_000);

  it('draws the pre-queue the moment the organizer opens the sale, when the event names no sale start', async () => {
    const owner = await signup();
    const f = await draftEvent(owner, { layout: false });
    expect((await moveTo(owner, f.eventId, 'published')).status).toBe(200);
    expect((await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: true } })).status).toBe(200);
    const joined = await join(f.eventId);
    expect(joined.body).toMatchObject({ place: null, state: 'prequeue' });
    const room = roomOf(owner.orgId, f.eventId);
    expect((await room.cursor()).state).toBe('prequeue');
    expect((await moveTo(owner, f.eventId, 'on_sale')).status).toBe(200);
    expect((await room.cursor()).state).toBe('open');
    expect((await room.joinsForTests()).map((j) => j.place)).toEqual([1]);
  });

  it('refuses to queue for an event without a room (409 queue_not_active)', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const res = await join(f.eventId);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('queue_not_active');
  });

  it('answers the place, how many are ahead and an ETA; 50 polls reach the room object at most once', async () => {
    const { f, room } = await eventWithRoom({ ratePerMinute: 60 });
    const tickets: string[] = [];
    for (let i = 0; i < 4; i++) tickets.push((await join(f.eventId)).body.ticket as string);
    const before = await room.cursorCallsForTests();
    const polls = await Promise.all(Array.from({ length: 50 }, () => api('GET', `/public/events/${f.eventId}/queue/status`, { headers: bearer(tickets[3]!) })));
    expect(polls.every((p) => p.status === 200)).toBe(true);
    expect(polls[0]!.body).toMatchObject({ place: 4, admittedThrough: 0, ahead: 3, etaSeconds: 4, state: 'open' });
    expect((await room.cursorCallsForTests()) - before).toBeLessThanOrEqual(1);
    // Each answer says where its cursor came from; at most the one poll that refreshed it says "object".
    const sources = polls.map((p) => p.headers.get('X-Cursor-Source'));
    expect(sources.every((s) => ['memo', 'shared', 'cache', 'object'].includes(s ?? ''))).toBe(true);
    expect(sources.filter((s) => s === 'object').length).toBeLessThanOrEqual(1);
    // The ticket may also come as ?ticket= (an EventSource or an image poll cannot send headers).
    const viaQuery = await api('GET', `/public/events/${f.eventId}/queue/status?ticket=${encodeURIComponent(tickets[0]!)}`);
    expect(viaQuery.body).toMatchObject({ place: 1, ahead: 0 });
  });

  it('refuses forged, expired, other-event and missing tickets with 401 invalid_queue_ticket', async () => {
    const { f } = await eventWithRoom();
    const other = await eventWithRoom();
    const ticket = (await join(f.eventId)).body.ticket as string;
    const otherTicket = (await join(other.f.eventId)).body.ticket as string;
    const [h, p, sig] = ticket.split('.');
    const tampered = `${h}.${p}.${sig!.slice(0, -4)}${sig!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const wrongKey = await new SignJWT({ place: 1 }).setProtectedHeader({ alg: 'HS256' }).setIssuer('voelgoed/queue').setAudience(f.eventId).setSubject('qjn_x').setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(64)));
    const none = `${btoa(JSON.stringify({ alg: 'none' })).replace(/=/g, '')}.${p}.`;
    const expired = await signQueueTicket(env, { joinId: 'qjn_expired', eventId: f.eventId, place: 1 }, -60);
    for (const [name, bad] of [['tampered', tampered], ['wrong key', wrongKey], ['alg none', none], ['expired', expired], ['other event', otherTicket], ['garbage', 'not-a-jwt']] as const) {
      for (const path of ['queue/status', 'queue/admit']) {
        const res = await api(path === 'queue/status' ? 'GET' : 'POST', `/public/events/${f.eventId}/${path}`, { headers: bearer(bad) });
        expect(res.status, `${name} → ${path}`).toBe(401);
        expect(res.body.code).toBe('invalid_queue_ticket');
      }
    }
    const missing = await api('GET', `/public/events/${f.eventId}/queue/status`);
    expect(missing.status).toBe(401);
  });

  it('admits once the cursor passes the place (409 not_admitted_yet before), answering the same session twice', async () => {
    const { f, room } = await eventWithRoom({ ratePerMinute: null, maxActive: 1, maxSeatsPerBuyer: 3, sessionMinutes: 5 });
    const a = (await join(f.eventId)).body.ticket as string;
    const b = (await join(f.eventId)).body.ticket as string;
    const early = await api('POST', `/public/events/${f.eventId}/queue/admit`, { headers: bearer(a) });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('not_admitted_yet');
    expect(early.body.detail).toMatch(/place 1/);
    await room.tick();
    const admitted = await api('POST', `/public/events/${f.eventId}/queue/admit`, { headers: bearer(a) });
    expect(admitted.status, JSON.stringify(admitted.body)).toBe(200);
    expect(admitted.body.maxSeats).toBe(3);
    expect(Date.parse(admitted.body.expiresAt) - Date.now()).toBeGreaterThan(4 * 60_000);
    const again = await api('POST', `/public/events/${f.eventId}/queue/admit`, { headers: bearer(a) });
    expect(again.body.expiresAt).toBe(admitted.body.expiresAt);
    // maxActive 1: the second buyer waits while the first shops.
    await room.tick();
    expect((await api('POST', `/public/events/${f.eventId}/queue/admit`, { headers: bearer(b) })).status).toBe(409);
  });
});

describe('admission enforcement', () => {
  it('refuses holds, quotes and checkouts without an admission while the room is on (403 admission_required), and takes them with one', async () => {
    const { f, room } = await eventWithRoom({ maxSeatsPerBuyer: 2 });
    const hold = (headers: Record<string, string> = {}, quantity = 1) => api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity }, headers });
    const quote = (headers: Record<string, string> = {}) => api('POST', `/public/events/${f.eventId}/quote`, { body: { items: [{ ticketTypeId: f.gaTypeId, quantity: 1 }] }, headers });

    const refused = await hold();
    expect(refused.status).toBe(403);
    expect(refused.headers.get('Content-Type')).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('admission_required');
    expect(refused.body.detail).toContain(`/api/v1/public/events/${f.eventId}/queue`);
    expect((await quote()).body.code).toBe('admission_required');
    const checkout = await api('POST', `/public/events/${f.eventId}/checkout`, { body: { holds: ['hld_01jx0000000000000000000000'], buyer: { name: 'Buyer', email: 'buyer@example.com' } } });
    expect(checkout.status).toBe(403);
    expect(checkout.body.code).toBe('admission_required');
    expect((await hold({ Admission: 'garbage' })).body.code).toBe('admission_required');

    const ticket = (await join(f.eventId)).body.ticket as string;
    await room.tick();
    const admission = (await api('POST', `/public/events/${f.eventId}/queue/admit`, { headers: bearer(ticket) })).body.admission as string;
    const held = await hold({ Admission: admission });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    expect((await quote({ Admission: admission })).status).toBe(200);
    // More seats than the admission allows: in one request, or over several holds (the inventory counts per session).
    const tooMany = await hold({ Admission: admission }, 3);
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe('admission_seat_limit');
    expect((await hold({ Admission: admission }, 1)).status).toBe(201);
    const overTheCap = await hold({ Admission: admission }, 1);
    expect(overTheCap.status).toBe(409);
    expect(overTheCap.body.code).toBe('admission_seat_limit');
    // Released seats no longer count.
    expect((await api('DELETE', `/public/events/${f.eventId}/holds/${held.body.id}`)).status).toBe(200);
    expect((await hold({ Admission: admission }, 1)).status).toBe(201);

    // An admission for another event does not open this one; a queue ticket is not an admission.
    const other = await eventWithRoom();
    const otherTicket = (await join(other.f.eventId)).body.ticket as string;
    await other.room.tick();
    const otherAdmission = (await api('POST', `/public/events/${other.f.eventId}/queue/admit`, { headers: bearer(otherTicket) })).body.admission as string;
    expect((await hold({ Admission: otherAdmission })).status).toBe(403);
    expect((await hold({ Admission: ticket })).status).toBe(403);
  });

  it('lets buyers straight in again once the organizer turns the room off', async () => {
    const { owner, f } = await eventWithRoom();
    expect((await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 } })).status).toBe(403);
    await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: false } });
    expect((await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 } })).status).toBe(201);
  });
});
