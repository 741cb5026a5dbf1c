/** An organizer changes a saved funnel (audited, the fields that changed); another organization's is 404. */
import { funnels } from '../../db/schema/funnels';
import { writeBatch } from '../../db/client';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { checkReferences, loadFunnel, ownFunnel, toFunnel, type FunnelRow } from './funnel-row';
import type { Funnel, UpdateFunnel } from './schemas';

export async function updateFunnel({ ctx, funnelId, input }: { ctx: TenantContext; funnelId: string; input: UpdateFunnel }): Promise<Funnel> {
  const row = await loadFunnel(ctx, funnelId);
  const next: FunnelRow = {
    ...row,
    name: input.name ?? row.name,
    eventId: input.eventId === undefined ? row.eventId : input.eventId,
    steps: input.steps ?? row.steps,
    filters: input.filters ?? row.filters,
  };
  await checkReferences(ctx, next.eventId, next.filters.ticketTypeId);
  const changes = Object.fromEntries(
    (['name', 'eventId', 'steps', 'filters'] as const).filter((k) => JSON.stringify(row[k]) !== JSON.stringify(next[k])).map((k) => [k, { from: row[k], to: next[k] }]),
  );
  if (!Object.keys(changes).length) return toFunnel(row);
  next.updatedAt = new Date();
  await writeBatch(ctx.db, [
    ctx.db.update(funnels).set({ name: next.name, eventId: next.eventId, steps: next.steps, filters: next.filters, updatedAt: next.updatedAt }).where(ownFunnel(ctx, funnelId)),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'funnel.updated', resourceType: 'funnel', resourceId: funnelId, changes }),
  ]);
  return toFunnel(next);
}
