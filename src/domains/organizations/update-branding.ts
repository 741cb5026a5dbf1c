/** Changing the branding (colours, contact details, legal name, VAT number), audited with what changed. */
import { organizationBranding } from '../../db/schema/branding';
import { auditEntry, diff } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { brandingRow, getBranding, publicBrandingCache, type BrandingRow } from './branding';
import type { Branding, UpdateBranding } from './branding-schemas';

type Fields = Partial<Omit<BrandingRow, 'organizationId' | 'updatedAt'>>;

/** Upserts the organization's branding row with `fields` and an audit entry, in one batch. */
export async function writeBranding(ctx: TenantContext, fields: Fields, action: string, changes: Record<string, unknown>) {
  const now = new Date();
  await ctx.db.batch([
    ctx.db
      .insert(organizationBranding)
      .values({ organizationId: ctx.organizationId, ...fields, updatedAt: now })
      .onConflictDoUpdate({ target: organizationBranding.organizationId, set: { ...fields, updatedAt: now } }),
    auditEntry(ctx, { organizationId: ctx.organizationId, action, resourceType: 'organization', resourceId: ctx.organizationId, changes }),
  ]);
  publicBrandingCache.forget(ctx.organizationId);
}

export async function updateBranding({ ctx, input }: { ctx: TenantContext; input: UpdateBranding }): Promise<Branding> {
  const before = (await brandingRow(ctx.db, ctx.organizationId)) ?? {};
  const changes = diff(before as Record<string, unknown>, input);
  if (Object.keys(changes).length > 0) await writeBranding(ctx, input, 'organization.branding_updated', changes);
  return getBranding(ctx.db, ctx.env, ctx.organizationId);
}
