/**
 * Invited buyers who never redeem (issue #14, docs/waiting-room.md "Invited buyers who never redeem"): an invitation
 * not redeemed within the redemption window (default 120 s, or half the session when shorter) frees its slot for the
 * next in line, and redeeming it later answers `invitationExpired`; a redeemed one keeps the whole session. The room's
 * clock is moved by the test (advanceClockForTests), as in the other room tests.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { redeemWindowMs } from '../../../durable-objects/waiting-room/queue';
import { api, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { roomConfig } from '../../support/rooms';

const roomOf = (orgId: string, eventId: string) => env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(`${orgId}:${eventId}`));

async function roomFor(owner: { orgId: string; token: string }, eventId: string, body: Record<string, unknown>) {
  const res = await api('PUT', `/orgs/${owner.orgId}/events/${eventId}/waiting-room`, { token: owner.token, body: { enabled: true, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return roomOf(owner.orgId, eventId);
}

async function threeJoins(room: ReturnType<typeof roomOf>) {
  const joins = [await room.join(), await room.join(), await room.join()];
  if (!joins.every((j) => j.ok)) throw new Error('joins refused');
  return joins as Extract<(typeof joins)[number], { ok: true }>[];
}

describe('the redemption window', () => {
  it('is 120 s, or half a session shorter than 4 minutes, or the setting, never longer than the session', () => {
    expect(redeemWindowMs(roomConfig({ sessionMinutes: 10 }))).toBe(120_000);
    expect(redeemWindowMs(roomConfig({ sessionMinutes: 2 }))).toBe(60_000);
    expect(redeemWindowMs(roomConfig({ sessionMinutes: 10, redeemWithinSeconds: 30 }))).toBe(30_000);
    expect(redeemWindowMs(roomConfig({ sessionMinutes: 1, redeemWithinSeconds: 600 }))).toBe(60_000);
  });

  it('frees an unredeemed invitation’s slot for the next in line, and a redeemed one keeps the whole session', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 50 });
    const room = await roomFor(owner, f.eventId, { ratePerMinute: null, maxActive: 1, sessionMinutes: 10 });
    const [a, b, c] = await threeJoins(room);
    expect(await room.tick()).toMatchObject({ admittedThrough: 1 });

    // The first never redeems. Within the window its slot stays taken: the second waits.
    await room.advanceClockForTests(119_000);
    expect(await room.tick()).toMatchObject({ admittedThrough: 1 });
    expect(await room.admit(b!.joinId)).toMatchObject({ admitted: false, place: 2 });
    expect((await room.figures()).active).toBe(1);

    // Past the window: the slot goes to the second, and the first's late redemption is refused (join again).
    await room.advanceClockForTests(2_000);
    expect(await room.tick()).toMatchObject({ admittedThrough: 2 });
    expect(await room.admit(a!.joinId)).toMatchObject({ admitted: false, invitationExpired: true, place: 1 });
    const second = await room.admit(b!.joinId);
    expect(second).toMatchObject({ admitted: true });

    // Redeemed: the whole session (10 minutes), not the window — the third waits until it ends.
    await room.advanceClockForTests(5 * 60_000);
    expect(await room.tick()).toMatchObject({ admittedThrough: 2 });
    expect(await room.admit(c!.joinId)).toMatchObject({ admitted: false });
    if (second.admitted) await room.advanceClockForTests(second.expiresAt - (Date.now() + 5 * 60_000 + 121_000) + 1_000);
    expect(await room.tick()).toMatchObject({ admittedThrough: 3 });
    expect(await room.admit(c!.joinId)).toMatchObject({ admitted: true });
    // Redeeming the kept session again still answers it (expired or not): never a second session for one ticket.
    expect(await room.admit(b!.joinId)).toEqual(second);
  });

  it('takes the organizer’s window (redeemWithinSeconds in the settings, pushed to the room)', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 50 });
    const room = await roomFor(owner, f.eventId, { ratePerMinute: null, maxActive: 1, redeemWithinSeconds: 30 });
    const [a, b] = await threeJoins(room);
    expect(await room.tick()).toMatchObject({ admittedThrough: 1 });
    await room.advanceClockForTests(31_000);
    expect(await room.tick()).toMatchObject({ admittedThrough: 2 });
    expect(await room.admit(a!.joinId)).toMatchObject({ admitted: false, invitationExpired: true });
    expect(await room.admit(b!.joinId)).toMatchObject({ admitted: true });
  });

  it('answers a late redemption through the API with 409 invitation_expired (problem+json), and the next in line is admitted', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 50 });
    const room = await roomFor(owner, f.eventId, { ratePerMinute: null, maxActive: 1 });
    const join = async () => (await api('POST', `/public/events/${f.eventId}/queue`, { body: {} })).body.ticket as string;
    const [first, second] = [await join(), await join()];
    const admit = (ticket: string) => api('POST', `/public/events/${f.eventId}/queue/admit`, { headers: { Authorization: `Bearer ${ticket}` } });
    await room.tick();
    await room.advanceClockForTests(121_000);
    await room.tick();
    const late = await admit(first);
    expect(late.status).toBe(409);
    expect(late.headers.get('Content-Type')).toMatch(/application\/problem\+json/);
    expect(late.body.code).toBe('invitation_expired');
    expect((await admit(second)).status).toBe(200);
  });
});
