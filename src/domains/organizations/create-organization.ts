/** Builds the writes that create an organization with its settings and its first owner (used by sign-up and "new organization"). */
import { eq } from 'drizzle-orm';
import { memberships, organizations, organizationSettings } from '../../db/schema/tenancy';
import type { ServiceContext } from '../../platform/context';
import { auditEntry } from '../../platform/audit';
import { ID_PREFIXES, newId, randomBytes } from '../../platform/ids';
import type { CreateOrganization } from './schemas';

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return slug || 'org';
}

async function freeSlug(ctx: ServiceContext, name: string): Promise<string> {
  const base = slugify(name);
  const [taken] = await ctx.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, base)).limit(1);
  if (!taken) return base;
  // Two sign-ups racing for the same name both get a random suffix; the unique index settles the rest.
  const suffix = [...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${base}-${suffix}`;
}

export async function buildCreateOrganization(ctx: ServiceContext, input: CreateOrganization, ownerUserId: string) {
  const now = new Date();
  const organizationId = newId(ID_PREFIXES.organization);
  const membershipId = newId(ID_PREFIXES.membership);
  const slug = await freeSlug(ctx, input.name);
  const actor = { type: 'user' as const, id: ownerUserId };
  const writes = [
    ctx.db.insert(organizations).values({ id: organizationId, name: input.name, slug, createdAt: now, updatedAt: now }),
    ctx.db.insert(organizationSettings).values({
      organizationId,
      currency: input.currency,
      timezone: input.timezone,
      locale: input.locale,
      updatedAt: now,
    }),
    ctx.db.insert(memberships).values({ id: membershipId, organizationId, userId: ownerUserId, role: 'owner', createdAt: now, updatedAt: now }),
    auditEntry(ctx, {
      organizationId,
      actor,
      action: 'organization.created',
      resourceType: 'organization',
      resourceId: organizationId,
      changes: { name: input.name, slug, currency: input.currency, timezone: input.timezone, locale: input.locale },
    }),
    auditEntry(ctx, {
      organizationId,
      actor,
      action: 'membership.created',
      resourceType: 'membership',
      resourceId: membershipId,
      changes: { userId: ownerUserId, role: 'owner' },
    }),
  ] as const;
  return { organizationId, membershipId, writes };
}
