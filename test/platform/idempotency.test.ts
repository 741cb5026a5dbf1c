import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signup, uniqueEmail } from '../support/api';

describe('Idempotency-Key', () => {
  it('replays the first answer to a retry and does the work once', async () => {
    const owner = await signup();
    const email = uniqueEmail('idem');
    const headers = { 'Idempotency-Key': `invite-${email}` };
    const first = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email, role: 'staff' }, headers });
    const again = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email, role: 'staff' }, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    const n = await env.DB.prepare('select count(*) as n from invitations where email = ?').bind(email).first<{ n: number }>();
    expect(n!.n).toBe(1);
  });

  it('refuses the same key for a different request', async () => {
    const owner = await signup();
    const headers = { 'Idempotency-Key': 'reused-key-1' };
    expect((await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email: uniqueEmail('a'), role: 'staff' }, headers })).status).toBe(201);
    const other = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email: uniqueEmail('b'), role: 'staff' }, headers });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  it('answers 409 while the first request with the key is still running, and creates one account', async () => {
    const email = uniqueEmail('race');
    const body = { email, password: 'correct-horse-battery', name: 'Racer', organizationName: 'Race Org' };
    const headers = { 'Idempotency-Key': `signup-${email}` };
    const results = await Promise.all([api('POST', '/auth/signup', { body, headers }), api('POST', '/auth/signup', { body, headers })]);
    const statuses = results.map((r) => r.status).sort();
    // Either the second arrived while the first ran (in flight) or after it finished: sign-up answers with a session,
    // which is never stored, so that is a 409 too (test/platform/idempotency-secrets.test.ts).
    expect(statuses).toEqual([201, 409]);
    const conflict = results.find((r) => r.status === 409)!;
    expect(['idempotency_in_flight', 'idempotency_secret_not_replayable']).toContain(conflict.body.code);
    const n = await env.DB.prepare('select count(*) as n from users where email = ?').bind(email).first<{ n: number }>();
    expect(n!.n).toBe(1);
  });

  it('keeps keys of different callers apart', async () => {
    const a = await signup();
    const b = await signup();
    const headers = { 'Idempotency-Key': 'same-key-everywhere' };
    const ra = await api('POST', `/orgs/${a.orgId}/invitations`, { token: a.token, body: { email: uniqueEmail('x'), role: 'staff' }, headers });
    const rb = await api('POST', `/orgs/${b.orgId}/invitations`, { token: b.token, body: { email: uniqueEmail('y'), role: 'staff' }, headers });
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(rb.headers.get('Idempotent-Replayed')).toBeNull();
  });

  it('stores only successes: a request that failed runs again on retry', async () => {
    const owner = await signup();
    const email = uniqueEmail('retry');
    const headers = { 'Idempotency-Key': 'after-a-failure' };
    // The first try fails (a pending invitation exists); once that is revoked the same key succeeds for real.
    await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email, role: 'staff' } });
    const refused = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email, role: 'staff' }, headers });
    expect(refused.status).toBe(409);
    const pending = await api('GET', `/orgs/${owner.orgId}/invitations`, { token: owner.token });
    await api('DELETE', `/orgs/${owner.orgId}/invitations/${pending.body.items[0].id}`, { token: owner.token });
    const retried = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email, role: 'staff' }, headers });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('Idempotent-Replayed')).toBeNull();
  });

  it('refuses a malformed key', async () => {
    const owner = await signup();
    const res = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email: uniqueEmail('m'), role: 'staff' }, headers: { 'Idempotency-Key': 'has space' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_idempotency_key');
  });
});
