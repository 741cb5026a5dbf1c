/** Email verification: the emailed link verifies once; unverified accounts can't invite, publish or mail buyers; invitations verify. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../../src/domains/notifications/templates';
import { addMember, api, createApiKey, lastEmail, signup, tokenFromUrl, uniqueEmail, verifyEmailFromMailbox } from '../../support/api';
import { onSaleEvent } from '../../support/events';

const verifiedAt = async (userId: string) => (await env.DB.prepare('select email_verified_at as t from users where id = ?').bind(userId).first<{ t: number | null }>())!.t;

describe('verifying the email address', () => {
  it('emails a link at sign-up whose token verifies the account once; the token is stored only hashed', async () => {
    const owner = await signup({ verified: false });
    expect((await api('GET', '/me', { token: owner.token })).body.user.emailVerified).toBe(false);
    const { payload, organizationId } = await lastEmail(owner.email, 'email_verification');
    expect(organizationId).toBeNull();
    expect(payload.verifyUrl).toMatch(/\/verify-email#token=.+/);
    const token = tokenFromUrl(payload.verifyUrl);
    const stored = await env.DB.prepare("select token_hash as h, expires_at as e from user_tokens where user_id = ? and kind = 'email_verification'").bind(owner.userId).first<{ h: string; e: number }>();
    expect(stored!.h).not.toContain(token);
    expect(stored!.e - Date.now()).toBeGreaterThan(47 * 3_600_000);

    expect((await api('POST', '/auth/verify-email', { body: { token } })).status).toBe(204);
    expect((await api('GET', '/me', { token: owner.token })).body.user.emailVerified).toBe(true);
    const again = await api('POST', '/auth/verify-email', { body: { token } });
    expect(again.status).toBe(404);
    expect(again.headers.get('Content-Type')).toContain('application/problem+json');
  });

  it('refuses an expired token, and a resent link works while older ones die with it', async () => {
    const owner = await signup({ verified: false });
    const first = tokenFromUrl((await lastEmail(owner.email, 'email_verification')).payload.verifyUrl);
    await env.DB.prepare("update user_tokens set expires_at = ? where user_id = ? and kind = 'email_verification'").bind(Date.now() - 1000, owner.userId).run();
    expect((await api('POST', '/auth/verify-email', { body: { token: first } })).status).toBe(404);
    expect(await verifiedAt(owner.userId)).toBeNull();

    expect((await api('POST', '/me/verify-email/resend', { token: owner.token })).status).toBe(202);
    const second = tokenFromUrl((await lastEmail(owner.email, 'email_verification')).payload.verifyUrl);
    expect((await api('POST', '/me/verify-email/resend', { token: owner.token })).status).toBe(202);
    const third = tokenFromUrl((await lastEmail(owner.email, 'email_verification')).payload.verifyUrl);
    expect((await api('POST', '/auth/verify-email', { body: { token: third } })).status).toBe(204);
    expect((await api('POST', '/auth/verify-email', { body: { token: second } })).status).toBe(404);
    expect(await verifiedAt(owner.userId)).not.toBeNull();

    // Once verified, asking again sends nothing.
    const before = (await env.DB.prepare("select count(*) as n from notification_outbox where recipient = ? and template = 'email_verification'").bind(owner.email).first<{ n: number }>())!.n;
    expect((await api('POST', '/me/verify-email/resend', { token: owner.token })).status).toBe(202);
    expect((await env.DB.prepare("select count(*) as n from notification_outbox where recipient = ? and template = 'email_verification'").bind(owner.email).first<{ n: number }>())!.n).toBe(before);
  });

  it('needs a signed-in user to resend', async () => {
    expect((await api('POST', '/me/verify-email/resend')).status).toBe(401);
  });
});

describe('an unverified account', () => {
  it('cannot invite members, publish an event (by session or by its API key) or override an email template (403 email_unverified), and can once verified', async () => {
    const owner = await signup({ verified: false });
    const orgPath = `/orgs/${owner.orgId}`;
    const refused = (res: { status: number; body: any }) => {
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body.code).toBe('email_unverified');
    };
    refused(await api('POST', `${orgPath}/invitations`, { token: owner.token, body: { email: uniqueEmail('invitee'), role: 'staff' } }));
    refused(await api('PUT', `${orgPath}/notification-templates/order_confirmation/en`, { token: owner.token, body: { subject: 'Tickets', body: 'Hi {{buyerName}}' } }));
    const venue = await api('POST', `${orgPath}/venues`, { token: owner.token, body: { name: 'Hall', address: { line1: '1 Main Rd', city: 'Cape Town', country: 'ZA' }, timezone: 'Africa/Johannesburg', capacity: 100 } });
    const event = await api('POST', `${orgPath}/events`, { token: owner.token, body: { name: 'Night One', venueId: venue.body.id, startsAt: '2030-06-01T18:00:00Z', endsAt: '2030-06-01T22:00:00Z' } });
    expect(event.status, JSON.stringify(event.body)).toBe(201);
    const publish = { status: 'published' };
    refused(await api('POST', `${orgPath}/events/${event.body.id}/status`, { token: owner.token, body: publish }));
    // An API key made by the unverified owner is refused the same.
    const key = await createApiKey(owner, ['events.manage', 'events.read']);
    refused(await api('POST', `${orgPath}/events/${event.body.id}/status`, { token: key.secret, body: publish }));
    expect((await api('GET', `${orgPath}/events/${event.body.id}`, { token: owner.token })).body.status).toBe('draft');

    await verifyEmailFromMailbox(owner.email);
    expect((await api('POST', `${orgPath}/invitations`, { token: owner.token, body: { email: uniqueEmail('invitee'), role: 'staff' } })).status).toBe(201);
  });

  it('a verified owner publishes and sells as before', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    expect(f.eventId).toBeTruthy();
  });
});

describe('accepting an emailed invitation', () => {
  it('verifies an existing unverified account that follows the link', async () => {
    const owner = await signup();
    const other = await signup({ verified: false });
    expect(await verifiedAt(other.userId)).toBeNull();
    const inv = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email: other.email, role: 'staff' } });
    expect(inv.status).toBe(201);
    const token = tokenFromUrl((await lastEmail(other.email, 'invitation')).payload.acceptUrl);
    const accepted = await api('POST', '/invitations/accept', { token: other.token, body: { token } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(await verifiedAt(other.userId)).not.toBeNull();
  });

  it('creates new accounts through an invitation already verified', async () => {
    const owner = await signup();
    const member = await addMember(owner, 'admin');
    expect(await verifiedAt(member.userId)).not.toBeNull();
  });
});

describe('organization text in emails', () => {
  it('never becomes a link: URL-like text from the organization is defused, only our own links are clickable', () => {
    const source = { subject: '{{eventName}} at evil.example', body: 'Hi {{buyerName}},\n\nSee https://evil.example/pay or www.evil.example.\n\nYour order: {{orderUrl}}\n\n{{organizationName}}' };
    const rendered = renderEmail(source, { buyerName: 'Thandi', eventName: 'Free tickets at http://phish.example', orderUrl: 'https://voelgoed.test/orders/abc', organizationName: '<b>Org</b> visit org.example' }, 'en');
    const anchors = [...rendered.html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(anchors).toEqual(['https://voelgoed.test/orders/abc']);
    expect(rendered.html).toContain('&lt;b&gt;Org&lt;/b&gt;');
    // No domain-looking text survives intact for a mail client to auto-link.
    for (const part of [rendered.subject, rendered.text, rendered.html.replaceAll('https://voelgoed.test/orders/abc', '')]) {
      expect(part).not.toMatch(/(evil|phish|org)\.example/);
    }
    expect(rendered.text).toContain('https://voelgoed.test/orders/abc');
  });
});
