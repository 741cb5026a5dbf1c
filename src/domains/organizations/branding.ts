/** Reading an organization's branding: for the console (everything), for buyers' pages (what is published, cached) and for documents (with the logo's bytes). */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { organizationBranding, type LogoType } from '../../db/schema/branding';
import { organizations } from '../../db/schema/tenancy';
import { isolateCache } from '../../platform/isolate-cache';
import { NotFoundError } from '../../platform/errors';
import { textColorOn } from './branding-colors';
import type { Branding, PublicBranding } from './branding-schemas';

export type BrandingRow = typeof organizationBranding.$inferSelect;

/** The public address of a stored logo: its key is content-addressed, so the address changes whenever the image does. */
export function logoUrl(env: { APP_URL: string }, row: Pick<BrandingRow, 'organizationId' | 'logoKey'>): string | null {
  if (!row.logoKey) return null;
  const file = row.logoKey.split('/').pop()!.replace(/^logo-/, '');
  return `${env.APP_URL.replace(/\/$/, '')}/api/v1/public/logos/${row.organizationId}.${file}`;
}

function logoOf(env: { APP_URL: string }, row: BrandingRow | undefined): Branding['logo'] {
  if (!row?.logoKey || !row.logoType) return null;
  return { url: logoUrl(env, row)!, type: row.logoType, width: row.logoWidth ?? 0, height: row.logoHeight ?? 0 };
}

export function toBranding(env: { APP_URL: string }, row: BrandingRow | undefined): Branding {
  return {
    legalName: row?.legalName ?? null,
    vatNumber: row?.vatNumber ?? null,
    contactEmail: row?.contactEmail ?? null,
    contactPhone: row?.contactPhone ?? null,
    website: row?.website ?? null,
    address: row?.address ?? null,
    primaryColor: row?.primaryColor ?? null,
    accentColor: row?.accentColor ?? null,
    primaryTextColor: row?.primaryColor ? textColorOn(row.primaryColor) : null,
    accentTextColor: row?.accentColor ? textColorOn(row.accentColor) : null,
    logo: logoOf(env, row),
    updatedAt: row ? row.updatedAt.toISOString() : null,
  };
}

export async function brandingRow(db: Database, organizationId: string): Promise<BrandingRow | undefined> {
  const [row] = await db.select().from(organizationBranding).where(eq(organizationBranding.organizationId, organizationId)).limit(1);
  return row;
}

export async function getBranding(db: Database, env: { APP_URL: string }, organizationId: string): Promise<Branding> {
  return toBranding(env, await brandingRow(db, organizationId));
}

/** Buyers' pages read the branding on every event page view: each isolate keeps it 30 s (an edit shows within that). */
export const publicBrandingCache = isolateCache<PublicBranding>(30_000);

export function publicBranding(db: Database, env: { APP_URL: string }, organizationId: string): Promise<PublicBranding> {
  return publicBrandingCache.get(organizationId, async () => {
    const [row] = await db
      .select({ name: organizations.name, branding: organizationBranding })
      .from(organizations)
      .leftJoin(organizationBranding, eq(organizationBranding.organizationId, organizations.id))
      .where(eq(organizations.id, organizationId))
      .limit(1);
    if (!row) throw new NotFoundError('Organization');
    const b = toBranding(env, row.branding ?? undefined);
    return {
      name: row.branding?.legalName ?? row.name,
      contactEmail: b.contactEmail,
      contactPhone: b.contactPhone,
      website: b.website,
      address: b.address,
      primaryColor: b.primaryColor,
      accentColor: b.accentColor,
      primaryTextColor: b.primaryTextColor,
      accentTextColor: b.accentTextColor,
      logo: b.logo,
    };
  });
}

/** Branding for emails, ticket PDFs and receipts: the row, the organization's name, and the logo's bytes (null when unreadable). */
export type DocumentBranding = {
  organizationName: string;
  row: BrandingRow | undefined;
  branding: Branding;
  logo: { bytes: Uint8Array; type: LogoType } | null;
};

export async function documentBranding(db: Database, env: Cloudflare.Env, organizationId: string, withLogoBytes = true): Promise<DocumentBranding> {
  const [row] = await db
    .select({ name: organizations.name, branding: organizationBranding })
    .from(organizations)
    .leftJoin(organizationBranding, eq(organizationBranding.organizationId, organizations.id))
    .where(eq(organizations.id, organizationId))
    .limit(1);
  if (!row) throw new NotFoundError('Organization');
  const b = row.branding ?? undefined;
  let logo: DocumentBranding['logo'] = null;
  if (withLogoBytes && b?.logoKey && b.logoType) {
    // A missing or unreadable logo leaves the document plain rather than failing it.
    const object = await env.FILES.get(b.logoKey).catch(() => null);
    if (object) logo = { bytes: new Uint8Array(await object.arrayBuffer()), type: b.logoType };
  }
  return { organizationName: row.name, row: b, branding: toBranding(env, b), logo };
}

/** "Kaapstad Konserte · hello@… · +27 … · https://…": the contact line of footers (empty when none is set). */
export function contactLine(b: Branding): string {
  return [b.address?.replace(/\s*\n\s*/g, ', '), b.contactEmail, b.contactPhone, b.website].filter(Boolean).join(' · ');
}
