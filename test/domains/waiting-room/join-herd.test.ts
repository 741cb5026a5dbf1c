/**
 * Joins in a herd with the isolate's caches cold (docs/waiting-room.md, "A 500 on joining under load"): every join is
 * its own request through the real Worker (SELF), arriving together with polls of the queue and holds without an
 * admission, so many requests wait for a lookup (the event, its room, the cursor) that another request started.
 * Every one answers for itself: 201 joins with distinct places, 200 polls, 403 holds; never a 500.
 */
import { describe, expect, it } from 'vitest';
import { api, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';

const JOINS = 60;

describe('joins in a herd, the caches cold', () => {
  it('answers every join, poll and hold of a burst for itself', async () => {
    const owner = await signup();
    const statuses: Record<string, number> = {};
    const count = (what: string, status: number) => (statuses[`${what} ${status}`] = (statuses[`${what} ${status}`] ?? 0) + 1);
    for (let round = 0; round < 3; round++) {
      // A new event each round: nothing of it is cached in this isolate yet.
      const f = await onSaleEvent(owner, { layout: false, gaCapacity: 50 });
      const put = await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: true } });
      expect(put.status).toBe(200);
      const early = await api('POST', `/public/events/${f.eventId}/queue`, { body: {} });
      expect(early.status).toBe(201);
      const burst = await Promise.all(
        Array.from({ length: JOINS }, (_, i) => {
          if (i % 4 === 1) return api('GET', `/public/events/${f.eventId}/queue/status`, { headers: { Authorization: `Bearer ${early.body.ticket}` } }).then((r) => ({ what: 'poll', r }));
          if (i % 4 === 3) return api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 } }).then((r) => ({ what: 'hold', r }));
          return api('POST', `/public/events/${f.eventId}/queue`, { body: {} }).then((r) => ({ what: 'join', r }));
        }),
      );
      for (const { what, r } of burst) count(what, r.status);
      const places = burst.filter((b) => b.what === 'join' && b.r.status === 201).map((b) => b.r.body.place as number);
      expect(new Set(places).size).toBe(places.length);
      expect(burst.filter((b) => b.what === 'hold').every((b) => b.r.body.code === 'admission_required')).toBe(true);
    }
    expect(statuses).toEqual({ 'join 201': 90, 'poll 200': 45, 'hold 403': 45 });
  });
});
