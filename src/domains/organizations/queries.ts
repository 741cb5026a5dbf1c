/** Reading organizations: always by id within the caller's tenant, shaped for the API. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { memberships, organizations, organizationSettings, users, type Locale } from '../../db/schema/tenancy';
import { NotFoundError } from '../../platform/errors';
import type { Organization } from './schemas';

type OrgRow = typeof organizations.$inferSelect;
type SettingsRow = typeof organizationSettings.$inferSelect;

export function toOrganization(org: OrgRow, s: SettingsRow): Organization {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    createdAt: org.createdAt.toISOString(),
    settings: {
      currency: s.currency,
      timezone: s.timezone,
      locale: s.locale,
      vatNumber: s.vatNumber,
      vatMode: s.vatMode,
      vatRateBps: s.vatRateBps,
      brandPrimaryColor: s.brandPrimaryColor,
      brandAccentColor: s.brandAccentColor,
      logoUrl: s.logoUrl,
    },
  };
}

export async function loadOrganization(db: Database, organizationId: string) {
  const [row] = await db
    .select({ org: organizations, settings: organizationSettings })
    .from(organizations)
    .innerJoin(organizationSettings, eq(organizationSettings.organizationId, organizations.id))
    .where(eq(organizations.id, organizationId))
    .limit(1);
  if (!row) throw new NotFoundError('Organization');
  return row;
}

export async function getOrganization(db: Database, organizationId: string): Promise<Organization> {
  const row = await loadOrganization(db, organizationId);
  return toOrganization(row.org, row.settings);
}

/** Who hears about the organization's operations (reports, failing webhooks): its owners and admins, in its language. */
export async function organizationContacts(db: Database, organizationId: string): Promise<{ emails: string[]; locale: Locale }> {
  const [people, [settings]] = await Promise.all([
    db
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.role, ['owner', 'admin']))),
    db.select({ locale: organizationSettings.locale }).from(organizationSettings).where(eq(organizationSettings.organizationId, organizationId)).limit(1),
  ]);
  return { emails: people.map((p) => p.email), locale: settings?.locale ?? 'en' };
}
