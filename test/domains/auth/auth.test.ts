import { env } from 'cloudflare:test';
import { decodeJwt, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { api, login, sessionCookieHeader, signup, uniqueEmail, uniqueIp } from '../../support/api';

// The values the test Worker runs with (vitest.config.ts bindings, wrangler.toml [vars]).
const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const ISSUER = 'https://voelgoed.events';
const AUDIENCE = 'voelgoed-api';

async function count(table: string, where = '1 = 1', ...binds: unknown[]): Promise<number> {
  return (await env.DB.prepare(`select count(*) as n from ${table} where ${where}`).bind(...binds).first<{ n: number }>())!.n;
}

function cookieNamed(setCookies: string[], name: string): string | undefined {
  return setCookies.find((c) => c.startsWith(`${name}=`));
}

function attributes(cookie: string): string[] {
  return cookie.split(';').map((part) => part.trim().toLowerCase());
}

describe('sign-up', () => {
  it('creates the user, an organization with default settings and an owner membership, and signs in', async () => {
    const email = uniqueEmail('signup');
    const res = await api('POST', '/auth/signup', {
      body: { email, password: 'correct-horse-battery', name: 'Thandi Nkosi', organizationName: 'Kaapstad Konserte' },
    });

    expect(res.status).toBe(201);
    expect(typeof res.body.token).toBe('string');
    expect(typeof res.body.csrfToken).toBe('string');
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
    expect(res.body.user).toMatchObject({ email, name: 'Thandi Nkosi', emailVerified: false, isPlatformAdmin: false });
    expect(res.body.memberships).toHaveLength(1);
    expect(res.body.memberships[0]).toMatchObject({ organizationName: 'Kaapstad Konserte', role: 'owner' });
    const orgId = res.body.memberships[0].organizationId;
    expect(res.body.currentOrganizationId).toBe(orgId);

    const user = await env.DB.prepare('select id, email, password_hash as hash from users where email = ?').bind(email).first<{ id: string; hash: string }>();
    expect(user?.id).toBe(res.body.user.id);
    expect(user?.hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=1\$/);
    expect(user?.hash).not.toContain('correct-horse-battery');
    const settings = await env.DB.prepare('select currency, timezone, locale from organization_settings where organization_id = ?').bind(orgId).first();
    expect(settings).toEqual({ currency: 'ZAR', timezone: 'Africa/Johannesburg', locale: 'en' });
    const membership = await env.DB.prepare('select role from memberships where organization_id = ? and user_id = ?').bind(orgId, user!.id).first();
    expect(membership).toEqual({ role: 'owner' });

    const org = await api('GET', `/orgs/${orgId}`, { token: res.body.token });
    expect(org.status).toBe(200);
    expect(org.body).toMatchObject({ id: orgId, name: 'Kaapstad Konserte', slug: expect.stringMatching(/^kaapstad-konserte/) });
  });

  it('keeps the currency, timezone and locale given at sign-up', async () => {
    const res = await api('POST', '/auth/signup', {
      body: {
        email: uniqueEmail('signup'),
        password: 'correct-horse-battery',
        name: 'Pieter',
        organizationName: 'Amsterdam Akoestiek',
        currency: 'EUR',
        timezone: 'Europe/Amsterdam',
        locale: 'af',
      },
    });
    expect(res.status).toBe(201);
    const org = await api('GET', `/orgs/${res.body.currentOrganizationId}`, { token: res.body.token });
    expect(org.body.settings).toMatchObject({ currency: 'EUR', timezone: 'Europe/Amsterdam', locale: 'af' });
  });

  it('sets an HttpOnly, Secure, SameSite=Lax session cookie and a readable CSRF cookie', async () => {
    const res = await api('POST', '/auth/signup', {
      body: { email: uniqueEmail('cookie'), password: 'correct-horse-battery', name: 'Cookie', organizationName: 'Cookie Org' },
    });
    const setCookies = res.headers.getSetCookie();
    const session = cookieNamed(setCookies, 'vge_session');
    const csrf = cookieNamed(setCookies, 'vge_csrf');
    expect(session).toBeDefined();
    expect(csrf).toBeDefined();
    expect(session!.startsWith(`vge_session=${res.body.token};`)).toBe(true);
    expect(attributes(session!)).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=lax', 'path=/']));
    expect(csrf!.startsWith(`vge_csrf=${res.body.csrfToken};`)).toBe(true);
    expect(attributes(csrf!)).toEqual(expect.arrayContaining(['secure', 'samesite=lax']));
    expect(attributes(csrf!)).not.toContain('httponly');
  });

  it('refuses an email that already has an account with 409 email_taken and writes nothing', async () => {
    const first = await signup();
    const before = { users: await count('users'), orgs: await count('organizations'), sessions: await count('sessions'), audit: await count('audit_logs') };

    const res = await api('POST', '/auth/signup', {
      body: { email: first.email.toUpperCase(), password: 'another-password-1', name: 'Copycat', organizationName: 'Copycat Org' },
    });

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('email_taken');
    expect({ users: await count('users'), orgs: await count('organizations'), sessions: await count('sessions'), audit: await count('audit_logs') }).toEqual(before);
    expect(await count('organizations', 'name = ?', 'Copycat Org')).toBe(0);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe('login', () => {
  it('signs in with the right password and returns a working session', async () => {
    const owner = await signup();
    const res = await login(owner.email, owner.password, uniqueIp());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { id: owner.userId }, currentOrganizationId: owner.orgId });
    expect(res.body.memberships.map((m: { organizationId: string }) => m.organizationId)).toEqual([owner.orgId]);
    expect(res.body.token).not.toBe(owner.token);
    expect(cookieNamed(res.headers.getSetCookie(), 'vge_session')).toContain(res.body.token);
    const me = await api('GET', '/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(owner.email);
  });

  it('refuses a wrong password with 401 invalid_credentials', async () => {
    const owner = await signup();
    const res = await login(owner.email, 'not-the-password', uniqueIp());
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_credentials');
    expect(res.body.token).toBeUndefined();
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const owner = await signup();
    const wrong = await login(owner.email, 'not-the-password', uniqueIp());
    const unknown = await login(uniqueEmail('nobody'), 'not-the-password', uniqueIp());
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe(wrong.body.code);
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect(unknown.body.title).toBe(wrong.body.title);
  });
});

describe('session transport', () => {
  it('accepts the session as a Bearer token on GET /me', async () => {
    const owner = await signup();
    const me = await api('GET', '/me', { token: owner.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: owner.userId, email: owner.email }, currentOrganizationId: owner.orgId });
  });

  it('accepts the session cookie on GET /me', async () => {
    const owner = await signup();
    const me = await api('GET', '/me', { headers: { Cookie: sessionCookieHeader(owner) } });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(owner.userId);
  });

  it('refuses GET /me without any credentials with 401', async () => {
    const me = await api('GET', '/me');
    expect(me.status).toBe(401);
    expect(me.headers.get('WWW-Authenticate')).toBe('Bearer');
  });

  it('refuses a cookie-authenticated change without the CSRF header', async () => {
    const owner = await signup({ organizationName: 'Before CSRF' });
    const res = await api('PATCH', `/orgs/${owner.orgId}`, { headers: { Cookie: sessionCookieHeader(owner) }, body: { name: 'Forged Name' } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_failed');
    const org = await api('GET', `/orgs/${owner.orgId}`, { token: owner.token });
    expect(org.body.name).toBe('Before CSRF');
  });

  it("refuses a cookie-authenticated change carrying another session's CSRF token", async () => {
    const owner = await signup();
    const other = await login(owner.email, owner.password, uniqueIp());
    const res = await api('POST', '/me/organization', {
      headers: { Cookie: sessionCookieHeader(owner), 'X-CSRF-Token': other.body.csrfToken },
      body: { organizationId: owner.orgId },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_failed');
  });

  it('lets a cookie-authenticated change through with the right CSRF header', async () => {
    const owner = await signup({ organizationName: 'Cookie Co' });
    const res = await api('PATCH', `/orgs/${owner.orgId}`, {
      headers: { Cookie: sessionCookieHeader(owner), 'X-CSRF-Token': owner.csrfToken },
      body: { name: 'Cookie Co Renamed' },
    });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Cookie Co Renamed');
    const switched = await api('POST', '/me/organization', {
      headers: { Cookie: sessionCookieHeader(owner), 'X-CSRF-Token': owner.csrfToken },
      body: { organizationId: owner.orgId },
    });
    expect(switched.status).toBe(200);
  });

  it('needs no CSRF header for a Bearer-authenticated change', async () => {
    const owner = await signup();
    const res = await api('PATCH', `/orgs/${owner.orgId}`, { token: owner.token, body: { name: 'Bearer Renamed' } });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Bearer Renamed');
  });
});

describe('session token hardening', () => {
  /** Re-signs the claims of a real session with the given changes; the session row behind it stays valid. */
  async function forge(token: string, opts: { secret?: string; alg?: string; iss?: string; aud?: string; exp?: number | null } = {}) {
    const claims = decodeJwt(token);
    let jwt = new SignJWT({ sid: claims.sid, csrf: claims.csrf })
      .setProtectedHeader({ alg: opts.alg ?? 'HS256', typ: 'JWT' })
      .setSubject(claims.sub!)
      .setIssuer(opts.iss ?? ISSUER)
      .setAudience(opts.aud ?? AUDIENCE)
      .setIssuedAt();
    if (opts.exp !== null) jwt = jwt.setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 600);
    return jwt.sign(new TextEncoder().encode(opts.secret ?? TEST_SECRET));
  }

  async function meWith(token: string) {
    return api('GET', '/me', { token });
  }

  it('accepts a token re-signed with the right secret, issuer and audience (control)', async () => {
    const owner = await signup();
    const res = await meWith(await forge(owner.token));
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(owner.userId);
  });

  it('refuses a token signed with another secret', async () => {
    const owner = await signup();
    const res = await meWith(await forge(owner.token, { secret: 'another-secret-0123456789abcdef0123456789' }));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_session');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const owner = await signup();
    const claims = decodeJwt(owner.token);
    const unsigned = new UnsecuredJWT({ sid: claims.sid, csrf: claims.csrf })
      .setSubject(claims.sub!)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .encode();
    const res = await meWith(unsigned);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_session');
  });

  it('refuses a token signed with HS512, even with the right secret', async () => {
    const owner = await signup();
    const res = await meWith(await forge(owner.token, { alg: 'HS512' }));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_session');
  });

  it('refuses a token from another issuer', async () => {
    const owner = await signup();
    const res = await meWith(await forge(owner.token, { iss: 'https://evil.example' }));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_session');
  });

  it('refuses a token meant for another audience', async () => {
    const owner = await signup();
    const res = await meWith(await forge(owner.token, { aud: 'some-other-api' }));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_session');
  });

  it('refuses a token without an expiry', async () => {
    const owner = await signup();
    const res = await meWith(await forge(owner.token, { exp: null }));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_session');
  });

  it('refuses an expired token', async () => {
    const owner = await signup();
    const res = await meWith(await forge(owner.token, { exp: Math.floor(Date.now() / 1000) - 120 }));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_session');
  });

  it('refuses a valid token whose session row has expired', async () => {
    const owner = await signup();
    const { sid } = decodeJwt(owner.token) as { sid: string };
    await env.DB.prepare('update sessions set expires_at = ? where id = ?').bind(Date.now() - 1000, sid).run();
    const res = await meWith(owner.token);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('session_ended');
  });

  it('refuses a malformed Authorization header', async () => {
    const res = await api('GET', '/me', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
  });
});

describe('logout', () => {
  it('revokes the session and clears the cookies', async () => {
    const owner = await signup();
    const out = await api('POST', '/auth/logout', { token: owner.token });
    expect(out.status).toBe(204);
    const cleared = out.headers.getSetCookie();
    expect(cookieNamed(cleared, 'vge_session')).toMatch(/^vge_session=;.*Max-Age=0/);
    expect(cookieNamed(cleared, 'vge_csrf')).toMatch(/^vge_csrf=;.*Max-Age=0/);

    const me = await api('GET', '/me', { token: owner.token });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('session_ended');
    const byCookie = await api('GET', '/me', { headers: { Cookie: sessionCookieHeader(owner) } });
    expect(byCookie.status).toBe(401);
  });

  it('treats an ended session cookie as signed out, and tells the browser to drop it', async () => {
    const owner = await signup();
    const elsewhere = await login(owner.email, owner.password, uniqueIp());
    // Changing the password on another device ends this browser's session.
    await api('POST', '/me/password', { token: elsewhere.body.token, body: { currentPassword: owner.password, newPassword: 'brand-new-password' } });

    const me = await api('GET', '/me', { headers: { Cookie: sessionCookieHeader(owner) } });
    expect(me.status).toBe(401);
    expect(cookieNamed(me.headers.getSetCookie(), 'vge_session')).toMatch(/^vge_session=;.*Max-Age=0/);
    const change = await api('PATCH', `/orgs/${owner.orgId}`, { headers: { Cookie: sessionCookieHeader(owner), 'X-CSRF-Token': owner.csrfToken }, body: { name: 'Nope' } });
    expect(change.status).toBe(401);

    const again = await api('POST', '/auth/login', {
      headers: { Cookie: sessionCookieHeader(owner), 'CF-Connecting-IP': uniqueIp() },
      body: { email: owner.email, password: 'brand-new-password' },
    });
    expect(again.status).toBe(200);
  });

  it('still refuses an ended session sent as a Bearer token, even on public routes', async () => {
    const owner = await signup();
    await api('POST', '/auth/logout', { token: owner.token });
    const res = await api('POST', '/auth/login', { token: owner.token, body: { email: owner.email, password: owner.password } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('session_ended');
  });

  it('ends only that session: another login of the same user keeps working', async () => {
    const owner = await signup();
    const second = await login(owner.email, owner.password, uniqueIp());
    expect((await api('POST', '/auth/logout', { token: owner.token })).status).toBe(204);
    expect((await api('GET', '/me', { token: second.body.token })).status).toBe(200);
  });
});

describe('login throttling', () => {
  it('locks an account for an address after 5 wrong passwords from it, even against the right password, with Retry-After', async () => {
    const owner = await signup();
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) {
      const res = await login(owner.email, `wrong-password-${i}`, ip);
      expect(res.status).toBe(401);
    }

    const locked = await login(owner.email, owner.password, ip);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('login_throttled');
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(locked.body.token).toBeUndefined();

    // The lock is on this account from this address: the owner elsewhere still signs in (test/platform/login-throttle.test.ts).
    const elsewhere = await login(owner.email, owner.password, uniqueIp());
    expect(elsewhere.status).toBe(200);
  });

  it('does not lock after 4 wrong passwords', async () => {
    const owner = await signup();
    const ip = uniqueIp();
    for (let i = 0; i < 4; i++) expect((await login(owner.email, `wrong-password-${i}`, ip)).status).toBe(401);
    expect((await login(owner.email, owner.password, ip)).status).toBe(200);
  });

  it('leaves a different account on a different IP unaffected', async () => {
    const victim = await signup();
    const bystander = await signup();
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) await login(victim.email, `wrong-password-${i}`, ip);
    expect((await login(victim.email, victim.password, ip)).status).toBe(429);

    const res = await login(bystander.email, bystander.password, uniqueIp());
    expect(res.status).toBe(200);
  });

  it('locks an IP after 20 failures across different emails', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 19; i++) {
      expect((await login(uniqueEmail('spray'), 'guess-password', ip)).status).toBe(401);
    }
    const owner = await signup();
    // 19 failures: still below the IP threshold, so a right password from that IP works.
    expect((await login(owner.email, owner.password, ip)).status).toBe(200);
    expect((await login(uniqueEmail('spray'), 'guess-password', ip)).status).toBe(401);

    const fresh = await signup();
    const res = await login(fresh.email, fresh.password, ip);
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('login_throttled');
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);

    expect((await login(fresh.email, fresh.password, uniqueIp())).status).toBe(200);
  });
});
