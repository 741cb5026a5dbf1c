/**
 * Export jobs and their download links are shown only to callers who may read what the file holds (the same rule
 * as requesting one, src/domains/exports/kinds.ts `reads`): a settlement needs `finance.read`, orders and
 * attendees `orders.read`, check-ins `orders.read` and `checkins.read`. Per role and per API key scope.
 */
import { describe, expect, it } from 'vitest';
import { addMember, api, createApiKey, signup, type SignedUp } from '../../support/api';
import { onSaleEvent } from '../../support/events';

async function request(owner: SignedUp, body: Record<string, unknown>): Promise<string> {
  const res = await api('POST', `/orgs/${owner.orgId}/exports`, { token: owner.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.id;
}

async function completed(owner: SignedUp, id: string) {
  const until = Date.now() + 20_000;
  for (;;) {
    const res = await api('GET', `/orgs/${owner.orgId}/exports/${id}`, { token: owner.token });
    if (res.body.status === 'completed') return res.body;
    if (res.body.status === 'failed' || Date.now() > until) throw new Error(`export ${id}: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const listedKinds = async (orgId: string, token: string) => {
  const res = await api('GET', `/orgs/${orgId}/exports?limit=50`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as { kind: string; downloadUrl: string | null }[]).map((j) => j.kind).sort();
};

describe('who sees which export', () => {
  it('per role: staff (no finance.read) never sees a settlement or its link; owners and admins see all', async () => {
    const owner = await signup();
    const { eventId } = await onSaleEvent(owner, { layout: false });
    const settlement = await completed(owner, await request(owner, { kind: 'settlement', eventId }));
    expect(settlement.downloadUrl).toBeTruthy();
    await completed(owner, await request(owner, { kind: 'orders' }));
    await completed(owner, await request(owner, { kind: 'check_ins', eventId }));
    const admin = await addMember(owner, 'admin');
    const staff = await addMember(owner, 'staff');

    expect(await listedKinds(owner.orgId, owner.token)).toEqual(['check_ins', 'orders', 'settlement']);
    expect(await listedKinds(owner.orgId, admin.token)).toEqual(['check_ins', 'orders', 'settlement']);
    expect(await listedKinds(owner.orgId, staff.token)).toEqual(['check_ins', 'orders']);
    const list = await api('GET', `/orgs/${owner.orgId}/exports?limit=50`, { token: staff.token });
    expect(JSON.stringify(list.body)).not.toContain(settlement.downloadUrl);
    const one = await api('GET', `/orgs/${owner.orgId}/exports/${settlement.id}`, { token: staff.token });
    expect(one.status).toBe(404);
    expect(JSON.stringify(one.body)).not.toContain(settlement.downloadUrl);
    expect((await api('GET', `/orgs/${owner.orgId}/exports/${settlement.id}`, { token: admin.token })).status).toBe(200);
  });

  it('per API key scope: exports.manage alone shows nothing; with finance.read only the settlement; with orders.read the order files', async () => {
    const owner = await signup();
    const { eventId } = await onSaleEvent(owner, { layout: false });
    const settlementId = await request(owner, { kind: 'settlement', eventId });
    const ordersId = await request(owner, { kind: 'orders' });
    await request(owner, { kind: 'attendees', eventId });
    const bare = await createApiKey(owner, ['exports.manage']);
    const finance = await createApiKey(owner, ['exports.manage', 'finance.read']);
    const buyers = await createApiKey(owner, ['exports.manage', 'orders.read']);
    expect(await listedKinds(owner.orgId, bare.secret)).toEqual([]);
    expect(await listedKinds(owner.orgId, finance.secret)).toEqual(['settlement']);
    expect(await listedKinds(owner.orgId, buyers.secret)).toEqual(['attendees', 'orders']);
    expect((await api('GET', `/orgs/${owner.orgId}/exports/${ordersId}`, { token: finance.secret })).status).toBe(404);
    expect((await api('GET', `/orgs/${owner.orgId}/exports/${settlementId}`, { token: buyers.secret })).status).toBe(404);
    expect((await api('GET', `/orgs/${owner.orgId}/exports/${settlementId}`, { token: finance.secret })).status).toBe(200);
  });
});
