/**
 * The dev mailbox leaks no live tokens: invitation and password-reset links are redacted for every reader but a
 * platform admin; reading an organization's mailbox needs `mailbox.read` (owners and admins, not viewers).
 */
import { describe, expect, it } from 'vitest';
import { REDACTED_TOKEN } from '../../../src/domains/notifications/manage';
import { addMember, api, lastEmail, signup, tokenFromUrl, uniqueEmail } from '../../support/api';
import { platformUser } from '../../support/tenant-fixtures';
import { until } from '../../support/wait';

const orgMailbox = (orgId: string, token: string, to: string) =>
  until(`mail to ${to}`, async () => {
    const res = await api('GET', `/orgs/${orgId}/mailbox?to=${encodeURIComponent(to)}`, { token });
    if (res.status !== 200) throw new Error(`mailbox answered ${res.status}`);
    return res.body.items?.[0];
  });

describe('the dev mailbox and live tokens', () => {
  it("an owner invitation: redacted for the organization's owners and admins, a viewer cannot open the mailbox, a platform admin sees the link", async () => {
    const owner = await signup();
    const admin = await addMember(owner, 'admin');
    const viewer = await addMember(owner, 'viewer');
    const staff = await addMember(owner, 'staff');
    const invitee = uniqueEmail('new-owner');
    expect((await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email: invitee, role: 'owner' } })).status).toBe(201);
    const token = tokenFromUrl((await lastEmail(invitee, 'invitation')).payload.acceptUrl);

    for (const reader of [owner, admin]) {
      const mail = await orgMailbox(owner.orgId, reader.token, invitee);
      expect(mail.redacted).toBe(true);
      expect(mail.text).toContain(REDACTED_TOKEN);
      expect(JSON.stringify(mail)).not.toContain(token);
      const one = await api('GET', `/orgs/${owner.orgId}/mailbox/${mail.id}`, { token: reader.token });
      expect(JSON.stringify(one.body)).not.toContain(token);
    }
    for (const reader of [viewer, staff]) {
      const res = await api('GET', `/orgs/${owner.orgId}/mailbox?to=${encodeURIComponent(invitee)}`, { token: reader.token });
      expect(res.status).toBe(403);
    }
    const platformAdmin = await platformUser('is_platform_admin');
    const seen = await orgMailbox(owner.orgId, platformAdmin.token, invitee);
    expect(seen.redacted).toBe(false);
    expect(seen.text).toContain(token);
  });

  it("a platform admin's password reset: read-only platform staff see it redacted", async () => {
    const platformAdmin = await platformUser('is_platform_admin');
    expect((await api('POST', '/auth/password/forgot', { body: { email: platformAdmin.email } })).status).toBeLessThan(300);
    const token = tokenFromUrl((await lastEmail(platformAdmin.email, 'password_reset')).payload.resetUrl);
    const staff = await platformUser('is_platform_staff');
    const read = (who: { token: string }) =>
      until('the reset email', async () => (await api('GET', `/platform/mailbox?to=${encodeURIComponent(platformAdmin.email)}`, { token: who.token })).body.items?.[0]);
    const asStaff = await read(staff);
    expect(asStaff.subject).toBe('Reset your Voelgoed Events password');
    expect(asStaff.redacted).toBe(true);
    expect(JSON.stringify(asStaff)).not.toContain(token);
    expect(asStaff.text).toContain(`/reset-password#token=${REDACTED_TOKEN}`);
    const asAdmin = await read(platformAdmin);
    expect(asAdmin.text).toContain(token);
  });
});
