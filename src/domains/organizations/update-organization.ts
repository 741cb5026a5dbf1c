/** Renames an organization and changes its settings, audited with what changed. */
import { and, eq } from 'drizzle-orm';
import { organizations, organizationSettings } from '../../db/schema/tenancy';
import { auditEntry, diff } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { getOrganization, loadOrganization, toOrganization } from './queries';
import type { Organization, UpdateOrganization, UpdateSettings } from './schemas';

export async function updateOrganization({ ctx, input }: { ctx: TenantContext; input: UpdateOrganization }): Promise<Organization> {
  const { org, settings } = await loadOrganization(ctx.db, ctx.organizationId);
  const changes = diff(org, input);
  if (Object.keys(changes).length === 0) return toOrganization(org, settings);
  await ctx.db.batch([
    ctx.db
      .update(organizations)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(organizations.id, ctx.organizationId)),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'organization.updated', resourceType: 'organization', resourceId: org.id, changes }),
  ]);
  return getOrganization(ctx.db, ctx.organizationId);
}

export async function updateSettings({ ctx, input }: { ctx: TenantContext; input: UpdateSettings }): Promise<Organization> {
  const { org, settings } = await loadOrganization(ctx.db, ctx.organizationId);
  const changes = diff(settings, input);
  if (Object.keys(changes).length === 0) return toOrganization(org, settings);
  await ctx.db.batch([
    ctx.db
      .update(organizationSettings)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(organizationSettings.organizationId, ctx.organizationId))),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'organization.settings_updated',
      resourceType: 'organization',
      resourceId: org.id,
      changes,
    }),
  ]);
  return getOrganization(ctx.db, ctx.organizationId);
}
