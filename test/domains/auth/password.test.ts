/** Passwords: changing one, the forgotten-password flow (reset links, single use, expiry) and a reset link raced. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, lastEmail, login, sessionCookieHeader, signup, tokenFromUrl, uniqueEmail, uniqueIp } from '../../support/api';

async function count(table: string, where = '1 = 1', ...binds: unknown[]): Promise<number> {
  return (await env.DB.prepare(`select count(*) as n from ${table} where ${where}`).bind(...binds).first<{ n: number }>())!.n;
}

describe('password change', () => {
  it('refuses a wrong current password with 422 on body.currentPassword and changes nothing', async () => {
    const owner = await signup();
    const res = await api('POST', '/me/password', { token: owner.token, body: { currentPassword: 'wrong-password-1', newPassword: 'brand-new-password' } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.currentPassword']);
    expect((await login(owner.email, owner.password, uniqueIp())).status).toBe(200);
    expect((await login(owner.email, 'brand-new-password', uniqueIp())).status).toBe(401);
  });

  it('ends the other sessions, keeps this one, and swaps which password signs in', async () => {
    const owner = await signup();
    const other = await login(owner.email, owner.password, uniqueIp());
    expect(other.status).toBe(200);

    const res = await api('POST', '/me/password', { token: owner.token, body: { currentPassword: owner.password, newPassword: 'brand-new-password' } });
    expect(res.status).toBe(204);

    const otherMe = await api('GET', '/me', { token: other.body.token });
    expect(otherMe.status).toBe(401);
    expect(otherMe.body.code).toBe('session_ended');
    expect((await api('GET', '/me', { token: owner.token })).status).toBe(200);

    const old = await login(owner.email, owner.password, uniqueIp());
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('invalid_credentials');
    expect((await login(owner.email, 'brand-new-password', uniqueIp())).status).toBe(200);
  });

  it('refuses a new password that is too short', async () => {
    const owner = await signup();
    const res = await api('POST', '/me/password', { token: owner.token, body: { currentPassword: owner.password, newPassword: 'short' } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('body.newPassword');
  });
});

describe('forgotten password', () => {
  it('answers 202 for a known and an unknown email alike, and emails only the known one', async () => {
    const owner = await signup({ organizationName: 'Reset Org' });
    const unknownEmail = uniqueEmail('ghost');

    const known = await api('POST', '/auth/password/forgot', { body: { email: owner.email } });
    const unknown = await api('POST', '/auth/password/forgot', { body: { email: unknownEmail } });

    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const { payload } = await lastEmail(owner.email, 'password_reset');
    expect(payload.resetUrl).toMatch(/\/reset-password#token=.+/);
    expect(payload.organizations).toEqual(['Reset Org']);
    expect(await count('notification_outbox', 'recipient = ?', unknownEmail)).toBe(0);
  });

  it('sets the password with the emailed token, ends every session, and the token works once', async () => {
    const owner = await signup();
    const other = await login(owner.email, owner.password, uniqueIp());
    await api('POST', '/auth/password/forgot', { body: { email: owner.email } });
    const token = tokenFromUrl((await lastEmail(owner.email, 'password_reset')).payload.resetUrl);

    const reset = await api('POST', '/auth/password/reset', { body: { token, password: 'reset-password-123' } });
    expect(reset.status).toBe(204);

    for (const t of [owner.token, other.body.token]) {
      const me = await api('GET', '/me', { token: t });
      expect(me.status).toBe(401);
      expect(me.body.code).toBe('session_ended');
    }
    expect((await login(owner.email, owner.password, uniqueIp())).status).toBe(401);
    expect((await login(owner.email, 'reset-password-123', uniqueIp())).status).toBe(200);

    const again = await api('POST', '/auth/password/reset', { body: { token, password: 'third-password-456' } });
    expect(again.status).toBe(404);
    expect((await login(owner.email, 'third-password-456', uniqueIp())).status).toBe(401);
  });

  it('lets a browser still holding the ended session cookie sign in with the new password', async () => {
    const owner = await signup();
    await api('POST', '/auth/password/forgot', { body: { email: owner.email } });
    const token = tokenFromUrl((await lastEmail(owner.email, 'password_reset')).payload.resetUrl);
    expect((await api('POST', '/auth/password/reset', { body: { token, password: 'reset-password-123' } })).status).toBe(204);

    // The browser sends the old cookie along with the login form on its own.
    const res = await api('POST', '/auth/login', {
      headers: { Cookie: sessionCookieHeader(owner), 'X-CSRF-Token': owner.csrfToken, 'CF-Connecting-IP': uniqueIp() },
      body: { email: owner.email, password: 'reset-password-123' },
    });
    expect(res.status).toBe(200);
    // Exactly the new session cookie: nothing after it may clear it again.
    expect(res.headers.getSetCookie().filter((c) => c.startsWith('vge_session='))).toEqual([expect.stringContaining(res.body.token)]);
    expect((await api('GET', '/me', { headers: { Cookie: sessionCookieHeader(res.body) } })).status).toBe(200);
  });

  it('kills every other outstanding reset link when one of them is used', async () => {
    const owner = await signup();
    await api('POST', '/auth/password/forgot', { body: { email: owner.email } });
    const first = tokenFromUrl((await lastEmail(owner.email, 'password_reset')).payload.resetUrl);
    await api('POST', '/auth/password/forgot', { body: { email: owner.email } });
    const second = tokenFromUrl((await lastEmail(owner.email, 'password_reset')).payload.resetUrl);
    expect(second).not.toBe(first);

    expect((await api('POST', '/auth/password/reset', { body: { token: second, password: 'reset-password-123' } })).status).toBe(204);
    const stale = await api('POST', '/auth/password/reset', { body: { token: first, password: 'attacker-password-1' } });
    expect(stale.status).toBe(404);
    expect((await login(owner.email, 'attacker-password-1', uniqueIp())).status).toBe(401);
    expect((await login(owner.email, 'reset-password-123', uniqueIp())).status).toBe(200);
  });

  it('kills outstanding reset links when the password is changed in the account', async () => {
    const owner = await signup();
    await api('POST', '/auth/password/forgot', { body: { email: owner.email } });
    const token = tokenFromUrl((await lastEmail(owner.email, 'password_reset')).payload.resetUrl);
    const change = await api('POST', '/me/password', { token: owner.token, body: { currentPassword: owner.password, newPassword: 'brand-new-password' } });
    expect(change.status).toBe(204);

    const stale = await api('POST', '/auth/password/reset', { body: { token, password: 'attacker-password-1' } });
    expect(stale.status).toBe(404);
    expect((await login(owner.email, 'brand-new-password', uniqueIp())).status).toBe(200);
  });

  it('refuses a bogus reset token with 404', async () => {
    const res = await api('POST', '/auth/password/reset', { body: { token: 'this-token-was-never-issued-0000', password: 'reset-password-123' } });
    expect(res.status).toBe(404);
  });

  it('refuses an expired reset token with 404', async () => {
    const owner = await signup();
    await api('POST', '/auth/password/forgot', { body: { email: owner.email } });
    const token = tokenFromUrl((await lastEmail(owner.email, 'password_reset')).payload.resetUrl);
    await env.DB.prepare("update user_tokens set expires_at = ? where user_id = ? and kind = 'password_reset'").bind(Date.now() - 1000, owner.userId).run();
    const res = await api('POST', '/auth/password/reset', { body: { token, password: 'reset-password-123' } });
    expect(res.status).toBe(404);
    expect((await login(owner.email, owner.password, uniqueIp())).status).toBe(200);
  });
});


describe('a reset link submitted twice at once', () => {
  it('sets exactly one password and refuses the other submission', async () => {
    const owner = await signup();
    expect((await api('POST', '/auth/password/forgot', { body: { email: owner.email } })).status).toBe(202);
    const token = tokenFromUrl((await lastEmail(owner.email, 'password_reset')).payload.resetUrl);
    const [a, b] = await Promise.all([
      api('POST', '/auth/password/reset', { body: { token, password: 'first-new-password' } }),
      api('POST', '/auth/password/reset', { body: { token, password: 'second-new-password' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([204, 404]);
    const winner = a.status === 204 ? 'first-new-password' : 'second-new-password';
    const loser = a.status === 204 ? 'second-new-password' : 'first-new-password';
    expect((await login(owner.email, winner)).status).toBe(200);
    expect((await login(owner.email, loser)).status).toBe(401);
  });
});
