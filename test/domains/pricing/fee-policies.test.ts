/** Fee policies: which one is in force, who may set them, upserts, audit, and the per-isolate cache. */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { BUILT_IN_FEE_POLICY, clearFeePolicyCache, effectiveFeePolicy } from '../../../src/domains/pricing/fees';
import { api, signup, type SignedUp } from '../../support/api';
import { platformUser } from '../../support/tenant-fixtures';

let admin: SignedUp;
let staff: SignedUp;

beforeAll(async () => {
  admin = await platformUser('is_platform_admin');
  staff = await platformUser('is_platform_staff');
});

const put = (token: string, body: Record<string, unknown>) => api('PUT', '/platform/fee-policies', { token, body });
const policy = { percentBps: 300, fixedMinor: 250, capMinor: 4000, payer: 'organizer' };

describe('fee policies', () => {
  it("answers the organization's own policy, else the platform default, else the built-in one", async () => {
    const owner = await signup();
    const read = () => api('GET', `/orgs/${owner.orgId}/fee-policy`, { token: owner.token });
    // A currency of its own, so no other test's platform default is in the way.
    expect((await api('PATCH', `/orgs/${owner.orgId}/settings`, { token: owner.token, body: { currency: 'NAD' } })).status).toBe(200);
    expect((await read()).body).toEqual({ id: null, organizationId: null, currency: 'NAD', ...BUILT_IN_FEE_POLICY, source: 'built_in', updatedAt: null });

    const platform = await put(admin.token, { currency: 'NAD', percentBps: 200, fixedMinor: 100, capMinor: null, payer: 'buyer' });
    expect(platform.status, JSON.stringify(platform.body)).toBe(200);
    expect((await read()).body).toMatchObject({ id: platform.body.id, organizationId: null, percentBps: 200, capMinor: null, source: 'platform' });

    const own = await put(admin.token, { organizationId: owner.orgId, currency: 'NAD', ...policy });
    expect(own.status).toBe(200);
    expect((await read()).body).toMatchObject({ id: own.body.id, organizationId: owner.orgId, ...policy, source: 'organization' });
  });

  it('upserts: one row per organization (or platform) and currency, each change audited in the organization’s log', async () => {
    const owner = await signup();
    const first = await put(admin.token, { organizationId: owner.orgId, currency: 'ZAR', ...policy });
    const second = await put(admin.token, { organizationId: owner.orgId, currency: 'ZAR', ...policy, percentBps: 350 });
    expect(second.body.id).toBe(first.body.id);
    const d1 = await put(admin.token, { organizationId: null, currency: 'BWP', ...policy });
    const d2 = await put(admin.token, { currency: 'BWP', ...policy, fixedMinor: 0 });
    expect(d2.body).toMatchObject({ id: d1.body.id, organizationId: null, fixedMinor: 0 });
    expect(await env.DB.prepare("select count(*) as n from fee_policies where currency = 'BWP'").first('n')).toBe(1);
    const { results } = await env.DB.prepare("select action, actor_id as actorId, changes from audit_logs where organization_id = ? and resource_type = 'fee_policy' order by id")
      .bind(owner.orgId)
      .all<{ action: string; actorId: string; changes: string }>();
    expect(results.map((r) => ({ ...r, changes: JSON.parse(r.changes) }))).toEqual([
      { action: 'fee_policy.created', actorId: admin.userId, changes: { currency: 'ZAR', ...policy } },
      { action: 'fee_policy.updated', actorId: admin.userId, changes: { percentBps: { from: 300, to: 350 } } },
    ]);
    const list = await api('GET', `/platform/fee-policies?organizationId=${owner.orgId}`, { token: staff.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: first.body.id, percentBps: 350, source: 'organization' })]);
  });

  it('lets only platform admins change fees; staff may list them; organizers may do neither', async () => {
    const owner = await signup();
    const body = { organizationId: owner.orgId, currency: 'ZAR', ...policy };
    const byStaff = await put(staff.token, body);
    expect(byStaff.status).toBe(403);
    expect(byStaff.body.code).toBe('platform_admin_only');
    const byOwner = await put(owner.token, body);
    expect(byOwner.status).toBe(403);
    expect(byOwner.body.code).toBe('platform_only');
    expect((await api('GET', '/platform/fee-policies', { token: owner.token })).status).toBe(403);
    expect((await api('GET', '/platform/fee-policies', { token: staff.token })).status).toBe(200);
    expect((await put(admin.token, { ...body, organizationId: 'org_01doesnotexist00000000000' })).status).toBe(404);
    expect(await env.DB.prepare('select count(*) as n from fee_policies where organization_id = ?').bind(owner.orgId).first('n')).toBe(0);
  });

  it('caches a policy per isolate for a minute, until the cache is cleared', async () => {
    const owner = await signup();
    const db = createDb(env.DB);
    await put(admin.token, { organizationId: owner.orgId, currency: 'ZAR', ...policy });
    clearFeePolicyCache();
    expect((await effectiveFeePolicy(db, owner.orgId, 'ZAR')).percentBps).toBe(300);
    await env.DB.prepare('update fee_policies set percent_bps = 999 where organization_id = ?').bind(owner.orgId).run();
    expect((await effectiveFeePolicy(db, owner.orgId, 'ZAR')).percentBps).toBe(300);
    clearFeePolicyCache();
    expect((await effectiveFeePolicy(db, owner.orgId, 'ZAR')).percentBps).toBe(999);
  });
});
