/** Coupons over HTTP: codes, kinds, scope, validity, changes, deactivation, paging, audit. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMember, api, signup, type SignedUp } from '../../support/api';
import { draftEvent } from '../../support/events';

async function createCoupon(owner: SignedUp, body: Record<string, unknown>) {
  return api('POST', `/orgs/${owner.orgId}/coupons`, { token: owner.token, body });
}

async function auditRows(orgId: string, resourceId: string) {
  const { results } = await env.DB.prepare('select action, changes from audit_logs where organization_id = ? and resource_id = ? order by id')
    .bind(orgId, resourceId)
    .all<{ action: string; changes: string | null }>();
  return results.map((r) => ({ action: r.action, changes: r.changes ? JSON.parse(r.changes) : null }));
}

const fieldErrors = (res: { body: any }): Record<string, string> => Object.fromEntries((res.body.errors ?? []).map((e: { path: string; message: string }) => [e.path, e.message]));

describe('coupons', () => {
  it('creates a coupon with its code upper-cased, reads and lists it, and audits it', async () => {
    const owner = await signup();
    const res = await createCoupon(owner, { code: ' summer-15 ', kind: 'percent', percentBps: 1500, maxRedemptions: 100, maxPerBuyer: 2, validUntil: '2030-05-01T00:00:00Z' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^cpn_/),
      code: 'SUMMER-15',
      kind: 'percent',
      percentBps: 1500,
      amountMinor: null,
      eventId: null,
      maxRedemptions: 100,
      maxPerBuyer: 2,
      redeemedCount: 0,
      validFrom: null,
      validUntil: '2030-05-01T00:00:00.000Z',
      ticketTypeIds: [],
      unlocksHidden: false,
      active: true,
    });
    expect((await api('GET', `/orgs/${owner.orgId}/coupons/${res.body.id}`, { token: owner.token })).body).toEqual(res.body);
    const list = await api('GET', `/orgs/${owner.orgId}/coupons`, { token: owner.token });
    expect(list.body.items.map((c: { code: string }) => c.code)).toEqual(['SUMMER-15']);
    expect(await auditRows(owner.orgId, res.body.id)).toEqual([{ action: 'coupon.created', changes: expect.objectContaining({ code: 'SUMMER-15', percentBps: 1500 }) }]);
  });

  it('refuses a code the organization already uses, in any case (409 coupon_code_taken), but not another organization’s', async () => {
    const owner = await signup();
    expect((await createCoupon(owner, { code: 'VIP-2030', kind: 'percent', percentBps: 500 })).status).toBe(201);
    const again = await createCoupon(owner, { code: 'vip-2030', kind: 'fixed', amountMinor: 5000, currency: 'ZAR' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('coupon_code_taken');
    const other = await signup();
    expect((await createCoupon(other, { code: 'VIP-2030', kind: 'percent', percentBps: 500 })).status).toBe(201);
  });

  it('validates codes, amounts by kind and the validity window, naming each field', async () => {
    const owner = await signup();
    const bad = await createCoupon(owner, { code: 'no spaces!', kind: 'percent', percentBps: 10_001 });
    expect(bad.status).toBe(422);
    expect(fieldErrors(bad)).toMatchObject({ 'body.code': expect.stringMatching(/3–32 letters/), 'body.percentBps': expect.any(String) });
    expect(fieldErrors(await createCoupon(owner, { code: 'AB', kind: 'percent', percentBps: 0 }))).toMatchObject({ 'body.code': expect.any(String), 'body.percentBps': expect.any(String) });
    const fixed = await createCoupon(owner, { code: 'FIXED', kind: 'fixed', percentBps: 1000 });
    expect(fieldErrors(fixed)).toEqual({
      'body.amountMinor': 'A fixed coupon needs amountMinor',
      'body.currency': 'A fixed coupon needs a currency',
      'body.percentBps': 'Only percent coupons have percentBps',
    });
    expect(fieldErrors(await createCoupon(owner, { code: 'PCT', kind: 'percent', amountMinor: 100 }))).toMatchObject({ 'body.percentBps': expect.any(String), 'body.amountMinor': expect.any(String) });
    const window = await createCoupon(owner, { code: 'WINDOW', kind: 'percent', percentBps: 100, validFrom: '2030-02-01T00:00:00Z', validUntil: '2030-01-01T00:00:00Z' });
    expect(fieldErrors(window)).toEqual({ 'body.validUntil': 'Must be after validFrom' });
    expect(await env.DB.prepare('select count(*) as n from coupons where organization_id = ?').bind(owner.orgId).first('n')).toBe(0);
  });

  it('scopes a coupon to an event and its ticket types only', async () => {
    const owner = await signup();
    const a = await draftEvent(owner);
    const b = await draftEvent(owner, { layout: false });
    const ok = await createCoupon(owner, { code: 'SEATS', kind: 'percent', percentBps: 1000, eventId: a.eventId, ticketTypeIds: [a.seatedTypeId, a.seatedTypeId] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.ticketTypeIds).toEqual([a.seatedTypeId]);
    const otherEvent = await createCoupon(owner, { code: 'MIXED', kind: 'percent', percentBps: 1000, eventId: a.eventId, ticketTypeIds: [b.gaTypeId] });
    expect(otherEvent.status).toBe(422);
    expect(fieldErrors(otherEvent)['body.ticketTypeIds']).toContain(b.gaTypeId);
    const stranger = await signup();
    const foreign = await createCoupon(stranger, { code: 'STEAL', kind: 'percent', percentBps: 1000, ticketTypeIds: [a.gaTypeId] });
    expect(foreign.status).toBe(422);
    expect(fieldErrors(foreign)['body.ticketTypeIds']).toMatch(/No such ticket types/);
    const foreignEvent = await createCoupon(stranger, { code: 'STEAL2', kind: 'percent', percentBps: 1000, eventId: a.eventId });
    expect(fieldErrors(foreignEvent)).toEqual({ 'body.eventId': 'No such event in this organization' });
    const usd = await createCoupon(owner, { code: 'DOLLARS', kind: 'fixed', amountMinor: 500, currency: 'USD', ticketTypeIds: [a.gaTypeId] });
    expect(fieldErrors(usd)['body.currency']).toMatch(/priced in ZAR/);
  });

  it('changes a coupon with the whole record re-checked, and audits what changed', async () => {
    const owner = await signup();
    const { body: coupon } = await createCoupon(owner, { code: 'TEN', kind: 'percent', percentBps: 1000 });
    await createCoupon(owner, { code: 'TAKEN', kind: 'percent', percentBps: 1000 });
    const patch = (body: unknown) => api('PATCH', `/orgs/${owner.orgId}/coupons/${coupon.id}`, { token: owner.token, body });
    const changed = await patch({ code: 'twenty', percentBps: 2000, maxRedemptions: 50 });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ code: 'TWENTY', percentBps: 2000, maxRedemptions: 50 });
    expect((await patch({ code: 'TAKEN' })).body.code).toBe('coupon_code_taken');
    expect(fieldErrors(await patch({ amountMinor: 500 }))).toMatchObject({ 'body.amountMinor': 'Only fixed coupons have an amount' });
    expect((await patch({ kind: 'fixed' })).status).toBe(422);
    expect((await patch({ percentBps: 2000 })).status).toBe(200);
    expect(await auditRows(owner.orgId, coupon.id)).toEqual([
      { action: 'coupon.created', changes: expect.any(Object) },
      { action: 'coupon.updated', changes: { code: { from: 'TEN', to: 'TWENTY' }, percentBps: { from: 1000, to: 2000 }, maxRedemptions: { from: null, to: 50 } } },
    ]);
  });

  it('refuses to lower maxRedemptions below the uses already taken', async () => {
    const owner = await signup();
    const { body: coupon } = await createCoupon(owner, { code: 'USED', kind: 'percent', percentBps: 1000, maxRedemptions: 10 });
    await env.DB.prepare('update coupons set redeemed_count = 3 where id = ?').bind(coupon.id).run();
    const res = await api('PATCH', `/orgs/${owner.orgId}/coupons/${coupon.id}`, { token: owner.token, body: { maxRedemptions: 2 } });
    expect(fieldErrors(res)['body.maxRedemptions']).toMatch(/Already used 3 times/);
    expect((await api('PATCH', `/orgs/${owner.orgId}/coupons/${coupon.id}`, { token: owner.token, body: { maxRedemptions: 3 } })).status).toBe(200);
  });

  it('deactivates on DELETE (idempotently), keeps the coupon readable, and revives it with PATCH', async () => {
    const owner = await signup();
    const { body: coupon } = await createCoupon(owner, { code: 'BYE', kind: 'percent', percentBps: 1000 });
    const path = `/orgs/${owner.orgId}/coupons/${coupon.id}`;
    const gone = await api('DELETE', path, { token: owner.token });
    expect(gone.status).toBe(200);
    expect(gone.body.active).toBe(false);
    expect((await api('DELETE', path, { token: owner.token })).body.active).toBe(false);
    expect((await api('GET', path, { token: owner.token })).body.active).toBe(false);
    expect((await api('PATCH', path, { token: owner.token, body: { active: true } })).body.active).toBe(true);
    expect((await auditRows(owner.orgId, coupon.id)).map((r) => r.action)).toEqual(['coupon.created', 'coupon.deactivated', 'coupon.updated']);
  });

  it('pages through coupons newest first and filters by event', async () => {
    const owner = await signup();
    const event = await draftEvent(owner, { layout: false });
    for (const code of ['ONE', 'TWO', 'THREE']) await createCoupon(owner, { code, kind: 'percent', percentBps: 100 });
    await createCoupon(owner, { code: 'EVENT-ONLY', kind: 'percent', percentBps: 100, eventId: event.eventId });
    const first = await api('GET', `/orgs/${owner.orgId}/coupons?limit=2`, { token: owner.token });
    expect(first.body.items.map((c: { code: string }) => c.code)).toEqual(['EVENT-ONLY', 'THREE']);
    const second = await api('GET', `/orgs/${owner.orgId}/coupons?limit=2&cursor=${first.body.nextCursor}`, { token: owner.token });
    expect(second.body.items.map((c: { code: string }) => c.code)).toEqual(['TWO', 'ONE']);
    expect(second.body.nextCursor).toBeNull();
    const other = await draftEvent(owner, { layout: false });
    const filtered = await api('GET', `/orgs/${owner.orgId}/coupons?eventId=${other.eventId}`, { token: owner.token });
    expect(filtered.body.items.map((c: { code: string }) => c.code)).toEqual(['THREE', 'TWO', 'ONE']);
  });

  it('lets viewers read coupons but not change them', async () => {
    const owner = await signup();
    const viewer = await addMember(owner, 'viewer');
    expect((await api('GET', `/orgs/${owner.orgId}/coupons`, { token: viewer.token })).status).toBe(200);
    const res = await api('POST', `/orgs/${owner.orgId}/coupons`, { token: viewer.token, body: { code: 'NOPE', kind: 'percent', percentBps: 100 } });
    expect(res.status).toBe(403);
  });
});
