/**
 * The room's object failures are the room's (issue #14): with the WaitingRoom object overloaded or unreachable, the
 * queue's routes answer 503 problem+json `waiting_room_unavailable` with Retry-After — not the inventory's
 * `inventory_unavailable`, never a 500 — and the buyer's next try goes through.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { callWithFaults, SHAPES, type FaultyResponse } from '../../support/faults';

/** The WAITING_ROOM namespace with every stub call failing as `error` (the EventInventory is left alone). */
function failingRooms(error: () => Error) {
  return new Proxy(env.WAITING_ROOM, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (prop === 'get')
        return () =>
          new Proxy(
            {},
            {
              get: (_t, method) => (method === 'then' ? undefined : async () => Promise.reject(error())),
            },
          );
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function expectRoomUnavailable(res: FaultyResponse) {
  expect(res.status, res.text).toBe(503);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(res.body.code).toBe('waiting_room_unavailable');
}

describe('the waiting room object failing', () => {
  it('answers 503 waiting_room_unavailable on joining and redeeming, whatever the documented failure; a retry then works', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 20 });
    const put = await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: true } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    for (const shape of ['doOverloaded', 'doQueuedTooLong', 'doNetworkLost', 'doStorageTimeout'] as const) {
      const join = await callWithFaults({ method: 'POST', path: `/public/events/${f.eventId}/queue`, body: {} }, [], { WAITING_ROOM: failingRooms(SHAPES[shape]) });
      expectRoomUnavailable(join);
    }
    const joined = await api('POST', `/public/events/${f.eventId}/queue`, { body: {} });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    const ticket = joined.body.ticket as string;
    const admit = await callWithFaults({ method: 'POST', path: `/public/events/${f.eventId}/queue/admit`, headers: { Authorization: `Bearer ${ticket}` } }, [], {
      WAITING_ROOM: failingRooms(SHAPES.doOverloaded),
    });
    expectRoomUnavailable(admit);
    // Nothing lost: the place is still the buyer's, redeemed once the room answers again.
    await env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(`${owner.orgId}:${f.eventId}`)).tick();
    expect((await api('POST', `/public/events/${f.eventId}/queue/admit`, { headers: { Authorization: `Bearer ${ticket}` } })).status).toBe(200);
  });
});
