import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMember, api, auditCount, createApiKey, signup, sleep, uniqueEmail, type SignedUp } from '../../support/api';

type Entry = {
  id: string;
  actorType: string;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  changes: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
};

async function auditLog(owner: SignedUp, query: Record<string, string> = {}) {
  const res = await api<{ items: Entry[]; nextCursor: string | null }>('GET', `/orgs/${owner.orgId}/audit-logs?${new URLSearchParams(query)}`, {
    token: owner.token,
  });
  expect(res.status).toBe(200);
  return res.body;
}

const requestMeta = (id: string) => ({ 'X-Request-Id': id, 'CF-Connecting-IP': '198.51.100.23', 'User-Agent': 'VoelgoedTest/1.0' });

describe('what the audit log records', () => {
  it('records a settings change with actor, resource, from/to changes, request id, IP and user agent', async () => {
    const owner = await signup();
    const requestId = `req-settings-${crypto.randomUUID()}`;
    const res = await api('PATCH', `/orgs/${owner.orgId}/settings`, {
      token: owner.token,
      headers: requestMeta(requestId),
      body: { timezone: 'Europe/Amsterdam', currency: 'ZAR', brandPrimaryColor: '#0b6e4f' },
    });
    expect(res.status).toBe(200);

    const { items } = await auditLog(owner, { action: 'organization.settings_updated' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actorType: 'user',
      actorId: owner.userId,
      action: 'organization.settings_updated',
      resourceType: 'organization',
      resourceId: owner.orgId,
      // Only what changed: the currency was sent but was already ZAR.
      changes: { timezone: { from: 'Africa/Johannesburg', to: 'Europe/Amsterdam' }, brandPrimaryColor: { from: null, to: '#0b6e4f' } },
      requestId,
      ip: '198.51.100.23',
      userAgent: 'VoelgoedTest/1.0',
    });
    expect(items[0]!.changes).not.toHaveProperty('currency');
    const row = await env.DB.prepare('select organization_id as org from audit_logs where id = ?').bind(items[0]!.id).first();
    expect(row).toEqual({ org: owner.orgId });
  });

  it('writes no entry when a change changes nothing', async () => {
    const owner = await signup();
    const before = await auditCount(owner.orgId);
    const res = await api('PATCH', `/orgs/${owner.orgId}/settings`, { token: owner.token, body: { currency: 'ZAR' } });
    expect(res.status).toBe(200);
    expect(await auditCount(owner.orgId)).toBe(before);
  });

  it('records api_key.created with the key as resource and no secret', async () => {
    const owner = await signup();
    const requestId = `req-key-${crypto.randomUUID()}`;
    const res = await api('POST', `/orgs/${owner.orgId}/api-keys`, {
      token: owner.token,
      headers: requestMeta(requestId),
      body: { name: 'Door scanner sync', scopes: ['organization.read'] },
    });
    expect(res.status).toBe(201);

    const { items } = await auditLog(owner, { action: 'api_key.created' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actorType: 'user',
      actorId: owner.userId,
      resourceType: 'api_key',
      resourceId: res.body.id,
      changes: { name: 'Door scanner sync', prefix: res.body.prefix, scopes: ['organization.read'] },
      requestId,
      ip: '198.51.100.23',
    });
    expect(JSON.stringify(items[0])).not.toContain(res.body.secret);
  });

  it('records invitation.created with the invited email and role', async () => {
    const owner = await signup();
    const email = uniqueEmail('audited');
    const requestId = `req-invite-${crypto.randomUUID()}`;
    const res = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, headers: requestMeta(requestId), body: { email, role: 'viewer' } });
    expect(res.status).toBe(201);

    const { items } = await auditLog(owner, { action: 'invitation.created' });
    expect(items).toEqual([
      expect.objectContaining({
        actorType: 'user',
        actorId: owner.userId,
        resourceType: 'invitation',
        resourceId: res.body.id,
        changes: { email, role: 'viewer' },
        requestId,
        userAgent: 'VoelgoedTest/1.0',
      }),
    ]);
  });

  it('records membership.role_changed with from/to', async () => {
    const owner = await signup();
    const member = await addMember(owner, 'viewer');
    const requestId = `req-role-${crypto.randomUUID()}`;
    const res = await api('PATCH', `/orgs/${owner.orgId}/members/${member.membershipId}`, { token: owner.token, headers: requestMeta(requestId), body: { role: 'staff' } });
    expect(res.status).toBe(200);

    const { items } = await auditLog(owner, { action: 'membership.role_changed' });
    expect(items).toEqual([
      expect.objectContaining({
        actorId: owner.userId,
        resourceType: 'membership',
        resourceId: member.membershipId,
        changes: { role: { from: 'viewer', to: 'staff' }, userId: member.userId },
        requestId,
      }),
    ]);
  });

  it('records changes made with an API key as the api_key actor', async () => {
    const owner = await signup();
    const key = await createApiKey(owner, ['organization.update']);
    const requestId = `req-bykey-${crypto.randomUUID()}`;
    const res = await api('PATCH', `/orgs/${owner.orgId}`, { token: key.secret, headers: requestMeta(requestId), body: { name: 'Renamed By Key' } });
    expect(res.status).toBe(200);

    const { items } = await auditLog(owner, { action: 'organization.updated' });
    expect(items).toEqual([
      expect.objectContaining({ actorType: 'api_key', actorId: key.id, resourceId: owner.orgId, requestId, changes: { name: { from: 'Test Org', to: 'Renamed By Key' } } }),
    ]);
  });

  it('records sign-up, with the new user as actor', async () => {
    const owner = await signup();
    const { items } = await auditLog(owner, { action: 'organization.created' });
    expect(items).toEqual([expect.objectContaining({ actorType: 'user', actorId: owner.userId, resourceId: owner.orgId })]);
  });

  it('writes no entry for a refused change', async () => {
    const owner = await signup();
    const admin = await addMember(owner, 'admin');
    const staff = await addMember(owner, 'staff');
    const before = await auditCount(owner.orgId);

    const invalid = await api('PATCH', `/orgs/${owner.orgId}/settings`, { token: owner.token, body: { currency: 'XXXX' } });
    expect(invalid.status).toBe(422);
    const conflict = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email: staff.email, role: 'viewer' } });
    expect(conflict.status).toBe(409);
    const forbidden = await api('PATCH', `/orgs/${owner.orgId}/members/${staff.membershipId}`, { token: admin.token, body: { role: 'owner' } });
    expect(forbidden.status).toBe(403);
    const staffRename = await api('PATCH', `/orgs/${owner.orgId}`, { token: staff.token, body: { name: 'Staff Was Here' } });
    expect(staffRename.status).toBe(403);
    const lastOwner = await api('POST', `/orgs/${owner.orgId}/leave`, { token: owner.token });
    expect(lastOwner.status).toBe(409);
    const missing = await api('DELETE', `/orgs/${owner.orgId}/members/mem_doesnotexist0000000000000`, { token: owner.token });
    expect(missing.status).toBe(404);

    expect(await auditCount(owner.orgId)).toBe(before);
  });
});

describe('reading the audit log', () => {
  /** An organization with a known trail: settings change, two invitations, a role change. */
  async function withTrail() {
    const owner = await signup();
    const member = await addMember(owner, 'viewer');
    await api('PATCH', `/orgs/${owner.orgId}/settings`, { token: owner.token, body: { timezone: 'UTC' } });
    const invA = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email: uniqueEmail('a'), role: 'staff' } });
    const invB = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email: uniqueEmail('b'), role: 'staff' } });
    await api('PATCH', `/orgs/${owner.orgId}/members/${member.membershipId}`, { token: owner.token, body: { role: 'staff' } });
    return { owner, member, invA: invA.body.id as string, invB: invB.body.id as string };
  }

  it('lists newest first', async () => {
    const { owner } = await withTrail();
    const { items } = await auditLog(owner);
    expect(items[0]!.action).toBe('membership.role_changed');
    const ids = items.map((i) => i.id);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it('filters by exact action', async () => {
    const { owner, invA, invB } = await withTrail();
    const { items } = await auditLog(owner, { action: 'invitation.created' });
    // The member's own invitation, then invA and invB.
    expect(items).toHaveLength(3);
    expect(items.map((i) => i.resourceId)).toEqual(expect.arrayContaining([invA, invB]));
    expect(items.every((i) => i.action === 'invitation.created')).toBe(true);
    // Exact means exact: a prefix without the dot matches nothing.
    expect((await auditLog(owner, { action: 'invitation' })).items).toEqual([]);
  });

  it('filters by an action prefix ending in a dot', async () => {
    const { owner, member } = await withTrail();
    const { items } = await auditLog(owner, { action: 'membership.' });
    const actions = items.map((i) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['membership.created', 'membership.role_changed']));
    expect(actions.every((a) => a.startsWith('membership.'))).toBe(true);
    expect(items.some((i) => i.resourceId === member.membershipId)).toBe(true);
  });

  it('filters by an action prefix that contains an underscore', async () => {
    const owner = await signup();
    const key = await createApiKey(owner, ['organization.read']);
    await api('DELETE', `/orgs/${owner.orgId}/api-keys/${key.id}`, { token: owner.token });
    const { items } = await auditLog(owner, { action: 'api_key.' });
    expect(items.map((i) => i.action).sort()).toEqual(['api_key.created', 'api_key.revoked']);
  });

  it('treats % and _ in an action filter literally', async () => {
    const { owner } = await withTrail();
    expect((await auditLog(owner, { action: '%.' })).items).toEqual([]);
    expect((await auditLog(owner, { action: '_nvitation.' })).items).toEqual([]);
    expect((await auditLog(owner, { action: 'INVITATION.' })).items).toEqual([]);
    expect((await auditLog(owner, { action: 'invitation_created' })).items).toEqual([]);
  });

  it('filters by resource type and resource id', async () => {
    const { owner, invA } = await withTrail();
    const byType = await auditLog(owner, { resourceType: 'invitation' });
    expect(byType.items.length).toBeGreaterThanOrEqual(2);
    expect(byType.items.every((i) => i.resourceType === 'invitation')).toBe(true);
    const byId = await auditLog(owner, { resourceType: 'invitation', resourceId: invA });
    expect(byId.items.map((i) => [i.action, i.resourceId])).toEqual([['invitation.created', invA]]);
  });

  it('filters by actor', async () => {
    const { owner, member } = await withTrail();
    const byMember = await auditLog(owner, { actorId: member.userId });
    expect(byMember.items.length).toBeGreaterThan(0);
    expect(byMember.items.every((i) => i.actorId === member.userId)).toBe(true);
    expect(byMember.items.map((i) => i.action)).toEqual(expect.arrayContaining(['invitation.accepted', 'membership.created']));
    const byOwner = await auditLog(owner, { actorId: owner.userId });
    expect(byOwner.items.every((i) => i.actorId === owner.userId)).toBe(true);
    expect(byOwner.items.map((i) => i.action)).toContain('membership.role_changed');
    expect(byOwner.items.map((i) => i.action)).not.toContain('invitation.accepted');
  });

  it('filters by time: from is inclusive, to is exclusive', async () => {
    const owner = await signup();
    await api('PATCH', `/orgs/${owner.orgId}`, { token: owner.token, body: { name: 'First Name' } });
    await sleep(30);
    await api('PATCH', `/orgs/${owner.orgId}`, { token: owner.token, body: { name: 'Second Name' } });
    const [second, first] = (await auditLog(owner, { action: 'organization.updated' })).items;
    expect(Date.parse(second!.createdAt)).toBeGreaterThan(Date.parse(first!.createdAt));

    const fromSecond = await auditLog(owner, { action: 'organization.updated', from: second!.createdAt });
    expect(fromSecond.items.map((i) => i.id)).toEqual([second!.id]);
    const toSecond = await auditLog(owner, { action: 'organization.updated', to: second!.createdAt });
    expect(toSecond.items.map((i) => i.id)).toEqual([first!.id]);
    const window = await auditLog(owner, { from: first!.createdAt, to: second!.createdAt });
    expect(window.items.map((i) => i.id)).toContain(first!.id);
    expect(window.items.map((i) => i.id)).not.toContain(second!.id);

    expect((await auditLog(owner, { from: new Date(Date.now() + 3_600_000).toISOString() })).items).toEqual([]);
  });

  it('pages with limit and cursor, each entry exactly once', async () => {
    const { owner } = await withTrail();
    const total = await auditCount(owner.orgId);
    expect(total).toBeGreaterThan(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Entry[]; nextCursor: string | null } = await auditLog(owner, { limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages += 1;
      if (pages > 50) throw new Error('pagination does not end');
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 2));
  });

  it('never shows another organization’s entries', async () => {
    const { owner } = await withTrail();
    const other = await signup();
    await api('PATCH', `/orgs/${other.orgId}`, { token: other.token, body: { name: 'Other Renamed' } });
    const { items } = await auditLog(owner, { limit: '200' });
    expect(items.some((i) => i.resourceId === other.orgId)).toBe(false);
    expect((await api('GET', `/orgs/${other.orgId}/audit-logs`, { token: owner.token })).status).toBe(404);
  });
});

describe('who may read the audit log', () => {
  it('refuses staff and viewers with 403', async () => {
    const owner = await signup();
    for (const role of ['staff', 'viewer', 'scanner_only']) {
      const member = await addMember(owner, role);
      const res = await api('GET', `/orgs/${owner.orgId}/audit-logs`, { token: member.token });
      expect(res.status, role).toBe(403);
    }
  });

  it('lets admins read it, and API keys only with audit.read', async () => {
    const owner = await signup();
    const admin = await addMember(owner, 'admin');
    expect((await api('GET', `/orgs/${owner.orgId}/audit-logs`, { token: admin.token })).status).toBe(200);
    const reader = await createApiKey(owner, ['audit.read']);
    expect((await api('GET', `/orgs/${owner.orgId}/audit-logs`, { token: reader.secret })).status).toBe(200);
    const other = await createApiKey(owner, ['organization.read']);
    const refused = await api('GET', `/orgs/${owner.orgId}/audit-logs`, { token: other.secret });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('missing_scope');
  });

  it('offers no way to change the log: the OpenAPI document has only GET on audit paths', async () => {
    const res = await SELF.fetch('https://voelgoed.test/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const auditPaths = Object.keys(doc.paths).filter((p) => p.includes('audit'));
    expect(auditPaths.length).toBeGreaterThan(0);
    const methods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
    for (const path of auditPaths) {
      const ops = Object.keys(doc.paths[path]!).filter((k) => methods.includes(k));
      expect(ops, path).toEqual(['get']);
    }
  });

  it('answers 404 to attempts to delete or edit the log', async () => {
    const owner = await signup();
    const before = await auditCount(owner.orgId);
    const [entry] = (await auditLog(owner)).items;
    for (const [method, path] of [
      ['DELETE', `/orgs/${owner.orgId}/audit-logs`],
      ['DELETE', `/orgs/${owner.orgId}/audit-logs/${entry!.id}`],
      ['PATCH', `/orgs/${owner.orgId}/audit-logs/${entry!.id}`],
      ['POST', `/orgs/${owner.orgId}/audit-logs`],
    ] as const) {
      const res = await api(method, path, { token: owner.token, body: method === 'DELETE' ? undefined : { action: 'forged' } });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect(await auditCount(owner.orgId)).toBe(before);
  });
});
