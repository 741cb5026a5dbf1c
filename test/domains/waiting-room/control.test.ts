/**
 * The organizer's hand on a running room (PATCH …/waiting-room): pause, resume, close, the rate; audited, events.manage
 * only, other organizations' events 404, errors as problem+json; the console's figures on GET.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMember, api, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';

const path = (orgId: string, eventId: string) => `/orgs/${orgId}/events/${eventId}/waiting-room`;
const roomOf = (orgId: string, eventId: string) => env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(`${orgId}:${eventId}`));

async function withRoom(body: Record<string, unknown> = {}) {
  const owner = await signup();
  const f = await onSaleEvent(owner, { layout: false, gaCapacity: 100 });
  const saved = await api('PUT', path(owner.orgId, f.eventId), { token: owner.token, body: { enabled: true, ratePerMinute: null, maxActive: 50, ...body } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  return { owner, f, room: roomOf(owner.orgId, f.eventId) };
}

const actions = async (owner: { orgId: string; token: string }, eventId: string) =>
  (await api('GET', `/orgs/${owner.orgId}/audit-logs?resourceId=${eventId}&limit=50`, { token: owner.token })).body.items.map((e: { action: string }) => e.action);

describe('waiting-room controls', () => {
  it('pause admits nobody, resume admits again, close refuses joins; each audited', async () => {
    const { owner, f, room } = await withRoom();
    for (let i = 0; i < 3; i++) await room.join();

    const paused = await api('PATCH', path(owner.orgId, f.eventId), { token: owner.token, body: { admission: 'paused' } });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body).toMatchObject({ admission: 'paused', enabled: true, ratePerMinute: null });
    expect(await room.tick()).toMatchObject({ state: 'paused', admittedThrough: 0 });
    expect(await room.tick()).toMatchObject({ admittedThrough: 0 });
    // A PUT of the settings leaves the pause standing.
    expect((await api('PUT', path(owner.orgId, f.eventId), { token: owner.token, body: { enabled: true, maxActive: 50 } })).body.admission).toBe('paused');
    expect(await room.tick()).toMatchObject({ state: 'paused', admittedThrough: 0 });

    const resumed = await api('PATCH', path(owner.orgId, f.eventId), { token: owner.token, body: { admission: 'open' } });
    expect(resumed.body.admission).toBe('open');
    expect(await room.tick()).toMatchObject({ state: 'open', admittedThrough: 3 });

    const closed = await api('PATCH', path(owner.orgId, f.eventId), { token: owner.token, body: { admission: 'closed' } });
    expect(closed.body.admission).toBe('closed');
    expect((await room.cursor()).state).toBe('closed');
    const join = await api('POST', `/public/events/${f.eventId}/queue`, { body: {} });
    expect(join.status).toBe(409);
    expect(join.body.code).toBe('queue_closed');

    const seen = await actions(owner, f.eventId);
    expect(seen).toEqual(expect.arrayContaining(['waiting_room.paused', 'waiting_room.resumed', 'waiting_room.closed']));
  });

  it('changes the rate (and back to auto), audited as an update; the GET shows the live figures', async () => {
    const { owner, f, room } = await withRoom();
    const fixed = await api('PATCH', path(owner.orgId, f.eventId), { token: owner.token, body: { ratePerMinute: 30 } });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ ratePerMinute: 30, maxActive: 50, admission: 'open' });
    expect((await room.cursor()).ratePerMinute).toBe(30);
    const auto = await api('PATCH', path(owner.orgId, f.eventId), { token: owner.token, body: { ratePerMinute: null, maxActive: 20 } });
    expect(auto.body).toMatchObject({ ratePerMinute: null, maxActive: 20 });
    expect((await actions(owner, f.eventId)).filter((a: string) => a === 'waiting_room.updated').length).toBeGreaterThanOrEqual(2);

    for (let i = 0; i < 4; i++) await room.join();
    await room.tick();
    const got = await api('GET', path(owner.orgId, f.eventId), { token: owner.token });
    expect(got.body.live).toMatchObject({ state: 'open', admittedThrough: 4, waiting: 0, active: 4, paid: 0, admittedLastMinute: 4, seatsLeft: 100, soldOutEtaSeconds: null });
  });

  it('needs events.manage (403), hides other organizations’ events (404), and answers problem+json', async () => {
    const { owner, f } = await withRoom();
    const viewer = await addMember(owner, 'viewer');
    const refused = await api('PATCH', path(owner.orgId, f.eventId), { token: viewer.token, body: { admission: 'paused' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('Content-Type')).toContain('application/problem+json');

    const stranger = await signup();
    const hidden = await api('PATCH', path(stranger.orgId, f.eventId), { token: stranger.token, body: { admission: 'paused' } });
    expect(hidden.status).toBe(404);
    expect(hidden.headers.get('Content-Type')).toContain('application/problem+json');
    expect((await api('GET', path(owner.orgId, f.eventId), { token: owner.token })).body.admission).toBe('open');

    for (const body of [{}, { admission: 'later' }, { ratePerMinute: 0 }, { enabled: false }]) {
      const bad = await api('PATCH', path(owner.orgId, f.eventId), { token: owner.token, body });
      expect(bad.status, JSON.stringify(body)).toBe(422);
      expect(bad.headers.get('Content-Type')).toContain('application/problem+json');
    }

    // An event whose room was never saved has nothing to pause.
    const other = await onSaleEvent(owner, { layout: false, gaCapacity: 5 });
    const none = await api('PATCH', path(owner.orgId, other.eventId), { token: owner.token, body: { admission: 'paused' } });
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('waiting_room_not_found');
  });
});
