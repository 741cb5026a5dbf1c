/** An organizer deletes a saved funnel (audited); another organization's is 404. Nothing else refers to one. */
import { funnels } from '../../db/schema/funnels';
import { writeBatch } from '../../db/client';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { loadFunnel, ownFunnel } from './funnel-row';

export async function deleteFunnel({ ctx, funnelId }: { ctx: TenantContext; funnelId: string }): Promise<void> {
  const row = await loadFunnel(ctx, funnelId);
  await writeBatch(ctx.db, [
    ctx.db.delete(funnels).where(ownFunnel(ctx, funnelId)),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'funnel.deleted', resourceType: 'funnel', resourceId: funnelId, changes: { name: row.name } }),
  ]);
}
