/** An organizer saves a funnel (audited): its event and ticket type filter must be the organization's own. */
import { funnels } from '../../db/schema/funnels';
import { writeBatch } from '../../db/client';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { count, eq } from 'drizzle-orm';
import { checkReferences, toFunnel, type FunnelRow } from './funnel-row';
import type { CreateFunnel, Funnel } from './schemas';

/** Saved funnels per organization (a dashboard's worth, not a data store). */
export const MAX_FUNNELS = 200;

export async function createFunnel({ ctx, input }: { ctx: TenantContext; input: CreateFunnel }): Promise<Funnel> {
  await checkReferences(ctx, input.eventId, input.filters.ticketTypeId);
  const [{ n }] = (await ctx.db.select({ n: count() }).from(funnels).where(eq(funnels.organizationId, ctx.organizationId))) as [{ n: number }];
  if (n >= MAX_FUNNELS) throw new ConflictError(`This organization has ${MAX_FUNNELS} saved funnels already; delete one first.`, 'funnel_limit');
  const now = new Date();
  const row: FunnelRow = { id: newId(ID_PREFIXES.funnel), organizationId: ctx.organizationId, name: input.name, eventId: input.eventId ?? null, steps: input.steps, filters: input.filters, createdAt: now, updatedAt: now };
  await writeBatch(ctx.db, [
    ctx.db.insert(funnels).values(row),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'funnel.created', resourceType: 'funnel', resourceId: row.id, changes: { name: row.name, eventId: row.eventId, steps: row.steps, filters: row.filters } }),
  ]);
  return toFunnel(row);
}
