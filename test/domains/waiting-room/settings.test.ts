/** The organizer's waiting-room settings: read (defaults when never set), replace (validated, audited), RBAC, tenancy. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMember, api, signup } from '../../support/api';
import { draftEvent, onSaleEvent } from '../../support/events';

const path = (orgId: string, eventId: string) => `/orgs/${orgId}/events/${eventId}/waiting-room`;

describe('waiting-room settings', () => {
  it('reads as off with the defaults until saved, then answers what was saved, audited and pushed to the room', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const before = await api('GET', path(owner.orgId, f.eventId), { token: owner.token });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ eventId: f.eventId, enabled: false, ratePerMinute: null, maxActive: 500, sessionMinutes: 10, redeemWithinSeconds: null, maxSeatsPerBuyer: 6, updatedAt: null });

    const saved = await api('PUT', path(owner.orgId, f.eventId), { token: owner.token, body: { enabled: true, ratePerMinute: 120, maxActive: 50, sessionMinutes: 15, redeemWithinSeconds: 45, maxSeatsPerBuyer: 4 } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ enabled: true, ratePerMinute: 120, maxActive: 50, sessionMinutes: 15, redeemWithinSeconds: 45, maxSeatsPerBuyer: 4, shuffleAtStart: true });
    const after = await api('GET', path(owner.orgId, f.eventId), { token: owner.token });
    const { live, ...settings } = after.body;
    expect(settings).toEqual(saved.body);
    // The organizer sees the room as it stands: nobody in yet.
    expect(live).toMatchObject({ admittedThrough: 0, waiting: 0, state: 'open', ratePerMinute: 120 });
    expect(before.body.live).toBeNull();

    // Saving again replaces: absent fields go back to their defaults ("auto" rate).
    const replaced = await api('PUT', path(owner.orgId, f.eventId), { token: owner.token, body: { enabled: true } });
    expect(replaced.body).toMatchObject({ ratePerMinute: null, maxActive: 500, redeemWithinSeconds: null });

    const audit = await api('GET', `/orgs/${owner.orgId}/audit-logs?resourceId=${f.eventId}&limit=50`, { token: owner.token });
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toContain('waiting_room.created');
    expect(actions).toContain('waiting_room.updated');
    const created = audit.body.items.find((e: { action: string }) => e.action === 'waiting_room.created');
    expect(created.changes).toMatchObject({ redeemWithinSeconds: 45, sessionMinutes: 15 });

    // The room object has the settings: it takes joins.
    const room = env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(`${owner.orgId}:${f.eventId}`));
    expect(await room.join()).toMatchObject({ ok: true });
  });

  it('refuses settings out of bounds with a 422 naming the field', async () => {
    const owner = await signup();
    const f = await draftEvent(owner);
    for (const body of [{ enabled: true, maxActive: 0 }, { enabled: true, sessionMinutes: 1 }, { enabled: true, ratePerMinute: -5 }, { enabled: 'yes' }, { enabled: true, surprise: 1 }, { enabled: true, redeemWithinSeconds: 10 }, { enabled: true, sessionMinutes: 2, redeemWithinSeconds: 300 }]) {
      const res = await api('PUT', path(owner.orgId, f.eventId), { token: owner.token, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it('lets a viewer read but not change them, and answers 404 for another organization’s event', async () => {
    const owner = await signup();
    const f = await draftEvent(owner);
    const viewer = await addMember(owner, 'viewer');
    expect((await api('GET', path(owner.orgId, f.eventId), { token: viewer.token })).status).toBe(200);
    const refused = await api('PUT', path(owner.orgId, f.eventId), { token: viewer.token, body: { enabled: true } });
    expect(refused.status).toBe(403);

    const stranger = await signup();
    expect((await api('GET', path(stranger.orgId, f.eventId), { token: stranger.token })).status).toBe(404);
    expect((await api('PUT', path(stranger.orgId, f.eventId), { token: stranger.token, body: { enabled: true } })).status).toBe(404);
    expect((await api('GET', path(owner.orgId, f.eventId), { token: owner.token })).body.enabled).toBe(false);
  });
});
