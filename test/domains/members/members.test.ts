import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '../../../src/platform/rbac';
import { addMember, api, createApiKey, lastEmail, signup, tokenFromUrl, uniqueEmail, verifyEmailFromMailbox, type SignedUp } from '../../support/api';

async function invite(owner: { token: string; orgId: string }, email: string, role = 'staff') {
  return api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email, role } });
}

/** Invites and returns the token from the queued email. */
async function inviteToken(owner: { token: string; orgId: string }, email: string, role = 'staff') {
  const res = await invite(owner, email, role);
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { invitation: res.body, token: tokenFromUrl((await lastEmail(email, 'invitation')).payload.acceptUrl) };
}

async function membershipIdOf(member: { userId: string; orgId: string }): Promise<string> {
  const row = await env.DB.prepare('select id from memberships where organization_id = ? and user_id = ?').bind(member.orgId, member.userId).first<{ id: string }>();
  return row!.id;
}

async function rolesIn(orgId: string): Promise<Record<string, string>> {
  const { results } = await env.DB.prepare('select user_id as userId, role from memberships where organization_id = ?').bind(orgId).all<{ userId: string; role: string }>();
  return Object.fromEntries(results.map((r) => [r.userId, r.role]));
}

describe('invitations for new people', () => {
  it("queues an invitation email to the address, in the organization's locale, with an accept link", async () => {
    const res = await api('POST', '/auth/signup', {
      body: { email: uniqueEmail('af-owner'), password: 'correct-horse-battery', name: 'Anna', organizationName: 'Afrikaanse Fees', locale: 'af' },
    });
    const owner = { token: res.body.token as string, orgId: res.body.currentOrganizationId as string };
    await verifyEmailFromMailbox(res.body.user.email);
    // The verification email goes out in the sign-up's language.
    expect((await env.DB.prepare("select locale from notification_outbox where recipient = ? and template = 'email_verification'").bind(res.body.user.email).first())).toEqual({ locale: 'af' });
    const email = uniqueEmail('invitee');

    const inv = await invite(owner, email, 'admin');
    expect(inv.status).toBe(201);
    expect(inv.body).toMatchObject({ email, role: 'admin', status: 'pending', invitedByUserId: res.body.user.id });

    const mail = await lastEmail(email, 'invitation');
    expect(mail.organizationId).toBe(owner.orgId);
    expect(mail.payload).toMatchObject({ organizationName: 'Afrikaanse Fees', role: 'admin' });
    expect(mail.payload.acceptUrl).toMatch(/\/accept-invitation#token=.{16,}/);
    const row = await env.DB.prepare("select locale from notification_outbox where recipient = ? and template = 'invitation'").bind(email).first();
    expect(row).toEqual({ locale: 'af' });
  });

  it('previews the invitation: organization, email, role, and that no account exists yet', async () => {
    const owner = await signup({ organizationName: 'Preview Org' });
    const email = uniqueEmail('preview');
    const { token } = await inviteToken(owner, email, 'viewer');

    const preview = await api('POST', '/invitations/preview', { body: { token } });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ organizationName: 'Preview Org', email, role: 'viewer', accountExists: false });
  });

  it('lets a new person accept with a name and password: they get a session and the invited role', async () => {
    const owner = await signup();
    const email = uniqueEmail('newbie');
    const { token, invitation } = await inviteToken(owner, email, 'viewer');

    const acc = await api('POST', '/invitations/accept', { body: { token, name: 'New Person', password: 'member-password-1' } });
    expect(acc.status).toBe(200);
    expect(acc.body.token).toBeTruthy();
    expect(acc.body.user).toMatchObject({ email, name: 'New Person', emailVerified: true });
    expect(acc.body.currentOrganizationId).toBe(owner.orgId);
    expect(acc.body.memberships).toEqual([expect.objectContaining({ organizationId: owner.orgId, role: 'viewer' })]);
    expect(acc.headers.getSetCookie().some((c) => c.startsWith('vge_session='))).toBe(true);

    const me = await api('GET', '/me', { token: acc.body.token });
    expect(me.status).toBe(200);
    const org = await api('GET', `/orgs/${owner.orgId}`, { token: acc.body.token });
    expect(org.status).toBe(200);

    const after = await api('GET', `/orgs/${owner.orgId}/invitations/${invitation.id}`, { token: owner.token });
    expect(after.body.status).toBe('accepted');

    const login = await api('POST', '/auth/login', { body: { email, password: 'member-password-1' } });
    expect(login.status).toBe(200);
  });

  it('does not accept the same invitation twice', async () => {
    const owner = await signup();
    const email = uniqueEmail('twice');
    const { token } = await inviteToken(owner, email);
    expect((await api('POST', '/invitations/accept', { body: { token, name: 'Once', password: 'member-password-1' } })).status).toBe(200);

    const again = await api('POST', '/invitations/accept', { body: { token, name: 'Twice', password: 'member-password-2' } });
    expect(again.status).toBe(404);
    expect((await api('POST', '/invitations/preview', { body: { token } })).status).toBe(404);
  });

  it('lets exactly one of two simultaneous accepts of the same link through (double click)', async () => {
    const owner = await signup();
    const email = uniqueEmail('double-click');
    const { token } = await inviteToken(owner, email);

    const results = await Promise.all([
      api('POST', '/invitations/accept', { body: { token, name: 'Click One', password: 'member-password-1' } }),
      api('POST', '/invitations/accept', { body: { token, name: 'Click Two', password: 'member-password-2' } }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 404]);
    const users = await env.DB.prepare('select id from users where email = ?').bind(email).all();
    expect(users.results).toHaveLength(1);
    expect(Object.keys(await rolesIn(owner.orgId))).toHaveLength(2);
  });

  it('asks a new person for a name and password with field errors', async () => {
    const owner = await signup();
    const email = uniqueEmail('nameless');
    const { token } = await inviteToken(owner, email);

    const res = await api('POST', '/invitations/accept', { body: { token } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.name', 'body.password']);

    const noPassword = await api('POST', '/invitations/accept', { body: { token, name: 'Half There' } });
    expect(noPassword.status).toBe(422);
    expect(noPassword.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.password']);

    // Nothing was created; the invitation still works.
    expect(await env.DB.prepare('select id from users where email = ?').bind(email).first()).toBeNull();
    expect((await api('POST', '/invitations/accept', { body: { token, name: 'Whole', password: 'member-password-1' } })).status).toBe(200);
  });

  it('refuses an unknown invitation token with 404', async () => {
    expect((await api('POST', '/invitations/preview', { body: { token: 'never-issued-token-000000' } })).status).toBe(404);
    expect((await api('POST', '/invitations/accept', { body: { token: 'never-issued-token-000000', name: 'X', password: 'member-password-1' } })).status).toBe(404);
  });

  it('refuses an expired invitation with 404', async () => {
    const owner = await signup();
    const email = uniqueEmail('late');
    const { token, invitation } = await inviteToken(owner, email);
    await env.DB.prepare('update invitations set expires_at = ? where id = ?').bind(Date.now() - 1000, invitation.id).run();
    expect((await api('POST', '/invitations/accept', { body: { token, name: 'Late', password: 'member-password-1' } })).status).toBe(404);
  });
});

describe('invitations for people who already have an account', () => {
  it('requires signing in, as that person, and then joins them to a second organization they can switch to', async () => {
    const host = await signup({ organizationName: 'Host Org' });
    const guest = await signup({ organizationName: 'Guest Home' });
    const stranger = await signup();
    const { token } = await inviteToken(host, guest.email, 'admin');

    const preview = await api('POST', '/invitations/preview', { body: { token } });
    expect(preview.body.accountExists).toBe(true);

    const anonymous = await api('POST', '/invitations/accept', { body: { token } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('sign_in_required');

    // Sending a name and password must not create a second login or reset the existing one.
    const takeover = await api('POST', '/invitations/accept', { body: { token, name: 'Impostor', password: 'impostor-password' } });
    expect(takeover.status).toBe(401);
    expect(takeover.body.code).toBe('sign_in_required');

    const wrongPerson = await api('POST', '/invitations/accept', { token: stranger.token, body: { token } });
    expect(wrongPerson.status).toBe(403);
    expect(wrongPerson.body.code).toBe('invitation_email_mismatch');
    expect(await rolesIn(host.orgId)).not.toHaveProperty(stranger.userId);

    const joined = await api('POST', '/invitations/accept', { token: guest.token, body: { token } });
    expect(joined.status).toBe(200);
    expect(joined.body.memberships).toHaveLength(2);
    expect(joined.body.memberships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ organizationId: guest.orgId, role: 'owner' }),
        expect.objectContaining({ organizationId: host.orgId, role: 'admin', organizationName: 'Host Org' }),
      ]),
    );

    // Accepting opens the organization just joined, in the answer and in the session.
    expect(joined.body.currentOrganizationId).toBe(host.orgId);
    const before = await api('GET', '/me', { token: guest.token });
    expect(before.body.currentOrganizationId).toBe(host.orgId);

    const switched = await api('POST', '/me/organization', { token: guest.token, body: { organizationId: guest.orgId } });
    expect(switched.status).toBe(200);
    expect(switched.body.currentOrganizationId).toBe(guest.orgId);
    const me = await api('GET', '/me', { token: guest.token });
    expect(me.body.currentOrganizationId).toBe(guest.orgId);

    const back = await api('POST', '/me/organization', { token: guest.token, body: { organizationId: host.orgId } });
    expect(back.body.currentOrganizationId).toBe(host.orgId);
    const again = await api('POST', '/me/organization', { token: guest.token, body: { organizationId: guest.orgId } });
    expect(again.body.currentOrganizationId).toBe(guest.orgId);

    const notMine = await api('POST', '/me/organization', { token: guest.token, body: { organizationId: stranger.orgId } });
    expect(notMine.status).toBe(404);
    expect((await api('GET', '/me', { token: guest.token })).body.currentOrganizationId).toBe(guest.orgId);
  });

  it('opens the organization chosen at login when the user belongs to it', async () => {
    const host = await signup();
    const guest = await signup();
    const { token } = await inviteToken(host, guest.email, 'staff');
    expect((await api('POST', '/invitations/accept', { token: guest.token, body: { token } })).status).toBe(200);

    const chosen = await api('POST', '/auth/login', { body: { email: guest.email, password: guest.password, organizationId: host.orgId } });
    expect(chosen.status).toBe(200);
    expect(chosen.body.currentOrganizationId).toBe(host.orgId);

    const other = await signup();
    const refused = await api('POST', '/auth/login', { body: { email: guest.email, password: guest.password, organizationId: other.orgId } });
    expect(refused.status).toBe(404);
  });
});

describe('managing invitations', () => {
  it('refuses a second pending invitation for the same email with 409 invitation_pending', async () => {
    const owner = await signup();
    const email = uniqueEmail('dup');
    expect((await invite(owner, email)).status).toBe(201);
    const res = await invite(owner, email.toUpperCase(), 'admin');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('invitation_pending');
  });

  it('refuses to invite someone who is already a member with 409 already_member', async () => {
    const owner = await signup();
    const member = await addMember(owner, 'staff');
    const res = await invite(owner, member.email, 'admin');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('already_member');
    const self = await invite(owner, owner.email, 'admin');
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('already_member');
  });

  it('resend sends a new link and the old one stops working', async () => {
    const owner = await signup();
    const email = uniqueEmail('resend');
    const { token: oldToken, invitation } = await inviteToken(owner, email);

    const resent = await api('POST', `/orgs/${owner.orgId}/invitations/${invitation.id}/resend`, { token: owner.token });
    expect(resent.status).toBe(200);
    const newToken = tokenFromUrl((await lastEmail(email, 'invitation')).payload.acceptUrl);
    expect(newToken).not.toBe(oldToken);

    expect((await api('POST', '/invitations/preview', { body: { token: oldToken } })).status).toBe(404);
    expect((await api('POST', '/invitations/accept', { body: { token: oldToken, name: 'Old', password: 'member-password-1' } })).status).toBe(404);
    const acc = await api('POST', '/invitations/accept', { body: { token: newToken, name: 'New', password: 'member-password-1' } });
    expect(acc.status).toBe(200);
  });

  it('revoke makes the link answer 404', async () => {
    const owner = await signup();
    const email = uniqueEmail('revoked');
    const { token, invitation } = await inviteToken(owner, email);

    const revoked = await api('DELETE', `/orgs/${owner.orgId}/invitations/${invitation.id}`, { token: owner.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');

    expect((await api('POST', '/invitations/preview', { body: { token } })).status).toBe(404);
    expect((await api('POST', '/invitations/accept', { body: { token, name: 'Too Late', password: 'member-password-1' } })).status).toBe(404);
    expect(await env.DB.prepare('select id from users where email = ?').bind(email).first()).toBeNull();
    // A revoked invitation no longer blocks a fresh one.
    expect((await invite(owner, email)).status).toBe(201);
  });

  it('cannot resend or revoke an accepted invitation', async () => {
    const owner = await signup();
    const email = uniqueEmail('done');
    const { token, invitation } = await inviteToken(owner, email);
    await api('POST', '/invitations/accept', { body: { token, name: 'Done', password: 'member-password-1' } });
    const resend = await api('POST', `/orgs/${owner.orgId}/invitations/${invitation.id}/resend`, { token: owner.token });
    expect(resend.status).toBe(409);
    expect(resend.body.code).toBe('invitation_not_pending');
    const revoke = await api('DELETE', `/orgs/${owner.orgId}/invitations/${invitation.id}`, { token: owner.token });
    expect(revoke.status).toBe(409);
  });

  it('does not let staff invite anyone', async () => {
    const owner = await signup();
    const staff = await addMember(owner, 'staff');
    const res = await invite(staff, uniqueEmail('by-staff'));
    expect(res.status).toBe(403);
  });
});

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
