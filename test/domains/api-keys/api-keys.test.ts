import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMember, api, createApiKey, signup, sleep } from '../../support/api';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('creating and listing API keys', () => {
  it('shows the vge_ secret once; list and get never show the secret or its hash', async () => {
    const owner = await signup();
    const res = await api('POST', `/orgs/${owner.orgId}/api-keys`, {
      token: owner.token,
      body: { name: 'Box office sync', scopes: ['organization.read', 'members.read', 'organization.read'] },
    });
    expect(res.status).toBe(201);
    const { secret, prefix, id } = res.body;
    expect(secret).toMatch(/^vge_/);
    expect(secret.length).toBeGreaterThan(30);
    expect(secret.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThan(secret.length - 16);
    expect(res.body).toMatchObject({ name: 'Box office sync', scopes: ['members.read', 'organization.read'], createdByUserId: owner.userId, revokedAt: null });

    const hash = await sha256Hex(secret);
    expect(JSON.stringify(res.body)).not.toContain(hash);
    const stored = await env.DB.prepare('select secret_hash as h from api_keys where id = ?').bind(id).first<{ h: string }>();
    expect(stored?.h).toBe(hash);

    const list = await api('GET', `/orgs/${owner.orgId}/api-keys`, { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((k: { id: string }) => k.id)).toEqual([id]);
    expect(list.body.items[0].prefix).toBe(prefix);
    const one = await api('GET', `/orgs/${owner.orgId}/api-keys/${id}`, { token: owner.token });
    expect(one.status).toBe(200);
    for (const body of [list.body, one.body]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(prefix.length));
      expect(text).not.toContain(hash);
      expect(text).not.toMatch(/secret/i);
    }
  });

  it('refuses an unknown scope with 422', async () => {
    const owner = await signup();
    const res = await api('POST', `/orgs/${owner.orgId}/api-keys`, { token: owner.token, body: { name: 'k', scopes: ['organization.read', 'tickets.steal'] } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toMatch(/^body\.scopes/);
  });

  it('does not grant api_keys.manage or members.manage_owners to a key (422)', async () => {
    const owner = await signup();
    for (const scope of ['api_keys.manage', 'members.manage_owners']) {
      const res = await api('POST', `/orgs/${owner.orgId}/api-keys`, { token: owner.token, body: { name: 'k', scopes: [scope] } });
      expect(res.status).toBe(422);
    }
    expect(await env.DB.prepare('select count(*) as n from api_keys where organization_id = ?').bind(owner.orgId).first()).toEqual({ n: 0 });
  });

  it('refuses an empty scope list and an expiry in the past with 422', async () => {
    const owner = await signup();
    const empty = await api('POST', `/orgs/${owner.orgId}/api-keys`, { token: owner.token, body: { name: 'k', scopes: [] } });
    expect(empty.status).toBe(422);
    const past = await api('POST', `/orgs/${owner.orgId}/api-keys`, {
      token: owner.token,
      body: { name: 'k', scopes: ['organization.read'], expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(422);
    expect(past.body.errors[0].path).toBe('body.expiresAt');
  });

  it('does not let staff create keys (403)', async () => {
    const owner = await signup();
    const staff = await addMember(owner, 'staff');
    const res = await api('POST', `/orgs/${owner.orgId}/api-keys`, { token: staff.token, body: { name: 'k', scopes: ['organization.read'] } });
    expect(res.status).toBe(403);
    expect((await api('GET', `/orgs/${owner.orgId}/api-keys`, { token: staff.token })).status).toBe(403);
  });

  it('lets an admin create keys', async () => {
    const owner = await signup();
    const admin = await addMember(owner, 'admin');
    const res = await api('POST', `/orgs/${owner.orgId}/api-keys`, { token: admin.token, body: { name: 'k', scopes: ['audit.read'] } });
    expect(res.status).toBe(201);
    expect(res.body.createdByUserId).toBe(admin.userId);
  });
});

describe('authenticating with an API key', () => {
  it('acts within its scopes: an allowed scope works, a missing one gets 403 missing_scope', async () => {
    const owner = await signup({ organizationName: 'Keyed Org' });
    const key = await createApiKey(owner, ['organization.read']);

    const org = await api('GET', `/orgs/${owner.orgId}`, { token: key.secret });
    expect(org.status).toBe(200);
    expect(org.body.name).toBe('Keyed Org');

    const members = await api('GET', `/orgs/${owner.orgId}/members`, { token: key.secret });
    expect(members.status).toBe(403);
    expect(members.body.code).toBe('missing_scope');
    const rename = await api('PATCH', `/orgs/${owner.orgId}`, { token: key.secret, body: { name: 'Hijacked' } });
    expect(rename.status).toBe(403);
    expect(rename.body.code).toBe('missing_scope');
    expect((await api('GET', `/orgs/${owner.orgId}`, { token: owner.token })).body.name).toBe('Keyed Org');
  });

  it('acts as an api_key actor when it changes something', async () => {
    const owner = await signup();
    const key = await createApiKey(owner, ['organization.update']);
    const res = await api('PATCH', `/orgs/${owner.orgId}`, { token: key.secret, body: { name: 'Renamed By Key' } });
    expect(res.status).toBe(200);
    const row = await env.DB.prepare("select actor_type as t, actor_id as a from audit_logs where organization_id = ? and action = 'organization.updated'")
      .bind(owner.orgId)
      .first();
    expect(row).toEqual({ t: 'api_key', a: key.id });
  });

  it("answers 404 on another organization's paths", async () => {
    const owner = await signup();
    const other = await signup();
    const key = await createApiKey(owner, ['organization.read', 'members.read']);
    const res = await api('GET', `/orgs/${other.orgId}`, { token: key.secret });
    expect(res.status).toBe(404);
    expect((await api('GET', `/orgs/${other.orgId}/members`, { token: key.secret })).status).toBe(404);
  });

  it('cannot call user-only routes (403 user_required)', async () => {
    const owner = await signup();
    const key = await createApiKey(owner, ['organization.read']);
    const me = await api('GET', '/me', { token: key.secret });
    expect(me.status).toBe(403);
    expect(me.body.code).toBe('user_required');
    const newOrg = await api('POST', '/orgs', { token: key.secret, body: { name: 'Key Made Org' } });
    expect(newOrg.status).toBe(403);
    expect(newOrg.body.code).toBe('user_required');
  });

  it('cannot manage API keys, whatever its scopes', async () => {
    const owner = await signup();
    const key = await createApiKey(owner, ['api_keys.read', 'organization.read']);
    const list = await api('GET', `/orgs/${owner.orgId}/api-keys`, { token: key.secret });
    expect(list.status).toBe(200);
    const mint = await api('POST', `/orgs/${owner.orgId}/api-keys`, { token: key.secret, body: { name: 'child', scopes: ['organization.read'] } });
    expect(mint.status).toBe(403);
    expect(mint.body.code).toBe('missing_scope');
    const revoke = await api('DELETE', `/orgs/${owner.orgId}/api-keys/${key.id}`, { token: key.secret });
    expect(revoke.status).toBe(403);
  });

  it('refuses a revoked key with 401 api_key_revoked', async () => {
    const owner = await signup();
    const key = await createApiKey(owner, ['organization.read']);
    expect((await api('GET', `/orgs/${owner.orgId}`, { token: key.secret })).status).toBe(200);

    const revoked = await api('DELETE', `/orgs/${owner.orgId}/api-keys/${key.id}`, { token: owner.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBeTruthy();

    const res = await api('GET', `/orgs/${owner.orgId}`, { token: key.secret });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('api_key_revoked');

    // Revoking again answers the same key, revoked at the first time.
    const again = await api('DELETE', `/orgs/${owner.orgId}/api-keys/${key.id}`, { token: owner.token });
    expect(again.status).toBe(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('refuses an expired key with 401 api_key_expired', async () => {
    const owner = await signup();
    const res = await api('POST', `/orgs/${owner.orgId}/api-keys`, {
      token: owner.token,
      body: { name: 'short-lived', scopes: ['organization.read'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(res.status).toBe(201);
    expect((await api('GET', `/orgs/${owner.orgId}`, { token: res.body.secret })).status).toBe(200);

    await env.DB.prepare('update api_keys set expires_at = ? where id = ?').bind(Date.now() - 1000, res.body.id).run();
    const expired = await api('GET', `/orgs/${owner.orgId}`, { token: res.body.secret });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('api_key_expired');
    const listed = await api('GET', `/orgs/${owner.orgId}/api-keys`, { token: owner.token });
    expect(listed.body.items.find((k: { id: string }) => k.id === res.body.id).status).toBe('expired');
  });

  it('lists each key as active, expired or revoked; a key without expiresAt never expires', async () => {
    const owner = await signup();
    const forever = await createApiKey(owner, ['organization.read'], 'forever');
    const gone = await createApiKey(owner, ['organization.read'], 'gone');
    await api('DELETE', `/orgs/${owner.orgId}/api-keys/${gone.id}`, { token: owner.token });
    const listed = await api('GET', `/orgs/${owner.orgId}/api-keys`, { token: owner.token });
    const status = Object.fromEntries(listed.body.items.map((k: { name: string; status: string }) => [k.name, k.status]));
    expect(status).toEqual({ forever: 'active', gone: 'revoked' });
    expect(listed.body.items.find((k: { id: string }) => k.id === forever.id).expiresAt).toBeNull();
  });

  it('refuses a made-up vge_ key with 401 invalid_api_key', async () => {
    const owner = await signup();
    const key = await createApiKey(owner, ['organization.read']);
    const res = await api('GET', `/orgs/${owner.orgId}`, { token: 'vge_test_thisIsNotARealKeyAtAll0000000000' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_api_key');
    // A real key with one character changed is just as unknown.
    const last = key.secret.at(-1) === 'A' ? 'B' : 'A';
    const tampered = await api('GET', `/orgs/${owner.orgId}`, { token: key.secret.slice(0, -1) + last });
    expect(tampered.status).toBe(401);
    expect(tampered.body.code).toBe('invalid_api_key');
  });

  it('records when a key was last used', async () => {
    const owner = await signup();
    const key = await createApiKey(owner, ['organization.read']);
    const before = await api('GET', `/orgs/${owner.orgId}/api-keys/${key.id}`, { token: owner.token });
    expect(before.body.lastUsedAt).toBeNull();

    expect((await api('GET', `/orgs/${owner.orgId}`, { token: key.secret })).status).toBe(200);

    let lastUsedAt: string | null = null;
    for (let i = 0; i < 40 && !lastUsedAt; i++) {
      lastUsedAt = (await api('GET', `/orgs/${owner.orgId}/api-keys/${key.id}`, { token: owner.token })).body.lastUsedAt;
      if (!lastUsedAt) await sleep(25);
    }
    expect(lastUsedAt).not.toBeNull();
    expect(Date.parse(lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(before.body.createdAt));
  });
});
