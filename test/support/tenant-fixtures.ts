/**
 * A tenant with one of every kind of record, and the path parameter each id fills. Walking tests
 * (isolation, bad input, RBAC) look ids up here by parameter name: a slice that adds a path
 * parameter adds its fixture here, and every walking test covers its routes.
 */
import { env } from 'cloudflare:test';
import { addMember, api, createApiKey, signup, uniqueEmail, type SignedUp } from './api';
import { API_KEY_SCOPES } from '../../src/platform/rbac';

export type Tenant = {
  owner: SignedUp;
  /** Values for every path parameter, keyed by parameter name. */
  ids: Record<string, string>;
  /** Strings that belong to this tenant only: they must never appear in another tenant's responses. */
  secrets: string[];
  /** An API key with every grantable scope. */
  apiKey: string;
};

/** A platform operator: there is deliberately no API that grants the flag, so it is set in D1 as an operator would. */
export async function platformUser(flag: 'is_platform_admin' | 'is_platform_staff'): Promise<SignedUp> {
  const user = await signup({ organizationName: 'Platform Ops' });
  await env.DB.prepare(`update users set ${flag} = 1 where id = ?`).bind(user.userId).run();
  return user;
}

/** The token a walking test uses for an operation: platform routes need an operator, the rest the tenant's owner. */
export function tokenFor(route: string, tenant: Tenant, operator: SignedUp): string {
  return route.startsWith('/platform/') ? operator.token : tenant.owner.token;
}

export async function buildTenant(label: string): Promise<Tenant> {
  const marker = `${label}-${Math.random().toString(36).slice(2, 10)}`;
  const owner = await signup({ organizationName: `Org ${marker}`, name: `Owner ${marker}` });
  const member = await addMember(owner, 'viewer', uniqueEmail(`member-${label}`));
  const invitedEmail = uniqueEmail(`invited-${label}`);
  const invitation = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email: invitedEmail, role: 'staff' } });
  if (invitation.status !== 201) throw new Error(`fixture invitation: ${invitation.status}`);
  const key = await createApiKey(owner, [...API_KEY_SCOPES], `key ${marker}`);
  return {
    owner,
    ids: {
      orgId: owner.orgId,
      membershipId: member.membershipId,
      invitationId: invitation.body.id,
      apiKeyId: key.id,
    },
    secrets: [marker, owner.email, member.email, invitedEmail, key.prefix],
    apiKey: key.secret,
  };
}

/** Fields in request bodies that carry ids; isolation swaps in the other tenant's. */
export const BODY_ID_FIELDS: Record<string, string> = { organizationId: 'orgId' };
