/** Test helpers: call the real Worker through SELF, sign people up, read what the notifications port queued. */
import { env, SELF } from 'cloudflare:test';

export const BASE = 'https://voelgoed.test/api/v1';

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

export type CallOptions = {
  token?: string;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
};

let counter = 0;
/** A unique email per call, so Redis-backed login throttles never cross tests. */
export function uniqueEmail(label = 'user'): string {
  counter += 1;
  return `${label}.${Date.now().toString(36)}.${counter}.${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function api<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set('Authorization', `Bearer ${opts.token}`);
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  }
  const res = await SELF.fetch(`${BASE}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export type SignedUp = {
  token: string;
  csrfToken: string;
  cookies: string[];
  userId: string;
  email: string;
  password: string;
  orgId: string;
};

/**
 * Signs up a new owner and, unless `verified: false`, verifies the email as a person would: the link's token from the
 * verification email (the outbox row the mailbox would show), posted to /auth/verify-email.
 */
export async function signup(overrides: Partial<{ email: string; password: string; name: string; organizationName: string; verified: boolean }> = {}): Promise<SignedUp> {
  const email = overrides.email ?? uniqueEmail('owner');
  const password = overrides.password ?? 'correct-horse-battery';
  const res = await api('POST', '/auth/signup', {
    body: { email, password, name: overrides.name ?? 'Test Owner', organizationName: overrides.organizationName ?? 'Test Org' },
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (overrides.verified !== false) await verifyEmailFromMailbox(email);
  return {
    token: res.body.token,
    csrfToken: res.body.csrfToken,
    cookies: res.headers.getSetCookie(),
    userId: res.body.user.id,
    email,
    password,
    orgId: res.body.currentOrganizationId,
  };
}

/** Each call from its own IP unless one is given, so per-IP throttles never cross tests or files. */
export async function login(email: string, password: string, ip = uniqueIp()) {
  return api('POST', '/auth/login', { body: { email, password }, headers: { 'CF-Connecting-IP': ip } });
}

/** The newest queued email of a template to a recipient (what the dev mailbox will show). */
export async function lastEmail(to: string, template: string): Promise<{ payload: Record<string, any>; organizationId: string | null }> {
  const row = await env.DB.prepare(
    'select payload, organization_id as organizationId from notification_outbox where recipient = ? and template = ? order by id desc limit 1',
  )
    .bind(to, template)
    .first<{ payload: string; organizationId: string | null }>();
  if (!row) throw new Error(`no ${template} email to ${to}`);
  return { payload: JSON.parse(row.payload), organizationId: row.organizationId };
}

export function tokenFromUrl(url: string): string {
  const token = new URL(url).hash.replace(/^#token=/, '');
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}

/** Invites `email` into the owner's organization with `role` and accepts as a new user; returns their session. */
export async function addMember(owner: SignedUp, role: string, email = uniqueEmail(role)): Promise<SignedUp & { membershipId: string }> {
  const inv = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email, role } });
  if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${JSON.stringify(inv.body)}`);
  const { payload } = await lastEmail(email, 'invitation');
  const password = 'member-password-1';
  const acc = await api('POST', '/invitations/accept', { body: { token: tokenFromUrl(payload.acceptUrl), name: `Member ${role}`, password } });
  if (acc.status !== 200) throw new Error(`accept failed: ${acc.status} ${JSON.stringify(acc.body)}`);
  const membership = acc.body.memberships.find((m: { organizationId: string }) => m.organizationId === owner.orgId);
  return {
    token: acc.body.token,
    csrfToken: acc.body.csrfToken,
    cookies: acc.headers.getSetCookie(),
    userId: acc.body.user.id,
    email,
    password,
    orgId: owner.orgId,
    membershipId: membership.id,
  };
}

export async function createApiKey(owner: SignedUp, scopes: string[], name = 'test key') {
  const res = await api('POST', `/orgs/${owner.orgId}/api-keys`, { token: owner.token, body: { name, scopes } });
  if (res.status !== 201) throw new Error(`api key failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; secret: string; prefix: string };
}

export async function auditCount(orgId?: string): Promise<number> {
  const stmt = orgId
    ? env.DB.prepare('select count(*) as n from audit_logs where organization_id = ?').bind(orgId)
    : env.DB.prepare('select count(*) as n from audit_logs');
  return (await stmt.first<{ n: number }>())!.n;
}

/** A unique client IP per call (from the IPv6 documentation range), so the per-IP login throttle never crosses tests. */
export function uniqueIp(): string {
  const hex = () => Math.floor(Math.random() * 0x10000).toString(16);
  counter += 1;
  return `2001:db8:${hex()}:${hex()}:${hex()}:${hex()}::${counter.toString(16)}`;
}

/** The Cookie header a browser would send after sign-in: the session cookie (and the readable CSRF cookie). */
export function sessionCookieHeader(session: { token: string; csrfToken: string }): string {
  return `vge_session=${session.token}; vge_csrf=${session.csrfToken}`;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Opens the newest verification email to `email` and posts its token, as the verify page does. */
export async function verifyEmailFromMailbox(email: string) {
  const { payload } = await lastEmail(email, 'email_verification');
  const res = await api('POST', '/auth/verify-email', { body: { token: tokenFromUrl(payload.verifyUrl) } });
  if (res.status !== 204) throw new Error(`verify-email failed: ${res.status} ${JSON.stringify(res.body)}`);
}
