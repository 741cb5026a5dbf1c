/** Keeps an event's room in step with the event's sale times and status (called by the events domain). */
import type { TenantContext } from '../../platform/context';
import { log } from '../../platform/logger';
import type { EventRow } from '../events/events';
import { waitingRoom } from './room-client';
import { loadRoom, roomConfigOf, saleStartOf, toWaitingRoom } from './room-row';

/**
 * The event's sale times or status changed (src/domains/events/events.ts, lifecycle.ts): a room set up for it learns
 * its sale start again. Never fails the event's change (already written): a room that missed it is logged and
 * catches up the next time its settings are saved.
 */
export async function syncWaitingRoom(ctx: TenantContext, event: EventRow): Promise<void> {
  try {
    const row = await loadRoom(ctx.db, ctx.organizationId, event.id);
    if (!row) return;
    const configuredStart = await saleStartOf(ctx.db, event);
    const saleStartsAt = configuredStart ?? (event.status === 'on_sale' ? Date.now() : null);
    await waitingRoom(ctx.env, ctx.organizationId, event.id).configure(roomConfigOf(event, toWaitingRoom(event.id, row), saleStartsAt));
  } catch (error) {
    log('warn', 'waiting room not told of the event change', { eventId: event.id, error: String(error) });
  }
}
