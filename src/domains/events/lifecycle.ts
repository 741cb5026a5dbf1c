/**
 * The event lifecycle: draft → published → on_sale → sales_closed → completed, or cancelled, with only
 * these moves allowed. Publishing snapshots the layout into the event's inventory DO.
 */
import { syncWaitingRoom } from '../waiting-room/sync';
import { and, eq, sql } from 'drizzle-orm';
import { queueEmailsToBuyers } from '../notifications/port';
import { writeBatch } from '../../db/client';
import { events, type EventStatus } from '../../db/schema/events';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError } from '../../platform/errors';
import { loadEvent, toEvent, type EventRow } from './events';
import { inventory, inventoryConfig, loadTicketTypes, unwrap } from './inventory-client';
import { layoutSnapshot } from './layout-snapshot';
import type { EventOut } from './schemas';
import { emitWebhookEvent } from '../webhooks/emit';
import { eventStatusPayload } from '../webhooks/payloads';
import { TRANSITIONS } from './transitions';
import { assertEmailVerified } from '../auth/verify-email';

export { TRANSITIONS };

const ACTION: Record<EventStatus, string> = {
  draft: 'event.drafted',
  published: 'event.published',
  on_sale: 'event.sales_opened',
  sales_closed: 'event.sales_closed',
  completed: 'event.completed',
  cancelled: 'event.cancelled',
};

/** Builds the inventory from the layout snapshot (first publish) or brings its configuration up to date. */
async function hydrateInventory(ctx: TenantContext, event: EventRow, status: EventStatus) {
  const types = await loadTicketTypes(ctx.db, ctx.organizationId, event.id);
  if (types.length === 0) throw new ConflictError('Add at least one ticket type before publishing.', 'no_ticket_types');
  const config = inventoryConfig(event, types, status);
  const snapshot = event.layoutId ? await layoutSnapshot(ctx, event.layoutId) : null;
  if (!snapshot && types.some((t) => t.kind === 'seated' || t.gaAreaKey)) {
    throw new ConflictError('Seated tickets and GA areas need a seating layout on the event.', 'layout_required');
  }
  const result = unwrap(
    await inventory(ctx.env, ctx.organizationId, event.id).hydrate({
      ...config,
      layoutVersion: snapshot?.version ?? null,
      seats: snapshot?.seats ?? [],
      gaAreas: snapshot?.gaAreas ?? [],
      focal: snapshot?.focal ?? { x: 0, y: 0 },
      categories: snapshot?.categories ?? [],
    }, { threshold: event.shardThreshold, count: event.shardCount }),
  );
  return { layoutVersion: snapshot?.version ?? null, created: result.created };
}

export async function transitionEvent({ ctx, eventId, to }: { ctx: TenantContext; eventId: string; to: EventStatus }): Promise<EventOut> {
  const event = await loadEvent(ctx, eventId);
  const stub = inventory(ctx.env, ctx.organizationId, event.id);
  if (event.status === to) {
    // Repeating a transition is a no-op that re-syncs the inventory (a retry after a partial failure).
    if (to !== 'draft') unwrap(await stub.configure(inventoryConfig(event, await loadTicketTypes(ctx.db, ctx.organizationId, event.id), to)));
    return toEvent(event);
  }
  if (!TRANSITIONS[event.status].includes(to)) {
    const allowed = TRANSITIONS[event.status];
    throw new ConflictError(
      `A ${event.status} event cannot become ${to}${allowed.length ? `; it can become ${allowed.join(' or ')}` : ''}.`,
      'invalid_transition',
    );
  }
  // Publishing and opening sales put the organization in front of buyers: only a verified account may.
  if (to === 'published' || to === 'on_sale') await assertEmailVerified(ctx);
  const now = new Date();
  const patch: Partial<EventRow> = { status: to, updatedAt: now };
  if (to === 'published') {
    // The inventory is built first: if the event row then fails to update, publishing again finds it built.
    const { layoutVersion } = await hydrateInventory(ctx, event, to);
    Object.assign(patch, { publishedAt: now, layoutVersion });
  } else if (event.status !== 'draft') {
    unwrap(await stub.configure(inventoryConfig(event, await loadTicketTypes(ctx.db, ctx.organizationId, event.id), to)));
  }
  if (to === 'cancelled') patch.cancelledAt = now;
  await writeBatch(ctx.db, [
    // Every buyer with tickets hears of a cancellation (once per order, whatever retries happen).
    ...(to === 'cancelled' ? [queueEmailsToBuyers(ctx.db, { organizationId: ctx.organizationId, eventId: event.id, template: 'event_cancelled', at: now })] : []),
    ctx.db
      .update(events)
      .set(patch)
      .where(and(eq(events.organizationId, ctx.organizationId), eq(events.id, event.id), eq(events.status, event.status))),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: ACTION[to],
      resourceType: 'event',
      resourceId: event.id,
      changes: { status: { from: event.status, to }, ...(patch.layoutVersion !== undefined ? { layoutVersion: patch.layoutVersion } : {}) },
    }),
    ...(to === 'published' || to === 'cancelled'
      ? await emitWebhookEvent(ctx.db, {
          organizationId: ctx.organizationId,
          type: to === 'published' ? 'event.published' : 'event.cancelled',
          payload: eventStatusPayload(event, to, now),
          once: { key: event.id, at: event.createdAt },
          // Only if this transition won (the update above is guarded by the status it started from).
          onlyIf: sql`exists (select 1 from ${events} where ${events.id} = ${event.id} and ${events.status} = ${to} and ${events.updatedAt} = ${now.getTime()})`,
        })
      : []),
  ]);
  // A waiting room learns that the sale opened (its start is now when the event has none) or closed.
  if (to !== 'draft' && to !== 'published') await syncWaitingRoom(ctx, { ...event, ...patch });
  return toEvent({ ...event, ...patch });
}

