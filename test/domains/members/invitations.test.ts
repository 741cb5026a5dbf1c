/** Invitations: for new people and for existing accounts, and managing them (resend, revoke, expiry). */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMember, api, lastEmail, signup, tokenFromUrl, uniqueEmail, verifyEmailFromMailbox } from '../../support/api';
import { invite, inviteToken, rolesIn } from '../../support/members';

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
