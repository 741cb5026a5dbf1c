import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '../../../src/platform/rbac';
import { addMember, api, createApiKey, signup, uniqueEmail, type SignedUp } from '../../support/api';
import { invite, membershipIdOf, rolesIn } from '../../support/members';

describe('roles and membership', () => {
  it('lets an owner change a member role, recorded as membership.role_changed', async () => {
    const owner = await signup();
    const member = await addMember(owner, 'staff');

    const res = await api('PATCH', `/orgs/${owner.orgId}/members/${member.membershipId}`, { token: owner.token, body: { role: 'admin' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: member.membershipId, userId: member.userId, role: 'admin' });
    expect((await rolesIn(owner.orgId))[member.userId]).toBe('admin');

    const audit = await api('GET', `/orgs/${owner.orgId}/audit-logs?action=membership.role_changed`, { token: owner.token });
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      actorType: 'user',
      actorId: owner.userId,
      resourceType: 'membership',
      resourceId: member.membershipId,
      changes: { role: { from: 'staff', to: 'admin' }, userId: member.userId },
    });

    // The new role takes effect: the member can now invite.
    expect((await invite(member, uniqueEmail('by-new-admin'))).status).toBe(201);
  });

  it('does not let an admin grant the owner role', async () => {
    const owner = await signup();
    const admin = await addMember(owner, 'admin');
    const staff = await addMember(owner, 'staff');

    const promote = await api('PATCH', `/orgs/${owner.orgId}/members/${staff.membershipId}`, { token: admin.token, body: { role: 'owner' } });
    expect(promote.status).toBe(403);
    const self = await api('PATCH', `/orgs/${owner.orgId}/members/${admin.membershipId}`, { token: admin.token, body: { role: 'owner' } });
    expect(self.status).toBe(403);
    const inviteOwner = await invite(admin, uniqueEmail('would-be-owner'), 'owner');
    expect(inviteOwner.status).toBe(403);
    expect(await rolesIn(owner.orgId)).toMatchObject({ [staff.userId]: 'staff', [admin.userId]: 'admin' });

    // Within their powers, admins manage members.
    const demote = await api('PATCH', `/orgs/${owner.orgId}/members/${staff.membershipId}`, { token: admin.token, body: { role: 'viewer' } });
    expect(demote.status).toBe(200);
  });

  it('does not let an admin change or remove an owner', async () => {
    const owner = await signup();
    const admin = await addMember(owner, 'admin');
    const ownerMembership = await membershipIdOf(owner);

    const demote = await api('PATCH', `/orgs/${owner.orgId}/members/${ownerMembership}`, { token: admin.token, body: { role: 'viewer' } });
    expect(demote.status).toBe(403);
    const remove = await api('DELETE', `/orgs/${owner.orgId}/members/${ownerMembership}`, { token: admin.token });
    expect(remove.status).toBe(403);
    expect((await rolesIn(owner.orgId))[owner.userId]).toBe('owner');
  });

  it('keeps the last owner: no demotion, no removal, no leaving (409 last_owner)', async () => {
    const owner = await signup();
    const ownerMembership = await membershipIdOf(owner);

    const demote = await api('PATCH', `/orgs/${owner.orgId}/members/${ownerMembership}`, { token: owner.token, body: { role: 'admin' } });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('last_owner');
    const remove = await api('DELETE', `/orgs/${owner.orgId}/members/${ownerMembership}`, { token: owner.token });
    expect(remove.status).toBe(409);
    expect(remove.body.code).toBe('last_owner');
    const leave = await api('POST', `/orgs/${owner.orgId}/leave`, { token: owner.token });
    expect(leave.status).toBe(409);
    expect(leave.body.code).toBe('last_owner');

    expect((await rolesIn(owner.orgId))[owner.userId]).toBe('owner');
    expect((await api('GET', `/orgs/${owner.orgId}`, { token: owner.token })).status).toBe(200);
  });

  it('lets one of two owners leave', async () => {
    const owner = await signup();
    const second = await addMember(owner, 'owner');

    const leave = await api('POST', `/orgs/${owner.orgId}/leave`, { token: owner.token });
    expect(leave.status).toBe(204);
    expect(await rolesIn(owner.orgId)).toEqual({ [second.userId]: 'owner' });
    expect((await api('GET', `/orgs/${owner.orgId}`, { token: owner.token })).status).toBe(404);

    // Now the remaining owner is the last one.
    const lastLeave = await api('POST', `/orgs/${owner.orgId}/leave`, { token: second.token });
    expect(lastLeave.status).toBe(409);
  });

  it('lets a non-owner leave', async () => {
    const owner = await signup();
    const viewer = await addMember(owner, 'viewer');
    expect((await api('POST', `/orgs/${owner.orgId}/leave`, { token: viewer.token })).status).toBe(204);
    expect((await api('GET', `/orgs/${owner.orgId}`, { token: viewer.token })).status).toBe(404);
  });

  it('removing a member locks them out of that organization (404)', async () => {
    const owner = await signup();
    const member = await addMember(owner, 'staff');
    expect((await api('GET', `/orgs/${owner.orgId}`, { token: member.token })).status).toBe(200);

    const res = await api('DELETE', `/orgs/${owner.orgId}/members/${member.membershipId}`, { token: owner.token });
    expect(res.status).toBe(204);

    const after = await api('GET', `/orgs/${owner.orgId}`, { token: member.token });
    expect(after.status).toBe(404);
    expect((await api('GET', `/orgs/${owner.orgId}/members`, { token: member.token })).status).toBe(404);
    expect((await api('GET', `/orgs/${owner.orgId}/members/${member.membershipId}`, { token: owner.token })).status).toBe(404);
    const me = await api('GET', '/me', { token: member.token });
    expect(me.body.memberships).toEqual([]);
    expect(me.body.currentOrganizationId).toBeNull();
  });

  it('does not let staff change roles or remove members', async () => {
    const owner = await signup();
    const staff = await addMember(owner, 'staff');
    const viewer = await addMember(owner, 'viewer');
    expect((await api('PATCH', `/orgs/${owner.orgId}/members/${viewer.membershipId}`, { token: staff.token, body: { role: 'admin' } })).status).toBe(403);
    expect((await api('DELETE', `/orgs/${owner.orgId}/members/${viewer.membershipId}`, { token: staff.token })).status).toBe(403);
    expect((await api('PATCH', `/orgs/${owner.orgId}/members/${staff.membershipId}`, { token: staff.token, body: { role: 'admin' } })).status).toBe(403);
    expect(await rolesIn(owner.orgId)).toMatchObject({ [staff.userId]: 'staff', [viewer.userId]: 'viewer' });
  });
});

describe('pagination', () => {
  async function collect(owner: SignedUp, path: string): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await api(
        'GET',
        `${path}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: owner.token },
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      ids.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
      pages += 1;
      if (pages > 20) throw new Error('pagination does not end');
    } while (cursor);
    return { ids, pages };
  }

  it('pages through members with limit and nextCursor, seeing each member exactly once', async () => {
    const owner = await signup();
    const added = [];
    for (const role of ['admin', 'staff', 'viewer', 'scanner_only']) added.push(await addMember(owner, role));

    const { ids, pages } = await collect(owner, `/orgs/${owner.orgId}/members`);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([await membershipIdOf(owner), ...added.map((m) => m.membershipId)].sort());
  });

  it('pages through invitations with limit and nextCursor, seeing each invitation exactly once', async () => {
    const owner = await signup();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await invite(owner, uniqueEmail(`page${i}`))).body.id);

    const { ids, pages } = await collect(owner, `/orgs/${owner.orgId}/invitations`);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(created.sort());
  });

  it('refuses a page size over 200 with 422', async () => {
    const owner = await signup();
    const res = await api('GET', `/orgs/${owner.orgId}/members?limit=201`, { token: owner.token });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('query.limit');
  });
});

describe('races the database settles', () => {
  it('keeps one owner when two owners demote each other at the same moment', async () => {
    const owner = await signup();
    const second = await addMember(owner, 'owner');
    const ownerMembership = (await api('GET', `/orgs/${owner.orgId}/members?limit=200`, { token: owner.token })).body.items.find(
      (m: { userId: string }) => m.userId === owner.userId,
    );
    const [a, b] = await Promise.all([
      api('PATCH', `/orgs/${owner.orgId}/members/${second.membershipId}`, { token: owner.token, body: { role: 'admin' } }),
      api('PATCH', `/orgs/${owner.orgId}/members/${ownerMembership.id}`, { token: second.token, body: { role: 'admin' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.code).toBe('last_owner');
    const owners = await env.DB.prepare("select count(*) as n from memberships where organization_id = ? and role = 'owner'").bind(owner.orgId).first<{ n: number }>();
    expect(owners!.n).toBe(1);
    const audits = await env.DB.prepare("select count(*) as n from audit_logs where organization_id = ? and action = 'membership.role_changed'").bind(owner.orgId).first<{ n: number }>();
    expect(audits!.n).toBe(1);
  });

  it('keeps one owner when two owners leave at the same moment', async () => {
    const owner = await signup();
    const second = await addMember(owner, 'owner');
    const results = await Promise.all([owner, second].map((o) => api('POST', `/orgs/${owner.orgId}/leave`, { token: o.token })));
    expect(results.map((r) => r.status).sort()).toEqual([204, 409]);
  });
});

describe('no privilege escalation through invitations and roles', () => {
  it('does not let an API key with invitations.manage invite an admin (an admin could do what no key can)', async () => {
    const owner = await signup();
    // Everything a viewer may do, so inviting a viewer is within the key's reach and an admin is not.
    const key = await createApiKey(owner, ['invitations.manage', ...ROLE_PERMISSIONS.viewer]);
    const admin = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: key.secret, body: { email: uniqueEmail('esc'), role: 'admin' } });
    expect(admin.status).toBe(403);
    expect(admin.body.code).toBe('role_beyond_own');
    const viewer = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: key.secret, body: { email: uniqueEmail('ok'), role: 'viewer' } });
    expect(viewer.status).toBe(201);
  });

  it('lets an admin invite and promote up to admin but not owner', async () => {
    const owner = await signup();
    const admin = await addMember(owner, 'admin');
    const viewer = await addMember(owner, 'viewer');
    expect((await api('PATCH', `/orgs/${owner.orgId}/members/${viewer.membershipId}`, { token: admin.token, body: { role: 'admin' } })).status).toBe(200);
    const toOwner = await api('PATCH', `/orgs/${owner.orgId}/members/${viewer.membershipId}`, { token: admin.token, body: { role: 'owner' } });
    expect(toOwner.status).toBe(403);
    expect(toOwner.body.code).toBe('role_beyond_own');
  });
});
