/** Team helpers shared by the members and invitations tests. */
import { env } from 'cloudflare:test';
import { api, lastEmail, tokenFromUrl } from './api';

export async function invite(owner: { token: string; orgId: string }, email: string, role = 'staff') {
  return api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email, role } });
}

/** Invites and returns the token from the queued email. */
export async function inviteToken(owner: { token: string; orgId: string }, email: string, role = 'staff') {
  const res = await invite(owner, email, role);
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { invitation: res.body, token: tokenFromUrl((await lastEmail(email, 'invitation')).payload.acceptUrl) };
}

export async function membershipIdOf(member: { userId: string; orgId: string }): Promise<string> {
  const row = await env.DB.prepare('select id from memberships where organization_id = ? and user_id = ?').bind(member.orgId, member.userId).first<{ id: string }>();
  return row!.id;
}

export async function rolesIn(orgId: string): Promise<Record<string, string>> {
  const { results } = await env.DB.prepare('select user_id as userId, role from memberships where organization_id = ?').bind(orgId).all<{ userId: string; role: string }>();
  return Object.fromEntries(results.map((r) => [r.userId, r.role]));
}
