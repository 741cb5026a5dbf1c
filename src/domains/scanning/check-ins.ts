/** The organizer's side of scanning: every scan of an event, and a supervisor's undo of a mistaken check-in. */
import { and, eq } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { tickets } from '../../db/schema/orders';
import { scans } from '../../db/schema/scanning';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { AppError, ConflictError, NotFoundError } from '../../platform/errors';
import { newestFirstPage } from '../../db/keyset';
import { loadEvent } from '../events/events';
import { inventory } from '../events/inventory-client';
import { nameParty, partyOf, scanPartyNames } from './scan';
import type { SCAN_OUTCOMES } from './schemas';

export async function listScans({
  ctx,
  eventId,
  input,
}: {
  ctx: TenantContext;
  eventId: string;
  input: { limit: number; cursor?: string; result?: (typeof SCAN_OUTCOMES)[number]; deviceId?: string; ticketId?: string; doubleAdmission?: boolean };
}) {
  await loadEvent(ctx, eventId);
  const page = await newestFirstPage(scans.id, input, (k) =>
    ctx.db
      .select()
      .from(scans)
      .where(
        and(
          eq(scans.organizationId, ctx.organizationId),
          eq(scans.eventId, eventId),
          input.result ? eq(scans.result, input.result) : undefined,
          input.deviceId ? eq(scans.deviceId, input.deviceId) : undefined,
          input.ticketId ? eq(scans.ticketId, input.ticketId) : undefined,
          input.doubleAdmission === undefined ? undefined : eq(scans.doubleAdmission, input.doubleAdmission),
          k.after,
        ),
      )
      .orderBy(k.order)
      .limit(k.limit),
  );
  return {
    items: page.items.map((r) => ({
      id: r.id,
      ticketId: r.ticketId,
      deviceId: r.deviceId,
      gateId: r.gateId,
      sessionId: r.sessionId,
      result: r.result,
      direction: r.direction,
      scannedAt: r.scannedAt.toISOString(),
      receivedAt: r.receivedAt.toISOString(),
      offline: r.offline,
      nonce: r.nonce,
      shownResult: r.shownResult,
      doubleAdmission: r.doubleAdmission,
    })),
    nextCursor: page.nextCursor,
  };
}

/**
 * Takes back a ticket's check-in (scanned by mistake, say the wrong ticket in a queue): the ticket
 * can enter again, every scanner learns it on its next sync, and the audit log says who and why.
 */
export async function undoCheckIn({ ctx, eventId, ticketId, reason }: { ctx: TenantContext; eventId: string; ticketId: string; reason: string }) {
  await loadEvent(ctx, eventId);
  const [ticket] = await ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.organizationId, ctx.organizationId), eq(tickets.eventId, eventId), eq(tickets.id, ticketId)))
    .limit(1);
  if (!ticket) throw new NotFoundError('Ticket');
  const answer = await inventory(ctx.env, ctx.organizationId, eventId).undoCheckIn({ scanId: `undo:${ctx.requestId}`, ticketRef: ticketId });
  if (!answer.ok) {
    if (answer.code === 'not_checked_in') throw new ConflictError('This ticket is not checked in.', 'not_checked_in');
    throw new AppError(409, answer.code, 'Conflict', answer.message);
  }
  const previous = partyOf(answer.value.first);
  await writeBatch(ctx.db, [
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'ticket.check_in_undone',
      resourceType: 'ticket',
      resourceId: ticketId,
      changes: { eventId, reason, previous },
    }),
  ]);
  const names = await scanPartyNames(ctx.db, ctx.organizationId, [previous]);
  return {
    ticketId,
    undone: true as const,
    previous: nameParty(names, previous)!,
  };
}
