/** A saved funnel row as the API shows it; loading one of the organization's (else 404); checking what it names. */
import { and, eq } from 'drizzle-orm';
import { ticketTypes } from '../../db/schema/events';
import { funnels } from '../../db/schema/funnels';
import type { TenantContext } from '../../platform/context';
import { NotFoundError } from '../../platform/errors';
import { loadEvent } from '../events/events';
import type { Funnel } from './schemas';

export type FunnelRow = typeof funnels.$inferSelect;

export const toFunnel = (r: FunnelRow): Funnel => ({
  id: r.id,
  name: r.name,
  eventId: r.eventId,
  steps: r.steps as Funnel['steps'],
  filters: r.filters as Funnel['filters'],
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const ownFunnel = (ctx: TenantContext, funnelId: string) => and(eq(funnels.organizationId, ctx.organizationId), eq(funnels.id, funnelId));

export async function loadFunnel(ctx: TenantContext, funnelId: string): Promise<FunnelRow> {
  const [row] = await ctx.db.select().from(funnels).where(ownFunnel(ctx, funnelId)).limit(1);
  if (!row) throw new NotFoundError('Funnel');
  return row;
}

/** The event and the ticket type a funnel names must be the organization's own (404 otherwise, as everywhere). */
export async function checkReferences(ctx: TenantContext, eventId: string | null | undefined, ticketTypeId: string | undefined) {
  if (eventId) await loadEvent(ctx, eventId);
  if (ticketTypeId) {
    const [type] = await ctx.db
      .select({ id: ticketTypes.id })
      .from(ticketTypes)
      .where(and(eq(ticketTypes.organizationId, ctx.organizationId), eq(ticketTypes.id, ticketTypeId), eventId ? eq(ticketTypes.eventId, eventId) : undefined))
      .limit(1);
    if (!type) throw new NotFoundError('Ticket type');
  }
}
