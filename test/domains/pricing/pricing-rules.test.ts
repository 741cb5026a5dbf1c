/** Pricing rules over HTTP: each kind, what it needs, what it may target, changes, deletion, closed events. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signup, type SignedUp } from '../../support/api';
import { draftEvent, moveTo } from '../../support/events';

const rulesPath = (owner: SignedUp, eventId: string) => `/orgs/${owner.orgId}/events/${eventId}/pricing-rules`;
const fieldErrors = (res: { body: any }): Record<string, string> => Object.fromEntries((res.body.errors ?? []).map((e: { path: string; message: string }) => [e.path, e.message]));

async function auditActions(orgId: string, resourceId: string) {
  const { results } = await env.DB.prepare('select action from audit_logs where organization_id = ? and resource_id = ? order by id').bind(orgId, resourceId).all<{ action: string }>();
  return results.map((r) => r.action);
}

describe('pricing rules', () => {
  it('creates each kind of rule, lists and reads them, and audits it', async () => {
    const owner = await signup();
    const f = await draftEvent(owner);
    const path = rulesPath(owner, f.eventId);
    const early = await api('POST', path, { token: owner.token, body: { kind: 'early_bird', name: 'Early bird', startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-03-01T00:00:00Z', unitPriceMinor: 16000 } });
    expect(early.status, JSON.stringify(early.body)).toBe(201);
    expect(early.body).toMatchObject({ id: expect.stringMatching(/^prl_/), eventId: f.eventId, ticketTypeId: null, kind: 'early_bird', startsAt: '2030-01-01T00:00:00.000Z', endsAt: '2030-03-01T00:00:00.000Z', active: true });
    const tier = await api('POST', path, { token: owner.token, body: { kind: 'quantity_tier', name: '4+', ticketTypeId: f.gaTypeId, minQuantity: 4, unitPriceMinor: 17000 } });
    expect(tier.status, JSON.stringify(tier.body)).toBe(201);
    const category = await api('POST', path, { token: owner.token, body: { kind: 'category_price', name: 'Back rows', ticketTypeId: f.seatedTypeId, category: 'c', unitPriceMinor: 25000 } });
    expect(category.status, JSON.stringify(category.body)).toBe(201);
    const list = await api('GET', path, { token: owner.token });
    expect(list.body.items.map((r: { name: string }) => r.name)).toEqual(['Early bird', '4+', 'Back rows']);
    expect((await api('GET', `${path}/${tier.body.id}`, { token: owner.token })).body).toEqual(tier.body);
    expect(await auditActions(owner.orgId, category.body.id)).toEqual(['pricing_rule.created']);
  });

  it('checks the fields each kind needs and refuses the ones it has no use for', async () => {
    const owner = await signup();
    const f = await draftEvent(owner);
    const post = (body: unknown) => api('POST', rulesPath(owner, f.eventId), { token: owner.token, body });
    expect(fieldErrors(await post({ kind: 'category_price', name: 'x', unitPriceMinor: 1 }))).toEqual({ 'body.category': 'A category price needs the seat category' });
    expect(fieldErrors(await post({ kind: 'quantity_tier', name: 'x', minQuantity: 1, unitPriceMinor: 1 }))).toHaveProperty('body.minQuantity');
    expect(fieldErrors(await post({ kind: 'quantity_tier', name: 'x', unitPriceMinor: 1 }))).toEqual({ 'body.minQuantity': 'A quantity tier needs minQuantity (at least 2)' });
    expect(fieldErrors(await post({ kind: 'early_bird', name: 'x', category: 'a', unitPriceMinor: 1 }))).toEqual({
      'body.endsAt': 'An early-bird price needs endsAt',
      'body.category': 'early_bird rules have no category',
    });
    expect(fieldErrors(await post({ kind: 'early_bird', name: 'x', startsAt: '2030-03-01T00:00:00Z', endsAt: '2030-03-01T00:00:00Z', unitPriceMinor: 1 }))).toEqual({ 'body.endsAt': 'Must be after startsAt' });
    expect(fieldErrors(await post({ kind: 'early_bird', name: 'x', endsAt: '2030-03-01T00:00:00Z', unitPriceMinor: -1 }))).toHaveProperty('body.unitPriceMinor');
  });

  it("refuses ticket types of other events and categories the event's seated types don't sell", async () => {
    const owner = await signup();
    const f = await draftEvent(owner);
    const other = await draftEvent(owner, { layout: false });
    const post = (body: unknown) => api('POST', rulesPath(owner, f.eventId), { token: owner.token, body });
    expect(fieldErrors(await post({ kind: 'quantity_tier', name: 'x', ticketTypeId: other.gaTypeId, minQuantity: 2, unitPriceMinor: 1 }))).toEqual({ 'body.ticketTypeId': 'No such ticket type in this event' });
    expect(fieldErrors(await post({ kind: 'category_price', name: 'x', category: 'zz', unitPriceMinor: 1 }))['body.category']).toMatch(/No seated ticket type/);
    expect(fieldErrors(await post({ kind: 'category_price', name: 'x', ticketTypeId: f.gaTypeId, category: 'a', unitPriceMinor: 1 }))['body.category']).toMatch(/does not sell seats of category 'a'/);
  });

  it('changes a rule (re-checking the whole rule) and deletes it, auditing both', async () => {
    const owner = await signup();
    const f = await draftEvent(owner);
    const path = rulesPath(owner, f.eventId);
    const { body: rule } = await api('POST', path, { token: owner.token, body: { kind: 'quantity_tier', name: '4+', minQuantity: 4, unitPriceMinor: 17000 } });
    const changed = await api('PATCH', `${path}/${rule.id}`, { token: owner.token, body: { minQuantity: 6, unitPriceMinor: 15000, active: false } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ minQuantity: 6, unitPriceMinor: 15000, active: false });
    expect(fieldErrors(await api('PATCH', `${path}/${rule.id}`, { token: owner.token, body: { minQuantity: null } }))).toHaveProperty('body.minQuantity');
    expect((await api('PATCH', `${path}/${rule.id}`, { token: owner.token, body: { kind: 'early_bird' } })).status).toBe(422);
    expect((await api('DELETE', `${path}/${rule.id}`, { token: owner.token })).status).toBe(204);
    expect((await api('GET', `${path}/${rule.id}`, { token: owner.token })).status).toBe(404);
    expect(await auditActions(owner.orgId, rule.id)).toEqual(['pricing_rule.created', 'pricing_rule.updated', 'pricing_rule.deleted']);
  });

  it('answers 404 for a rule under another event, and refuses changes once the event is cancelled', async () => {
    const owner = await signup();
    const f = await draftEvent(owner);
    const other = await draftEvent(owner, { layout: false });
    const { body: rule } = await api('POST', rulesPath(owner, f.eventId), { token: owner.token, body: { kind: 'quantity_tier', name: '4+', minQuantity: 4, unitPriceMinor: 17000 } });
    expect((await api('GET', `${rulesPath(owner, other.eventId)}/${rule.id}`, { token: owner.token })).status).toBe(404);
    expect((await moveTo(owner, f.eventId, 'cancelled')).status).toBe(200);
    const res = await api('PATCH', `${rulesPath(owner, f.eventId)}/${rule.id}`, { token: owner.token, body: { unitPriceMinor: 1 } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('event_closed');
  });
});
